/**
 * Renders `app/routers/<plural>.py`: the FastAPI router of one entity with
 * its CRUD routes, access rules, list parameters, computed fields, links
 * and the rules checked on its writes.
 *
 * @module
 */
import type { BackendContext, CrudAction, EntityPlan } from "./context.ts";
import { itemParam, withArticle } from "./context.ts";
import { checksImport, formatChecks } from "./models.ts";
import {
  mergeImports,
  pyDef,
  pyDoc,
  type PyImports,
  pyModule,
  pyStr,
  renderImports,
  wrapAligned,
  wrapCall,
} from "./python.ts";
import { completed, completeName, creationLines, positionLines } from "./computed.ts";
import { linkChecks, linkSaves } from "./links.ts";
import { listParts } from "./list_route.ts";
import { access, type RouteAccess, userParam } from "./route_access.ts";

/** The parameter that gives a route its database connection. */
export const DB = "db: sqlite3.Connection = Depends(get_db)";

/**
 * @param plan The entity.
 * @returns The name of its rules function in `app/rules.py`.
 */
export function checkName(plan: EntityPlan): string {
  return `check_${plan.singular}`;
}

/**
 * Renders `backend/app/routers/<plural>.py` for one entity: the routes of
 * the CRUD endpoints the spec has, with the entity's access rules.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @param checked Entities with rules on their writes (`app/rules.py`).
 * @returns The module source.
 */
export function renderEntityRouter(
  ctx: BackendContext,
  plan: EntityPlan,
  checked: ReadonlySet<string> = new Set(),
): string {
  const { routes } = plan;
  const rules = checked.has(plan.entity.name);
  const a = access(ctx, plan);
  const blocks: string[] = [];
  const imports: PyImports[] = [{
    sqlite3: [],
    fastapi: ["APIRouter", "Depends"],
    "app.db": ["get_db"],
  }];
  const use = (table: PyImports) => imports.push(table);
  const writes = routes.create !== undefined || routes.update !== undefined;
  if (Object.keys(routes).length > 0) use({ typing: ["Any"], app: ["schemas"] });
  if (writes) {
    blocks.push(valuesHelper(plan));
    use({ typing: ["Any"], "app.db": [] });
    if (plan.behaviour.links.length > 0) use({ "app.links": ["check_links", "save_links"] });
    if (rules) use({ "app.rules": [checkName(plan)] });
    const stored = creationLines(plan).join("\n") + positionLines(plan).join("\n");
    for (const name of ["unique_slug", "new_code", "next_position"]) {
      if (stored.includes(`${name}(`)) use({ "app.computed": [name] });
    }
  }
  if (completeName(plan) !== undefined) use({ "app.computed": [completeName(plan)!] });
  const items = routes.get !== undefined || routes.update !== undefined ||
    routes.delete !== undefined;
  if (items) {
    blocks.push(rowHelper(plan, a));
    use({ "app.checks": ["find_row"] });
  }
  if (routes.list) {
    const list = listParts(ctx, plan, a);
    use(list.imports);
    blocks.push(list.source);
  }
  if (routes.create) blocks.push(createRoute(plan, a, rules));
  if (routes.get) blocks.push(getRoute(plan, a));
  if (routes.update) blocks.push(updateRoute(plan, a, rules));
  if (routes.delete) blocks.push(deleteRoute(plan, a));
  const code = blocks.join("\n");
  use(a.imports(code));
  for (const name of ["insert_row", "update_row", "delete_row", "fetch_row"]) {
    if (code.includes(`${name}(`)) use({ "app.db": [name] });
  }
  if (code.includes("HTTPException(")) use({ fastapi: ["HTTPException"] });
  if (code.includes("Response(")) use({ fastapi: ["Response"] });
  if (code.includes("Query(")) use({ fastapi: ["Query"] });
  const checks = writes ? checksImport(plan) : [];
  const head = [
    pyDoc(`Routes of ${plan.entity.labelPlural}: the /api/${plan.plural} endpoints.`),
    renderImports(mergeImports(...imports, ...checks.map((c) => parseFromImport(c)))),
    "",
    `router = APIRouter(tags=[${pyStr(plan.plural)}])`,
    "",
    `TABLE = ${pyStr(plan.plural)}`,
    ...(items ? [`LABEL = ${pyStr(plan.label)}`] : []),
    ...a.constants,
  ];
  return pyModule([head.join("\n"), ...blocks]);
}

function parseFromImport(line: string): Record<string, string[]> {
  const match = /^from (\S+) import \(?([^)]*)\)?$/s.exec(line);
  if (match === null) return {};
  return { [match[1]!]: match[2]!.split(/[,\s]+/).filter((n) => n.length > 0) };
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
  return plan.parents.some((p) => p.ownOnly) || plan.behaviour.links.some((l) => l.ownOnly);
}

function valuesHelper(plan: EntityPlan): string {
  const withUser = writesWithUser(plan);
  const needsDb = plan.parents.length > 0 || plan.behaviour.links.length > 0;
  const params = [...(needsDb ? ["db: sqlite3.Connection"] : []), `body: schemas.${plan.inName}`];
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
  lines.push(...linkChecks(plan), "    return values");
  return lines.join("\n");
}

