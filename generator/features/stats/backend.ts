/**
 * The backend of the `stats` feature: `app/routers/stats.py` (row counts per
 * entity, counting only the caller's rows of private entities) and its tests.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { Endpoint } from "../../../core/spec.ts";
import { type BackendContext, canCreate } from "../../backend/context.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";
import {
  pyDef,
  pyFromImport,
  pyModule,
  pyStr,
  wrapAligned,
  wrapCall,
} from "../../backend/python.ts";
import { asAlice, request, testFunction } from "../../backend/pytest.ts";
import { pyTuple } from "../../backend/route_access.ts";
import { DB } from "../../backend/routers.ts";

/** The backend of the `stats` feature. */
export const statsBackend: BackendFeature<FeatureOf<"stats">> = {
  routerModules: ["stats"],
  render: ({ endpoint }, ctx) => ({
    routers: [{ module: "stats", source: statsRouter(endpoint, ctx) }],
    tests: [{
      file: "test_stats.py",
      doc: "Tests of the stats endpoint.",
      functions: statsTests(endpoint, ctx),
    }],
  }),
};

/**
 * Renders `backend/app/routers/stats.py`: row counts per entity, counting
 * only the caller's rows of private entities (none when anonymous).
 *
 * @param endpoint The stats endpoint.
 * @param ctx The render context.
 * @returns The module source.
 */
function statsRouter(endpoint: Endpoint, ctx: BackendContext): string {
  const hidden = ctx.entities.filter((e) => e.access === "private").map((e) => pyStr(e.plural));
  const every = ctx.roles.length === 0
    ? []
    : ctx.entities.filter((e) =>
      e.access === "private" && (e.behaviour.permissions.all ?? []).length > 0
    );
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
      ...(every.length > 0
        ? [
          "        elif user.role in EVERY.get(table, ()):",
          "            counts[table] = count_rows(db, table, {})",
        ]
        : []),
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
      ...(every.length > 0
        ? [
          "# Roles that count every row of a private table.",
          wrapCall(
            "",
            "EVERY: dict[str, tuple[str, ...]] = ",
            every.map((e) => `${pyStr(e.plural)}: ${pyTuple(e.behaviour.permissions.all!)}`),
            "",
            "{}",
          ),
        ]
        : []),
    ].join("\n"),
    [
      wrapAligned("", `@router.${endpoint.method.toLowerCase()}`, [
        pyStr(endpoint.path),
        "response_model=dict[str, int]",
        `status_code=${endpoint.status}`,
        `summary=${pyStr(endpoint.summary)}`,
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
 * Renders `backend/tests/test_stats.py`.
 *
 * @param endpoint The stats endpoint.
 * @param ctx The render context.
 * @returns The test functions.
 */
function statsTests(endpoint: Endpoint, ctx: BackendContext): string[] {
  const path = pyStr(endpoint.path);
  const zeros = ctx.entities.map((e) => `${pyStr(e.plural)}: 0`);
  const creatable = ctx.entities.filter((e) => canCreate(e, ctx.entities));
  const tests = [
    testFunction("test_stats_start_at_zero", [
      `    response = client.get(${path})`,
      `    assert response.status_code == ${endpoint.status}`,
      wrapCall("    ", "assert response.json() == ", zeros, "", "{}"),
    ]),
  ];
  if (creatable.length > 0) {
    tests.push(testFunction("test_stats_count_rows", [
      ...creatable.map((e) => `    api.create(${pyStr(e.plural)}${ctx.auth ? ", alice" : ""})`),
      request("counts = ", "get", [path, ...asAlice(ctx.auth)], ".json()"),
      ...creatable.map((e) => `    assert counts[${pyStr(e.plural)}] >= 1`),
    ]));
  }
  const hidden = creatable.filter((e) => e.access === "private");
  if (hidden.length > 0) {
    tests.push(testFunction("test_stats_count_only_the_callers_private_rows", [
      ...hidden.map((e) => `    api.create(${pyStr(e.plural)}, alice)`),
      `    anonymous = client.get(${path}).json()`,
      `    other = client.get(${path}, headers=bob).json()`,
      ...hidden.flatMap((e) => [
        `    assert anonymous[${pyStr(e.plural)}] == 0`,
        `    assert other[${pyStr(e.plural)}] == 0`,
      ]),
    ]));
  }
  return tests;
}
