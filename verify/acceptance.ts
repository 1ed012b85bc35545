/**
 * The acceptance stages: every implemented requirement's scenarios against
 * the running app. `scenarios` runs their HTTP steps against Uvicorn (UI
 * steps dropped, as the validator does); `ui_scenarios` runs the scenarios
 * that have UI steps, all their steps in order, with the UI steps in
 * Chromium against `next start`.
 *
 * @module
 */
import type { Scenario } from "../core/behaviours.ts";
import type { GeneratedApp } from "./app.ts";
import { launchChromium } from "./chromium.ts";
import { type Check, failed, skipped, type StageName, type StageResult } from "./result.ts";
import { createUiDriver } from "./scenario_ui.ts";
import { describeRun, runScenarios, type ScenarioRun } from "./scenarios.ts";
import { isHttpStep } from "../pipeline/agents/validator/scenario_problems.ts";

/** Options of {@link scenarioStage}. */
export interface ScenarioStageOptions {
  /** The running backend. */
  apiUrl: string;
  /** The backend's `STAFF_SIGNUP_CODE`. */
  staffCode?: string;
  log?: (line: string) => void;
}

/** Options of {@link uiScenarioStage}. */
export interface UiScenarioStageOptions extends ScenarioStageOptions {
  /** The running frontend. */
  url: string;
  /** Scratch folder for the browser profile. */
  workDir: string;
  /** Longest wait for one UI step (default 15 s). */
  stepTimeoutMs?: number;
  /** The browser (default: `CHROMIUM_PATH`, else Debian's). */
  chromiumPath?: string;
}

const hasUiSteps = (scenario: Scenario) => scenario.steps.some((s) => !isHttpStep(s));

function planned(app: GeneratedApp, only: (s: Scenario) => boolean) {
  const requirements = (app.spec.requirements ?? []).filter((r) => r.status === "implemented");
  return {
    requirements: requirements.length,
    scenarios: requirements.flatMap((r) => r.scenarios.filter(only)).length,
  };
}

function toCheck(run: ScenarioRun, app: GeneratedApp): Check {
  return {
    name: `${run.requirement} ${JSON.stringify(run.scenario)}`,
    ok: run.ok,
    detail: run.ok ? "passed" : describeRun(run, app.spec).replace(/^r\d+ "(?:[^"\\]|\\.)*" /, ""),
    ...(run.agent !== undefined && !run.ok ? { agent: run.agent } : {}),
  };
}

function result(
  stage: StageName,
  started: number,
  app: GeneratedApp,
  runs: ScenarioRun[],
  note: string,
): StageResult {
  const ran = runs.filter((r) => r.skipped === undefined);
  const passed = ran.filter((r) => r.ok);
  const checks = ran.map((r) => toCheck(r, app));
  const counts = { scenarios: ran.length, scenariosOk: passed.length };
  const requirements = new Set(ran.map((r) => r.requirement)).size;
  if (passed.length < ran.length) {
    const first = ran.find((r) => !r.ok)!;
    return failed(
      stage,
      started,
      `${ran.length - passed.length} of ${ran.length} scenarios failed: ${
        describeRun(first, app.spec)
      }`,
      checks,
      { counts, scenarios: runs },
    );
  }
  return {
    stage,
    status: "passed",
    durationMs: performance.now() - started,
    summary:
      `${passed.length}/${ran.length} scenarios of ${requirements} requirement(s) passed${note}`,
    checks,
    counts,
    scenarios: runs,
  };
}

/**
 * Runs the HTTP steps of every implemented requirement's scenarios.
 *
 * @param app The app.
 * @param options Where the backend listens, its staff code.
 * @returns The stage result, with one check per scenario that ran.
 */
export async function scenarioStage(
  app: GeneratedApp,
  options: ScenarioStageOptions,
): Promise<StageResult> {
  const started = performance.now();
  const plan = planned(app, () => true);
  if (plan.scenarios === 0) {
    return {
      stage: "scenarios",
      status: "passed",
      durationMs: 0,
      summary: (app.spec.requirements ?? []).length === 0
        ? "the spec lists no requirements, so there is no scenario to run"
        : "no implemented requirement has a scenario",
      checks: [],
      scenarios: [],
    };
  }
  options.log?.(`scenarios: running ${plan.scenarios} acceptance scenario(s) over HTTP`);
  const runs = await runScenarios(app.spec, {
    baseUrl: options.apiUrl,
    ...(options.staffCode ? { staffCode: options.staffCode } : {}),
  });
  const uiOnly = runs.filter((r) => r.skipped !== undefined).length;
  return result(
    "scenarios",
    started,
    app,
    runs,
    uiOnly ? `; ${uiOnly} with UI steps only, for the UI stage` : "",
  );
}

/**
 * Runs the scenarios that have UI steps, in Chromium: every step in order,
 * HTTP steps against the backend, UI steps through the frontend, each actor
 * signed in through the app's own login page.
 *
 * @param app The app.
 * @param options Where the servers listen, the browser's scratch folder.
 * @returns The stage result; skipped without Chromium, never passed.
 */
export async function uiScenarioStage(
  app: GeneratedApp,
  options: UiScenarioStageOptions,
): Promise<StageResult> {
  const started = performance.now();
  const plan = planned(app, hasUiSteps);
  if (plan.scenarios === 0) {
    return {
      stage: "ui_scenarios",
      status: "passed",
      durationMs: 0,
      summary: "no scenario has UI steps, so there is nothing to run in the browser",
      checks: [],
      scenarios: [],
    };
  }
  const launched = await launchChromium(options.workDir, options.chromiumPath);
  if ("skipped" in launched) {
    return skipped(
      "ui_scenarios",
      `${plan.scenarios} scenario(s) not run: ${launched.skipped}`,
      launched.install,
    );
  }
  if ("failed" in launched) return failed("ui_scenarios", started, launched.failed);
  options.log?.(`ui scenarios: running ${plan.scenarios} scenario(s) in Chromium`);
  try {
    const page = launched.context.pages()[0] ?? await launched.context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    const ui = createUiDriver(page, {
      url: options.url,
      ...(options.stepTimeoutMs ? { timeoutMs: options.stepTimeoutMs } : {}),
    });
    const runs = await runScenarios(app.spec, {
      baseUrl: options.apiUrl,
      ui,
      only: hasUiSteps,
      ...(options.staffCode ? { staffCode: options.staffCode } : {}),
      onResult: (run) => options.log?.(`ui scenarios: ${describeRun(run)}`),
    });
    return result("ui_scenarios", started, app, runs, "");
  } finally {
    await launched.close();
  }
}
