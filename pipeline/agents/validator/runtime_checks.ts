/**
 * The validator's checks that run the generated backend: `python_imports`
 * (the app imports, not only parses) and `acceptance_scenarios` (each
 * implemented requirement's scenarios pass, run by the backend's own
 * `python -m tests.scenarios`). Both share ONE Python run per job.
 *
 * A scenario that cannot be right (it calls an endpoint the spec lacks,
 * uses a value nothing saved…) is the planner's to fix; any other failure
 * is the backend executor's.
 *
 * @module
 */
import type { HttpStep } from "../../../core/behaviours.ts";
import type { Finding } from "../../../core/findings.ts";
import { humanReviewGate } from "../../../guardrails/review_gate.ts";
import { type CheckInput, type Outcome, outcome } from "./_outcome.ts";
import type { BackendRun } from "./backend_runner.ts";
import { createBackendRunner } from "./backend_runner.ts";
import { backendRoutes, samePath } from "./code_routes.ts";
import { httpSteps, specScenarioProblems, stepEndpoint } from "./scenario_problems.ts";
import {
  ACCEPTANCE_CHECK,
  IMPORTS_CHECK,
  NOT_RUN,
  runsInValidator,
  scenarioFindingMessage,
} from "./scenario_results.ts";
import { FASTAPI_INSTALL } from "./toolchain.ts";

/** The file of the backend's acceptance runner. */
export const SCENARIO_RUNNER = "backend/tests/scenarios.py";
/** A staff code for sign-ups with a staff role during the run. */
const STAFF_CODE = "stackforge-validator-staff";

/** One line `python -m tests.scenarios` prints. */
export interface ScenarioLine {
  requirement: string;
  scenario: string;
  ok: boolean;
  step: number | null;
  error: string | null;
}

/**
 * Reads the lines of `python -m tests.scenarios`: one JSON object per
 * scenario; anything else (a warning, a stray print) is kept apart.
 *
 * @param stdout What it printed.
 * @returns The scenario lines, and the other non-empty lines.
 * @example
 * ```ts
 * import { parseScenarioLines } from "./runtime_checks.ts";
 * const { lines, other } = parseScenarioLines(
 *   'DeprecationWarning\n{"requirement": "r1", "scenario": "a", "ok": true, "step": null, "error": null}\n',
 * );
 * if (lines.length !== 1 || other.length !== 1) throw new Error();
 * ```
 */
export function parseScenarioLines(stdout: string): { lines: ScenarioLine[]; other: string[] } {
  const lines: ScenarioLine[] = [];
  const other: string[] = [];
  for (const raw of stdout.split("\n")) {
    const text = raw.trim();
    if (text === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      other.push(text);
      continue;
    }
    const v = value as Record<string, unknown>;
    const fits = value !== null && typeof value === "object" &&
      typeof v.requirement === "string" && typeof v.scenario === "string" &&
      typeof v.ok === "boolean" &&
      (v.step === null || v.step === undefined || Number.isInteger(v.step)) &&
      (v.error === null || v.error === undefined || typeof v.error === "string");
    if (!fits) {
      other.push(text);
      continue;
    }
    lines.push({
      requirement: v.requirement as string,
      scenario: v.scenario as string,
      ok: v.ok as boolean,
      step: (v.step as number | null | undefined) ?? null,
      error: (v.error as string | null | undefined) ?? null,
    });
  }
  return { lines, other };
}

/** Whether the validator has scenarios to run for this spec. */
function runnableScenarios(input: CheckInput) {
  return (input.spec.requirements ?? []).filter((r) => r.status === "implemented").flatMap((r) =>
    r.scenarios.filter(runsInValidator).map((scenario) => ({ requirement: r, scenario }))
  );
}

function hasFile(input: CheckInput, path: string): boolean {
  return input.backend.some((f) => f.path === path);
}

/** Why model-written code is not run here, when the review gate flags what could harm this machine. */
function unsafeToRun(input: CheckInput): string | undefined {
  if (input.provider === undefined || input.provider === "offline") return undefined;
  const risky = humanReviewGate(input.backend.filter((f) => f.path.endsWith(".py"))).filter((f) =>
    f.severity === "high"
  );
  if (risky.length === 0) return undefined;
  return `not run here: the review gate flags model-written code that could act on this machine (${
    risky.slice(0, 3).map((f) => `${f.path} line ${f.line}: ${f.rule}`).join("; ")
  })`;
}

