/**
 * Runtime verification of a generated app: the backend under Uvicorn with
 * every spec endpoint called, the requirements' acceptance scenarios over
 * HTTP, the frontend built and served, a headless Chromium clicking through
 * every page and form, and the scenarios with UI steps in Chromium.
 *
 * @module
 */
import { scenarioStage, uiScenarioStage } from "./acceptance.ts";
import { AppFolderError, loadApp } from "./app.ts";
import { backendStage } from "./backend.ts";
import { browserStage } from "./browser.ts";
import { frontendStage } from "./frontend.ts";
import { freePort } from "./ports.ts";
import { createProcessGroup } from "./processes.ts";
import { writeReport } from "./report.ts";
import { skipped, type StageResult, type VerifyResult } from "./result.ts";

export { AppFolderError, loadApp } from "./app.ts";
export { renderReport, writeReport } from "./report.ts";
export { RESPONSIBLE, STAGES } from "./result.ts";
export type { Check, StageName, StageResult, VerifyResult } from "./result.ts";

/** Options of {@link verifyApp}. */
export interface VerifyOptions {
  /** Skip the frontend build and the browser (they are reported as skipped). */
  skipFrontend?: boolean;
  /** Skip the browser stage (reported as skipped). */
  skipBrowser?: boolean;
  /** Ports to use instead of free ones. */
  backendPort?: number;
  frontendPort?: number;
  /** How long to wait for Uvicorn (default 30 s). */
  healthTimeoutMs?: number;
  /** Write `VALIDATION_REPORT.md` (default true). */
  writeReport?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/**
 * Verifies a generated app by running it. Never throws for a bad app: the
 * problem is in the result (`error` for an unusable folder, a failed stage
 * otherwise). Every process it starts is stopped before it returns.
 *
 * @param dir The app folder written by `generate` (with `spec.json`).
 * @param options Stages to skip, ports, logging.
 * @returns One result per stage; `ok` only when every stage ran and passed.
 */
export async function verifyApp(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const started = performance.now();
  const stages: StageResult[] = [];
  let app;
  try {
    app = loadApp(dir);
  } catch (error) {
    if (!(error instanceof AppFolderError)) throw error;
    return {
      dir,
      ok: false,
      error: error.message,
      stages,
      durationMs: performance.now() - started,
    };
  }
  const group = createProcessGroup();
  const workDir = Deno.makeTempDirSync({ prefix: "stackforge-verify-" });
  const log = options.log;
  // Staff roles sign up with the app's code; this run sets one of its own.
  const staffCode = `verify-${crypto.randomUUID()}`;
  try {
    const frontendPort = options.frontendPort ?? freePort();
    const backend = await backendStage(app, {
      group,
      workDir,
      staffCode,
      corsOrigins: [`http://127.0.0.1:${frontendPort}`, `http://localhost:${frontendPort}`],
      ...(options.backendPort ? { port: options.backendPort } : {}),
      ...(options.healthTimeoutMs ? { healthTimeoutMs: options.healthTimeoutMs } : {}),
      ...(log ? { log } : {}),
    });
    stages.push(backend.result);
    const backendUp = backend.url !== undefined;
    stages.push(
      backendUp
        ? await scenarioStage(app, { apiUrl: backend.url!, staffCode, ...(log ? { log } : {}) })
        : skipped("scenarios", "the backend is not running"),
    );
    if (options.skipFrontend) {
      stages.push(skipped("frontend", "skipped on request (--skip-frontend)"));
    } else if (!backendUp) {
      stages.push(
        skipped("frontend", "the backend is not running, so the app cannot be built against it"),
      );
    } else {
      const frontend = await frontendStage(app, {
        group,
        apiUrl: backend.url!,
        port: frontendPort,
        ...(log ? { log } : {}),
      });
      stages.push(frontend.result);
      if (options.skipBrowser) {
        stages.push(skipped("browser", "skipped on request (--skip-browser)"));
      } else if (frontend.url === undefined) {
        stages.push(skipped("browser", "the frontend is not running"));
      } else {
        stages.push(
          await browserStage(app, {
            url: frontend.url,
            apiUrl: backend.url!,
            workDir,
            ...(log ? { log } : {}),
          }),
        );
        stages.push(
          await uiScenarioStage(app, {
            url: frontend.url,
            apiUrl: backend.url!,
            workDir,
            staffCode,
            ...(log ? { log } : {}),
          }),
        );
      }
    }
  } finally {
    await group.stopAll();
    await Deno.remove(workDir, { recursive: true }).catch(() => {});
  }
  if (options.skipFrontend && !stages.some((s) => s.stage === "browser")) {
    stages.push(skipped("browser", "skipped with the frontend"));
  }
  if (!stages.some((s) => s.stage === "browser")) {
    stages.push(skipped("browser", "the frontend did not run"));
  }
  if (!stages.some((s) => s.stage === "ui_scenarios")) {
    stages.push(
      skipped(
        "ui_scenarios",
        options.skipFrontend || options.skipBrowser
          ? "skipped with the browser"
          : "the frontend is not running",
      ),
    );
  }
  const result: VerifyResult = {
    dir: app.dir,
    ok: stages.every((s) => s.status === "passed"),
    stages,
    durationMs: performance.now() - started,
  };
  if (options.writeReport ?? true) {
    writeReport(app.dir, result, new Date(), app.spec.requirements ?? []);
  }
  return result;
}
