import assert from "node:assert/strict";
import type { GeneratedFile } from "../../../core/artifact.ts";
import type { Spec } from "../../../core/spec.ts";
import type { CheckInput } from "./_outcome.ts";
import {
  librarySpecWith,
  NOT_DONE,
  RETURN_LOAN,
  standinBackend,
  UI_ONLY,
  WRONG_SCENARIO,
} from "./_testing.ts";
import { createBackendRunner } from "./backend_runner.ts";
import { runChecks } from "./checks.ts";
import { checkImports, checkScenarios, parseScenarioLines } from "./runtime_checks.ts";
import { detectToolchain, type Toolchain } from "./toolchain.ts";

const found = await detectToolchain(Deno.env.get("STACKFORGE_PYTHON"));
const ignore = found.fastapiPython === undefined;
const toolchain: Toolchain = ignore ? {} : { fastapiPython: found.fastapiPython! };

function input(spec: Spec, backend: GeneratedFile[], extra: Partial<CheckInput> = {}): CheckInput {
  return { spec, frontend: [], backend, toolchain, now: () => performance.now(), ...extra };
}

const spec = librarySpecWith(RETURN_LOAN, UI_ONLY, NOT_DONE);
const ROUTES = standinBackend(spec).find((f) => f.path === "backend/app/routes.py")!.content;

Deno.test({
  name: "acceptance_scenarios passes when the backend's runner reports every scenario passing",
  ignore,
  async fn() {
    const run = input(spec, standinBackend(spec));
    const [imports, scenarios] = await Promise.all([checkImports(run), checkScenarios(run)]);
    assert.equal(imports.status, "passed", imports.detail);
    assert.equal(scenarios.status, "passed", scenarios.detail);
    assert.equal(
      scenarios.detail,
      "1/1 scenario(s) of 2 requirement(s) passed; 1 with UI steps only, for `verify`",
    );
  },
});

Deno.test({
  name:
    "acceptance_scenarios fails a backend whose action route is missing, and routes it to be_executor",
  ignore,
  async fn() {
    const broken = standinBackend(spec, {
      files: { "app/routes.py": ROUTES.replace('if "return" not in BROKEN:', "if False:") },
    });
    const result = await checkScenarios(input(spec, broken));
    assert.equal(result.status, "failed");
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding!.agent, "be_executor");
    assert.equal(finding!.check, "acceptance_scenarios");
    assert.match(
      finding!.message,
      /^r1 "return a loan, then again": fails at step 4 of 5 \(POST \/api\/loans\/\{loan\}\/return\): expected status 200, got 40[45]/,
    );
  },
});

Deno.test({
  name: "acceptance_scenarios names the router file of a step whose route answers wrongly",
  ignore,
  async fn() {
    const broken = standinBackend(spec, {
      files: {
        "app/routes.py": ROUTES.replace(
          'row["returned_at"] = date.today().isoformat()',
          'row["returned_at"] = None',
        ),
      },
    });
    const [finding] = (await checkScenarios(input(spec, broken))).findings;
    assert.equal(finding?.file, "backend/app/routes.py");
    assert.match(finding!.message, /returned_at: expected a value of type string, got null/);
  },
});

Deno.test({
  name: "acceptance_scenarios routes a scenario that cannot be right to the planner",
  ignore,
  async fn() {
    const wrong = librarySpecWith(RETURN_LOAN, WRONG_SCENARIO);
    const result = await checkScenarios(input(wrong, standinBackend(wrong)));
    assert.equal(result.status, "failed");
    assert.deepEqual(result.findings.map((f) => [f.agent, f.message]), [[
      "planner",
      'r4 "renew a loan": cannot pass against any app: step 1: calls POST /api/loans/1/renew, which is not an endpoint of the spec',
    ]]);
  },
});

Deno.test("acceptance_scenarios blames the planner for a wrong scenario even without Python", async () => {
  const wrong = librarySpecWith(WRONG_SCENARIO);
  const result = await checkScenarios(input(wrong, standinBackend(wrong), { toolchain: {} }));
  assert.equal(result.status, "failed");
  assert.equal(result.findings[0]?.agent, "planner");
});

Deno.test("without a FastAPI Python both runtime checks are skipped with the install command, never passed", async () => {
  const run = input(spec, standinBackend(spec), { toolchain: { python: "/usr/bin/python3" } });
  for (const result of [await checkImports(run), await checkScenarios(run)]) {
    assert.equal(result.status, "skipped");
    assert.match(result.detail, /no python3 that imports fastapi/);
    assert.match(result.detail, /apt-get install -y python3-fastapi/);
    assert.deepEqual(result.findings, []);
  }
});