type RunOutcome = { run: BackendRun } | { skipped: string };

// One run per job, shared by both checks (each job's input is a new object).
const runs = new WeakMap<CheckInput, Promise<RunOutcome>>();

function backendRun(input: CheckInput): Promise<RunOutcome> {
  let pending = runs.get(input);
  if (pending === undefined) {
    pending = startRun(input);
    runs.set(input, pending);
  }
  return pending;
}

async function startRun(input: CheckInput): Promise<RunOutcome> {
  const python = input.toolchain.fastapiPython;
  if (python === undefined) {
    return {
      skipped:
        `no python3 that imports fastapi, pytest and httpx (install them: ${FASTAPI_INSTALL}, or set STACKFORGE_PYTHON)`,
    };
  }
  const unsafe = unsafeToRun(input);
  if (unsafe !== undefined) return { skipped: unsafe };
  const runner = input.toolchain.backendRunner ?? createBackendRunner(python);
  try {
    const run = await runner.run(input.backend, {
      scenarios: runnableScenarios(input).length > 0 && hasFile(input, SCENARIO_RUNNER),
      env: { STAFF_SIGNUP_CODE: STAFF_CODE },
    });
    return { run };
  } catch (error) {
    return { skipped: `cannot run ${python}: ${(error as Error).message}` };
  }
}

/** `backend/app/x.py` from `app/x.py line 3: …`, when the error names a file. */
function errorFile(error: string): string | undefined {
  const m = /^([\w./-]+\.py) line \d+/.exec(error);
  return m ? `backend/${m[1]}` : undefined;
}

/**
 * `python_imports`: `import app.main` in a copy of the backend.
 *
 * @param input The check input.
 * @returns The outcome.
 */
export async function checkImports(input: CheckInput): Promise<Outcome> {
  if (!hasFile(input, "backend/app/main.py")) {
    return outcome([{
      agent: "be_executor",
      severity: "error",
      check: IMPORTS_CHECK,
      message: "Cannot import app.main: backend/app/main.py is missing",
    }], "");
  }
  const result = await backendRun(input);
  if ("skipped" in result) return { status: "skipped", detail: result.skipped, findings: [] };
  const { imports } = result.run;
  if (imports.ok) {
    const count = input.backend.filter((f) => f.path.endsWith(".py")).length;
    return {
      status: "passed",
      detail: `import app.main works (${count} Python files)`,
      findings: [],
    };
  }
  const file = errorFile(imports.error);
  return outcome([{
    agent: "be_executor",
    severity: "error",
    check: IMPORTS_CHECK,
    message: `The backend does not import (python -c "import app.main"): ${imports.error}`,
    ...(file ? { file } : {}),
  }], "");
}

function describeStep(step: HttpStep): string {
  return `${step.method} ${step.path}`;
}

/**
 * `acceptance_scenarios`: every implemented requirement's scenarios, run
 * against the backend by its own runner, with failures routed to the agent
 * that must fix them.
 *
 * @param input The check input.
 * @returns The outcome.
 */
