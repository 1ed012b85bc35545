/**
 * Many-to-many links in the generated backend: `app/links.py` (checking,
 * saving and reading the id lists kept in join tables) and the router lines
 * that use it.
 *
 * @module
 */
import type { EntityPlan } from "./context.ts";
import { pyStr, wrapCall } from "./python.ts";

/** `backend/app/links.py`. */
export const LINKS_MODULE = String
  .raw`"""Many-to-many links: the join tables behind the id lists of rows."""
import sqlite3

from app.checks import invalid
from app.db import fetch_row, quote

# The most rows one row may link to through one list.
MAX_LINKS = 500


def check_links(
    db: sqlite3.Connection,
    table: str,
    label: str,
    ids: list[int],
    field: str,
    owner_id: int | None = None,
) -> list[int]:
    """The ids without repeats, each naming a row (of the owner, when
    given), at most MAX_LINKS of them: 422 otherwise."""
    unique = list(dict.fromkeys(ids))
    if len(unique) > MAX_LINKS:
        raise invalid(field, f"at most {MAX_LINKS} ids")
    for row_id in unique:
        if fetch_row(db, table, row_id, owner_id) is None:
            raise invalid(field, f"{label} {row_id} not found")
    return unique


def save_links(
    db: sqlite3.Connection,
    table: str,
    column: str,
    target_column: str,
    row_id: int,
    ids: list[int],
) -> None:
    """Replaces the rows a row links to."""
    db.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} = ?", (row_id,))
    sql = (
        f"INSERT INTO {quote(table)} ({quote(column)}, {quote(target_column)})"
        " VALUES (?, ?)"
    )
    db.executemany(sql, [(row_id, target_id) for target_id in ids])


def linked_ids(
    db: sqlite3.Connection,
    table: str,
    column: str,
    target_column: str,
    row_id: int,
) -> list[int]:
    """The ids a row links to, in the order they were given."""
    sql = (
        f"SELECT {quote(target_column)} FROM {quote(table)}"
        f" WHERE {quote(column)} = ? ORDER BY rowid"
    )
    return [row[0] for row in db.execute(sql, (row_id,)).fetchall()]
`;

/**
 * The lines of `_values` that check a body's link lists.
 *
 * @param plan The entity.
 * @returns Lines like `    values["tag_ids"] = check_links(db, "tags", ...)`.
 */
export function linkChecks(plan: EntityPlan): string[] {
  return plan.behaviour.links.map((l) => {
    const key = pyStr(l.link.field);
    return wrapCall("    ", `values[${key}] = check_links`, [
      "db",
      pyStr(l.target.plural),
      pyStr(l.targetLabel),
      `values[${key}]`,
      key,
      ...(l.ownOnly ? ["user.id"] : []),
    ]);
  });
}

/**
 * The lines of a write route that store a row's links.
 *
 * @param plan The entity.
 * @param indent The indentation.
 * @returns Lines like `    save_links(db, "recipes_tags", ..., row["id"], tag_ids)`.
 */
export function linkSaves(plan: EntityPlan, indent = "    "): string[] {
  return plan.behaviour.links.map((l) =>
    wrapCall(indent, "save_links", [
      "db",
      pyStr(l.table),
      pyStr(l.column),
      pyStr(l.targetColumn),
      'row["id"]',
      `links[${pyStr(l.link.field)}]`,
    ])
  );
}
