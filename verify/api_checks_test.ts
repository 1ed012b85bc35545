import assert from "node:assert/strict";
import { blogSpec, shopSpec, todoSpec } from "../tests/fixtures/sample_specs.ts";
import {
  BEHAVIOUR_SPECS,
  leagueSpec,
  librarySpec,
  linkSpec,
} from "../tests/fixtures/behaviour_specs.ts";
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

Deno.test("checkApi() checks actions, views and redirects of every behaviour kind, and calls none unknown", async (t) => {
  for (const [name, spec] of Object.entries(BEHAVIOUR_SPECS)) {
    await t.step(name, async () => {
      const outcomes = await checkApi(spec, { baseUrl, fetch: fakeApi(spec) });
      for (const outcome of outcomes) {
        assert.deepEqual(outcome.problems, [], outcome.id);
        assert.ok(
          outcome.calls > 0 || outcome.note !== undefined,
          `${outcome.id} is neither called nor left to the scenarios`,
        );
      }
    });
  }
});

Deno.test("checkApi() reports a redirect that does not answer 307 with the row's URL", async () => {
  const outcomes = await checkApi(linkSpec, {
    baseUrl,
    fetch: fakeApi(linkSpec, { redirect302: true }),
  });
  const redirect = outcomes.find((o) => o.id === "GET /r/{code}")!;
  assert.match(redirect.problems.join(), /status 302, expected 307/);
});

Deno.test("checkApi() reports an action that runs on a row that does not exist", async () => {
  const outcomes = await checkApi(librarySpec, {
    baseUrl,
    fetch: fakeApi(librarySpec, { actionsIgnoreMissingRows: true }),
  });
  const action = outcomes.find((o) => o.id === "POST /api/loans/{id}/return")!;
  assert.match(action.problems.join(), /status 200 for a loan that does not exist, expected 404/);
});

Deno.test("checkApi() leaves a row a rule refuses to the scenarios, without flagging its endpoints", async () => {
  // A rule refusing every sample row: the fake answers 409 with the rule's message.
  const refusing: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (init?.method === "POST" && url.pathname === "/api/matches") {
      return Promise.resolve(
        new Response(JSON.stringify({ detail: "A team cannot play itself" }), { status: 422 }),
      );
    }
    return fakeApi(leagueSpec)(input, init);
  };
  const outcomes = await checkApi(leagueSpec, { baseUrl, fetch: refusing });
  const create = outcomes.find((o) => o.id === "POST /api/matches")!;
  assert.deepEqual(create.problems, []);
  assert.match(create.note ?? "", /refused by the rule "A team cannot play itself"/);
  assert.deepEqual(outcomes.find((o) => o.id === "DELETE /api/matches/{id}")!.problems, []);
});
