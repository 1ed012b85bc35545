/**
 * Renders `app/routers/<plural>.py`: the FastAPI router of one entity with
 * its CRUD routes and access rules.
 *
 * @module
 */
import type { CrudAction, EntityPlan } from "./context.ts";
import { itemParam, withArticle } from "./context.ts";
import { checksImport, formatChecks } from "./models.ts";
import { pyDef, pyDoc, pyFromImport, pyModule, pyStr, wrapAligned, wrapCall } from "./python.ts";
import { capitalize } from "../../core/words.ts";

/** The parameter that gives a route its database connection. */
export const DB = "db: sqlite3.Connection = Depends(get_db)";
const USER = "user: AuthUser = Depends(current_user)";

/**
 * Renders `backend/app/routers/<plural>.py` for one entity: the routes of
 * the CRUD endpoints the spec has, with the entity's access rules.
 *
 * @param plan The entity.
 * @returns The module source.
 */
export function renderEntityRouter(plan: EntityPlan): string {
  const { routes, access } = plan;
  const writes = routes.create !== undefined || routes.update !== undefined;
  const usesUser = access !== "public" && Object.keys(routes).length > 0;
  const items = routes.get !== undefined || routes.update !== undefined ||
    routes.delete !== undefined;
  const fastapi = ["APIRouter", "Depends"];
  if (routes.list !== undefined) fastapi.push("Query");
  if (items) fastapi.push("HTTPException");
  if (routes.delete !== undefined) fastapi.push("Response");
  const db = ["get_db"];
  if (items) db.push("fetch_row");
  if (routes.list !== undefined) db.push("select_rows");
  if (routes.create !== undefined) db.push("insert_row");
  if (routes.update !== undefined) db.push("update_row");
  if (routes.delete !== undefined) db.push("delete_row");
  const typing = Object.keys(routes).length > 0;
  const head = [
    pyDoc(`Routes of ${plan.entity.labelPlural}: the /api/${plan.plural} endpoints.`),
    "import sqlite3",
    ...(typing ? ["from typing import Any"] : []),
    "",
    pyFromImport("fastapi", fastapi),
    "",
    ...(writes || routes.list || routes.get || routes.update ? ["from app import schemas"] : []),
    ...(usesUser ? [pyFromImport("app.auth", ["AuthUser", "current_user"])] : []),
    ...(writes ? checksImport(plan) : []),
    pyFromImport("app.db", db),
    "",
    `router = APIRouter(tags=[${pyStr(plan.plural)}])`,
    "",
    `TABLE = ${pyStr(plan.plural)}`,
    ...(items ? [`LABEL = ${pyStr(plan.label)}`] : []),
  ];
  return pyModule([
    head.join("\n"),
    writes ? valuesHelper(plan) : "",
    items ? rowHelper(plan) : "",
    access === "owner_write" && (routes.update || routes.delete) ? ownerHelper(plan) : "",
    routes.list ? listRoute(plan) : "",
    routes.create ? createRoute(plan) : "",
    routes.get ? getRoute(plan) : "",
    routes.update ? updateRoute(plan) : "",
    routes.delete ? deleteRoute(plan) : "",
  ]);
}

function decorator(plan: EntityPlan, action: CrudAction, responseModel?: string): string {
  const endpoint = plan.routes[action]!;
  return wrapAligned("", `@router.${endpoint.method.toLowerCase()}`, [
    pyStr(endpoint.path),
    ...(responseModel === undefined ? [] : [`response_model=${responseModel}`]),
    `status_code=${endpoint.status}`,
    `summary=${pyStr(endpoint.summary)}`,
  ]);
}

/** True when `_values` needs the caller, to accept only their own parents. */
function writesWithUser(plan: EntityPlan): boolean {
  return plan.parents.some((p) => p.ownOnly);
}

function valuesHelper(plan: EntityPlan): string {
  const withUser = writesWithUser(plan);
  const params = [
    ...(plan.parents.length > 0 ? ["db: sqlite3.Connection"] : []),
    `body: schemas.${plan.inName}`,
  ];
  if (withUser) params.push("user: AuthUser");
  const lines = [
    pyDef(
      "_values",
      params,
      "dict[str, Any]",
      "The columns of a body, checked beyond what Pydantic checks.",
    ),
    "    values = schemas.to_dict(body)",
    ...formatChecks(plan),
  ];
  for (const { relation, parent, parentLabel, ownOnly } of plan.parents) {
    lines.push(wrapCall("    ", "check_parent", [
      "db",
      pyStr(parent.plural),
      pyStr(parentLabel),
      `values[${pyStr(relation.field)}]`,
      pyStr(relation.field),
      ...(ownOnly ? ["user.id"] : []),
    ]));
  }
  lines.push("    return values");
  return lines.join("\n");
}

function rowHelper(plan: EntityPlan): string {
  const own = plan.access === "private";
  const params = ["db: sqlite3.Connection", "row_id: int", ...(own ? ["user: AuthUser"] : [])];
  const doc = own
    ? `The caller's ${plan.entity.label} with this id, or 404.`
    : `The ${plan.entity.label} with this id, or 404.`;
  return [
    pyDef("_row", params, "dict[str, Any]", doc),
    `    row = fetch_row(db, TABLE, row_id${own ? ", user.id" : ""})`,
    "    if row is None:",
    "        raise HTTPException(",
    '            status_code=404, detail=f"{LABEL} {row_id} not found"',
    "        )",
    "    return row",
  ].join("\n");
}

