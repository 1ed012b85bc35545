import assert from "node:assert/strict";
import { librarySpecWith, NOT_DONE, RETURN_LOAN, UI_ONLY } from "./_testing.ts";
import {
  requirementOutcomes,
  scenarioFindingMessage,
  scenarioOfMessage,
  type ValidationLike,
} from "./scenario_results.ts";

const spec = librarySpecWith(
  RETURN_LOAN,
  UI_ONLY,
  NOT_DONE,
  {
    ...RETURN_LOAN,
    id: "r4",
    text: "Twice",
    scenarios: [RETURN_LOAN.scenarios[0]!, { ...RETURN_LOAN.scenarios[0]!, name: "second" }],
  },
);

function validation(
  status: "passed" | "failed" | "skipped",
  messages: string[] = [],
  detail = "",
): ValidationLike {
  return {
    checks: [{ check: "acceptance_scenarios", status, detail }],
    findings: messages.map((message) => ({
      check: "acceptance_scenarios",
      message,
      severity: "error",
    })),
  };
}

const table = (v: ValidationLike | undefined): [string, boolean, string[]][] =>
  requirementOutcomes(spec, v).map((o) => [
    o.requirement.id,
    o.proven,
    o.scenarios.map((s) => `${s.status}${s.detail ? `: ${s.detail}` : ""}`),
  ]);

Deno.test("requirementOutcomes() proves a requirement whose scenarios passed", () => {
  assert.deepEqual(table(validation("passed")), [
    ["r1", true, ["passed"]],
    ["r2", false, ["not_run: UI steps only: `verify` runs it in Chromium"]],
    ["r3", false, []],
    ["r4", true, ["passed", "passed"]],
  ]);
});

Deno.test("requirementOutcomes() reads a failing scenario from its finding", () => {
  const failing = scenarioFindingMessage("r4", "second", "fails at step 4 of 5: expected 200");
  assert.deepEqual(table(validation("failed", [failing])).slice(3), [
    ["r4", false, ["passed", "failed: fails at step 4 of 5: expected 200"]],
  ]);
});

Deno.test("requirementOutcomes() says not run when the check was skipped or could not run", () => {
  assert.deepEqual(
    table(validation("skipped", [], "no python3 that imports fastapi")).map((r) => r[2]),
    [
      ["not_run: no python3 that imports fastapi"],
      ["not_run: UI steps only: `verify` runs it in Chromium"],
      [],
      ["not_run: no python3 that imports fastapi", "not_run: no python3 that imports fastapi"],
    ],
  );
  const crashed = validation("failed", [
    "python -m tests.scenarios printed no result for any scenario",
  ]);
  assert.equal(
    table(crashed)[0]![2]![0],
    "not_run: python -m tests.scenarios printed no result for any scenario",
  );
  const noImport = validation("failed", [], "1 scenario(s) not run: the backend does not import");
  assert.equal(table(noImport)[0]![1], false);
  assert.match(String(table(noImport)[0]![2]![0]), /^not_run: 1 scenario/);
  assert.equal(table(undefined)[0]![2]![0], "not_run: the validator did not run");
});

Deno.test("scenarioOfMessage() reads back the requirement and scenario of a finding", () => {
  const message = scenarioFindingMessage("r12", 'say "hi": twice', "fails");
  assert.deepEqual(scenarioOfMessage(message), {
    requirement: "r12",
    scenario: 'say "hi": twice',
    text: "fails",
  });
  assert.equal(scenarioOfMessage("python -m tests.scenarios stopped"), undefined);
});
