/**
 * The backend of the `view` feature: one route per view in
 * `app/routers/view_routes.py` (included before the entity routers, so
 * `/api/loans/overdue` is not taken for an id): filtered lists, groups,
 * schedules and balances with their settle-up, over the rows the caller may
 * see, and their tests.
 *
 * @module
 */
import type { View } from "../../../core/behaviours.ts";
import type { FeatureOf } from "../../../core/features.ts";
import type { Endpoint } from "../../../core/spec.ts";
import { type BackendContext, type EntityPlan, planOf } from "../../backend/context.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";
import { completed, completeName } from "../../backend/computed.ts";
import { pyConditions } from "../../backend/conditions.ts";
import {
  mergeImports,
  pyDef,
  type PyImports,
  pyStr,
  wrapAligned,
  wrapCall,
} from "../../backend/python.ts";
import { pyTuple } from "../../backend/route_access.ts";
import { VIEW_KINDS_MODULE } from "./_kinds.ts";
import { viewTests } from "./_tests.ts";

/** The backend of the `view` feature. */
export const viewBackend: BackendFeature<FeatureOf<"view">> = {
  routerModules: ["view_routes"],
  render: ({ view, endpoint, settle }, ctx) => {
    const route = viewRoute(ctx, view, endpoint, settle);
    return {
      routers: [],
      routes: [{
        module: "view_routes",
        doc: "Routes of the computed views: filtered lists, groups, schedules, balances.",
        tag: "views",
        imports: route.imports,
        blocks: route.blocks,
      }],
      modules: view.kind === "filter" ? [] : [{ path: "view_kinds.py", source: VIEW_KINDS_MODULE }],
      tests: [{
        file: "test_views.py",
        doc: "Tests of the computed views.",
        functions: viewTests(ctx, view, endpoint, settle),
      }],
    };
  },
};

type Need = "none" | "optional" | "required";

function need(plan: EntityPlan, auth: boolean): Need {
  if (!auth) return "none";
  if (plan.access === "private") return "required";
  return plan.behaviour.publicWhere !== undefined ? "optional" : "none";
}

/** The caller a view needs: the strictest need of the entities it reads. */
function needOfAll(plans: readonly EntityPlan[], auth: boolean): Need {
  const needs = plans.map((p) => need(p, auth));
  return needs.includes("required") ? "required" : needs.includes("optional") ? "optional" : "none";
}

/** The entities a view reads rows of (a balance reads its members, groups and payments too). */
function readPlans(ctx: BackendContext, view: View, plan: EntityPlan): EntityPlan[] {
  if (view.kind !== "balance") return [plan];
  const groupLink = plan.parents.find((p) => p.relation.field === view.group);
  return [
    plan,
    planOf(ctx.entities, view.member ?? ""),
    ...(groupLink ? [planOf(ctx.entities, groupLink.parent.name)] : []),
    ...(view.payment ? [planOf(ctx.entities, view.payment.entity)] : []),
  ];
}

function ownerFilter(ctx: BackendContext, plan: EntityPlan): string | undefined {
  if (plan.access !== "private" || !ctx.auth) return undefined;
  const every = plan.behaviour.permissions.all ?? [];
  return ctx.roles.length > 0 && every.length > 0
    ? `owner_scope(user, ${pyTuple(every)})`
    : "user.id";
}

/** Lines reading the rows of an entity the caller may see into `name`. */
function visibleRows(
  ctx: BackendContext,
  plan: EntityPlan,
  name: string,
  filters: string[],
  imports: PyImports[],
): string[] {
  const owner = ownerFilter(ctx, plan);
  if (owner?.startsWith("owner_scope")) imports.push({ "app.auth": ["owner_scope"] });
  const all = [...(owner ? [`"owner_id": ${owner}`] : []), ...filters];
  const select = wrapCall("    ", `${name} = select_rows`, [
    "db",
    pyStr(plan.plural),
    `{${all.join(", ")}}`,
  ]);
  const lines = [select];
  if (completeName(plan) !== undefined) {
    lines.push(`    ${name} = ${completed(plan, name)}`);
    imports.push({ "app.computed": [completeName(plan)!] });
  }
  if (plan.behaviour.publicWhere !== undefined && ctx.auth) {
    lines.push(wrapCall("    ", `${name} = [row for row in ${name} if visible`, [
      "row",
      "user",
      pyConditions(plan.behaviour.publicWhere),
    ], "]"));
    imports.push({ "app.auth": ["visible"] });
  }
  return lines;
}

function userParams(n: Need): string[] {
  if (n === "required") return ["user: AuthUser = Depends(current_user)"];
  if (n === "optional") return ["user: AuthUser | None = Depends(optional_user)"];
  return [];
}

