/**
 * Renders the generated pytest suite: `tests/support.py` (sample bodies and
 * row creation), `tests/conftest.py`, a `tests/test_<plural>.py` per entity
 * and `tests/test_stats.py`.
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./_context.ts";
import { canCreate, planOf } from "./_context.ts";
import { pyDoc, pyLiteral, pyModule, pyStr, wrapCall } from "./_python.ts";
import { asAlice, itemPath, listPath, testFunction, testImports } from "./_pytest.ts";
import { invalidValues, omittedValue, sampleValue } from "./samples.ts";
import { accessTests } from "./access_tests.ts";

/** The id tests use for rows that do not exist. */
export const MISSING_ID = 999999;

/**
 * Renders `backend/tests/support.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderSupport(ctx: BackendContext): string {
  const creatable = ctx.entities.filter((e) => canCreate(e, ctx.entities));
  const create = creatable.map((e) =>
    wrapCall("    ", `${pyStr(e.plural)}: `, [pyStr(e.routes.create!.path), String(e.routes.create!.status)], ",")
  );
  const samples = creatable.flatMap((e) => [
    `    ${pyStr(e.plural)}: {`,
    ...e.fields.map((f) => `        ${pyStr(f.name)}: ${pyLiteral(sampleValue(f.field, 0))},`),
    "    },",
  ]);
  const parents = creatable.map((e) => {
    const links = e.parents.filter((p) => p.relation.required)
      .map((p) => `${pyStr(p.relation.field)}: ${pyStr(p.parent.plural)}`);
    return wrapCall("    ", `${pyStr(e.plural)}: `, links, ",", "{}");
  });
  const blocks = [
    [
      '"""Helpers of the test suite: sample bodies and creating rows."""',
      "from typing import Any",
      "",
      "from fastapi.testclient import TestClient",
      "",
      "Headers = dict[str, str]",
      "",
      "# Where each entity is created, and the status of a success.",
      "CREATE: dict[str, tuple[str, int]] = {",
      ...create,
      "}",
      "",
      "# A valid create body of each entity, without relation ids.",
      "SAMPLES: dict[str, dict[str, Any]] = {",
      ...samples,
      "}",
      "",
      "# The required relations of each entity: field -> parent entity.",
      "PARENTS: dict[str, dict[str, str]] = {",
      ...parents,
      "}",
    ].join("\n"),
    [
      "class Api:",
      '    """Creates rows through the API, creating required parents first."""',
      "",
      "    def __init__(self, client: TestClient) -> None:",
      "        self.client = client",
      "",
      "    def payload(",
      "        self, plural: str, headers: Headers | None = None, **values: Any",
      "    ) -> dict[str, Any]:",
      '        """A valid create body of an entity, with `values` on top."""',
      "        body = {**SAMPLES[plural], **values}",
      "        for field, parent in PARENTS[plural].items():",
      "            if field not in body:",
      '                body[field] = self.create(parent, headers)["id"]',
      "        return body",
      "",
      "    def create(",
      "        self, plural: str, headers: Headers | None = None, **values: Any",
      "    ) -> dict[str, Any]:",
      '        """Creates a row of an entity and returns it."""',
      "        path, status = CREATE[plural]",
      "        body = self.payload(plural, headers, **values)",
      "        response = self.client.post(path, json=body, headers=headers)",
      "        assert response.status_code == status, response.text",
      "        row: dict[str, Any] = response.json()",
      "        return row",
    ].join("\n"),
  ];
  if (ctx.auth) {
    const register = ctx.authRoutes.register;
    blocks.push(
      'PASSWORD = "correct horse battery staple"',
      [
        "def register(client: TestClient, email: str, name: str) -> Headers:",
        '    """Registers an account and returns its Authorization header."""',
        "    body = {\"email\": email, \"password\": PASSWORD, \"name\": name}",
        `    response = client.post(${pyStr(register.path)}, json=body)`,
        `    assert response.status_code == ${register.status}, response.text`,
        `    return {"Authorization": f"Bearer {response.json()['token']}"}`,
      ].join("\n"),
    );
  }
  return pyModule(blocks);
}

/**
 * Renders `backend/tests/conftest.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderConftest(ctx: BackendContext): string {
  const blocks = [
    [
      '"""Fixtures: a fresh app and database per test, and signed-in users."""',
      "from pathlib import Path",
      "",
      "import pytest",
      "from fastapi.testclient import TestClient",
      "",
      "from app.main import create_app",
      `from tests.support import ${ctx.auth ? "Api, Headers, register" : "Api"}`,
    ].join("\n"),
    [
      "@pytest.fixture()",
      "def client(tmp_path: Path) -> TestClient:",
      '    """A client of the app on an empty database."""',
      '    return TestClient(create_app(str(tmp_path / "test.db")))',
    ].join("\n"),
    [
      "@pytest.fixture()",
      "def api(client: TestClient) -> Api:",
      '    """Creates rows through `client`."""',
      "    return Api(client)",
    ].join("\n"),
  ];
  if (ctx.auth) {
    for (const [name, label] of [["alice", "A signed-in user"], ["bob", "Another signed-in user"]]) {
      blocks.push([
        "@pytest.fixture()",
        `def ${name}(client: TestClient) -> Headers:`,
        `    """The Authorization header of ${label!.toLowerCase()}."""`,
        `    return register(client, "${name}@example.com", "${capital(name!)}")`,
      ].join("\n"));
    }
  }
  return pyModule(blocks);
}

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

/**
 * Renders `backend/tests/test_<plural>.py`: CRUD, filters, paging,
 * validation, relations and (with auth) access rules of one entity.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @returns The module source.
 */
