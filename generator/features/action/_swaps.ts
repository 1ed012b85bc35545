/**
 * `app/swaps.py` of the generated backend: the neighbour a `swap` action
 * trades places with.
 *
 * @module
 */

/** `backend/app/swaps.py`. */
export const SWAPS_MODULE = String.raw`"""The neighbour a swap action trades places with."""
import sqlite3
from typing import Any

from app.db import select_rows


def neighbour_of(
    db: sqlite3.Connection,
    table: str,
    row: dict[str, Any],
    field: str,
    within: str | None,
    direction: str,
) -> dict[str, Any] | None:
    """The row just before (up) or after (down) this one by an integer
    field, among the rows sharing its within relation; None at the end."""
    if row.get(field) is None:
        return None
    filters = {} if within is None else {within: row.get(within)}
    rows = [r for r in select_rows(db, table, filters) if r.get(field) is not None]
    if direction == "up":
        before = [r for r in rows if r[field] < row[field]]
        return max(before, key=lambda r: (r[field], r["id"]), default=None)
    after = [r for r in rows if r[field] > row[field]]
    return min(after, key=lambda r: (r[field], r["id"]), default=None)
`;
