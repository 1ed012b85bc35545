/**
 * Renders the shared parts of the generated pytest suite: `tests/support.py`
 * (sample bodies and row creation) and `tests/conftest.py`. Entity tests are
 * in `entity_tests.ts`, feature tests with their feature (`../features/`).
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./context.ts";
import { canCreate } from "./context.ts";
import { pyLiteral, pyModule, pyStr, wrapCall } from "./python.ts";
import { feeds, requiredRows, ruleSample, sameParents, uniqueFields } from "./test_data.ts";
import { pyTuple } from "./route_access.ts";

const API_CLASS = `class Api:
    """Creates rows through the API, creating what they need first."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.serial = 0
        self.roles: dict[str, Headers] = {}

    def read(
        self, plural: str, row_id: int, headers: Headers | None = None
    ) -> dict[str, Any]:
        """One row of an entity."""
        response = self.client.get(ITEMS[plural].format(row_id), headers=headers)
        assert response.status_code == 200, response.text
        row: dict[str, Any] = response.json()
        return row

    def unique(self, plural: str, body: dict[str, Any], given: dict[str, Any]) -> None:
        """Gives the body's unique fields values no other row has (emails and
        URLs staying valid)."""
        for field in UNIQUE.get(plural, ()):
            if field not in given and isinstance(body.get(field), str):
                self.serial += 1
                value = body[field]
                if "@" in value:
                    local, _, domain = value.partition("@")
                    body[field] = f"{local}{self.serial}@{domain}"
                elif value.startswith(("http://", "https://")):
                    body[field] = f"{value}-{self.serial}"
                else:
                    body[field] = f"{value} {self.serial}"

    def satisfy(
        self, plural: str, body: dict[str, Any], headers: Headers | None = None
    ) -> None:
        """Creates the rows the body's rules need: records and stock."""
        for other, fields in REQUIRES.get(plural, []):
            self.create(
                other, headers, **{theirs: body[mine] for theirs, mine in fields.items()}
            )
        for via, feeder, feeder_via, values in FEEDS.get(plural, []):
            if body.get(via) is not None:
                self.create(feeder, headers, **{feeder_via: body[via], **values})

    def payload(
        self,
        plural: str,
        headers: Headers | None = None,
        satisfy: bool = True,
        **values: Any,
    ) -> dict[str, Any]:
        """A valid create body of an entity, with \`values\` on top."""
        body = {**SAMPLES[plural], **values}
        self.unique(plural, body, values)
        copied = SAME_PARENT.get(plural, {}) if satisfy else {}
        for field, (source, parent, column) in copied.items():
            if source not in body:
                given = {column: body[field]} if field in body else {}
                body[source] = self.create(parent, headers, **given)["id"]
            if field not in body:
                body[field] = self.read(parent, body[source], headers)[column]
        for field, parent in PARENTS[plural].items():
            if field not in body:
                body[field] = self.create(parent, headers)["id"]
        if satisfy:
            self.satisfy(plural, body, headers)
        return body

    def changes(
        self, plural: str, row: dict[str, Any], headers: Headers | None = None
    ) -> dict[str, Any]:
        """A valid update body: other values, the row's relations."""
        body = {**CHANGES[plural]}
        self.unique(plural, body, {})
        for field in PARENTS[plural]:
            body[field] = row[field]
        for field in SAME_PARENT.get(plural, {}):
            body[field] = row[field]
        self.satisfy(plural, body, headers)
        return body

    def create(
        self, plural: str, headers: Headers | None = None, **values: Any
    ) -> dict[str, Any]:
        """Creates a row of an entity and returns it (as a user of the role
        its creation needs, when only some roles may create it)."""
        path, status = CREATE[plural]
        if plural in CREATOR_ROLE:
            headers = self.as_role(CREATOR_ROLE[plural])
        body = self.payload(plural, headers, **values)
        response = self.client.post(path, json=body, headers=headers)
        assert response.status_code == status, response.text
        row: dict[str, Any] = response.json()
        return row
ROLE_METHOD
`;

const ROLE_METHOD = `    def as_role(self, role: str) -> Headers:
        """The Authorization header of a user of a role (signed up on first
        use, with the staff code)."""
        if role not in self.roles:
            email = f"{role}@example.com"
            self.roles[role] = register(self.client, email, role.title(), role)
        return self.roles[role]`;

/**
 * The role rows of an entity are created as in tests, when the spec lets
 * only some roles create them and not the role everyone signs up as.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @returns A staff role among those allowed (else the first), or undefined.
 */