export function renderEntityTests(ctx: BackendContext, plan: EntityPlan): string {
  const tests = [...crudTests(ctx, plan), ...validationTests(ctx, plan), ...accessTests(ctx, plan)];
  const doc = pyDoc(`Tests of the ${plan.entity.labelPlural} endpoints.`);
  return pyModule([testImports(doc, tests.join("\n")), ...tests]);
}

function crudTests(ctx: BackendContext, plan: EntityPlan): string[] {
  const { routes, plural, singular } = plan;
  const who = ctx.auth ? ", alice" : "";
  const read = asAlice(plan.access === "private");
  const write = asAlice(plan.access !== "public");
  const create = `api.create(${pyStr(plural)}${who})`;
  const out: string[] = [];
  if (!canCreate(plan, ctx.entities)) return out;

  const stored = plan.fields.map((f) =>
    `    assert row[${pyStr(f.name)}] == ${pyLiteral(sampleValue(f.field, 0))}`
  );
  out.push(testFunction(`test_create_${singular}_returns_the_row`, [
    `    row = ${create}`,
    '    assert isinstance(row["id"], int)',
    ...stored,
    ...plan.parents.map(({ relation }) =>
      relation.required
        ? `    assert isinstance(row[${pyStr(relation.field)}], int)`
        : `    assert row[${pyStr(relation.field)}] is None`
    ),
    ...(plan.access === "public" ? [] : ['    assert isinstance(row["owner_id"], int)']),
    '    created = datetime.fromisoformat(row["created_at"])',
    "    assert created.utcoffset() == timedelta(0)",
    '    assert row["updated_at"] == row["created_at"]',
  ]));

  const optional = plan.fields.filter((f) => !f.field.required);
  if (optional.length > 0) {
    out.push(testFunction(`test_create_${singular}_fills_in_omitted_fields`, [
      `    body = api.payload(${pyStr(plural)}${who})`,
      ...optional.map((f) => `    del body[${pyStr(f.name)}]`),
      `    response = client.post(${listPath(plan, "create")}, json=body${write})`,
      `    assert response.status_code == ${routes.create!.status}, response.text`,
      "    row = response.json()",
      ...optional.map((f) => {
        const value = omittedValue(f.field);
        const op = value === null || typeof value === "boolean" ? "is" : "==";
        return `    assert row[${pyStr(f.name)}] ${op} ${pyLiteral(value)}`;
      }),
    ]));
  }

  if (routes.list !== undefined) {
    const list = listPath(plan, "list");
    out.push(testFunction(`test_list_${plural}_newest_first`, [
      `    first = ${create}`,
      `    second = ${create}`,
      `    response = client.get(${list}${read})`,
      "    assert response.status_code == 200",
      '    ids = [row["id"] for row in response.json()]',
      '    assert ids == [second["id"], first["id"]]',
    ]));
    for (const { relation, parent } of plan.parents) {
      if (!canCreate(planOf(ctx.entities, parent.name), ctx.entities)) continue;
      const field = relation.field;
      out.push(testFunction(`test_list_${plural}_filters_by_${field}`, [
        `    parent = api.create(${pyStr(parent.plural)}${who})`,
        `    row = api.create(${pyStr(plural)}${who}, ${field}=parent["id"])`,
        `    ${create}`,
        `    params = {${pyStr(field)}: parent["id"]}`,
        `    response = client.get(${list}, params=params${read})`,
        "    assert response.status_code == 200",
        '    assert [r["id"] for r in response.json()] == [row["id"]]',
      ]));
    }
    out.push(testFunction(`test_list_${plural}_pages_with_limit_and_offset`, [
      `    rows = [${create} for _ in range(3)]`,
      '    newest = [row["id"] for row in reversed(rows)]',
      `    page = client.get(${list}, params={"limit": 2}${read})`,
      '    assert [row["id"] for row in page.json()] == newest[:2]',
      `    page = client.get(${list}, params={"limit": 2, "offset": 2}${read})`,
      '    assert [row["id"] for row in page.json()] == newest[2:]',
      '    for params in ({"limit": 0}, {"limit": 501}, {"offset": -1}):',
      `        response = client.get(${list}, params=params${read})`,
      "        assert response.status_code == 422",
    ]));
  }

  if (routes.get !== undefined) {
    out.push(testFunction(`test_get_${singular}`, [
      `    row = ${create}`,
      `    response = client.get(${itemPath(plan, "get", "row['id']")}${read})`,
      `    assert response.status_code == ${routes.get.status}`,
      "    assert response.json() == row",
    ]));
  }

  if (routes.get || routes.update || routes.delete) {
    const calls = [
      ...(routes.get ? [`client.get(${itemPath(plan, "get", MISSING_ID)}${read})`] : []),
      ...(routes.update
        ? [`client.put(${itemPath(plan, "update", MISSING_ID)}, json=body${write})`]
        : []),
      ...(routes.delete ? [`client.delete(${itemPath(plan, "delete", MISSING_ID)}${write})`] : []),
    ];
    out.push(testFunction(`test_missing_${singular}_is_404`, [
      ...(routes.update ? [`    body = api.payload(${pyStr(plural)}${who})`] : []),
      "    responses = [",
      ...calls.map((c) => `        ${c},`),
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
      "    body = {",
      ...plan.fields.map((f) => `        ${pyStr(f.name)}: ${pyLiteral(sampleValue(f.field, 1))},`),
      ...plan.parents.map(({ relation }) =>
        `        ${pyStr(relation.field)}: row[${pyStr(relation.field)}],`
      ),
      "    }",
      `    path = ${itemPath(plan, "update", "row['id']")}`,
      `    response = client.put(path, json=body${write})`,
      `    assert response.status_code == ${routes.update.status}, response.text`,
      "    updated = response.json()",
      "    for field, value in body.items():",
      "        assert updated[field] == value",
      '    assert updated["id"] == row["id"]',
      '    assert updated["created_at"] == row["created_at"]',
    ]));
  }

  if (routes.delete !== undefined) {
    const path = itemPath(plan, "delete", "row['id']");
    out.push(testFunction(`test_delete_${singular}`, [
      `    row = ${create}`,
      `    response = client.delete(${path}${write})`,
      `    assert response.status_code == ${routes.delete.status}`,
      '    assert response.content == b""',
      ...(routes.get
        ? [`    assert client.get(${itemPath(plan, "get", "row['id']")}${read}).status_code == 404`]
        : []),
    ]));
  }
  out.push(...deleteParentTests(ctx, plan));
  return out;
}

