/**
 * Runs a generated app for a person to try: the FastAPI backend under
 * Uvicorn and the Next.js frontend under `next dev`, on matching ports — the
 * frontend calls the backend's port (`NEXT_PUBLIC_API_URL`) and the backend
 * allows the frontend's origin (`CORS_ORIGINS`). Both run in verify's
 * process group, so they stop together, also on Ctrl-C.
 *
 * @module
 */
import { backendEnv } from "../core/contract.ts";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { lastLines, waitHealthy } from "../verify/backend.ts";
import { installDependencies } from "../verify/node_modules_cache.ts";
import { freePort, portInUse } from "../verify/ports.ts";
import { canRun, type Child, type ProcessGroup } from "../verify/processes.ts";
import { findPreviewPython } from "./python.ts";

/** The ports a generated app's own README uses. */
export const DEFAULT_PORTS = { backend: 8000, frontend: 3000 } as const;

/** Options of {@link startPreview}. */
export interface PreviewOptions {
  /** The generated app's folder (holding `backend/` and `frontend/`). */
  dir: string;
  group: ProcessGroup;
  /** A port the user chose (must be free); default the first free from 8000. */
  backendPort?: number;
  /** A port the user chose (must be free); default the first free from 3000. */
  frontendPort?: number;
  /** `STACKFORGE_PYTHON`. */
  python?: string;
  /** Progress lines. */
  log?: (line: string) => void;
  /** How long `next dev` may take to serve its first page (default 180 s). */
  frontendTimeoutMs?: number;
  /** Called as each server starts, e.g. to show its output. */
  onStart?: (child: Child) => void;
}

/** The running app. */
export interface Preview {
  backendUrl: string;
  frontendUrl: string;
  backend: Child;
  frontend: Child;
  python: string;
  /** Which default ports were taken, so others were used. */
  movedPorts: string[];
}

/**
 * An app folder or machine the preview cannot use (exit code 2), or a server
 * that did not come up (exit code 1); the message says what to do.
 */
export class PreviewError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 2) {
    super(message);
    this.name = "PreviewError";
  }
}

/**
 * Checks the folder is a generated app.
 *
 * @param dir The folder given.
 * @returns Its backend and frontend folders.
 * @throws {PreviewError} When it is missing or not a generated app.
 */
export function appFolders(dir: string): { root: string; backendDir: string; frontendDir: string } {
  const root = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new PreviewError(
      `Cannot preview "${dir}": no such folder; generate an app first: deno task generate --out ${dir} "…"`,
    );
  }
  if (!isDir) throw new PreviewError(`Cannot preview "${dir}": it is a file, not an app folder`);
  const backendDir = join(root, "backend");
  const frontendDir = join(root, "frontend");
  const missing = [
    ["backend/app/main.py", existsSync(join(backendDir, "app", "main.py"))],
    ["frontend/package.json", existsSync(join(frontendDir, "package.json"))],
  ].filter(([, ok]) => !ok).map(([name]) => name);
  if (missing.length > 0) {
    throw new PreviewError(
      `Cannot preview "${dir}": not a generated app (no ${
        missing.join(", no ")
      }); give the folder \`deno task generate\` wrote, e.g. output`,
    );
  }
  return { root, backendDir, frontendDir };
}

/**
 * A port for a server: the one the user chose, which must be free, or the
 * first free one from the default.
 *
 * @param chosen The user's port, if any.
 * @param fallback The default port.
 * @param what `backend` or `frontend`, for the message.
 * @param avoid A port already given to the other server.
 * @returns The port and whether the default was taken.
 * @throws {PreviewError} When the chosen port is in use.
 */
