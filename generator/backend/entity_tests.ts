/**
 * Renders `tests/test_<plural>.py` for one entity: CRUD, filters, paging,
 * validation, relations, and (with auth) its access rules.
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./context.ts";
import { canCreate, planOf } from "./context.ts";
import { pyDoc, pyModule, pyStr, wrapCall } from "./python.ts";
import {
  assertEquals,
  asWriter,
  itemPath,
  listPath,
  request,
  testFunction,
  testImports,
  writerOf,
} from "./pytest.ts";
import { invalidValues, omittedValue } from "./samples.ts";
import { accessTests } from "./access_tests.ts";
import { listParamTests, storedAssertions } from "./list_tests.ts";

/** The id tests use for rows that do not exist. */
export const MISSING_ID = 999999;

/**
 * Renders `backend/tests/test_<plural>.py`. Tests that need an endpoint the
 * spec lacks, or rows the API cannot create, are left out.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @returns The module source.
 */
export function renderEntityTests(ctx: BackendContext, plan: EntityPlan): string {
  const tests = canCreate(plan, ctx.entities)
    ? [
      ...crudTests(ctx, plan),
      ...parentDeleteTests(ctx, plan),
      ...validationTests(ctx, plan),
      ...accessTests(ctx, plan),
    ]
    : [];
  const doc = pyDoc(`Tests of the ${plan.entity.labelPlural} endpoints.`);
  return pyModule([testImports(doc, tests.join("\n")), ...tests]);
}

/** The second argument of `api.create` and `api.payload` calls. */
function who(ctx: BackendContext, plan: EntityPlan): string[] {
  return ctx.auth ? [writerOf(ctx, plan)] : [];
}

function apiCall(ctx: BackendContext, plan: EntityPlan, method: string, extra: string[] = []) {
  return `api.${method}(${[pyStr(plan.plural), ...who(ctx, plan), ...extra].join(", ")})`;
}