/** Deleting a parent deletes required children and unlinks optional ones. */
function deleteParentTests(ctx: BackendContext, plan: EntityPlan): string[] {
  if (plan.routes.get === undefined) return [];
  const who = ctx.auth ? ", alice" : "";
  const out: string[] = [];
  for (const { relation, parent } of plan.parents) {
    const parentPlan = planOf(ctx.entities, parent.name);
    if (parentPlan.routes.delete === undefined || parent.name === plan.entity.name) continue;
    if (!canCreate(parentPlan, ctx.entities)) continue;
    const field = relation.field;
    const get = `client.get(${itemPath(plan, "get", "row['id']")}${asAlice(plan.access === "private")})`;
    out.push(testFunction(
      relation.required
        ? `test_deleting_its_${field.replace(/_id$/, "")}_deletes_a_${plan.singular}`
        : `test_deleting_its_${field.replace(/_id$/, "")}_unlinks_a_${plan.singular}`,
      [
        `    parent = api.create(${pyStr(parent.plural)}${who})`,
        `    row = api.create(${pyStr(plan.plural)}${who}, ${field}=parent["id"])`,
        `    path = ${itemPath(parentPlan, "delete", "parent['id']")}`,
        `    response = client.delete(path${asAlice(parentPlan.access !== "public")})`,
        `    assert response.status_code == ${parentPlan.routes.delete.status}`,
        ...(relation.required
          ? [`    assert ${get}.status_code == 404`]
          : [`    assert ${get}.json()[${pyStr(field)}] is None`]),
      ],
    ));
  }
  return out;
}