export async function checkScenarios(input: CheckInput): Promise<Outcome> {
  const { spec } = input;
  const requirements = spec.requirements ?? [];
  const implemented = requirements.filter((r) => r.status === "implemented");
  const planned = implemented.flatMap((r) => r.scenarios.map((s) => ({ r, s })));
  const runnable = runnableScenarios(input);
  const uiOnly = planned.length - runnable.length;

  const findings: Finding[] = [];
  const wrong = new Map<string, string[]>();
  for (const problem of specScenarioProblems(spec)) {
    const key = `${problem.requirement}\n${problem.scenario}`;
    const where = problem.step === null ? "" : `step ${problem.step + 1}: `;
    wrong.set(key, [...(wrong.get(key) ?? []), `${where}${problem.message}`]);
  }
  for (const { r, s } of planned) {
    const problems = wrong.get(`${r.id}\n${s.name}`);
    if (problems === undefined) continue;
    findings.push({
      agent: "planner",
      severity: "error",
      check: ACCEPTANCE_CHECK,
      message: scenarioFindingMessage(
        r.id,
        s.name,
        `cannot pass against any app: ${problems.join("; ")}`,
      ),
    });
  }

  const notRun = uiOnly > 0 ? `; ${uiOnly} with UI steps only, for \`verify\`` : "";
  if (runnable.length === 0) {
    return outcome(
      findings,
      requirements.length === 0
        ? "the spec lists no requirements, so there is no scenario to run"
        : `no scenario with HTTP steps to run (${implemented.length} implemented requirement(s)${notRun})`,
    );
  }
  const result = await backendRun(input);
  if ("skipped" in result) {
    return findings.length > 0 ? outcome(findings, "") : {
      status: "skipped",
      detail: `${runnable.length} scenario(s) not run: ${result.skipped}`,
      findings,
    };
  }
  const { run } = result;
  if (!run.imports.ok) {
    return {
      status: "failed",
      detail:
        `${runnable.length} scenario(s) not run: the backend does not import (see ${IMPORTS_CHECK})`,
      findings,
    };
  }
  if (!hasFile(input, SCENARIO_RUNNER)) {
    findings.push({
      agent: "be_executor",
      severity: "error",
      check: ACCEPTANCE_CHECK,
      message:
        `${SCENARIO_RUNNER} is missing: the backend cannot run its ${runnable.length} acceptance scenario(s) (python -m tests.scenarios)`,
      file: SCENARIO_RUNNER,
    });
    return outcome(findings, "");
  }

  const { lines, other } = parseScenarioLines(run.stdout);
  const byName = new Map(lines.map((l) => [`${l.requirement}\n${l.scenario}`, l]));
  const routes = backendRoutes(input.backend);
  let passed = 0;
  let missing = 0;
  for (const { requirement, scenario } of runnable) {
    const key = `${requirement.id}\n${scenario.name}`;
    const line = byName.get(key);
    if (line === undefined) {
      missing++;
      continue;
    }
    if (line.ok) {
      passed++;
      continue;
    }
    // Its planner finding already says why it cannot pass.
    if (wrong.has(key)) continue;
    const steps = httpSteps(scenario);
    const step = line.step === null ? undefined : steps[line.step]?.step;
    const endpoint = step ? stepEndpoint(spec, step.method, step.path) : undefined;
    const route = endpoint
      ? routes.find((r) => r.method === endpoint.method && samePath(r.path, endpoint.path))
      : undefined;
    const at = line.step === null
      ? "fails before its first step"
      : `fails at step ${line.step + 1} of ${steps.length}${
        step ? ` (${describeStep(step)})` : ""
      }`;
    findings.push({
      agent: "be_executor",
      severity: "error",
      check: ACCEPTANCE_CHECK,
      message: scenarioFindingMessage(
        requirement.id,
        scenario.name,
        `${at}: ${(line.error ?? "no reason given").slice(0, 1_200)}`,
      ),
      ...(route ? { file: route.file } : {}),
    });
  }
  if (missing > 0) {
    const why = run.timedOut
      ? `did not finish in time (${run.crash})`
      : run.crash !== undefined
      ? `stopped with ${run.crash}`
      : `printed no result for it${
        other.length ? ` (it printed: ${other.slice(-3).join(" | ").slice(0, 400)})` : ""
      }${
        run.stderr.trim()
          ? `; stderr: ${run.stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 400)}`
          : ""
      }`;
    if (missing === runnable.length) {
      // Nothing ran: one finding for the run, every scenario "not run".
      findings.push({
        agent: "be_executor",
        severity: "error",
        check: ACCEPTANCE_CHECK,
        message: `python -m tests.scenarios ${why.replace(" for it", " for any scenario")}`,
        file: SCENARIO_RUNNER,
      });
    } else {
      for (const { requirement, scenario } of runnable) {
        if (byName.has(`${requirement.id}\n${scenario.name}`)) continue;
        findings.push({
          agent: "be_executor",
          severity: "error",
          check: ACCEPTANCE_CHECK,
          message: scenarioFindingMessage(
            requirement.id,
            scenario.name,
            `${NOT_RUN}python -m tests.scenarios ${why}`,
          ),
          file: SCENARIO_RUNNER,
        });
      }
    }
  }
  return outcome(
    findings,
    `${passed}/${runnable.length} scenario(s) of ${implemented.length} requirement(s) passed${notRun}`,
  );
}
