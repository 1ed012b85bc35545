/**
 * The backend of the `action` feature: one route per action in
 * `app/routers/action_routes.py` (`POST /api/<plural>/{id}/<name>`), run
 * only for the roles and rows it allows and when its `when` holds (409 with
 * its message otherwise), and its tests.
 *
 * @module
 */
import type { Action, Value } from "../../../core/behaviours.ts";
import type { FeatureOf } from "../../../core/features.ts";
import type { Endpoint } from "../../../core/spec.ts";
import { type BackendContext, type EntityPlan, itemParam, planOf } from "../../backend/context.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";
import { completed, completeName } from "../../backend/computed.ts";
import { pyConditions, pyValue } from "../../backend/conditions.ts";
import { inField } from "../../backend/models.ts";
import { checkName } from "../../backend/routers.ts";
import { checkOwnerCall, pyTuple, staffOver } from "../../backend/route_access.ts";
import { mergeImports, pyDef, pyStr, wrapAligned, wrapCall } from "../../backend/python.ts";
import { pascalCase } from "../../../core/words.ts";
import { actionTests } from "./_tests.ts";
import { SWAPS_MODULE } from "./_swaps.ts";

/** The backend of the `action` feature. */
export const actionBackend: BackendFeature<FeatureOf<"action">> = {
  routerModules: ["action_routes"],
  render: ({ action, endpoint }, ctx) => {
    const route = actionRoute(ctx, action, endpoint);
    return {
      routers: [],
      routes: [{
        module: "action_routes",
        doc: "Routes of the one-click actions: POST /api/<plural>/{id}/<name>.",
        tag: "actions",
        imports: route.imports,
        blocks: route.blocks,
      }],
      modules: action.kind === "swap" ? [{ path: "swaps.py", source: SWAPS_MODULE }] : [],
      tests: [{
        file: "test_actions.py",
        doc: "Tests of the one-click actions.",
        functions: actionTests(ctx, action, endpoint),
      }],
    };
  },
};

/** The name of the body model of a `record` or `move` action. */
export function bodyModel(plan: EntityPlan, action: Action): string {
  return `${plan.className}${pascalCase(action.name)}In`;
}

/** The fields a `record` action's body takes: its `fields`, and required child fields nothing else sets. */
export function recordFields(child: EntityPlan, action: Action, parent?: EntityPlan): string[] {
  const set = new Set([
    action.via ?? "",
    ...(action.set ?? []).map((s) => s.field),
    ...inherited(child, action, parent),
  ]);
  const given = (action.fields ?? []).filter((f) => !set.has(f));
  const missing = [
    ...child.inputs.filter((f) => f.field.required).map((f) => f.name),
    ...child.parents.filter((p) => p.relation.required).map((p) => p.relation.field),
  ].filter((name) => !set.has(name) && !given.includes(name));
  return [...given, ...missing];
}

/**
 * Required relations of a record's child that the acted-on row has too (the
 * same field to the same parent): copied from that row, not asked for.
 */
export function inherited(child: EntityPlan, action: Action, parent?: EntityPlan): string[] {
  if (parent === undefined) return [];
  const set = new Set([
    action.via ?? "",
    ...(action.set ?? []).map((s) => s.field),
    ...(action.fields ?? []),
  ]);
  return child.parents.filter((c) =>
    c.relation.required && !set.has(c.relation.field) &&
    parent.parents.some((p) =>
      p.relation.field === c.relation.field && p.parent.name === c.parent.name
    )
  ).map((c) => c.relation.field);
}

/** The `datetime` names a body model's lines use (`date_: date = …`). */
function dateImports(lines: readonly string[]): Record<string, string[]> {
  const names = ["date", "datetime"].filter((t) =>
    lines.some((line) => new RegExp(`:\\s*${t}\\b(?!_)|\\[${t}\\]|\\|\\s*${t}\\b`).test(line))
  );
  return names.length > 0 ? { datetime: names } : {};
}