function rowHelper(plan: EntityPlan, a: RouteAccess): string {
  const params = ["db: sqlite3.Connection", "row_id: int", ...a.rowParams];
  const lines = [
    pyDef("_row", params, "dict[str, Any]", a.rowDoc),
    `    row = find_row(db, TABLE, LABEL, row_id${a.ownerArg === "" ? "" : `, ${a.ownerArg}`})`,
  ];
  if (a.hidden) {
    const seen = plan.behaviour.completes ? completed(plan, "[dict(row)]") + "[0]" : "row";
    lines.push(
      `    if not visible(${seen}, user, PUBLIC):`,
      "        raise HTTPException(",
      '            status_code=404, detail=f"{LABEL} {row_id} not found"',
      "        )",
    );
  }
  lines.push("    return row");
  return lines.join("\n");
}

function valuesCall(plan: EntityPlan): string {
  const needsDb = plan.parents.length > 0 || plan.behaviour.links.length > 0;
  const args = [...(needsDb ? ["db"] : []), "body"];
  if (writesWithUser(plan)) args.push("user");
  return `_values(${args.join(", ")})`;
}

function linksPop(plan: EntityPlan): string[] {
  const links = plan.behaviour.links;
  if (links.length === 0) return [];
  return [wrapCall(
    "    ",
    "links = ",
    links.map((l) => `${pyStr(l.link.field)}: values.pop(${pyStr(l.link.field)})`),
    "",
    "{}",
  )];
}

function afterWrite(plan: EntityPlan, rules: boolean): string[] {
  return [
    ...linkSaves(plan),
    ...(rules ? [`    ${checkName(plan)}(db, row)`] : []),
    "    db.commit()",
    plan.behaviour.completes ? `    return ${completed(plan, "[row]")}[0]` : "    return row",
  ];
}

function createRoute(plan: EntityPlan, a: RouteAccess, rules: boolean): string {
  const lines = [
    decorator(plan, "create", `schemas.${plan.className}`),
    pyDef(
      `create_${plan.singular}`,
      [`body: schemas.${plan.inName}`, DB, ...userParam(a.write.create)],
      "dict[str, Any]",
      plan.access === "public"
        ? `Creates ${withArticle(plan.entity.label)}.`
        : `Creates ${withArticle(plan.entity.label)} owned by the caller.`,
    ),
    ...a.roleCheck("create"),
    `    values = ${valuesCall(plan)}`,
    ...linksPop(plan),
  ];
  if (plan.access !== "public") lines.push('    values["owner_id"] = user.id');
  lines.push(...creationLines(plan), ...positionLines(plan));
  lines.push("    row = insert_row(db, TABLE, values)", ...afterWrite(plan, rules));
  return lines.join("\n");
}

function idParam(plan: EntityPlan, action: CrudAction): string {
  return itemParam(plan.routes[action]!);
}

function getRoute(plan: EntityPlan, a: RouteAccess): string {
  const id = idParam(plan, "get");
  const row = `_row(${["db", id, ...a.rowArgs("get")].join(", ")})`;
  return [
    decorator(plan, "get", `schemas.${plan.className}`),
    pyDef(
      `get_${plan.singular}`,
      [`${id}: int`, DB, ...userParam(a.read)],
      "dict[str, Any]",
      `One ${plan.entity.label}.`,
    ),
    plan.behaviour.completes ? `    return ${completed(plan, `[${row}]`)}[0]` : `    return ${row}`,
  ].join("\n");
}

function updateRoute(plan: EntityPlan, a: RouteAccess, rules: boolean): string {
  const id = idParam(plan, "update");
  const row = `_row(${["db", id, ...a.rowArgs("update")].join(", ")})`;
  return [
    decorator(plan, "update", `schemas.${plan.className}`),
    pyDef(
      `update_${plan.singular}`,
      [`${id}: int`, `body: schemas.${plan.inName}`, DB, ...userParam(a.write.update)],
      "dict[str, Any]",
      `Replaces every field of ${withArticle(plan.entity.label)}.`,
    ),
    ...a.roleCheck("update"),
    a.ownerCheck ? `    ${a.ownerCheckCall("update", row)}` : `    ${row}`,
    `    values = ${valuesCall(plan)}`,
    ...linksPop(plan),
    ...positionLines(plan),
    `    row = update_row(db, TABLE, ${id}, values)`,
    ...afterWrite(plan, rules),
  ].join("\n");
}

function deleteRoute(plan: EntityPlan, a: RouteAccess): string {
  const id = idParam(plan, "delete");
  const row = `_row(${["db", id, ...a.rowArgs("delete")].join(", ")})`;
  return [
    decorator(plan, "delete"),
    pyDef(
      `delete_${plan.singular}`,
      [`${id}: int`, DB, ...userParam(a.write.delete)],
      "Response",
      `Deletes ${withArticle(plan.entity.label)}.`,
    ),
    ...a.roleCheck("delete"),
    a.ownerCheck ? `    ${a.ownerCheckCall("delete", row)}` : `    ${row}`,
    `    delete_row(db, TABLE, ${id})`,
    "    db.commit()",
    `    return Response(status_code=${plan.routes.delete!.status})`,
  ].join("\n");
}
