/**
 * The frontend stage: dependencies, `next build` against the running
 * backend, then `next start`.
 *
 * @module
 */
import { join } from "node:path";
import type { GeneratedApp } from "./app.ts";
import { lastLines, waitHealthy } from "./backend.ts";
import { installDependencies } from "./node_modules_cache.ts";
import { assertPortFree } from "./ports.ts";
import { canRun, type Child, type ProcessGroup } from "./processes.ts";
import { type Check, failed, skipped, type StageResult } from "./result.ts";

/** The Debian packages the frontend stage needs. */
export const FRONTEND_INSTALL = "apt-get install -y nodejs npm";

/** Options of {@link frontendStage}. */
export interface FrontendOptions {
  group: ProcessGroup;
  /** The backend the app calls (`NEXT_PUBLIC_API_URL`). */
  apiUrl: string;
  /** Port for `next start`. */
  port: number;
  /** How long to wait for `next start` (default 60 s). */
  healthTimeoutMs?: number;
  log?: (line: string) => void;
}

/** The stage result, plus the running server when it started. */
export interface FrontendRun {
  result: StageResult;
  url?: string;
  child?: Child;
}

/**
 * The first compiler errors of a failed `next build`, for the report.
 *
 * @param output The build's output.
 * @returns Up to `max` lines starting at the first error.
 * @example
 * ```ts
 * import { firstBuildErrors } from "./frontend.ts";
 * const out = "Creating an optimized build\nFailed to compile.\n./app/page.tsx:3:1\nType error: x";
 * if (!firstBuildErrors(out).includes("Type error")) throw new Error();
 * ```
 */
export function firstBuildErrors(output: string, max = 15): string {
  const lines = output.split("\n");
  const start = lines.findIndex((l) =>
    /Failed to compile|Type error|Error:|error TS\d+|Module not found|SyntaxError/.test(l)
  );
  if (start < 0) return lastLines(output, max);
  return lines.slice(start, start + max).map((l) => l.trimEnd()).filter((l) => l).join("\n");
}

/**
 * Runs the frontend stage and leaves `next start` running when it passed.
 *
 * @param app The app.
 * @param options Backend URL, port, process group.
 * @returns The stage result and the frontend's URL.
 */
export async function frontendStage(
  app: GeneratedApp,
  options: FrontendOptions,
): Promise<FrontendRun> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  if (!await canRun("node", ["--version"]) || !await canRun("npm", ["--version"])) {
    return { result: skipped("frontend", "no node and npm on PATH", FRONTEND_INSTALL) };
  }
  const checks: Check[] = [];
  log("frontend: installing dependencies");
  const install = await installDependencies(app.frontendDir, options.group);
  checks.push({
    name: "dependencies",
    ok: install.ok,
    detail: `${install.how} in ${(install.durationMs / 1000).toFixed(1)} s`,
  });
  if (!install.ok) {
    return {
      result: failed(
        "frontend",
        started,
        `npm install failed: ${lastLines(install.output, 15)}`,
        checks,
      ),
    };
  }
  const next = join(app.frontendDir, "node_modules", "next", "dist", "bin", "next");
  const env = { NEXT_PUBLIC_API_URL: options.apiUrl, NEXT_TELEMETRY_DISABLED: "1" };
  log("frontend: next build");
  const build = await options.group.run("node", [next, "build"], {
    cwd: app.frontendDir,
    env,
    timeoutMs: 600_000,
  });
  const built = build.code === 0 && !build.timedOut;
  checks.push({
    name: "next build",
    ok: built,
    detail: `${built ? "built" : "failed"} in ${(build.durationMs / 1000).toFixed(1)} s`,
  });
  if (!built) {
    return {
      result: failed(
        "frontend",
        started,
        build.timedOut
          ? "next build timed out after 600 s"
          : `next build failed:\n${firstBuildErrors(build.output)}`,
        checks,
      ),
    };
  }
  try {
    assertPortFree(options.port, "the frontend");
  } catch (error) {
    return { result: failed("frontend", started, (error as Error).message, checks) };
  }
  const url = `http://127.0.0.1:${options.port}`;
  log(`frontend: next start on ${url}`);
  const child = options.group.spawn(
    "next start",
    "node",
    [next, "start", "-p", String(options.port), "-H", "127.0.0.1"],
    { cwd: app.frontendDir, env },
  );
  const health = await waitHealthy(url, child, options.healthTimeoutMs ?? 60_000);
  checks.push({ name: "next start answers", ok: health === undefined, detail: health ?? url });
  if (health !== undefined) return { result: failed("frontend", started, health, checks) };
  return {
    result: {
      stage: "frontend",
      status: "passed",
      durationMs: performance.now() - started,
      summary: `dependencies (${install.how}), next build in ${
        (build.durationMs / 1000).toFixed(1)
      } s, next start answers`,
      checks,
      counts: { buildMs: Math.round(build.durationMs) },
    },
    url,
    child,
  };
}