function viewRoute(
  ctx: BackendContext,
  view: View,
  endpoint: Endpoint,
  settle: Endpoint | undefined,
): { blocks: string[]; imports: PyImports } {
  const plan = planOf(ctx.entities, view.entity);
  const imports: PyImports[] = [{
    sqlite3: [],
    typing: ["Any"],
    fastapi: ["Depends"],
    "app.db": ["get_db", "select_rows"],
  }];
  const n = needOfAll(readPlans(ctx, view, plan), ctx.auth);
  if (n === "required") imports.push({ "app.auth": ["AuthUser", "current_user"] });
  if (n === "optional") imports.push({ "app.auth": ["AuthUser", "optional_user"] });
  const fn = `${plan.plural}_${view.name}`;
  const params: string[] = [];
  const lines: string[] = [];
  let model = `list[schemas.${plan.className}]`;
  let returns = "list[dict[str, Any]]";
  const extra: string[] = [];
  switch (view.kind) {
    case "filter": {
      imports.push({
        app: ["schemas"],
        "app.conditions": ["matches"],
        "app.listing": ["sort_rows"],
      });
      lines.push(...visibleRows(ctx, plan, "rows", [], imports));
      lines.push(wrapCall("    ", "rows = [row for row in rows if matches", [
        "row",
        pyConditions(view.where ?? []),
      ], "]"));
      const order = view.order ?? plan.behaviour.order ?? { field: "id", direction: "desc" };
      lines.push(`    return sort_rows(rows, ${pyStr(order.field)}, ${pyStr(order.direction)})`);
      break;
    }
    case "grouped": {
      imports.push({ "app.view_kinds": ["group_rows"] });
      model = "list[dict[str, Any]]";
      lines.push(...visibleRows(ctx, plan, "rows", [], imports));
      const labels: string[] = [];
      for (const b of view.by ?? []) {
        const link = plan.parents.find((p) => p.relation.field === b.field);
        if (link === undefined) continue;
        labels.push(
          `${pyStr(b.field)}: {r["id"]: r[${pyStr(link.parent.display)}] for r in select_rows(db, ${
            pyStr(link.parent.plural)
          }, {})}`,
        );
      }
      lines.push(
        labels.length === 0
          ? "    labels: dict[str, dict[int, Any]] = {}"
          : wrapCall("    ", "labels = ", labels, "", "{}"),
      );
      const by = (view.by ?? []).map((b) =>
        `(${pyStr(b.field)}, ${b.bucket === undefined ? "None" : pyStr(b.bucket)})`
      );
      lines.push(wrapCall("    ", "return group_rows", [
        "rows",
        `[${by.join(", ")}]`,
        pyStr(view.measure?.op ?? "count"),
        view.measure?.field ? pyStr(view.measure.field) : "None",
        "labels",
        ...(view.order ? [`(${pyStr(view.order.field)}, ${pyStr(view.order.direction)})`] : []),
      ]));
      break;
    }
    case "schedule": {
      imports.push({
        app: ["schemas"],
        datetime: ["date"],
        fastapi: ["Query"],
        "app.listing": ["accept_only"],
        "app.view_kinds": ["in_days"],
      });
      params.push(
        'from_: date | None = Query(None, alias="from")',
        "days: int = Query(7, ge=1, le=366)",
      );
      extra.push('dependencies=[Depends(accept_only("days", "from"))]');
      lines.push(...visibleRows(ctx, plan, "rows", [], imports));
      lines.push(wrapCall("    ", "return in_days", [
        "rows",
        pyStr(view.date ?? ""),
        "from_ or date.today()",
        "days",
        view.time ? pyStr(view.time) : "None",
      ]));
      break;
    }
    case "balance": {
      imports.push({ "app.view_kinds": ["balances"] });
      model = "dict[str, Any]";
      returns = "dict[str, Any]";
      const member = planOf(ctx.entities, view.member ?? "");
      const groupLink = plan.parents.find((p) => p.relation.field === view.group);
      const group = groupLink === undefined
        ? undefined
        : planOf(ctx.entities, groupLink.parent.name);
      const payment = view.payment ? planOf(ctx.entities, view.payment.entity) : undefined;
      const under = (e: EntityPlan) =>
        group === undefined
          ? []
          : e.parents.filter((p) => p.parent.name === group.entity.name).slice(0, 1)
            .map((p) => `${pyStr(p.relation.field)}: id`);
      if (group !== undefined) {
        params.push("id: int");
        imports.push({ "app.checks": ["find_row"] });
        const owner = ownerFilter(ctx, group);
        lines.push(wrapCall("    ", "find_row", [
          "db",
          pyStr(group.plural),
          pyStr(group.label),
          "id",
          ...(owner ? [owner] : []),
        ]));
      }
      lines.push(...visibleRows(ctx, member, "members", under(member), imports));
      lines.push(...visibleRows(ctx, plan, "expenses", under(plan), imports));
      if (payment !== undefined) {
        lines.push(...visibleRows(ctx, payment, "payments", under(payment), imports));
      } else lines.push("    payments: list[dict[str, Any]] = []");
      lines.push(wrapCall("    ", "return balances", [
        "members",
        pyStr(member.entity.display),
        "expenses",
        pyStr(view.payer ?? ""),
        pyStr(view.amount ?? ""),
        pyStr(
          plan.behaviour.links.find((l) =>
            l.link.field === view.split || l.link.name === view.split
          )?.link.field ?? "",
        ),
        "payments",
        pyStr(view.payment?.from ?? ""),
        pyStr(view.payment?.to ?? ""),
        pyStr(view.payment?.amount ?? ""),
      ]));
      break;
    }
  }
  const fullParams = [...params, "db: sqlite3.Connection = Depends(get_db)", ...userParams(n)];
  const blocks = [[
    wrapAligned("", "@router.get", [
      pyStr(endpoint.path),
      `response_model=${model}`,
      `status_code=${endpoint.status}`,
      `summary=${pyStr(endpoint.summary)}`,
      ...extra,
    ]),
    pyDef(fn, fullParams, returns, `${view.label}.`),
    ...lines,
  ].join("\n")];
  if (settle !== undefined && view.payment !== undefined) {
    blocks.push(settleRoute(ctx, view, settle, fn, fullParams, imports));
  }
  return { blocks, imports: mergeImports(...imports) };
}

