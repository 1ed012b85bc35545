/**
 * Renders `app/db.py`: the SQLite schema, one connection per request, and
 * the row helpers the routers share.
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./context.ts";
import { MAX_LINE, pyModule } from "./python.ts";
import { STORED_KINDS } from "./entity_behaviour.ts";

const SQL_TYPES: Record<string, string> = {
  integer: "INTEGER",
  number: "REAL",
  boolean: "INTEGER",
};

/**
 * The `CREATE TABLE` and `CREATE INDEX` statements of the app, every name
 * quoted so spec names that are SQL keywords (`order`, `group`) still work.
 *
 * @param ctx The render context.
 * @returns SQL statements, one per block, each ending with `;`.
 */
export function schemaStatements(ctx: BackendContext): string[] {
  const statements: string[] = [];
  if (ctx.auth) {
    statements.push(
      table("users", [
        `"id" INTEGER PRIMARY KEY AUTOINCREMENT`,
        `"email" TEXT NOT NULL UNIQUE`,
        `"name" TEXT NOT NULL`,
        `"password_hash" TEXT NOT NULL`,
        ...(ctx.roles.length > 0
          ? [`"role" TEXT NOT NULL DEFAULT ${sqlText(ctx.roles[0]!.name)}`]
          : []),
        `"created_at" TEXT NOT NULL`,
      ]),
      table("sessions", [
        `"token_hash" TEXT PRIMARY KEY`,
        `"user_id" INTEGER NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE`,
        `"created_at" TEXT NOT NULL`,
        `"expires_at" INTEGER NOT NULL`,
      ]),
      index("sessions", "user_id"),
      table("login_failures", [`"key" TEXT NOT NULL`, `"at" INTEGER NOT NULL`]),
      index("login_failures", "key"),
    );
  }
  for (const plan of ctx.entities) {
    statements.push(table(plan.plural, entityColumns(plan)));
    for (const { relation } of plan.parents) statements.push(index(plan.plural, relation.field));
    if (plan.access !== "public") statements.push(index(plan.plural, "owner_id"));
    for (const field of plan.behaviour.storedComputed) {
      if (field.unique) statements.push(index(plan.plural, field.name, true));
    }
  }
  for (const plan of ctx.entities) {
    for (const link of plan.behaviour.links) {
      statements.push(
        table(link.table, [
          `"${link.column}" INTEGER NOT NULL REFERENCES "${plan.plural}" ("id") ON DELETE CASCADE`,
          `"${link.targetColumn}" INTEGER NOT NULL REFERENCES "${link.target.plural}" ("id") ON DELETE CASCADE`,
          `PRIMARY KEY ("${link.column}", "${link.targetColumn}")`,
        ]),
        index(link.table, link.targetColumn),
      );
    }
  }
  return statements;
}

function entityColumns(plan: EntityPlan): string[] {
  const columns = [`"id" INTEGER PRIMARY KEY AUTOINCREMENT`];
  for (const { field } of plan.fields) {
    const kind = field.computed?.kind;
    if (kind !== undefined && !STORED_KINDS.has(kind)) continue;
    if (kind === "counter") {
      columns.push(`"${field.name}" INTEGER NOT NULL DEFAULT 0`);
      continue;
    }
    if (kind === "state") {
      columns.push(`"${field.name}" TEXT NOT NULL DEFAULT ${sqlText(field.values?.[0] ?? "")}`);
      continue;
    }
    const notNull = kind === undefined &&
      (field.required || field.type === "boolean" || field.type === "enum");
    columns.push(`"${field.name}" ${SQL_TYPES[field.type] ?? "TEXT"}${notNull ? " NOT NULL" : ""}`);
  }
  for (const { relation, parent } of plan.parents) {
    // Children of a deleted row go with it when they cannot exist without
    // it, and are unlinked when the link is optional.
    columns.push(
      `"${relation.field}" INTEGER${relation.required ? " NOT NULL" : ""}` +
        ` REFERENCES "${parent.plural}" ("id") ON DELETE ${
          relation.required ? "CASCADE" : "SET NULL"
        }`,
    );
  }
  if (plan.access !== "public") {
    columns.push(`"owner_id" INTEGER NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE`);
  }
  columns.push(`"created_at" TEXT NOT NULL`, `"updated_at" TEXT NOT NULL`);
  return columns;
}

function table(name: string, columns: string[]): string {
  const lines = columns.map((c, i) => wrapColumn(`    ${c}${i === columns.length - 1 ? "" : ","}`));
  return `CREATE TABLE IF NOT EXISTS "${name}" (\n${lines.join("\n")}\n);`;
}

