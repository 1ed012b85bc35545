/**
 * Building blocks of generated pytest modules: test functions whose
 * fixtures and imports follow from their bodies. Private to this folder.
 *
 * @module
 */
import type { BackendContext, CrudAction, EntityPlan } from "./context.ts";
import { creatorRole } from "./tests.ts";
import { itemParam } from "./context.ts";
import { pyFromImport, pyLiteral, pyStr, type PyValue, wrapCall } from "./python.ts";

/** Fixtures of conftest.py in parameter order: name, type, and how a body uses it. */
const FIXTURES: readonly [string, string, RegExp][] = [
  ["client", "TestClient", /\bclient\./],
  ["api", "Api", /\bapi\./],
  ["alice", "Headers", /\balice\b/],
  ["bob", "Headers", /\bbob\b/],
  ["staff", "Headers", /\bstaff\b/],
];

/**
 * A test function taking the fixtures its body uses.
 *
 * @param name The function name, starting with `test_`.
 * @param body Its lines, indented by four spaces.
 * @param options `params` after the fixtures (for parametrized tests) and
 *   `decorators` above the function.
 * @returns The function source.
 */
export function testFunction(
  name: string,
  body: readonly string[],
  options: { params?: string[]; decorators?: string[] } = {},
): string {
  const text = withoutRepeatedPaths(body).join("\n");
  const fixtures = FIXTURES
    .filter(([, , used]) => used.test(text))
    .map(([fixture, type]) => `${fixture}: ${type}`);
  return [
    ...(options.decorators ?? []),
    wrapCall("", `def ${name}`, [...fixtures, ...(options.params ?? [])], " -> None:"),
    text,
  ].join("\n");
}

/** The fixtures an exploit probe may take: conftest's and pytest's own. */
const PROBE_FIXTURES: readonly [string, string, RegExp][] = [
  ["client", "TestClient", /\bclient\b/],
  ["api", "Api", /\bapi\./],
  ["alice", "Headers", /\balice\b/],
  ["bob", "Headers", /\bbob\b/],
  ["staff", "Headers", /\bstaff\b/],
  ["monkeypatch", "pytest.MonkeyPatch", /\bmonkeypatch\./],
  ["tmp_path", "Path", /\btmp_path\b/],
];

/**
 * A test function of the exploit suite, taking the fixtures its body uses
 * (any use of `client`, and pytest's `monkeypatch` and `tmp_path`).
 *
 * @param name The function name, starting with `test_`.
 * @param body Its lines, indented by four spaces.
 * @returns The function source.
 */
export function probe(name: string, body: readonly string[]): string {
  const text = body.join("\n");
  const fixtures = PROBE_FIXTURES
    .filter(([, , used]) => used.test(text))
    .map(([fixture, type]) => `${fixture}: ${type}`);
  return [wrapCall("", `def ${name}`, fixtures, " -> None:"), text].join("\n");
}

/**
 * The import block of a test module, from the names its code uses.
 *
 * @param doc The module docstring, already quoted.
 * @param code The rest of the module.
 * @returns The docstring and imports.
 */
