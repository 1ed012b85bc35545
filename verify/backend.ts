/**
 * The backend stage: the generated pytest suite, then the app under Uvicorn
 * with every spec endpoint called.
 *
 * @module
 */
import { join } from "node:path";
import { BACKEND_ENTRY, backendEnv } from "../core/contract.ts";
import { detectToolchain, FASTAPI_INSTALL } from "../pipeline/agents/validator/toolchain.ts";
import type { GeneratedApp } from "./app.ts";
import { checkApi } from "./api_checks.ts";
import { assertPortFree, freePort } from "./ports.ts";
import { canRun, type Child, type ProcessGroup } from "./processes.ts";
import { type Check, failed, skipped, type StageResult } from "./result.ts";

/** The Debian packages the backend stage needs. */
export const BACKEND_INSTALL = FASTAPI_INSTALL;

/** Options of {@link backendStage}. */
export interface BackendOptions {
  group: ProcessGroup;
  /** Port for Uvicorn (default: a free one). */
  port?: number;
  /** Origins the backend must allow (the frontend's). */
  corsOrigins: string[];
  /** Scratch folder for the database. */
  workDir: string;
  /** How long to wait for the server to answer (default 30 s). */
  healthTimeoutMs?: number;
  /** A Python with FastAPI (default: probed). */
  python?: string;
  /** The app's `STAFF_SIGNUP_CODE` (staff roles sign up with it). */
  staffCode?: string;
  log?: (line: string) => void;
}

/** The backend stage's result, plus the running server when it started. */
export interface BackendRun {
  result: StageResult;
  /** Set while Uvicorn runs, for the later stages. */
  url?: string;
  child?: Child;
}

/**
 * Finds a Python that imports fastapi, pytest, httpx and uvicorn.
 *
 * @returns Its path, or undefined.
 */
export async function findBackendPython(override?: string): Promise<string | undefined> {
  const toolchain = await detectToolchain(override ?? Deno.env.get("STACKFORGE_PYTHON"));
  const python = toolchain.fastapiPython;
  if (!python) return undefined;
  return await canRun(python, ["-c", "import uvicorn"]) ? python : undefined;
}

/**
 * Runs the backend stage and leaves Uvicorn running when it passed.
 *
 * @param app The app.
 * @param options Ports, scratch folder, process group.
 * @returns The stage result and the server's URL.
 */
export async function backendStage(
  app: GeneratedApp,
  options: BackendOptions,
): Promise<BackendRun> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const python = options.python ?? await findBackendPython();
  if (!python) {
    return {
      result: skipped(
        "backend",
        "no python3 that imports fastapi, uvicorn, pytest and httpx (set STACKFORGE_PYTHON to use another)",
        BACKEND_INSTALL,
      ),
    };
  }
  const env = { PYTHONDONTWRITEBYTECODE: "1" };
  const checks: Check[] = [];

  log("backend: running the generated pytest suite");
  const tests = await options.group.run(python, ["-m", "pytest", "-q", "-p", "no:cacheprovider"], {
    cwd: app.backendDir,
    env: { ...env, ...backendEnv({ database: join(options.workDir, "pytest.db") }) },
    timeoutMs: 300_000,
  });
  const passedTests = Number(/(\d+) passed/.exec(tests.output)?.[1] ?? 0);
  const failedTests = Number(/(\d+) (failed|error)/.exec(tests.output)?.[1] ?? 0);
  const testsOk = tests.code === 0 && !tests.timedOut;
  checks.push({
    name: "pytest",
    ok: testsOk,
    detail: tests.timedOut
      ? "timed out after 300 s"
      : `${passedTests} passed, ${failedTests} failed in ${(tests.durationMs / 1000).toFixed(1)} s`,
  });
  const counts: Record<string, number> = { tests: passedTests, testsFailed: failedTests };
  if (!testsOk) {
    return {
      result: failed("backend", started, `pytest failed: ${lastLines(tests.output, 25)}`, checks, {
        counts,
      }),
    };
  }

  const port = options.port ?? freePort();
  try {
    assertPortFree(port, "the backend");
  } catch (error) {
    return { result: failed("backend", started, (error as Error).message, checks, { counts }) };
  }
  const url = `http://127.0.0.1:${port}`;
  log(`backend: starting Uvicorn on ${url}`);
  const child = options.group.spawn(
    "uvicorn",
    python,
    ["-m", "uvicorn", BACKEND_ENTRY.asgi, "--host", "127.0.0.1", "--port", String(port)],
    {
      cwd: app.backendDir,
      // The contract's names, and their legacy names for apps written to an older one.
      env: {
        ...env,
        ...backendEnv({
          database: join(options.workDir, "app.db"),
          cors: options.corsOrigins.join(","),
          ...(options.staffCode ? { staffCode: options.staffCode } : {}),
        }),
      },
    },
  );
  const health = await waitHealthy(`${url}/openapi.json`, child, options.healthTimeoutMs ?? 30_000);
  checks.push({ name: "Uvicorn answers", ok: health === undefined, detail: health ?? url });
  if (health !== undefined) {
    return { result: failed("backend", started, health, checks, { counts }) };
  }

  log("backend: calling every spec endpoint");
  const outcomes = await checkApi(app.spec, { baseUrl: url });
  let ok = 0;
  for (const outcome of outcomes) {
    if (outcome.problems.length === 0) ok++;
    checks.push({
      name: outcome.id,
      ok: outcome.problems.length === 0,
      detail: outcome.problems.length > 0
        ? outcome.problems.slice(0, 3).join("; ")
        : outcome.calls === 0
        ? `not called here: ${outcome.note}`
        : `${outcome.calls} call(s) as specified${outcome.note ? `; ${outcome.note}` : ""}`,
    });
  }
  counts.endpoints = outcomes.length;
  counts.endpointsOk = ok;
  const bad = checks.filter((c) => !c.ok);
  if (bad.length > 0) {
    return {
      result: failed(
        "backend",
        started,
        `${outcomes.length - ok} of ${outcomes.length} endpoints misbehave: ${bad[0]!.name}: ${
          bad[0]!.detail
        }`,
        checks,
        { counts },
      ),
      url,
      child,
    };
  }
  return {
    result: {
      stage: "backend",
      status: "passed",
      durationMs: performance.now() - started,
      summary:
        `${passedTests} pytest tests passed; ${ok}/${outcomes.length} endpoints as specified`,
      checks,
      counts,
    },
    url,
    child,
  };
}

/**
 * Polls a URL until it answers 200, the process exits, or time runs out.
 *
 * @returns Undefined when healthy, else what went wrong.
 */
export async function waitHealthy(
  url: string,
  child: Child,
  timeoutMs: number,
): Promise<string | undefined> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.done()) {
      const code = await child.exited;
      return `${child.name} exited with code ${code} before answering ${url}: ${
        lastLines(child.output(), 20)
      }`;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return undefined;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return `${child.name} did not answer ${url} within ${Math.round(timeoutMs / 1000)} s: ${
    lastLines(child.output(), 20)
  }`;
}

/** The last `count` non-empty lines of a text, joined for a message. */
export function lastLines(text: string, count: number): string {
  const lines = text.split("\n").map((l) => l.trimEnd()).filter((l) => l.length > 0);
  return lines.slice(-count).join("\n") || "(no output)";
}