Deno.test({
  name: "python_imports fails an app that does not import, and the scenarios are not run",
  ignore,
  async fn() {
    const broken = standinBackend(spec, {
      files: {
        "app/main.py": "from datetime import date\n\nfrom pydantic import BaseModel\n\n\n" +
          "class Reservation(BaseModel):\n    slot: str\n    date: date | None = None\n",
      },
    });
    const run = input(spec, broken);
    const imports = await checkImports(run);
    assert.equal(imports.status, "failed");
    assert.equal(imports.findings[0]?.agent, "be_executor");
    assert.equal(imports.findings[0]?.file, "backend/app/main.py");
    assert.match(imports.findings[0]!.message, /does not import.*app\/main\.py line 8: TypeError/);
    const scenarios = await checkScenarios(run);
    assert.equal(scenarios.status, "failed");
    assert.match(scenarios.detail, /1 scenario\(s\) not run: the backend does not import/);
    assert.deepEqual(scenarios.findings, [], "the import finding says it once");
  },
});

Deno.test({
  name: "acceptance_scenarios asks be_executor for a runner when tests/scenarios.py is missing",
  ignore,
  async fn() {
    const result = await checkScenarios(
      input(spec, standinBackend(spec, { files: { "tests/scenarios.py": null } })),
    );
    assert.equal(result.status, "failed");
    assert.match(result.findings[0]!.message, /backend\/tests\/scenarios\.py is missing/);
    assert.equal(result.findings[0]!.agent, "be_executor");
  },
});

Deno.test({
  name: "acceptance_scenarios fails a runner that prints no result, quoting what it printed",
  ignore,
  async fn() {
    const result = await checkScenarios(input(
      spec,
      standinBackend(spec, {
        files: {
          "tests/scenarios.py": "import sys\nprint('collecting')\nprint('boom', file=sys.stderr)\n",
        },
      }),
    ));
    assert.equal(result.status, "failed");
    assert.match(
      result.findings[0]!.message,
      /python -m tests\.scenarios printed no result for any scenario \(it printed: collecting\); stderr: boom/,
    );
  },
});

Deno.test("acceptance_scenarios passes a spec without requirements, saying so", async () => {
  const result = await checkScenarios(input(librarySpecWith(), standinBackend(librarySpecWith())));
  assert.equal(result.status, "passed");
  assert.equal(result.detail, "the spec lists no requirements, so there is no scenario to run");
});

Deno.test({
  name: "model-written code the review gate flags is not run on this machine",
  ignore,
  async fn() {
    const risky = standinBackend(spec, {
      files: { "app/main.py": "import os\nos.system('echo hi')\n" },
    });
    const result = await checkImports(input(spec, risky, { provider: "openai" }));
    assert.equal(result.status, "skipped");
    assert.match(
      result.detail,
      /not run here: the review gate flags model-written code.*app\/main\.py line 2/,
    );
  },
});

Deno.test({
  name: "runChecks() runs the backend once per job for both runtime checks",
  ignore,
  async fn() {
    let runs = 0;
    const runner = createBackendRunner(found.fastapiPython!);
    const counting = {
      run: (...args: Parameters<typeof runner.run>) => (runs++, runner.run(...args)),
      close: () => runner.close(),
    };
    const { checks } = await runChecks(
      input(spec, standinBackend(spec), { toolchain: { ...toolchain, backendRunner: counting } }),
    );
    assert.equal(runs, 1);
    assert.equal(checks.find((c) => c.check === "python_imports")?.status, "passed");
    assert.equal(checks.find((c) => c.check === "acceptance_scenarios")?.status, "passed");
  },
});

Deno.test("parseScenarioLines() keeps scenario lines and sets other output apart", () => {
  const { lines, other } = parseScenarioLines([
    '{"requirement": "r1", "scenario": "a", "ok": false, "step": 2, "error": "expected 200"}',
    "",
    "warning: something",
    '{"requirement": "r1"}',
    '{"requirement": "r2", "scenario": "b", "ok": true}',
  ].join("\n"));
  assert.deepEqual(lines, [
    { requirement: "r1", scenario: "a", ok: false, step: 2, error: "expected 200" },
    { requirement: "r2", scenario: "b", ok: true, step: null, error: null },
  ]);
  assert.deepEqual(other, ["warning: something", '{"requirement": "r1"}']);
});
