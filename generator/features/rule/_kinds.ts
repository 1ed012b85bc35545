/**
 * `app/rule_kinds.py` of the generated backend: how each kind of rule
 * checks a row just written (the `unique` kind is `app.checks.check_unique`).
 *
 * @module
 */

/** `backend/app/rule_kinds.py`. */
export const RULE_KINDS_MODULE =
  String.raw`"""How each kind of rule checks a row just written (see app/rules.py).

Every check runs after the write and before its commit, so the row itself
is among the rows it reads; a refusal rolls the write back.
"""
import sqlite3
from collections.abc import Callable
from typing import Any

from app.checks import refuse
from app.conditions import Condition, comparable, matches
from app.db import count_rows, fetch_row, select_rows

Rows = list[dict[str, Any]]
Complete = Callable[[sqlite3.Connection, Rows], Rows]


def others(db: sqlite3.Connection, table: str, row: dict[str, Any], via: str) -> Rows:
    """The other rows sharing the row's parent through ` + "`via`" + String.raw`."""
    if row.get(via) is None:
        return []
    rows = select_rows(db, table, {via: row[via]})
    return [other for other in rows if other["id"] != row["id"]]


def parent_of(
    db: sqlite3.Connection,
    row: dict[str, Any],
    via: str,
    table: str,
    complete: Complete | None = None,
) -> dict[str, Any] | None:
    """The parent row the row points at, with its computed fields."""
    if row.get(via) is None:
        return None
    parent = fetch_row(db, table, row[via])
    if parent is None or complete is None:
        return parent
    return complete(db, [parent])[0]


def check_capacity(
    db: sqlite3.Connection,
    table: str,
    row: dict[str, Any],
    via: str,
    parent_table: str,
    limit: str,
    message: str,
    where: list[Condition] | None = None,
    measure: str | None = None,
    complete: Complete | None = None,
) -> None:
    """The rows sharing a parent (those matching ` + "`where`" + String.raw`) count, or sum
    ` + "`measure`" + String.raw`, to at most the parent's ` + "`limit`" +
  String.raw`: 409 otherwise."""
    conditions = where or []
    if not matches(row, conditions):
        return
    parent = parent_of(db, row, via, parent_table, complete)
    if parent is None or parent.get(limit) is None:
        return
    rows = [r for r in select_rows(db, table, {via: row[via]}) if matches(r, conditions)]
    used = len(rows) if measure is None else sum(r.get(measure) or 0 for r in rows)
    if used > parent[limit]:
        raise refuse(db, 409, message)


def check_max_parent(
    db: sqlite3.Connection,
    row: dict[str, Any],
    field: str,
    via: str,
    parent_table: str,
    limit: str,
    message: str,
    complete: Complete | None = None,
) -> None:
    """The row's ` + "`field`" + String.raw` is at most its parent's ` + "`limit`" +
  String.raw`: 422 otherwise."""
    parent = parent_of(db, row, via, parent_table, complete)
    if parent is None or parent.get(limit) is None or row.get(field) is None:
        return
    if row[field] > parent[limit]:
        raise refuse(db, 422, message)


def check_available(
    db: sqlite3.Connection,
    table: str,
    row: dict[str, Any],
    via: str,
    active: list[Condition],
    message: str,
) -> None:
    """At most one row matching ` + "`active`" + String.raw` per parent: 409 otherwise."""
    if not matches(row, active):
        return
    if any(matches(other, active) for other in others(db, table, row, via)):
        raise refuse(db, 409, message)


def check_no_overlap(
    db: sqlite3.Connection,
    table: str,
    row: dict[str, Any],
    via: str,
    start: str,
    end: str,
    message: str,
) -> None:
    """Rows sharing a parent never overlap from start to end (touching is
    fine): 409 otherwise."""
    begins, ends = comparable(row.get(start)), comparable(row.get(end))
    if begins is None or ends is None:
        return
    for other in others(db, table, row, via):
        other_begins = comparable(other.get(start))
        other_ends = comparable(other.get(end))
        if other_begins is None or other_ends is None:
            continue
        if begins < other_ends and other_begins < ends:
            raise refuse(db, 409, message)


def check_order(
    db: sqlite3.Connection, row: dict[str, Any], first: str, then: str, message: str
) -> None:
    """` + "`then`" + String.raw` comes after ` + "`first`" + String.raw`: 422 otherwise."""
    before, after = comparable(row.get(first)), comparable(row.get(then))
    if before is None or after is None:
        return
    if not after > before:
        raise refuse(db, 422, message)


def check_different(
    db: sqlite3.Connection, row: dict[str, Any], fields: tuple[str, ...], message: str
) -> None:
    """The fields that are set hold different values: 422 otherwise."""
    values = [row[field] for field in fields if row.get(field) is not None]
    if len(values) != len(set(values)):
        raise refuse(db, 422, message)


def check_same_parent(
    db: sqlite3.Connection,
    row: dict[str, Any],
    field: str,
    target_table: str,
    parent: str,
    equals: str,
    message: str,
) -> None:
    """The row linked through ` + "`field`" + String.raw` has its ` + "`parent`" +
  String.raw` equal to this
    row's ` + "`equals`" + String.raw`: 422 otherwise."""
    if row.get(field) is None:
        return
    target = fetch_row(db, target_table, row[field])
    if target is not None and target.get(parent) != row.get(equals):
        raise refuse(db, 422, message)


def check_non_negative(
    db: sqlite3.Connection,
    row: dict[str, Any],
    via: str,
    parent_table: str,
    field: str,
    complete: Complete,
    message: str,
) -> None:
    """The write leaves the parent's computed ` + "`field`" + String.raw` at 0 or more: 409
    otherwise."""
    parent = parent_of(db, row, via, parent_table, complete)
    if parent is None or parent.get(field) is None:
        return
    if parent[field] < -1e-9:
        raise refuse(db, 409, message)


def check_requires(
    db: sqlite3.Connection,
    row: dict[str, Any],
    other_table: str,
    match: tuple[tuple[str, str], ...],
    message: str,
) -> None:
    """A row of another table has fields equal to this row's, pair by
    pair: 422 otherwise."""
    wanted = {theirs: row.get(mine) for mine, theirs in match}
    if any(value is None for value in wanted.values()):
        raise refuse(db, 422, message)
    if count_rows(db, other_table, wanted) == 0:
        raise refuse(db, 422, message)
`;
