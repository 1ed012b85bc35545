"""CRUD for books, members and loans; POST /api/loans/{id}/return."""

import os
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request

router = APIRouter()
BROKEN = os.environ.get("STANDIN_BROKEN", "")


def create(request: Request, table: str, body: dict[str, Any]) -> dict[str, Any]:
    state = request.app.state
    row = {**body, "id": state.next_id}
    state.next_id += 1
    state.rows[table][row["id"]] = row
    return row


@router.post("/api/books", status_code=201)
def create_book(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    return create(request, "books", body)


@router.post("/api/members", status_code=201)
def create_member(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    return create(request, "members", body)


@router.post("/api/loans", status_code=201)
def create_loan(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    return create(request, "loans", {**body, "returned_at": None})


@router.get("/api/loans/{loan_id}")
def get_loan(request: Request, loan_id: int) -> dict[str, Any]:
    row = request.app.state.rows["loans"].get(loan_id)
    if row is None:
        raise HTTPException(status_code=404, detail="Loan not found")
    return row


if "return" not in BROKEN:

    @router.post("/api/loans/{loan_id}/return")
    def return_loan(request: Request, loan_id: int) -> dict[str, Any]:
        row = get_loan(request, loan_id)
        if row["returned_at"] is not None:
            raise HTTPException(status_code=409, detail="This loan was already returned")
        row["returned_at"] = date.today().isoformat()
        return row