function bodyLines(plan: EntityPlan, names: readonly string[]): string[] {
  return names.map((name) => {
    const f = plan.inputs.find((i) => i.name === name);
    if (f !== undefined) {
      return inField(f.enumType ? { ...f, enumType: `schemas.${f.enumType}` } : f);
    }
    const relation = plan.parents.find((p) => p.relation.field === name)?.relation;
    return relation?.required ? `    ${name}: int` : `    ${name}: int | None = None`;
  });
}

function assignment(value: Value, current: string, type: string): string {
  if (value !== null && typeof value === "object") {
    if ("today" in value) return type === "datetime" ? "now()" : `today(${value.today})`;
    if ("now" in value) return type === "date" ? "today()" : "now()";
    return `${current}[${pyStr(value.field)}]`;
  }
  return pyValue(value);
}

function actionRoute(
  ctx: BackendContext,
  action: Action,
  endpoint: Endpoint,
): { blocks: string[]; imports: Record<string, string[]> } {
  const plan = planOf(ctx.entities, action.entity);
  const id = itemParam(endpoint);
  const table = pyStr(plan.plural);
  const roles = ctx.roles.length > 0;
  const p = plan.behaviour.permissions;
  const imports: Record<string, string[]>[] = [{
    sqlite3: [],
    typing: ["Any"],
    fastapi: ["Depends", "HTTPException"],
    app: ["schemas"],
    "app.checks": ["find_row"],
    "app.db": ["get_db"],
  }];
  const blocks: string[] = [];
  const lines: string[] = [];
  const user = endpoint.auth;
  if (user) imports.push({ "app.auth": ["AuthUser", "current_user"] });
  const runRoles = action.roles ?? (action.kind !== "record" ? p.update : undefined);
  if (roles && user && runRoles !== undefined && runRoles.length > 0) {
    lines.push(wrapCall("    ", "require_role", [
      "user",
      pyTuple(runRoles),
      pyStr(`${action.label.toLowerCase()} ${plan.entity.labelPlural}`),
    ]));
    imports.push({ "app.auth": ["require_role"] });
  }
  let owner = "";
  if (plan.access === "private" && user) {
    if (roles && (p.all ?? []).length > 0) {
      owner = `owner_scope(user, ${pyTuple(p.all!)})`;
      imports.push({ "app.auth": ["owner_scope"] });
    } else owner = "user.id";
  }
  lines.push(
    wrapCall("    ", "row = find_row", [
      "db",
      table,
      pyStr(plan.label),
      id,
      ...(owner ? [owner] : []),
    ]),
  );
  if (completeName(plan) !== undefined) imports.push({ "app.computed": [completeName(plan)!] });
  const current = plan.behaviour.completes ? "current" : "row";
  if (plan.behaviour.completes) lines.push(`    current = ${completed(plan, "[dict(row)]")}[0]`);
  if (plan.behaviour.publicWhere !== undefined) {
    lines.push(
      wrapCall("    ", "if not visible", [
        current,
        user ? "user" : "None",
        pyConditions(plan.behaviour.publicWhere),
      ], ":"),
      "        raise HTTPException(",
      `            status_code=404, detail=f"${plan.label} {${id}} not found"`,
      "        )",
    );
    imports.push({ "app.auth": ["visible"] });
  }
  if (plan.access === "owner_write" && action.kind !== "record" && user) {
    lines.push(`    ${checkOwnerCall("row", plan.entity.label, staffOver(ctx, runRoles, p.all))}`);
    imports.push({ "app.auth": ["check_owner"] });
  }
  if ((action.when ?? []).length > 0) {
    const message = action.message ?? `${action.label} cannot run on this ${plan.entity.label} now`;
    lines.push(
      wrapCall("    ", "if not matches", [current, pyConditions(action.when!)], ":"),
      `        raise HTTPException(status_code=409, detail=${pyStr(message)})`,
    );
    imports.push({ "app.conditions": ["matches"] });
  }
  const checked = (entity: EntityPlan) =>
    (ctx.spec.rules ?? []).some((r) => r.entity === entity.entity.name) ||
    entity.inputs.some((f) => f.field.unique);
  const finish = (target: EntityPlan, name: string) => {
    if (checked(target)) {
      lines.push(`    ${checkName(target)}(db, ${name})`);
      imports.push({ "app.rules": [checkName(target)] });
    }
    if (completeName(target) !== undefined) {
      imports.push({ "app.computed": [completeName(target)!] });
    }
    lines.push(
      "    db.commit()",
      target.behaviour.completes
        ? `    return ${completed(target, `[${name}]`)}[0]`
        : `    return ${name}`,
    );
  };
  let params = [`${id}: int`];
  let model = `schemas.${plan.className}`;
  switch (action.kind) {
    case "transition": {
      const values: string[] = [];
      for (const s of action.set ?? []) {
        const type = plan.fields.find((f) => f.name === s.field)?.field.type ?? "string";
        values.push(`${pyStr(s.field)}: ${assignment(s.value, current, type)}`);
      }
      for (const f of plan.behaviour.storedComputed) {
        if (f.computed!.kind === "stamp" && f.computed!.action === action.name) {
          values.push(`${pyStr(f.name)}: ${f.type === "date" ? "today()" : "now()"}`);
        }
      }
      const text = values.join(", ");
      if (/\btoday\(/.test(text)) imports.push({ "app.conditions": ["today"] });
      if (/\bnow\(/.test(text)) imports.push({ "app.db": ["now"] });
      lines.push(wrapCall("    ", "changes: dict[str, Any] = ", values, "", "{}"));
      lines.push(`    row = update_row(db, ${table}, ${id}, changes)`);
      imports.push({ "app.db": ["update_row"] });
      finish(plan, "row");
      break;
    }
    case "increment": {
      const field = pyStr(action.field ?? "");
      lines.push(wrapCall("    ", "row = update_row", [
        "db",
        table,
        id,
        `{${field}: (row[${field}] or 0) ${(action.by ?? 1) < 0 ? "-" : "+"} ${
          Math.abs(action.by ?? 1)
        }}`,
      ]));
      imports.push({ "app.db": ["update_row"] });
      finish(plan, "row");
      break;
    }
    case "move": {
      model = `schemas.${plan.className}`;
      const name = bodyModel(plan, action);
      blocks.push([
        `class ${name}(BaseModel, extra="forbid"):`,
        `    """Body of ${action.label}: the fields it sets."""`,
        "",
        ...bodyLines(plan, action.fields ?? []),
      ].join("\n"));
      imports.push(
        { pydantic: ["BaseModel", "Field"] },
        dateImports(bodyLines(plan, action.fields ?? [])),
      );
      params = [`${id}: int`, `body: ${name}`];
      lines.push("    values = schemas.to_dict(body)");
      for (const link of plan.parents) {
        if (!(action.fields ?? []).includes(link.relation.field)) continue;
        lines.push(wrapCall("    ", "check_parent", [
          "db",
          pyStr(link.parent.plural),
          pyStr(link.parentLabel),
          `values[${pyStr(link.relation.field)}]`,
          pyStr(link.relation.field),
          ...(link.ownOnly && user ? ["user.id"] : []),
        ]));
        imports.push({ "app.checks": ["check_parent"] });
      }
      lines.push(`    row = update_row(db, ${table}, ${id}, values)`);
      imports.push({ "app.db": ["update_row"] });
      finish(plan, "row");
      break;
    }
    case "swap": {
      const field = pyStr(action.field ?? "");
      const up = action.direction !== "down";
      const message = action.message ??
        `This ${plan.entity.label} is already ${up ? "first" : "last"}`;
      lines.push(
        wrapCall("    ", "neighbour = neighbour_of", [
          "db",
          table,
          "row",
          field,
          action.within ? pyStr(action.within) : "None",
          pyStr(up ? "up" : "down"),
        ]),
        "    if neighbour is None:",
        `        raise HTTPException(status_code=409, detail=${pyStr(message)})`,
        wrapCall("    ", "update_row", [
          "db",
          table,
          'neighbour["id"]',
          `{${field}: row[${field}]}`,
        ]),
        wrapCall("    ", "row = update_row", ["db", table, id, `{${field}: neighbour[${field}]}`]),
      );
      imports.push({ "app.db": ["update_row"], "app.swaps": ["neighbour_of"] });
      finish(plan, "row");
      break;
    }
    case "record": {
      const child = planOf(ctx.entities, action.child ?? "");
      model = `schemas.${child.className}`;
      const name = bodyModel(plan, action);
      blocks.push([
        `class ${name}(BaseModel, extra="forbid"):`,
        `    """Body of ${action.label}: the ${child.entity.label}'s fields."""`,
        "",
        ...bodyLines(child, recordFields(child, action, plan)),
        ...(recordFields(child, action, plan).length === 0 ? ["    pass"] : []),
      ].join("\n"));
      imports.push(
        { pydantic: ["BaseModel", "Field"] },
        dateImports(bodyLines(child, recordFields(child, action, plan))),
      );
      params = [`${id}: int`, `body: ${name}`];
      lines.push(
        "    values = schemas.to_dict(body)",
        `    values[${pyStr(action.via ?? "")}] = ${id}`,
      );
      for (const field of inherited(child, action, plan)) {
        lines.push(`    values[${pyStr(field)}] = ${current}[${pyStr(field)}]`);
      }
      for (const s of action.set ?? []) {
        const type = child.fields.find((f) => f.name === s.field)?.field.type ?? "string";
        const value = assignment(s.value, current, type);
        lines.push(`    values[${pyStr(s.field)}] = ${value}`);
        if (/\btoday\(/.test(value)) imports.push({ "app.conditions": ["today"] });
        if (/\bnow\(/.test(value)) imports.push({ "app.db": ["now"] });
      }
      for (const link of child.parents) {
        if (!recordFields(child, action, plan).includes(link.relation.field)) continue;
        // Like a create of the child: only the caller's own private parents.
        lines.push(wrapCall("    ", "check_parent", [
          "db",
          pyStr(link.parent.plural),
          pyStr(link.parentLabel),
          `values[${pyStr(link.relation.field)}]`,
          pyStr(link.relation.field),
          ...(link.ownOnly && user ? ["user.id"] : []),
        ]));
        imports.push({ "app.checks": ["check_parent"] });
      }
      if (child.access !== "public" && user) lines.push('    values["owner_id"] = user.id');
      for (const f of child.inputs) {
        if (f.field.type === "boolean" || f.field.type === "enum") {
          if (
            !recordFields(child, action, plan).includes(f.name) &&
            !(action.set ?? []).some((s) => s.field === f.name)
          ) {
            lines.push(
              `    values.setdefault(${pyStr(f.name)}, ${
                f.field.type === "boolean" ? "False" : pyStr(f.field.values![0]!)
              })`,
            );
          }
        }
      }
      for (const link of child.behaviour.links) {
        lines.push(`    values.pop(${pyStr(link.link.field)}, None)`);
      }
      lines.push(`    child = insert_row(db, ${pyStr(child.plural)}, values)`);
      imports.push({ "app.db": ["insert_row"] });
      finish(child, "child");
      break;
    }
  }
  if (user) {
    params.push(
      "db: sqlite3.Connection = Depends(get_db)",
      "user: AuthUser = Depends(current_user)",
    );
  } else params.push("db: sqlite3.Connection = Depends(get_db)");
  blocks.push([
    wrapAligned("", "@router.post", [
      pyStr(endpoint.path),
      `response_model=${model}`,
      `status_code=${endpoint.status}`,
      `summary=${pyStr(endpoint.summary)}`,
    ]),
    pyDef(`${plan.singular}_${action.name}`, params, "dict[str, Any]", endpoint.summary + "."),
    ...lines,
  ].join("\n"));
  return { blocks, imports: mergeImports(...imports) };
}