export function pickPort(
  chosen: number | undefined,
  fallback: number,
  what: "backend" | "frontend",
  avoid?: number,
): { port: number; moved: boolean } {
  if (chosen !== undefined) {
    if (chosen === avoid || portInUse(chosen)) {
      throw new PreviewError(
        `Cannot start the ${what} on port ${chosen}: the port is ${
          chosen === avoid ? "given to the other server" : "in use"
        }; choose another with --${what}-port`,
      );
    }
    return { port: chosen, moved: false };
  }
  for (let port = fallback; port < fallback + 20; port++) {
    if (port !== avoid && !portInUse(port)) return { port, moved: port !== fallback };
  }
  return { port: freePort(), moved: true };
}

/**
 * Starts the backend and the frontend and waits until both answer.
 *
 * @param options Folder, ports, process group.
 * @returns The running app; stop it with `group.stopAll()`.
 * @throws {PreviewError} When something needed is missing, a port is taken,
 *   or a server does not come up (both are stopped then).
 */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const log = options.log ?? (() => {});
  const { backendDir, frontendDir } = appFolders(options.dir);
  const backendPort = pickPort(options.backendPort, DEFAULT_PORTS.backend, "backend");
  const frontendPort = pickPort(
    options.frontendPort,
    DEFAULT_PORTS.frontend,
    "frontend",
    backendPort.port,
  );
  const python = await findPreviewPython(backendDir, options.python);
  if (!await canRun("node", ["--version"])) {
    throw new PreviewError("No node on PATH: install Node.js 18.18 or later (https://nodejs.org)");
  }
  const next = join(frontendDir, "node_modules", "next", "dist", "bin", "next");
  if (!existsSync(next)) {
    if (!await canRun("npm", ["--version"])) {
      throw new PreviewError("No npm on PATH: install Node.js with npm (https://nodejs.org)");
    }
    log("installing the frontend's dependencies (npm install; about 20 s the first time)...");
    const install = await installDependencies(frontendDir, options.group);
    if (!install.ok || !existsSync(next)) {
      throw new PreviewError(
        `npm install failed in "${frontendDir}": ${
          lastLines(install.output, 5).replace(/\n/g, " | ")
        }`,
      );
    }
  }
  // The address the browser opens is the origin the backend must allow.
  const frontendUrl = `http://127.0.0.1:${frontendPort.port}`;
  const backendUrl = `http://127.0.0.1:${backendPort.port}`;
  const origins = [frontendUrl, `http://localhost:${frontendPort.port}`];
  log(`starting the backend (${python} -m uvicorn app.main:app --port ${backendPort.port})...`);
  const backend = options.group.spawn(
    "backend",
    python,
    ["-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", String(backendPort.port)],
    {
      cwd: backendDir,
      env: { ...backendEnv({ cors: origins.join(",") }), PYTHONUNBUFFERED: "1" },
    },
  );
  options.onStart?.(backend);
  log(`starting the frontend (next dev -p ${frontendPort.port})...`);
  const frontend = options.group.spawn(
    "frontend",
    "node",
    [next, "dev", "-p", String(frontendPort.port), "-H", "127.0.0.1"],
    {
      cwd: frontendDir,
      env: { NEXT_PUBLIC_API_URL: backendUrl, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  options.onStart?.(frontend);
  const [backendProblem, frontendProblem] = await Promise.all([
    waitHealthy(`${backendUrl}/openapi.json`, backend, 60_000),
    // The first request compiles the home page.
    waitHealthy(frontendUrl, frontend, options.frontendTimeoutMs ?? 180_000),
  ]);
  const problem = backendProblem ?? frontendProblem;
  if (problem !== undefined) {
    await options.group.stopAll();
    throw new PreviewError(
      `The ${backendProblem ? "backend" : "frontend"} did not start: ${problem}`,
      1,
    );
  }
  const movedPorts = [
    ...(backendPort.moved
      ? [`backend: ${DEFAULT_PORTS.backend} is in use, using ${backendPort.port}`]
      : []),
    ...(frontendPort.moved
      ? [`frontend: ${DEFAULT_PORTS.frontend} is in use, using ${frontendPort.port}`]
      : []),
  ];
  return { backendUrl, frontendUrl, backend, frontend, python, movedPorts };
}
