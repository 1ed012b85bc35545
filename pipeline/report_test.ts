import assert from "node:assert/strict";
import type { CheckResult, Finding } from "../core/findings.ts";
import { createJobState, type JobState } from "../core/job_state.ts";
import { DEFAULT_LIMITS } from "../core/budget.ts";
import { librarySpecWith, NOT_DONE, RETURN_LOAN, UI_ONLY } from "./agents/validator/_testing.ts";
import { scenarioFindingMessage } from "./agents/validator/scenario_results.ts";
import { renderValidationReport } from "./report.ts";
import { renderSpecMarkdown } from "./spec_markdown.ts";

const review = { findings: [], held: [] };
const ROUTER = {
  path: "backend/app/routers/loans.py",
  content: '@router.post("/api/loans/{loan_id}/return")\ndef return_loan(): ...\n',
};

function check(check: string, status: CheckResult["status"], detail = "ok"): CheckResult {
  return { check, title: check, agent: "be_executor", status, detail, durationMs: 1 };
}

function state(
  status: JobState["status"],
  checks: CheckResult[],
  findings: Finding[] = [],
  requirements = [RETURN_LOAN],
): JobState {
  const s = createJobState({
    jobId: "j1",
    userId: "local",
    prompt: "an office library",
    provider: "offline",
    limits: DEFAULT_LIMITS,
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  return {
    ...s,
    status,
    spec: librarySpecWith(...requirements),
    backend: [ROUTER],
    frontend: [],
    validation: { checks, findings, passed: !findings.some((f) => f.severity === "error") },
  };
}

const allPassed = [check("python_imports", "passed"), check("acceptance_scenarios", "passed")];

Deno.test("renderValidationReport() says PASSED only with every check passed and every requirement proven", () => {
  const md = renderValidationReport(state("succeeded", allPassed), review);
  assert.match(md, /^# Validation report — Office Library\n\n\*\*Result: PASSED\*\*\n/);
  assert.match(
    md,
    /## Requirements\n\n\| Requirement \| Status \| How it is implemented \| Scenarios \|/,
  );
  assert.match(
    md,
    /\| r1: A loan can be returned once \| ✅ implemented \| `action:Loan\.return`: `POST \/api\/loans\/\{id\}\/return` in `backend\/app\/routers\/loans\.py`<br>`field:Loan\.returned_at` \| ✅ return a loan, then again \|/,
  );
});

Deno.test("renderValidationReport() says INCOMPLETE when a check was skipped, and the scenarios were not run", () => {
  const md = renderValidationReport(
    state("succeeded", [
      check("python_imports", "skipped", "no python3 that imports fastapi"),
      check(
        "acceptance_scenarios",
        "skipped",
        "1 scenario(s) not run: no python3 that imports fastapi",
      ),
    ]),
    review,
  );
  assert.match(
    md,
    /\*\*Result: INCOMPLETE\*\* — generated, but 2 check\(s\) did not run: python_imports, acceptance_scenarios; 1 requirement\(s\) not proven by a scenario that ran here: r1/,
  );
  assert.match(md, /⚠️ implemented, not proven \(no scenario ran\)/);
  assert.match(md, /⏭️ return a loan, then again — not run: 1 scenario\(s\) not run: no python3/);
  assert.doesNotMatch(md, /Result: PASSED/);
});

Deno.test("renderValidationReport() says INCOMPLETE for a requirement proven only in the browser", () => {
  const md = renderValidationReport(
    state("succeeded", allPassed, [], [RETURN_LOAN, UI_ONLY]),
    review,
  );
  assert.match(
    md,
    /\*\*Result: INCOMPLETE\*\* — generated, but 1 requirement\(s\) not proven by a scenario that ran here: r2/,
  );
  assert.match(md, /⏭️ the loans page — not run: UI steps only: `verify` runs it in Chromium/);
});

Deno.test("renderValidationReport() shows a failing scenario with what came back", () => {
  const failure: Finding = {
    agent: "be_executor",
    severity: "error",
    check: "acceptance_scenarios",
    message: scenarioFindingMessage(
      "r1",
      "return a loan, then again",
      "fails at step 4 of 5 (POST /api/loans/{loan}/return): expected status 200, got 404",
    ),
  };
  const md = renderValidationReport(
    {
      ...state("failed", [
        check("python_imports", "passed"),
        check("acceptance_scenarios", "failed"),
      ], [failure]),
      reason: "validation failed",
    },
    review,
  );
  assert.match(md, /\*\*Result: FAILED\*\* — validation failed/);
  assert.match(
    md,
    /\| ❌ implemented, but a scenario fails \| .* \| ❌ return a loan, then again: fails at step 4 of 5 \(POST \/api\/loans\/\{loan\}\/return\): expected status 200, got 404 \|/,
  );
  assert.match(
    md,
    /- \*\*error\*\* \[acceptance_scenarios\] → `be_executor`: r1 "return a loan, then again": fails at step 4/,
  );
});

Deno.test("renderValidationReport() says PARTIAL and lists what is not implemented and why", () => {
  const md = renderValidationReport(
    {
      ...state("partial", allPassed, [], [RETURN_LOAN, NOT_DONE]),
      reason: "1 requirement(s) not implemented: r3",
    },
    review,
  );
  assert.match(md, /\*\*Result: PARTIAL\*\* — 1 requirement\(s\) not implemented: r3/);
  assert.match(
    md,
    /\| r3: Members get an email when a loan is overdue \| ❌ not implemented — the offline generator sends no email \| — \| none \|/,
  );
});

Deno.test("renderValidationReport() notes a spec without requirements", () => {
  const md = renderValidationReport(state("succeeded", allPassed, [], []), review);
  assert.match(md, /\*\*Result: PASSED\*\*/);
  assert.match(md, /## Requirements\n\nThe spec lists no requirements\./);
});

Deno.test("renderSpecMarkdown() never promises what the code does not do", () => {
  const spec = librarySpecWith(RETURN_LOAN, NOT_DONE);
  const before = renderSpecMarkdown(spec);
  assert.match(
    before,
    /## Requirements\n\n\| Requirement \| Status \| How it is implemented \| Scenarios \|/,
  );
  assert.match(
    before,
    /\| r1: A loan can be returned once \| implemented \(not validated\) \| `action:Loan\.return`: `POST \/api\/loans\/\{id\}\/return`<br>/,
  );
  assert.match(before, /\| r3: .* \| ❌ not implemented — the offline generator sends no email \|/);
  const failed = renderSpecMarkdown(spec, {
    checks: [check("acceptance_scenarios", "failed")],
    findings: [{
      check: "acceptance_scenarios",
      severity: "error",
      message: scenarioFindingMessage("r1", "return a loan, then again", "fails at step 5 of 5"),
    }],
  });
  assert.match(
    failed,
    /\| r1: A loan can be returned once \| ❌ implemented, but a scenario fails \|/,
  );
  const passed = renderSpecMarkdown(spec, { checks: allPassed, findings: [] });
  assert.match(
    passed,
    /\| r1: A loan can be returned once \| ✅ implemented \|.*\| ✅ return a loan, then again \|/,
  );
});

Deno.test("renderSpecMarkdown() marks a ref the spec does not have", () => {
  const md = renderSpecMarkdown(
    librarySpecWith({ ...RETURN_LOAN, by: ["view:Loan.late", "page:/x"] }),
  );
  assert.match(md, /⚠️ `view:Loan\.late` \(not in the spec\)<br>`page:\/x`/);
});