/** Moves a long column's REFERENCES clause to its own line. */
function wrapColumn(line: string): string {
  const at = line.indexOf(" REFERENCES ");
  if (line.length <= MAX_LINE || at < 0) return line;
  return `${line.slice(0, at)}\n        ${line.slice(at + 1)}`;
}

function index(tableName: string, column: string, unique = false): string {
  return `CREATE ${
    unique ? "UNIQUE " : ""
  }INDEX IF NOT EXISTS "${tableName}_${column}"\n    ON "${tableName}" ("${column}");`;
}

function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Renders `backend/app/db.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderDb(ctx: BackendContext): string {
  return pyModule([
    [
      '"""SQLite storage: the schema, one connection per request, row helpers.',
      "",
      "Table and column names are formatted into SQL only from this app's own",
      "constants, never from requests; values always go through placeholders.",
      '"""',
      "import sqlite3",
      "from collections.abc import Iterator",
      "from datetime import date, datetime, timezone",
      "from typing import Any",
      "",
      "from fastapi import Request",
      "",
      `SCHEMA = """\n${schemaStatements(ctx).join("\n")}\n"""`,
      "",
      "# SQLite integers are 64-bit: an id outside this range names no row.",
      "SQLITE_MAX_INTEGER = 2**63 - 1",
    ].join("\n"),
    [
      "def storable(value: Any) -> bool:",
      '    """False for an integer SQLite cannot hold (it would raise)."""',
      "    if isinstance(value, bool) or not isinstance(value, int):",
      "        return True",
      "    return -SQLITE_MAX_INTEGER - 1 <= value <= SQLITE_MAX_INTEGER",
    ].join("\n"),
    [
      "def now() -> str:",
      '    """The current UTC time as ISO 8601 text."""',
      '    return datetime.now(timezone.utc).isoformat(timespec="seconds")',
    ].join("\n"),
    [
      "def casefold(value: Any) -> Any:",
      '    """Text folded for case-insensitive comparison; other values as is."""',
      "    return value.casefold() if isinstance(value, str) else value",
    ].join("\n"),
    [
      "def connect(path: str) -> sqlite3.Connection:",
      '    """Opens the database with foreign keys on and rows as mappings."""',
      "    # FastAPI may run a request's dependencies and its handler on different",
      "    # worker threads; a connection still serves one request at a time.",
      "    connection = sqlite3.connect(path, check_same_thread=False)",
      "    connection.row_factory = sqlite3.Row",
      '    connection.execute("PRAGMA foreign_keys = ON")',
      "    # Case-insensitive search beyond ASCII: instr(casefold(column), ?).",
      "    connection.create_function(",
      '        "casefold", 1, casefold, deterministic=True',
      "    )",
      "    return connection",
    ].join("\n"),
    [
      "def get_db(request: Request) -> Iterator[sqlite3.Connection]:",
      '    """FastAPI dependency: a connection for one request.',
      "",
      "    Handlers commit their own writes before they return, so a response is",
      "    sent only once its changes are stored; closing drops anything else.",
      '    """',
      "    state = request.app.state",
      "    connection = connect(state.db_path)",
      "    try:",
      "        if not state.schema_ready:",
      "            connection.executescript(SCHEMA)",
      "            state.schema_ready = True",
      "        yield connection",
      "    finally:",
      "        connection.close()",
    ].join("\n"),
    [
      "def quote(name: str) -> str:",
      '    """An SQL identifier, quoted so keywords such as `order` work."""',
      "    return f'\"{name}\"'",
    ].join("\n"),
    [
      "def to_sql(value: Any) -> Any:",
      '    """A value as SQLite stores it: dates and times as ISO 8601 text."""',
      "    if isinstance(value, (date, datetime)):",
      "        return value.isoformat()",
      "    return value",
    ].join("\n"),
    [
      "def where(filters: dict[str, Any]) -> tuple[str, list[Any]]:",
      '    """A WHERE clause matching every filter whose value is not None."""',
      "    used = {column: v for column, v in filters.items() if v is not None}",
      "    if not used:",
      '        return "", []',
      "    if not all(storable(value) for value in used.values()):",
      "        # No stored row holds a value SQLite cannot store.",
      '        return " WHERE 0", []',
      '    clause = " AND ".join(f"{quote(column)} = ?" for column in used)',
      '    return f" WHERE {clause}", [to_sql(value) for value in used.values()]',
    ].join("\n"),
    [
      "def fetch_row(",
      "    db: sqlite3.Connection,",
      "    table: str,",
      "    row_id: int,",
      "    owner_id: int | None = None,",
      ") -> dict[str, Any] | None:",
      '    """The row with this id (and owner, when given), or None."""',
      '    clause, params = where({"id": row_id, "owner_id": owner_id})',
      '    sql = f"SELECT * FROM {quote(table)}{clause}"',
      "    row = db.execute(sql, params).fetchone()",
      "    return None if row is None else dict(row)",
    ].join("\n"),
    [
      "# An extra WHERE condition with its parameters, e.g. a search.",
      "Clause = tuple[str, list[Any]]",
    ].join("\n"),
    [
      "def order_by(order: tuple[str, str]) -> str:",
      '    """An ORDER BY clause: empty values last, ties by id the same way."""',
      "    column, direction = order",
      '    way = "DESC" if direction == "desc" else "ASC"',
      '    if column == "id":',
      '        return f"ORDER BY id {way}"',
      '    return f"ORDER BY {quote(column)} IS NULL, {quote(column)} {way}, id {way}"',
    ].join("\n"),
    [
      "def select_rows(",
      "    db: sqlite3.Connection,",
      "    table: str,",
      "    filters: dict[str, Any],",
      "    limit: int | None = None,",
      "    offset: int = 0,",
      '    order: tuple[str, str] = ("id", "desc"),',
      "    clauses: tuple[Clause | None, ...] = (),",
      ") -> list[dict[str, Any]]:",
      '    """Rows matching the filters that are not None and the clauses,',
      "    in the given order (default: newest first), paged when `limit` is",
      '    given."""',
      "    clause, params = where(filters)",
      "    for extra in clauses:",
      "        if extra is not None:",
      '            joiner = "AND" if clause else "WHERE"',
      '            clause += f" {joiner} {extra[0]}"',
      "            params = [*params, *extra[1]]",
      '    sql = f"SELECT * FROM {quote(table)}{clause} {order_by(order)}"',
      "    if limit is not None:",
      '        sql += " LIMIT ? OFFSET ?"',
      "        params = [*params, limit, offset]",
      "    return [dict(row) for row in db.execute(sql, params).fetchall()]",
    ].join("\n"),
    [
      "def count_rows(",
      "    db: sqlite3.Connection, table: str, filters: dict[str, Any]",
      ") -> int:",
      '    """The number of rows matching the filters that are not None."""',
      "    clause, params = where(filters)",
      '    sql = f"SELECT COUNT(*) FROM {quote(table)}{clause}"',
      "    return int(db.execute(sql, params).fetchone()[0])",
    ].join("\n"),
    [
      "def insert_row(",
      "    db: sqlite3.Connection, table: str, values: dict[str, Any]",
      ") -> dict[str, Any]:",
      '    """Inserts a row stamped with the current time and returns it."""',
      "    stamp = now()",
      '    row = {**values, "created_at": stamp, "updated_at": stamp}',
      '    columns = ", ".join(quote(column) for column in row)',
      '    marks = ", ".join("?" for _ in row)',
      '    sql = f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})"',
      "    cursor = db.execute(sql, [to_sql(value) for value in row.values()])",
      "    inserted = fetch_row(db, table, cursor.lastrowid or 0)",
      "    if inserted is None:",
      '        raise RuntimeError(f"Cannot read back the row inserted into {table}")',
      "    return inserted",
    ].join("\n"),
    [
      "def update_row(",
      "    db: sqlite3.Connection, table: str, row_id: int, values: dict[str, Any]",
      ") -> dict[str, Any]:",
      '    """Replaces the given columns of a row, stamps it and returns it."""',
      '    row = {**values, "updated_at": now()}',
      '    assignments = ", ".join(f"{quote(column)} = ?" for column in row)',
      '    sql = f"UPDATE {quote(table)} SET {assignments} WHERE id = ?"',
      "    db.execute(sql, [*(to_sql(value) for value in row.values()), row_id])",
      "    updated = fetch_row(db, table, row_id)",
      "    if updated is None:",
      '        raise RuntimeError(f"Cannot read back row {row_id} of {table}")',
      "    return updated",
    ].join("\n"),
    [
      "def delete_row(db: sqlite3.Connection, table: str, row_id: int) -> None:",
      '    """Deletes a row; rows that require it go too (ON DELETE CASCADE)."""',
      '    db.execute(f"DELETE FROM {quote(table)} WHERE id = ?", (row_id,))',
    ].join("\n"),
  ]);
}