export function testImports(doc: string, code: string): string {
  const uses = (pattern: RegExp) => pattern.test(code);
  const stdlib = [
    ...(uses(/\bdatetime\.|\btimedelta\(|\bdate\.today\(/)
      ? [
        `from datetime import ${
          ["date", "datetime", "timedelta"].filter((n) => uses(new RegExp(`\\b${n}[.(]`))).join(
            ", ",
          )
        }`,
      ]
      : []),
    ...(uses(/\bAny\b/) ? ["from typing import Any"] : []),
  ];
  const third = [
    ...(uses(/\bpytest\./) ? ["import pytest"] : []),
    ...(uses(/\bTestClient\b/) ? ["from fastapi.testclient import TestClient"] : []),
  ];
  const support = ["STAFF_CODE", "Api", "Headers", "PASSWORD", "register"].filter((n) =>
    uses(new RegExp(`\\b${n}\\b`))
  );
  const local = support.length === 0 ? [] : [pyFromImport("tests.support", support)];
  const groups = [stdlib, third, local].filter((g) => g.length > 0).map((g) => g.join("\n"));
  return groups.length === 0 ? doc : `${doc}\n${groups.join("\n\n")}`;
}

/**
 * The Python expression of an item path of an entity.
 *
 * @param plan The entity.
 * @param action get, update or delete.
 * @param id A Python expression of the id, e.g. `row['id']`, or a number.
 * @returns e.g. `f"/api/posts/{row['id']}"` or `"/api/posts/999999"`.
 */
export function itemPath(plan: EntityPlan, action: CrudAction, id: string | number): string {
  const endpoint = plan.routes[action]!;
  const param = `{${itemParam(endpoint)}}`;
  if (!endpoint.path.includes(param)) return pyStr(endpoint.path);
  if (typeof id === "number") return pyStr(endpoint.path.replace(param, String(id)));
  return `f${pyStr(endpoint.path.replace(param, `{${id}}`))}`;
}

/**
 * The Python expression of a collection path of an entity.
 *
 * @param plan The entity.
 * @param action list or create.
 * @returns e.g. `"/api/posts"`.
 */
export function listPath(plan: EntityPlan, action: "list" | "create"): string {
  return pyStr(plan.routes[action]!.path);
}

/**
 * Who writes an entity's rows in the generated tests: alice, unless the
 * spec lets only some roles create them (then the staff fixture, or a user
 * of the role `api` signs up).
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @returns A Python expression of Authorization headers.
 */
export function writerOf(ctx: BackendContext, plan: EntityPlan): string {
  const role = creatorRole(ctx, plan);
  if (role === undefined) return "alice";
  return ctx.roles.find((r) => r.staff)?.name === role ? "staff" : `api.as_role(${pyStr(role)})`;
}

/**
 * The keyword argument passing the writer's header, when needed.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @param needed Whether the request needs a token.
 * @returns `["headers=alice"]`, `["headers=staff"]` or nothing.
 */
export function asWriter(ctx: BackendContext, plan: EntityPlan, needed: boolean): string[] {
  const role = creatorRole(ctx, plan) !== undefined;
  return needed || role ? [`headers=${writerOf(ctx, plan)}`] : [];
}

/**
 * The keyword argument passing the signed-in user's header, when needed.
 *
 * @param needed Whether the request needs a token.
 * @returns `["headers=alice"]` or nothing.
 */
export function asAlice(needed: boolean): string[] {
  return needed ? ["headers=alice"] : [];
}

/**
 * One statement of a test calling the test client, wrapped to fit.
 *
 * @param head What comes before `client.<method>(`, e.g. `response = `.
 * @param method The client method, e.g. `get`.
 * @param args The call's arguments.
 * @param tail What follows the call, e.g. `.status_code == 404`.
 * @param indent The indentation of the statement.
 * @returns The statement.
 */
export function request(
  head: string,
  method: string,
  args: string[],
  tail = "",
  indent = "    ",
): string {
  return wrapCall(indent, `${head}client.${method}`, args, tail);
}

/**
 * A comparison with `==`, or with `is` for `None` and booleans.
 *
 * @param left A Python expression.
 * @param value The expected value.
 * @returns The assert statement, indented for a function body.
 */
export function assertEquals(left: string, value: PyValue): string {
  const op = value === null || typeof value === "boolean" ? "is" : "==";
  return `    assert ${left} ${op} ${pyLiteral(value)}`;
}

/** Drops a `path = X` line when `path` already holds X. */
function withoutRepeatedPaths(body: readonly string[]): string[] {
  let current: string | undefined;
  return body.filter((line) => {
    const match = /^ {4}path = (.*)$/.exec(line);
    if (match === null) return true;
    if (match[1] === current) return false;
    current = match[1];
    return true;
  });
}