function crudTests(ctx: BackendContext, plan: EntityPlan): string[] {
  const { routes, plural, singular } = plan;
  const read = asWriter(
    ctx,
    plan,
    plan.access === "private" || plan.behaviour.publicWhere !== undefined,
  );
  const write = asWriter(ctx, plan, plan.access !== "public");
  const create = apiCall(ctx, plan, "create");
  const out: string[] = [];

  out.push(testFunction(`test_create_${singular}_returns_the_row`, [
    `    body = ${apiCall(ctx, plan, "payload")}`,
    request("response = ", "post", [listPath(plan, "create"), "json=body", ...write]),
    `    assert response.status_code == ${routes.create!.status}, response.text`,
    "    row = response.json()",
    '    assert isinstance(row["id"], int)',
    "    for field, value in body.items():",
    "        assert row[field] == value",
    ...plan.parents.filter((p) => !p.relation.required).map(({ relation }) =>
      `    assert row[${pyStr(relation.field)}] is None`
    ),
    ...storedAssertions(plan),
    ...(plan.access === "public" ? [] : ['    assert isinstance(row["owner_id"], int)']),
    '    created = datetime.fromisoformat(row["created_at"])',
    "    assert created.utcoffset() == timedelta(0)",
    '    assert row["updated_at"] == row["created_at"]',
  ]));

  const swapped = new Set(plan.behaviour.swapped.map((w) => w.field));
  const optional = plan.inputs.filter((f) => !f.field.required && !swapped.has(f.name));
  if (optional.length > 0) {
    out.push(testFunction(`test_create_${singular}_fills_in_omitted_fields`, [
      `    body = ${apiCall(ctx, plan, "payload")}`,
      ...optional.map((f) => `    del body[${pyStr(f.name)}]`),
      request("response = ", "post", [listPath(plan, "create"), "json=body", ...write]),
      `    assert response.status_code == ${routes.create!.status}, response.text`,
      "    row = response.json()",
      ...optional.map((f) => assertEquals(`row[${pyStr(f.name)}]`, omittedValue(f.field))),
    ]));
  }

  if (routes.list !== undefined) {
    const list = listPath(plan, "list");
    const order = plan.behaviour.order;
    const asc = order?.direction === "asc";
    out.push(testFunction(
      order === undefined
        ? `test_list_${plural}_newest_first`
        : `test_list_${plural}_ordered_by_${order.field}`,
      [
        `    first = ${create}`,
        `    second = ${create}`,
        request("response = ", "get", [list, ...read]),
        `    assert response.status_code == ${routes.list.status}`,
        '    ids = [row["id"] for row in response.json()]',
        asc
          ? '    assert ids == [first["id"], second["id"]]'
          : '    assert ids == [second["id"], first["id"]]',
      ],
    ));
    out.push(...listParamTests(ctx, plan));
    for (const { relation, parent } of plan.parents) {
      if (!canCreate(planOf(ctx.entities, parent.name), ctx.entities)) continue;
      const field = relation.field;
      const parentPlan = planOf(ctx.entities, parent.name);
      const parentCall = `api.create(${
        [pyStr(parent.plural), ...who(ctx, parentPlan)].join(", ")
      })`;
      out.push(testFunction(`test_list_${plural}_filters_by_${field}`, [
        `    parent = ${parentCall}`,
        `    row = ${apiCall(ctx, plan, "create", [`${field}=parent["id"]`])}`,
        `    ${create}`,
        `    params = {${pyStr(field)}: parent["id"]}`,
        request("response = ", "get", [list, "params=params", ...read]),
        `    assert response.status_code == ${routes.list.status}`,
        '    assert [r["id"] for r in response.json()] == [row["id"]]',
      ]));
    }
    out.push(testFunction(`test_list_${plural}_pages_with_limit_and_offset`, [
      `    for _ in range(3):`,
      `        ${create}`,
      request("everything = ", "get", [list, ...read], ".json()"),
      '    ids = [row["id"] for row in everything]',
      "    assert len(ids) == 3",
      request("page = ", "get", [list, 'params={"limit": 2}', ...read]),
      '    assert [row["id"] for row in page.json()] == ids[:2]',
      request("page = ", "get", [list, 'params={"limit": 2, "offset": 2}', ...read]),
      '    assert [row["id"] for row in page.json()] == ids[2:]',
      '    for params in ({"limit": 0}, {"limit": 501}, {"offset": -1}):',
      request("response = ", "get", [list, "params=params", ...read], "", "        "),
      "        assert response.status_code == 422",
    ]));
  }

  if (routes.get !== undefined) {
    out.push(testFunction(`test_get_${singular}`, [
      `    row = ${create}`,
      `    path = ${itemPath(plan, "get", "row['id']")}`,
      request("response = ", "get", ["path", ...read]),
      `    assert response.status_code == ${routes.get.status}`,
      "    assert response.json() == row",
    ]));
  }

  if (routes.get || routes.update || routes.delete) {
    const calls = [
      ...(routes.get ? [["get", itemPath(plan, "get", MISSING_ID), ...read]] : []),
      ...(routes.update
        ? [["put", itemPath(plan, "update", MISSING_ID), "json=body", ...write]]
        : []),
      ...(routes.delete ? [["delete", itemPath(plan, "delete", MISSING_ID), ...write]] : []),
    ];
    out.push(testFunction(`test_missing_${singular}_is_404`, [
      ...(routes.update ? [`    body = ${apiCall(ctx, plan, "payload")}`] : []),
      "    responses = [",
      ...calls.map(([method, ...args]) => wrapCall("        ", `client.${method}`, args, ",")),
      "    ]",
      `    expected = {"detail": ${pyStr(`${plan.label} ${MISSING_ID} not found`)}}`,
      "    for response in responses:",
      "        assert response.status_code == 404",
      "        assert response.json() == expected",
    ]));
  }

  if (routes.update !== undefined) {
    out.push(testFunction(`test_update_${singular}_replaces_every_field`, [
      `    row = ${create}`,
      `    body = api.changes(${[pyStr(plan.plural), "row", ...who(ctx, plan)].join(", ")})`,
      `    path = ${itemPath(plan, "update", "row['id']")}`,
      request("response = ", "put", ["path", "json=body", ...write]),
      `    assert response.status_code == ${routes.update.status}, response.text`,
      "    updated = response.json()",
      "    for field, value in body.items():",
      "        assert updated[field] == value",
      '    assert updated["id"] == row["id"]',
      '    assert updated["created_at"] == row["created_at"]',
      ...plan.behaviour.storedComputed.filter((f) => ["slug", "code"].includes(f.computed!.kind))
        .map((f) => `    assert updated[${pyStr(f.name)}] == row[${pyStr(f.name)}]`),
    ]));
  }

  if (routes.delete !== undefined) {
    out.push(testFunction(`test_delete_${singular}`, [
      `    row = ${create}`,
      `    path = ${itemPath(plan, "delete", "row['id']")}`,
      request("response = ", "delete", ["path", ...write]),
      `    assert response.status_code == ${routes.delete.status}`,
      '    assert response.content == b""',
      ...(routes.get
        ? [
          `    path = ${itemPath(plan, "get", "row['id']")}`,
          request("assert ", "get", ["path", ...read], ".status_code == 404"),
        ]
        : []),
    ]));
  }
  return out;
}

