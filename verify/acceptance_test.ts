import assert from "node:assert/strict";
import type { Requirement } from "../core/behaviours.ts";
import { librarySpec } from "../tests/fixtures/behaviour_specs.ts";
import { scenarioStage, uiScenarioStage } from "./acceptance.ts";
import type { GeneratedApp } from "./app.ts";

const RETURN: Requirement = {
  id: "r1",
  text: "A loan can be returned once",
  kinds: ["action_transition"],
  status: "implemented",
  by: ["action:Loan.return"],
  scenarios: [{
    name: "return twice",
    steps: [
      {
        method: "POST",
        path: "/api/loans/7/return",
        status: 200,
        expect: { returned_at: { $type: "string" } },
      },
      { method: "POST", path: "/api/loans/7/return", status: 409 },
    ],
  }],
};
const PAGE: Requirement = {
  id: "r2",
  text: "Loans have a page",
  kinds: ["crud"],
  status: "implemented",
  by: ["entity:Loan"],
  scenarios: [{
    name: "the page",
    steps: [{ ui: "goto", path: "/loans" }, { ui: "see", text: "Loans" }],
  }],
};

function app(...requirements: Requirement[]): GeneratedApp {
  return {
    dir: "/nowhere",
    backendDir: "/nowhere/backend",
    frontendDir: "/nowhere/frontend",
    spec: { ...librarySpec, requirements },
  };
}

/** A backend whose return action works once, or (broken) never refuses the second return. */
function serve(broken = false) {
  let returned = false;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    if (req.method === "POST" && new URL(req.url).pathname === "/api/loans/7/return") {
      if (returned && !broken) {
        return Response.json({ detail: "This loan was already returned" }, { status: 409 });
      }
      returned = true;
      return Response.json({ id: 7, returned_at: "2026-01-15" });
    }
    return Response.json({ detail: "Not Found" }, { status: 404 });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

Deno.test("scenarioStage() passes when every scenario passes, leaving UI-only ones to the UI stage", async () => {
  const backend = serve();
  try {
    const result = await scenarioStage(app(RETURN, PAGE), { apiUrl: backend.url });
    assert.equal(result.status, "passed", result.summary);
    assert.equal(
      result.summary,
      "1/1 scenarios of 1 requirement(s) passed; 1 with UI steps only, for the UI stage",
    );
    assert.deepEqual(result.checks.map((c) => [c.name, c.ok]), [['r1 "return twice"', true]]);
    assert.equal(result.scenarios?.length, 2);
  } finally {
    await backend.close();
  }
});

Deno.test("scenarioStage() fails naming the requirement, the scenario, the step and what came back", async () => {
  const backend = serve(true);
  try {
    const result = await scenarioStage(app(RETURN), { apiUrl: backend.url });
    assert.equal(result.status, "failed");
    assert.equal(
      result.summary,
      '1 of 1 scenarios failed: r1 "return twice" failed at step 2 of 2 (POST /api/loans/7/return): POST /api/loans/7/return: expected status 409, got 200: {"id":7,"returned_at":"2026-01-15"}',
    );
    assert.equal(result.checks[0]?.agent, "be_executor");
  } finally {
    await backend.close();
  }
});

Deno.test("scenarioStage() passes a spec without requirements, saying there was nothing to run", async () => {
  const result = await scenarioStage(app(), { apiUrl: "http://127.0.0.1:9" });
  assert.equal(result.status, "passed");
  assert.equal(result.summary, "the spec lists no requirements, so there is no scenario to run");
});

Deno.test("uiScenarioStage() without Chromium is skipped with the install command, never passed", async () => {
  const result = await uiScenarioStage(app(RETURN, PAGE), {
    url: "http://127.0.0.1:9",
    apiUrl: "http://127.0.0.1:9",
    workDir: Deno.makeTempDirSync(),
    chromiumPath: "/nonexistent/chromium",
  });
  assert.equal(result.status, "skipped");
  assert.equal(result.summary, "1 scenario(s) not run: no Chromium at /nonexistent/chromium");
  assert.match(result.install ?? "", /apt-get install -y chromium/);
  const none = await uiScenarioStage(app(RETURN), {
    url: "http://127.0.0.1:9",
    apiUrl: "http://127.0.0.1:9",
    workDir: Deno.makeTempDirSync(),
    chromiumPath: "/nonexistent/chromium",
  });
  assert.equal(none.status, "passed");
  assert.match(none.summary, /no scenario has UI steps/);
});
