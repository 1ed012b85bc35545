/**
 * Renders the shared parts of the generated pytest suite: `tests/support.py`
 * (sample bodies and row creation) and `tests/conftest.py`. Entity tests are
 * in `entity_tests.ts`, feature tests with their feature (`../features/`).
 *
 * @module
 */
import type { BackendContext } from "./context.ts";
import { canCreate } from "./context.ts";
import { pyLiteral, pyModule, pyStr, wrapCall } from "./python.ts";
import { sampleValue } from "./samples.ts";

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
  }
  return pyModule(blocks);
}

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
