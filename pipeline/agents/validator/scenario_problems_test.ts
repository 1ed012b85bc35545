import assert from "node:assert/strict";
import type { Requirement } from "../../../core/behaviours.ts";
import { librarySpec, linkSpec } from "../../../tests/fixtures/behaviour_specs.ts";
import { librarySpecWith, RETURN_LOAN, UI_ONLY, WRONG_SCENARIO } from "./_testing.ts";
import { pageFits, specScenarioProblems, stepEndpoint } from "./scenario_problems.ts";

function oneScenario(
  steps: Requirement["scenarios"][number]["steps"],
  actors?: Record<string, object>,
) {
  return librarySpecWith({
    ...RETURN_LOAN,
    scenarios: [{ name: "s", steps, ...(actors ? { actors } : {}) }],
  });
}

Deno.test("stepEndpoint() finds the endpoint a step calls, literal segments first", () => {
  assert.equal(
    stepEndpoint(librarySpec, "GET", "/api/loans/overdue")?.id,
    "GET /api/loans/overdue",
  );
  assert.equal(stepEndpoint(librarySpec, "GET", "/api/loans/{loan}")?.id, "GET /api/loans/{id}");
  assert.equal(stepEndpoint(librarySpec, "GET", "/api/loans/12")?.id, "GET /api/loans/{id}");
  assert.equal(
    stepEndpoint(librarySpec, "POST", "/api/loans/{loan}/return")?.id,
    "POST /api/loans/{id}/return",
  );
  assert.equal(stepEndpoint(librarySpec, "GET", "/api/books?q=dune&limit=5")?.id, "GET /api/books");
  assert.equal(stepEndpoint(linkSpec, "GET", "/r/{code}")?.id, "GET /r/{code}");
  assert.equal(stepEndpoint(librarySpec, "PATCH", "/api/loans/1"), undefined);
  assert.equal(stepEndpoint(librarySpec, "POST", "/api/loans/1/renew"), undefined);
});

Deno.test("pageFits() matches spec page routes, [id] standing for any segment", () => {
  assert.ok(pageFits(librarySpec, "/loans"));
  assert.ok(pageFits(librarySpec, "/loans/{loan}"));
  assert.ok(pageFits(librarySpec, "/loans/overdue"));
  assert.ok(!pageFits(librarySpec, "/loans/1/edit"));
});

Deno.test("specScenarioProblems() accepts scenarios that fit the spec", () => {
  assert.deepEqual(specScenarioProblems(librarySpecWith(RETURN_LOAN, UI_ONLY)), []);
});

Deno.test("specScenarioProblems() names a step calling an endpoint the spec lacks", () => {
  assert.deepEqual(specScenarioProblems(librarySpecWith(WRONG_SCENARIO)), [{
    requirement: "r4",
    scenario: "renew a loan",
    step: 0,
    message: "calls POST /api/loans/1/renew, which is not an endpoint of the spec",
  }]);
});

Deno.test("specScenarioProblems() names a success status the spec contradicts", () => {
  const [problem] = specScenarioProblems(oneScenario([
    { method: "POST", path: "/api/books", body: { title: "x" }, status: 200 },
  ]));
  assert.equal(problem?.message, "expects 200 from POST /api/books, which answers 201 in the spec");
});

Deno.test("specScenarioProblems() names placeholders no earlier step saved", () => {
  const problems = specScenarioProblems(oneScenario([
    { method: "GET", path: "/api/loans/{loan}", status: 200, save: { loan: "id" } },
    {
      method: "POST",
      path: "/api/loans/{loan}/return",
      status: 200,
      expect: { book_id: "{book}" },
    },
  ]));
  assert.deepEqual(problems.map((p) => [p.step, p.message]), [
    [0, 'uses "{loan}", which no earlier step saves'],
    [1, 'uses "{book}", which no earlier step saves'],
  ]);
});

Deno.test("specScenarioProblems() names undeclared actors, reserved saves, bad matchers and UI steps", () => {
  const problems = specScenarioProblems(oneScenario([
    { as: "bob", method: "GET", path: "/api/books", status: 200, save: { today: "0.id" } },
    { method: "GET", path: "/api/books", status: 200, expect: { $size: 1 } },
    { ui: "click", role: "button" },
    { ui: "goto", path: "/books/1/edit" },
    { as: "anonymous", ui: "see", text: "Books" },
  ], { alice: {} }));
  assert.deepEqual(problems.map((p) => [p.step, p.message]), [
    [0, `acts as "bob", who is not one of the scenario's actors (alice)`],
    [0, `saves under "today", which is a built-in placeholder`],
    [
      1,
      `expect $: unknown matcher "$size" (known: $len, $has, $lacks, $sorted, $gte, $lte, $type, $absent, $ne, $contains)`,
    ],
    [2, `"click" needs "name"`],
    [3, "opens /books/1/edit, which is not a page of the spec"],
  ]);
});

Deno.test("specScenarioProblems() leaves requirements that are not implemented alone", () => {
  assert.deepEqual(
    specScenarioProblems(
      librarySpecWith({ ...WRONG_SCENARIO, status: "not_implemented", reason: "no" }),
    ),
    [],
  );
});