function settleRoute(
  ctx: BackendContext,
  view: View,
  settle: Endpoint,
  fn: string,
  params: string[],
  imports: PyImports[],
): string {
  const payment = planOf(ctx.entities, view.payment!.entity);
  const plan = planOf(ctx.entities, view.entity);
  const groupLink = plan.parents.find((p) => p.relation.field === view.group);
  const groupField = groupLink === undefined
    ? undefined
    : payment.parents.find((p) => p.parent.name === groupLink.parent.name)?.relation.field;
  const user = settle.auth;
  const settleParams = params.filter((p) => !p.startsWith("user")).concat(
    user ? ["user: AuthUser = Depends(current_user)"] : [],
  );
  if (user) imports.push({ "app.auth": ["AuthUser", "current_user"] });
  imports.push({ app: ["schemas"], "app.db": ["insert_row"] });
  const viewArgs = params.map((p) => p.split(":")[0]!.trim()).map((a) =>
    a === "user" && !user ? "user=None" : `${a}=${a}`
  );
  if (completeName(payment) !== undefined) {
    imports.push({ "app.computed": [completeName(payment)!] });
  }
  const values = [
    ...(groupField ? [`${pyStr(groupField)}: id`] : []),
    `${pyStr(view.payment!.from)}: transfer["from_id"]`,
    `${pyStr(view.payment!.to)}: transfer["to_id"]`,
    `${pyStr(view.payment!.amount)}: transfer["amount"]`,
  ];
  const covered = new Set([groupField, view.payment!.from, view.payment!.to, view.payment!.amount]);
  for (const f of payment.inputs) {
    if (covered.has(f.name) || !f.field.required) continue;
    const value = f.field.type === "date"
      ? "today()"
      : f.field.type === "datetime"
      ? "now()"
      : f.field.type === "boolean"
      ? "False"
      : f.field.type === "enum"
      ? pyStr(f.field.values![0]!)
      : f.field.type === "integer" || f.field.type === "number"
      ? "0"
      : pyStr("Settle up");
    if (value === "today()") imports.push({ "app.conditions": ["today"] });
    if (value === "now()") imports.push({ "app.db": ["now"] });
    values.push(`${pyStr(f.name)}: ${value}`);
  }
  if (payment.access !== "public" && user) values.push('"owner_id": user.id');
  return [
    wrapAligned("", "@router.post", [
      pyStr(settle.path),
      `response_model=list[schemas.${payment.className}]`,
      `status_code=${settle.status}`,
      `summary=${pyStr(settle.summary)}`,
    ]),
    pyDef(`${fn}_settle`, settleParams, "list[dict[str, Any]]", `${settle.summary}.`),
    wrapCall("    ", "summary = " + fn, viewArgs.length > 0 ? viewArgs : []),
    "    made = []",
    '    for transfer in summary["transfers"]:',
    wrapCall("        ", "values: dict[str, Any] = ", values, "", "{}"),
    `        made.append(insert_row(db, ${pyStr(payment.plural)}, values))`,
    "    db.commit()",
    `    return ${completed(payment, "made")}`,
  ].join("\n");
}