function ownerHelper(plan: EntityPlan): string {
  return [
    pyDef(
      "_check_owner",
      ["row: dict[str, Any]", "user: AuthUser"],
      "None",
      `Only the owner of ${withArticle(plan.entity.label)} may change it: 403 otherwise.`,
    ),
    '    if row["owner_id"] != user.id:',
    "        raise HTTPException(",
    "            status_code=403,",
    `            detail=${pyStr(`Only its owner can change this ${plan.entity.label}`)},`,
    "        )",
  ].join("\n");
}

function listRoute(plan: EntityPlan): string {
  const own = plan.access === "private";
  const fields = plan.parents.map((p) => p.relation.field);
  const params = [
    ...fields.map((f) => `${f}: int | None = None`),
    "limit: int = Query(100, ge=1, le=500)",
    "offset: int = Query(0, ge=0)",
    DB,
    ...(own ? [USER] : []),
  ];
  const filters = [
    ...(own ? ['"owner_id": user.id'] : []),
    ...fields.map((f) => `${pyStr(f)}: ${f}`),
  ];
  const doc = fields.length === 0
    ? `${capitalize(plan.entity.labelPlural)}, newest first.`
    : `${capitalize(plan.entity.labelPlural)}, newest first, filtered by the relations given.`;
  return [
    decorator(plan, "list", `list[schemas.${plan.className}]`),
    pyDef(`list_${plan.plural}`, params, "list[dict[str, Any]]", doc),
    wrapCall("    ", "filters: dict[str, Any] = ", filters, "", "{}"),
    "    return select_rows(db, TABLE, filters, limit, offset)",
  ].join("\n");
}

function userParams(plan: EntityPlan, action: CrudAction): string[] {
  const needs = plan.access === "private" ||
    (plan.access === "owner_write" && action !== "list" && action !== "get");
  return needs ? [USER] : [];
}

function valuesCall(plan: EntityPlan): string {
  const args = [...(plan.parents.length > 0 ? ["db"] : []), "body"];
  if (writesWithUser(plan)) args.push("user");
  return `_values(${args.join(", ")})`;
}

function createRoute(plan: EntityPlan): string {
  const lines = [
    decorator(plan, "create", `schemas.${plan.className}`),
    pyDef(
      `create_${plan.singular}`,
      [`body: schemas.${plan.inName}`, DB, ...userParams(plan, "create")],
      "dict[str, Any]",
      plan.access === "public"
        ? `Creates ${withArticle(plan.entity.label)}.`
        : `Creates ${withArticle(plan.entity.label)} owned by the caller.`,
    ),
    `    values = ${valuesCall(plan)}`,
  ];
  if (plan.access !== "public") lines.push('    values["owner_id"] = user.id');
  lines.push("    row = insert_row(db, TABLE, values)", "    db.commit()", "    return row");
  return lines.join("\n");
}

function idParam(plan: EntityPlan, action: CrudAction): string {
  return itemParam(plan.routes[action]!);
}

function rowCall(plan: EntityPlan, id: string): string {
  return plan.access === "private" ? `_row(db, ${id}, user)` : `_row(db, ${id})`;
}

function getRoute(plan: EntityPlan): string {
  const id = idParam(plan, "get");
  return [
    decorator(plan, "get", `schemas.${plan.className}`),
    pyDef(
      `get_${plan.singular}`,
      [`${id}: int`, DB, ...userParams(plan, "get")],
      "dict[str, Any]",
      `One ${plan.entity.label}.`,
    ),
    `    return ${rowCall(plan, id)}`,
  ].join("\n");
}

function updateRoute(plan: EntityPlan): string {
  const id = idParam(plan, "update");
  const owner = plan.access === "owner_write";
  return [
    decorator(plan, "update", `schemas.${plan.className}`),
    pyDef(
      `update_${plan.singular}`,
      [`${id}: int`, `body: schemas.${plan.inName}`, DB, ...userParams(plan, "update")],
      "dict[str, Any]",
      `Replaces every field of ${withArticle(plan.entity.label)}.`,
    ),
    owner ? `    _check_owner(${rowCall(plan, id)}, user)` : `    ${rowCall(plan, id)}`,
    `    row = update_row(db, TABLE, ${id}, ${valuesCall(plan)})`,
    "    db.commit()",
    "    return row",
  ].join("\n");
}

function deleteRoute(plan: EntityPlan): string {
  const id = idParam(plan, "delete");
  const owner = plan.access === "owner_write";
  return [
    decorator(plan, "delete"),
    pyDef(
      `delete_${plan.singular}`,
      [`${id}: int`, DB, ...userParams(plan, "delete")],
      "Response",
      `Deletes ${withArticle(plan.entity.label)}.`,
    ),
    owner ? `    _check_owner(${rowCall(plan, id)}, user)` : `    ${rowCall(plan, id)}`,
    `    delete_row(db, TABLE, ${id})`,
    "    db.commit()",
    `    return Response(status_code=${plan.routes.delete!.status})`,
  ].join("\n");
}
