/**
 * `app/listing.py` of the generated backend: what list endpoints accept
 * (known query parameters only, a search, a filter by one linked id) and
 * the order of rows sorted in Python.
 *
 * @module
 */

/** `backend/app/listing.py`. */
export const LISTING_MODULE = String
  .raw`"""What list endpoints accept: known query parameters, search, link filters.

Every name formatted into SQL here comes from the routers' own constants.
"""
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request

from app.db import Clause, quote, storable


def accept_only(*names: str) -> Callable[[Request], None]:
    """A dependency refusing query parameters not named: 400."""
    accepted = sorted(names)

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - set(accepted))
        if unknown:
            listed = ", ".join(f'"{name}"' for name in unknown)
            noun = "parameter" if len(unknown) == 1 else "parameters"
            raise HTTPException(
                status_code=400,
                detail=(
                    f"Unknown query {noun} {listed}: "
                    f"accepted are {', '.join(accepted)}"
                ),
            )

    return check


def search(columns: tuple[str, ...], text: str | None) -> Clause | None:
    """Rows with the text in any of the columns, ignoring case."""
    if not text:
        return None
    found = " OR ".join(f"instr(casefold({quote(c)}), ?) > 0" for c in columns)
    return f"({found})", [text.casefold()] * len(columns)


def linked(
    table: str, column: str, target_column: str, target_id: int | None
) -> Clause | None:
    """Rows linked to the target row through the join table."""
    if target_id is None:
        return None
    if not storable(target_id):
        return "0", []
    inner = (
        f"SELECT {quote(column)} FROM {quote(table)}"
        f" WHERE {quote(target_column)} = ?"
    )
    return f"id IN ({inner})", [target_id]


def sort_rows(
    rows: list[dict[str, Any]], field: str, direction: str
) -> list[dict[str, Any]]:
    """Rows sorted by a field: empty values last, ties by id the same way."""
    reverse = direction == "desc"
    present = [row for row in rows if row.get(field) is not None]
    missing = [row for row in rows if row.get(field) is None]
    present.sort(key=lambda row: (row[field], row["id"]), reverse=reverse)
    missing.sort(key=lambda row: row["id"], reverse=reverse)
    return present + missing
`;