function validationTests(ctx: BackendContext, plan: EntityPlan): string[] {
  if (plan.routes.create === undefined || !canCreate(plan, ctx.entities)) return [];
  const { plural, singular } = plan;
  const who = ctx.auth ? ", alice" : "";
  const write = asAlice(plan.access !== "public");
  const post = `client.post(${listPath(plan, "create")}, json=body${write})`;
  const out: string[] = [];

  const required = plan.fields.find((f) => f.field.required)?.name ??
    plan.parents.find((p) => p.relation.required)?.relation.field;
  if (required !== undefined) {
    out.push(testFunction(`test_create_${singular}_without_${required}_is_422`, [
      `    body = api.payload(${pyStr(plural)}${who})`,
      `    del body[${pyStr(required)}]`,
      `    response = ${post}`,
      "    assert response.status_code == 422, response.text",
    ]));
  }

  for (const { relation, parentLabel } of plan.parents) {
    const field = relation.field;
    const detail = `${field}: ${parentLabel} ${MISSING_ID} not found`;
    out.push(testFunction(`test_create_${singular}_with_unknown_${field}_is_422`, [
      `    body = api.payload(${pyStr(plural)}${who}, ${field}=${MISSING_ID})`,
      `    response = ${post}`,
      "    assert response.status_code == 422, response.text",
      `    assert response.json() == {"detail": ${pyStr(detail)}}`,
    ]));
  }

  const cases = plan.fields.flatMap((f) =>
    invalidValues(f.field).map((value) => `        (${pyStr(f.name)}, ${value}),`)
  );
  if (cases.length > 0) {
    out.push(testFunction(
      `test_create_${singular}_rejects_invalid_values`,
      [
        `    body = api.payload(${pyStr(plural)}${who}, **{field: value})`,
        `    response = ${post}`,
        "    assert response.status_code == 422, response.text",
      ],
      {
        params: ["field: str", "value: Any"],
        decorators: ["@pytest.mark.parametrize(", '    ("field", "value"),', "    [", ...cases, "    ],", ")"],
      },
    ));
  }
  return out;
}

/**
 * Renders `backend/tests/test_stats.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderStatsTests(ctx: BackendContext): string {
  const path = pyStr(ctx.stats.path);
  const zeros = ctx.entities.map((e) => `${pyStr(e.plural)}: 0`);
  const creatable = ctx.entities.filter((e) => canCreate(e, ctx.entities));
  const tests = [
    testFunction("test_stats_start_at_zero", [
      `    response = client.get(${path})`,
      `    assert response.status_code == ${ctx.stats.status}`,
      wrapCall("    ", "assert response.json() == ", zeros, "", "{}"),
    ]),
  ];
  if (creatable.length > 0) {
    tests.push(testFunction("test_stats_count_rows", [
      ...creatable.map((e) => `    api.create(${pyStr(e.plural)}${ctx.auth ? ", alice" : ""})`),
      `    counts = client.get(${path}${asAlice(ctx.auth)}).json()`,
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
  return pyModule([testImports('"""Tests of the stats endpoint."""', tests.join("\n")), ...tests]);
}
