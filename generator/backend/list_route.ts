/**
 * The list route of an entity router: its query parameters (relations,
 * filters, `q`, one linked id per link, paging; any other is refused with
 * 400), its order, and the rows only some callers see.
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./context.ts";
import { completed } from "./computed.ts";
import { pyType } from "./models.ts";
import { pyAttr, pyDef, type PyImports, pyStr, wrapAligned, wrapCall } from "./python.ts";
import { type RouteAccess, userParam } from "./route_access.ts";
import { capitalize } from "../../core/words.ts";

/** Local names of the list function a parameter must not take. */
const TAKEN = new Set(["db", "user", "rows", "filters", "clauses", "limit", "offset", "q"]);

const IMPLICIT_TYPES: Record<string, string> = {
  id: "int",
  owner_id: "int",
  created_at: "str",
  updated_at: "str",
};

interface EqualParam {
  /** Column and query name. */
  name: string;
  /** Python parameter name. */
  param: string;
  type: string;
  /** True when the column is derived on read (filtered in Python). */
  derived: boolean;
}

function equalParams(plan: EntityPlan): EqualParam[] {
  const out: EqualParam[] = [];
  const names = [
    ...plan.parents.map((p) => p.relation.field),
    ...plan.behaviour.filters.filter((f) => !plan.behaviour.links.some((l) => l.link.field === f)),
  ];
  const derived = new Set(plan.behaviour.derived.map((f) => f.name));
  for (const name of [...new Set(names)]) {
    const field = plan.fields.find((f) => f.name === name);
    const type = field !== undefined
      ? `${field.enumType ? `schemas.${field.enumType}` : pyType(field)}`
      : IMPLICIT_TYPES[name] ?? "int";
    const attr = pyAttr(name);
    out.push({
      name,
      param: TAKEN.has(attr) ? `${attr}_filter` : attr,
      type,
      derived: derived.has(name),
    });
  }
  return out;
}

function queryParam(name: string, param: string, type: string): string {
  return param === name
    ? `${param}: ${type} | None = None`
    : `${param}: ${type} | None = Query(None, alias=${pyStr(name)})`;
}

/**
 * Renders the list route of an entity.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @param a Its access.
 * @returns The route source and the imports it needs.
 */
export function listParts(
  _ctx: BackendContext,
  plan: EntityPlan,
  a: RouteAccess,
): { source: string; imports: PyImports } {
  const endpoint = plan.routes.list!;
  const b = plan.behaviour;
  const equal = equalParams(plan);
  const accepted = [
    ...equal.map((e) => e.name),
    ...(b.search.length > 0 ? ["q"] : []),
    ...b.links.map((l) => l.param),
    "limit",
    "offset",
  ];
  const params = [
    ...equal.map((e) => queryParam(e.name, e.param, e.type)),
    ...(b.search.length > 0 ? ["q: str | None = Query(None, max_length=200)"] : []),
    ...b.links.map((l) => queryParam(l.param, pyAttr(l.param), "int")),
    "limit: int = Query(100, ge=1, le=500)",
    "offset: int = Query(0, ge=0, le=SQLITE_MAX_INTEGER)",
    "db: sqlite3.Connection = Depends(get_db)",
    ...userParam(a.read),
  ];
  const sqlEqual = equal.filter((e) => !e.derived);
  const filters = [
    ...(a.ownerFilter ? [`"owner_id": ${a.ownerFilter}`] : []),
    ...sqlEqual.map((e) => `${pyStr(e.name)}: ${e.param}`),
  ];
  const clauses = [
    ...(b.search.length > 0 ? ["search(SEARCH, q)"] : []),
    ...b.links.map((l) =>
      `linked(${[l.table, l.column, l.targetColumn].map(pyStr).join(", ")}, ${pyAttr(l.param)})`
    ),
  ];
  const order = b.order && !b.orderDerived ? "ORDER" : "";
  const python = a.hidden || b.orderDerived || equal.some((e) => e.derived);
  const orderWords = b.order
    ? `ordered by ${b.order.field.replace(/_/g, " ")}${
      b.order.direction === "desc" ? ", largest first" : ""
    }`
    : "newest first";
  const doc = accepted.length === 2
    ? `${capitalize(plan.entity.labelPlural)}, ${orderWords}.`
    : `${capitalize(plan.entity.labelPlural)}, ${orderWords}, filtered by the parameters given.`;
  const selectArgs = (paged: boolean) => [
    "db",
    "TABLE",
    "filters",
    ...(paged ? ["limit", "offset"] : ["None", "0"]),
    ...(order || clauses.length > 0 ? [order || '("id", "desc")'] : []),
    ...(clauses.length > 0 ? ["clauses"] : []),
  ];
  const body = [
    wrapCall("    ", "filters: dict[str, Any] = ", filters, "", "{}"),
    ...(clauses.length > 0
      ? [
        clauses.length === 1
          ? `    clauses = (${clauses[0]},)`
          : wrapCall("    ", "clauses = ", clauses, "", "()"),
      ]
      : []),
  ];
  if (!python) {
    body.push(
      wrapCall("    ", "rows = select_rows", selectArgs(true)),
      `    return ${completed(plan, "rows")}`,
    );
  } else {
    body.push(
      wrapCall("    ", "rows = select_rows", selectArgs(false)),
      ...(plan.behaviour.completes ? [`    rows = ${completed(plan, "rows")}`] : []),
      ...equal.filter((e) => e.derived).flatMap((e) => [
        `    if ${e.param} is not None:`,
        `        rows = [row for row in rows if row[${pyStr(e.name)}] == ${e.param}]`,
      ]),
      ...(a.hidden ? ["    rows = [row for row in rows if visible(row, user, PUBLIC)]"] : []),
      ...(b.orderDerived
        ? [`    rows = sort_rows(rows, ${pyStr(b.order!.field)}, ${pyStr(b.order!.direction)})`]
        : []),
      "    return rows[offset : offset + limit]",
    );
  }
  const constants = [
    ...(order ? [`ORDER = (${pyStr(b.order!.field)}, ${pyStr(b.order!.direction)})`] : []),
    ...(b.search.length > 0
      ? [
        b.search.length === 1
          ? `SEARCH = (${pyStr(b.search[0]!)},)`
          : `SEARCH = (${b.search.map(pyStr).join(", ")})`,
      ]
      : []),
  ];
  const source = [
    ...(constants.length > 0 ? [...constants, "", ""] : []),
    wrapAligned("", `@router.${endpoint.method.toLowerCase()}`, [
      pyStr(endpoint.path),
      `response_model=list[schemas.${plan.className}]`,
      `status_code=${endpoint.status}`,
      `summary=${pyStr(endpoint.summary)}`,
      `dependencies=[Depends(accept_only(${accepted.map(pyStr).join(", ")}))]`,
    ]),
    pyDef(`list_${plan.plural}`, params, "list[dict[str, Any]]", doc),
    ...body,
  ].join("\n");
  const listing = [
    "accept_only",
    ...(b.search.length > 0 ? ["search"] : []),
    ...(b.links.length > 0 ? ["linked"] : []),
    ...(b.orderDerived ? ["sort_rows"] : []),
  ];
  const dates = ["date", "datetime"].filter((t) => equal.some((e) => e.type === t));
  return {
    source,
    imports: {
      ...(dates.length > 0 ? { datetime: dates } : {}),
      fastapi: ["Query"],
      typing: ["Any"],
      "app.listing": listing,
      "app.db": ["SQLITE_MAX_INTEGER", "select_rows"],
    },
  };
}