/** Deleting a parent deletes the rows that require it and unlinks the others. */
function parentDeleteTests(ctx: BackendContext, plan: EntityPlan): string[] {
  if (plan.routes.get === undefined) return [];
  const out: string[] = [];
  for (const { relation, parent } of plan.parents) {
    const parentPlan = planOf(ctx.entities, parent.name);
    if (parentPlan.routes.delete === undefined || parent.name === plan.entity.name) continue;
    if (!canCreate(parentPlan, ctx.entities)) continue;
    const field = relation.field;
    const noun = field.replace(/_id$/, "");
    const effect = relation.required ? "deletes" : "unlinks";
    const read = asWriter(
      ctx,
      plan,
      plan.access === "private" || plan.behaviour.publicWhere !== undefined,
    );
    out.push(testFunction(`test_deleting_its_${noun}_${effect}_a_${plan.singular}`, [
      `    parent = api.create(${[pyStr(parent.plural), ...who(ctx, parentPlan)].join(", ")})`,
      `    row = ${apiCall(ctx, plan, "create", [`${field}=parent["id"]`])}`,
      `    path = ${itemPath(parentPlan, "delete", "parent['id']")}`,
      request("response = ", "delete", [
        "path",
        ...asWriter(ctx, parentPlan, parentPlan.access !== "public"),
      ]),
      `    assert response.status_code == ${parentPlan.routes.delete.status}`,
      `    path = ${itemPath(plan, "get", "row['id']")}`,
      request("response = ", "get", ["path", ...read]),
      ...(relation.required
        ? ["    assert response.status_code == 404"]
        : [`    assert response.json()[${pyStr(field)}] is None`]),
    ]));
  }
  return out;
}

function validationTests(ctx: BackendContext, plan: EntityPlan): string[] {
  const { singular } = plan;
  const post = request("response = ", "post", [
    listPath(plan, "create"),
    "json=body",
    ...asWriter(ctx, plan, plan.access !== "public"),
  ]);
  const out: string[] = [];

  const required = plan.inputs.find((f) => f.field.required)?.name ??
    plan.parents.find((p) => p.relation.required)?.relation.field;
  if (required !== undefined) {
    out.push(testFunction(`test_create_${singular}_without_${required}_is_422`, [
      `    body = ${apiCall(ctx, plan, "payload")}`,
      `    del body[${pyStr(required)}]`,
      post,
      "    assert response.status_code == 422, response.text",
    ]));
  }

  for (const { relation, parentLabel } of plan.parents) {
    const field = relation.field;
    const detail = `${field}: ${parentLabel} ${MISSING_ID} not found`;
    out.push(testFunction(`test_create_${singular}_with_unknown_${field}_is_422`, [
      `    body = ${apiCall(ctx, plan, "payload", ["satisfy=False", `${field}=${MISSING_ID}`])}`,
      post,
      "    assert response.status_code == 422, response.text",
      wrapCall("    ", "assert response.json() == ", [`"detail": ${pyStr(detail)}`], "", "{}"),
    ]));
  }

  const computedInputs = plan.fields.filter((f) => f.field.computed !== undefined);
  out.push(testFunction(`test_create_${singular}_refuses_unknown_fields`, [
    `    body = ${apiCall(ctx, plan, "payload")}`,
    '    for field in ("not_a_field", "id", *COMPUTED):'.replace(
      "*COMPUTED",
      computedInputs.length === 0 ? "" : computedInputs.map((f) => pyStr(f.name)).join(", "),
    ).replace(", )", ")"),
    request(
      "response = ",
      "post",
      [
        listPath(plan, "create"),
        "json={**body, field: 1}",
        ...asWriter(ctx, plan, plan.access !== "public"),
      ],
      "",
      "        ",
    ),
    "        assert response.status_code == 422, response.text",
    '        assert response.json()["detail"][0]["loc"][-1] == field',
  ]));
  const cases = plan.inputs.flatMap((f) =>
    invalidValues(f.field).map((value) => `        (${pyStr(f.name)}, ${value}),`)
  );
  if (cases.length > 0) {
    out.push(testFunction(
      `test_create_${singular}_rejects_invalid_values`,
      [
        `    body = ${apiCall(ctx, plan, "payload", ["satisfy=False", "**{field: value}"])}`,
        post,
        "    assert response.status_code == 422, response.text",
      ],
      {
        params: ["field: str", "value: Any"],
        decorators: [
          "@pytest.mark.parametrize(",
          '    ("field", "value"),',
          "    [",
          ...cases,
          "    ],",
          ")",
        ],
      },
    ));
  }
  return out;
}
