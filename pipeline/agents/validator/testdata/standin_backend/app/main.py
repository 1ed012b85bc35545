"""The stand-in app: just what the validator's tests need, in memory per app."""

from datetime import date

from fastapi import FastAPI, HTTPException

from app import routes


def create_app(db_path: str | None = None) -> FastAPI:
    app = FastAPI(title="Stand-in library")
    app.state.rows = {"books": {}, "members": {}, "loans": {}}
    app.state.next_id = 1
    app.include_router(routes.router)
    return app


app = create_app()
