/**
 * Renders `app/routers/stats.py` (the home page's row counts) and
 * `app/routers/__init__.py` (every router, in include order).
 *
 * @module
 */
import type { BackendContext } from "./_context.ts";
import { pyDef, pyFromImport, pyModule, pyStr, wrapAligned, wrapCall } from "./_python.ts";
import { DB } from "./routers.ts";

/**
 * Renders `backend/app/routers/stats.py`: row counts per entity, counting
 * only the caller's rows of private entities (none when anonymous).
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderStatsRouter(ctx: BackendContext): string {
  const hidden = ctx.entities.filter((e) => e.access === "private").map((e) => pyStr(e.plural));
  const params = [
    DB,
    ...(hidden.length > 0 ? ["user: AuthUser | None = Depends(optional_user)"] : []),
  ];
  const tables = ctx.entities.map((e) => pyStr(e.plural));
  const body = hidden.length === 0
    ? ["    return {table: count_rows(db, table, {}) for table in TABLES}"]
    : [
      "    counts: dict[str, int] = {}",
      "    for table in TABLES:",
      "        if table not in PRIVATE_TABLES:",
      "            counts[table] = count_rows(db, table, {})",
      "        elif user is None:",
      "            counts[table] = 0",
      "        else:",
      '            counts[table] = count_rows(db, table, {"owner_id": user.id})',
      "    return counts",
    ];
  return pyModule([
    [
      '"""Route of the home page\'s row counts."""',
      "import sqlite3",
      "",
      "from fastapi import APIRouter, Depends",
      "",
      ...(hidden.length > 0 ? [pyFromImport("app.auth", ["AuthUser", "optional_user"])] : []),
      "from app.db import count_rows, get_db",
      "",
      'router = APIRouter(tags=["stats"])',
      "",
      tables.length === 1
        ? `TABLES = (${tables[0]},)`
        : wrapCall("", "TABLES = ", tables, "", "()"),
      ...(hidden.length > 0
        ? [
          "# Tables whose rows only their owners see.",
          wrapCall("", "PRIVATE_TABLES = frozenset", [`{${hidden.join(", ")}}`]),
        ]
        : []),
    ].join("\n"),
    [
      wrapAligned("", `@router.${ctx.stats.method.toLowerCase()}`, [
        pyStr(ctx.stats.path),
        "response_model=dict[str, int]",
        `status_code=${ctx.stats.status}`,
        `summary=${pyStr(ctx.stats.summary)}`,
      ]),
      pyDef(
        "stats",
        params,
        "dict[str, int]",
        "Row counts per entity; private ones count the caller's rows only.",
      ),
      ...body,
    ].join("\n"),
  ]);
}

/**
 * Renders `backend/app/routers/__init__.py`: every router, in the order the
 * app includes them.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderRoutersInit(ctx: BackendContext): string {
  const modules = ["stats", ...(ctx.auth ? ["auth"] : []), ...ctx.entities.map((e) => e.plural)];
  return pyModule([
    [
      '"""The routers of the API, in the order the app includes them."""',
      pyFromImport("app.routers", modules),
      "",
      wrapCall("", "ROUTERS = ", modules.map((m) => `${m}.router`), "", "()"),
    ].join("\n"),
  ]);
}