export function creatorRole(ctx: BackendContext, plan: EntityPlan): string | undefined {
  const allowed = plan.behaviour.permissions.create;
  if (ctx.roles.length === 0 || allowed === undefined || allowed.length === 0) return undefined;
  if (allowed.includes(ctx.roles[0]!.name)) return undefined;
  return ctx.roles.find((r) => r.staff && allowed.includes(r.name))?.name ?? allowed[0];
}

/**
 * Renders `backend/tests/support.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderSupport(ctx: BackendContext): string {
  const creatable = ctx.entities.filter((e) => canCreate(e, ctx.entities));
  const create = creatable.map((e) =>
    wrapCall("    ", `${pyStr(e.plural)}: `, [
      pyStr(e.routes.create!.path),
      String(e.routes.create!.status),
    ], ",")
  );
  const bodies = (variant: 0 | 1) =>
    creatable.flatMap((e) => [
      `    ${pyStr(e.plural)}: {`,
      ...e.inputs.map((f) =>
        `        ${pyStr(f.name)}: ${pyLiteral(ruleSample(ctx, e, f, variant))},`
      ),
      "    },",
    ]);
  const parents = creatable.map((e) => {
    const links = e.parents.filter((p) => p.relation.required)
      .map((p) => `${pyStr(p.relation.field)}: ${pyStr(p.parent.plural)}`);
    return wrapCall("    ", `${pyStr(e.plural)}: `, links, ",", "{}");
  });
  const table = (name: string, type: string, comment: string, rows: string[]) =>
    [
      `# ${comment}`,
      rows.length === 0 ? `${name}: ${type} = {}` : `${name}: ${type} = {\n${rows.join("\n")}\n}`,
    ].join("\n");
  const items = ctx.entities.filter((e) => e.routes.get !== undefined).map((e) =>
    `    ${pyStr(e.plural)}: ${pyStr(e.routes.get!.path.replace(/\{[a-z0-9_]+\}$/, "{}"))},`
  );
  const creatorRoles = creatable.flatMap((e) => {
    const role = creatorRole(ctx, e);
    return role === undefined ? [] : [`    ${pyStr(e.plural)}: ${pyStr(role)},`];
  });
  const unique = creatable.flatMap((e) => {
    const fields = uniqueFields(ctx, e);
    return fields.length === 0 ? [] : [`    ${pyStr(e.plural)}: ${pyTuple(fields)},`];
  });
  const same = creatable.flatMap((e) => {
    const list = sameParents(ctx, e);
    return list.length === 0 ? [] : [wrapCall(
      "    ",
      `${pyStr(e.plural)}: `,
      list.map((s) =>
        `${pyStr(s.field)}: (${pyStr(s.source)}, ${pyStr(s.sourcePlural)}, ${pyStr(s.column)})`
      ),
      ",",
      "{}",
    )];
  });
  const requires = creatable.flatMap((e) => {
    const list = requiredRows(ctx, e);
    return list.length === 0 ? [] : [wrapCall(
      "    ",
      `${pyStr(e.plural)}: `,
      list.map((r) =>
        `(${pyStr(r.other)}, {${
          r.pairs.map(([mine, theirs]) => `${pyStr(theirs)}: ${pyStr(mine)}`).join(", ")
        }})`
      ),
      ",",
      "[]",
    )];
  });
  const feedRows = creatable.flatMap((e) => {
    const list = feeds(ctx, e);
    return list.length === 0 ? [] : [wrapCall(
      "    ",
      `${pyStr(e.plural)}: `,
      list.map((f) =>
        `(${pyStr(f.via)}, ${pyStr(f.feeder)}, ${pyStr(f.feederVia)}, {${
          Object.entries(f.values).map(([k, v]) => `${pyStr(k)}: ${pyLiteral(v)}`).join(", ")
        }})`
      ),
      ",",
      "[]",
    )];
  });
  const blocks = [
    [
      '"""Helpers of the test suite: sample bodies and creating rows.',
      "",
      "Rows are made to satisfy the app's rules: unique values get a serial",
      "number, and the rows a rule needs (a parent's other parent, a required",
      "record, stock) are created first.",
      '"""',
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
      table("ITEMS", "dict[str, str]", "Where one row of each entity is read.", items),
      "",
      "# A valid create body of each entity, without relation ids.",
      "SAMPLES: dict[str, dict[str, Any]] = {",
      ...bodies(0),
      "}",
      "",
      "# Other valid values of each entity, for updates.",
      "CHANGES: dict[str, dict[str, Any]] = {",
      ...bodies(1),
      "}",
      "",
      "# The required relations of each entity: field -> parent entity.",
      "PARENTS: dict[str, dict[str, str]] = {",
      ...parents,
      "}",
      "",
      table("UNIQUE", "dict[str, tuple[str, ...]]", "Fields no two rows may share.", unique),
      "",
      table(
        "CREATOR_ROLE",
        "dict[str, str]",
        "Entities only some roles may create: the role rows are created as.",
        creatorRoles,
      ),
      "",
      table(
        "SAME_PARENT",
        "dict[str, dict[str, tuple[str, str, str]]]",
        "Fields copied from a parent row: field -> (relation, parent entity, its field).",
        same,
      ),
      "",
      table(
        "REQUIRES",
        "dict[str, list[tuple[str, dict[str, str]]]]",
        "Rows that must exist first: (entity, its field -> this row's field).",
        requires,
      ),
      "",
      table(
        "FEEDS",
        "dict[str, list[tuple[str, str, str, dict[str, Any]]]]",
        "Rows that give a parent stock first: (relation, entity, its relation, values).",
        feedRows,
      ),
    ].join("\n"),
    API_CLASS.replace("\nROLE_METHOD\n", ctx.roles.length > 0 ? `\n\n${ROLE_METHOD}\n` : "\n"),
  ];
  if (ctx.auth) {
    const register = ctx.authRoutes.register;
    const roles = ctx.roles.length > 0;
    blocks.push(
      [
        'PASSWORD = "correct horse battery staple"',
        ...(roles
          ? ["", "# The staff code the tests run the app with.", 'STAFF_CODE = "test-staff-code"']
          : []),
      ].join("\n"),
      roles
        ? [
          "def register(",
          "    client: TestClient, email: str, name: str, role: str | None = None",
          ") -> Headers:",
          '    """Registers an account (with a role, given the staff code) and',
          '    returns its Authorization header."""',
          '    body: dict[str, Any] = {"email": email, "password": PASSWORD, "name": name}',
          "    if role is not None:",
          "        body.update(role=role, staff_code=STAFF_CODE)",
          `    response = client.post(${pyStr(register.path)}, json=body)`,
          `    assert response.status_code == ${register.status}, response.text`,
          `    return {"Authorization": f"Bearer {response.json()['token']}"}`,
        ].join("\n")
        : [
          "def register(client: TestClient, email: str, name: str) -> Headers:",
          '    """Registers an account and returns its Authorization header."""',
          '    body = {"email": email, "password": PASSWORD, "name": name}',
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
      ...(ctx.auth ? ["from app import auth"] : []),
      "from app.main import create_app",
      `from tests.support import ${
        ctx.auth
          ? (ctx.roles.length > 0 ? "STAFF_CODE, Api, Headers, register" : "Api, Headers, register")
          : "Api"
      }`,
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
    blocks.push([
      "@pytest.fixture(autouse=True)",
      "def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:",
      '    """Hashes new passwords cheaply: most tests sign users up, and the',
      '    production cost would make the suite take minutes."""',
      '    monkeypatch.setattr(auth, "PASSWORD_ITERATIONS", 1_000)',
    ].join("\n"));
    for (
      const [name, label] of [["alice", "A signed-in user"], ["bob", "Another signed-in user"]]
    ) {
      blocks.push([
        "@pytest.fixture()",
        `def ${name}(client: TestClient) -> Headers:`,
        `    """The Authorization header of ${label!.toLowerCase()}."""`,
        `    return register(client, "${name}@example.com", "${capital(name!)}")`,
      ].join("\n"));
    }
    const staff = ctx.roles.filter((r) => r.staff);
    if (ctx.roles.length > 0) {
      blocks.push([
        "@pytest.fixture(autouse=True)",
        "def staff_code(monkeypatch: pytest.MonkeyPatch) -> None:",
        '    """Runs the app with a staff code, so staff roles can sign up."""',
        '    monkeypatch.setenv("STAFF_SIGNUP_CODE", STAFF_CODE)',
      ].join("\n"));
    }
    if (staff.length > 0) {
      blocks.push([
        "@pytest.fixture()",
        "def staff(api: Api) -> Headers:",
        `    """The Authorization header of a signed-in ${
          staff[0]!.label.toLowerCase()
        } (a staff role), the user \`api\` creates staff-only rows as."""`,
        `    return api.as_role(${pyStr(staff[0]!.name)})`,
      ].join("\n"));
    }
  }
  return pyModule(blocks);
}

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
