import assert from "node:assert/strict";
import { blogSpec, shopSpec, todoSpec } from "../tests/fixtures/sample_specs.ts";
import { checkApi } from "./api_checks.ts";
import { fakeApi } from "./_fake_api.ts";

const baseUrl = "http://127.0.0.1:9";

Deno.test("checkApi() passes every endpoint of a backend that follows the spec", async (t) => {
  for (const spec of [blogSpec, todoSpec, shopSpec]) {
    await t.step(spec.name, async () => {
      const outcomes = await checkApi(spec, { baseUrl, fetch: fakeApi(spec) });
      assert.equal(outcomes.length, spec.endpoints.length);
      for (const outcome of outcomes) {
        assert.deepEqual(outcome.problems, [], outcome.id);
        assert.ok(outcome.calls > 0, outcome.id);
      }
    });
  }
});

Deno.test("checkApi() reports a create answering 200 instead of 201", async () => {
  const outcomes = await checkApi(blogSpec, {
    baseUrl,
    fetch: fakeApi(blogSpec, { createStatus200: true }),
  });
  const create = outcomes.find((o) => o.id === "POST /api/posts")!;
  assert.match(create.problems[0] ?? "", /status 200, expected 201/);
});

Deno.test("checkApi() reports a row missing a spec field", async () => {
  const outcomes = await checkApi(blogSpec, {
    baseUrl,
    fetch: fakeApi(blogSpec, { dropField: "body" }),
  });
  const get = outcomes.find((o) => o.id === "GET /api/posts/{id}")!;
  assert.ok(get.problems.some((p) => p.includes(`Post: "body" is missing`)), get.problems.join());
});

Deno.test("checkApi() reports a field of the wrong JSON type", async () => {
  const outcomes = await checkApi(blogSpec, {
    baseUrl,
    fetch: fakeApi(blogSpec, { stringify: "rating" }),
  });
  const list = outcomes.find((o) => o.id === "GET /api/comments")!;
  assert.ok(
    list.problems.some((p) => p.includes(`"rating" is "3", not an integer`)),
    list.problems.join(),
  );
});

Deno.test("checkApi() reports protected endpoints that serve anonymous callers", async () => {
  const outcomes = await checkApi(todoSpec, {
    baseUrl,
    fetch: fakeApi(todoSpec, { noAuth: true }),
  });
  const create = outcomes.find((o) => o.id === "POST /api/todos")!;
  assert.ok(create.problems.some((p) => p.includes("expected 401")), create.problems.join());
});
