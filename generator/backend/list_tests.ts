/**
 * Generated tests of what an entity adds to CRUD: its list parameters
 * (unknown ones refused, filters, search, links) and its stored computed
 * fields.
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./context.ts";
import { canCreate, planOf } from "./context.ts";
import { pyLiteral, pyStr, type PyValue } from "./python.ts";
import { asWriter, listPath, request, testFunction, writerOf } from "./pytest.ts";
import { sampleValue } from "./samples.ts";

function who(ctx: BackendContext, plan: EntityPlan): string {
  return ctx.auth ? `, ${writerOf(ctx, plan)}` : "";
}

/**
 * Assertions on a new row's stored computed fields.
 *
 * @param plan The entity.
 * @returns Lines of a test body with `row` the created row.
 */
export function storedAssertions(plan: EntityPlan): string[] {
  return plan.behaviour.storedComputed.flatMap((f) => {
    const key = `row[${pyStr(f.name)}]`;
    const c = f.computed!;
    switch (c.kind) {
      case "counter":
        return [`    assert ${key} == 0`];
      case "state":
        return [`    assert ${key} == ${pyStr(f.values?.[0] ?? "")}`];
      case "stamp":
        return [`    assert ${key} is None`];
      case "slug":
        return [`    assert ${key} == ${key}.lower() and " " not in ${key}`];
      case "code":
        return [`    assert len(${key}) == ${c.length} and ${key}.isalnum()`];
      default:
        return [];
    }
  });
}

function otherValue(value: PyValue, values: readonly string[] | undefined): PyValue {
  if (values !== undefined) return values.find((v) => v !== value) ?? null;
  if (typeof value === "boolean") return !value;
  if (typeof value === "number") return value + 1000;
  if (typeof value === "string") {
    return /^\d{4}-\d\d-\d\d/.test(value) ? "1999-01-01" : "no such value";
  }
  return null;
}

/**
 * @param ctx The render context.
 * @param plan The entity.
 * @returns Tests of its list parameters.
 */
export function listParamTests(ctx: BackendContext, plan: EntityPlan): string[] {
  const list = listPath(plan, "list");
  const read = asWriter(
    ctx,
    plan,
    plan.access === "private" || plan.behaviour.publicWhere !== undefined,
  );
  const b = plan.behaviour;
  const out: string[] = [];
  const accepted = [
    ...new Set([
      ...plan.parents.map((p) => p.relation.field),
      ...b.filters.filter((f) => !b.links.some((l) => l.link.field === f)),
    ]),
    ...(b.search.length > 0 ? ["q"] : []),
    ...b.links.map((l) => l.param),
    "limit",
    "offset",
  ].sort();
  out.push(testFunction(`test_list_${plan.plural}_refuses_unknown_parameters`, [
    request("response = ", "get", [list, 'params={"colour": "red"}', ...read]),
    "    assert response.status_code == 400",
    '    detail = response.json()["detail"]',
    "    assert '\"colour\"' in detail",
    ...accepted.map((name) => `    assert ${pyStr(name)} in detail`),
  ]));
  const derived = new Set(b.derived.map((f) => f.name));
  for (const name of b.filters) {
    if (plan.parents.some((p) => p.relation.field === name) || derived.has(name)) continue;
    const f = plan.fields.find((x) => x.name === name);
    if (f === undefined) continue;
    const stored = f.field.computed;
    const value = stored === undefined
      ? sampleValue(f.field, 0)
      : stored.kind === "state"
      ? f.field.values![0]!
      : undefined;
    if (value === undefined) continue;
    const other = otherValue(value, f.field.values);
    out.push(testFunction(`test_list_${plan.plural}_filters_by_${name}`, [
      `    row = api.create(${pyStr(plan.plural)}${who(ctx, plan)})`,
      `    params = {${pyStr(name)}: row[${pyStr(name)}]}`,
      request("found = ", "get", [list, "params=params", ...read], ".json()"),
      '    assert row["id"] in [r["id"] for r in found]',
      ...(other === null ? [] : [
        `    params = {${pyStr(name)}: ${pyLiteral(other)}}`,
        request("found = ", "get", [list, "params=params", ...read], ".json()"),
        '    assert row["id"] not in [r["id"] for r in found]',
      ]),
    ]));
  }
  const text = b.search.map((n) => plan.inputs.find((f) => f.name === n)).find((f) =>
    f !== undefined && ["string", "text"].includes(f.field.type)
  );
  if (text !== undefined) {
    out.push(testFunction(`test_list_${plan.plural}_searches_${b.search.join("_and_")}`, [
      `    row = api.create(${pyStr(plan.plural)}${who(ctx, plan)}, **{${
        pyStr(text.name)
      }: "Zebra Crossing Ünïcode"})`,
      `    api.create(${pyStr(plan.plural)}${who(ctx, plan)})`,
      request("found = ", "get", [list, 'params={"q": "zEBRA"}', ...read], ".json()"),
      '    assert [r["id"] for r in found] == [row["id"]]',
      request("found = ", "get", [list, 'params={"q": "ÜNÏ"}', ...read], ".json()"),
      '    assert [r["id"] for r in found] == [row["id"]]',
      request("found = ", "get", [list, 'params={"q": "nothing like it"}', ...read], ".json()"),
      "    assert found == []",
    ]));
  }
  for (const l of b.links) {
    const target = planOf(ctx.entities, l.target.name);
    if (!canCreate(target, ctx.entities)) continue;
    const field = pyStr(l.link.field);
    const post = request("response = ", "post", [
      listPath(plan, "create"),
      "json=body",
      ...asWriter(ctx, plan, plan.access !== "public"),
    ]);
    out.push(testFunction(`test_${plan.plural}_link_${l.link.name}`, [
      `    one = api.create(${pyStr(target.plural)}${who(ctx, target)})`,
      `    two = api.create(${pyStr(target.plural)}${who(ctx, target)})`,
      `    body = api.payload(${pyStr(plan.plural)}${
        who(ctx, plan)
      }, **{${field}: [two["id"], one["id"], two["id"]]})`,
      post,
      `    assert response.status_code == ${plan.routes.create!.status}, response.text`,
      "    row = response.json()",
      `    assert row[${field}] == [two["id"], one["id"]]`,
      `    api.create(${pyStr(plan.plural)}${who(ctx, plan)})`,
      `    params = {${pyStr(l.param)}: one["id"]}`,
      request("found = ", "get", [list, "params=params", ...read], ".json()"),
      '    assert [r["id"] for r in found] == [row["id"]]',
      `    body[${field}] = [one["id"], 999999]`,
      post,
      "    assert response.status_code == 422",
      `    assert response.json()["detail"].startswith(${pyStr(`${l.link.field}: `)})`,
    ]));
  }
  return out;
}
