/**
 * The external tools the validator and the tests use when the machine has
 * them: a Python 3 interpreter, and one that can import FastAPI and pytest.
 *
 * @module
 */

import { type BackendRunner, createBackendRunner } from "./backend_runner.ts";
import { createPythonParser, type PythonParser } from "./python_parser.ts";

/** The Debian packages that let Python run a generated backend and its tests. */
export const FASTAPI_INSTALL =
  "apt-get install -y python3-fastapi python3-uvicorn python3-httpx python3-pytest";

/** What was found on this machine. */
export interface Toolchain {
  /** A Python 3 interpreter (absolute path), for syntax checks. */
  python?: string;
  /** An interpreter that imports fastapi and pytest, for running generated tests. */
  fastapiPython?: string;
  /**
   * Parses Python for the syntax check; without it each check starts
   * `python` once (see `createPythonParser()`).
   */
  pythonParser?: PythonParser;
  /**
   * Runs the generated backend (imports, acceptance scenarios) with
   * `fastapiPython`; without it each check starts one interpreter per job
   * (see `createBackendRunner()`).
   */
  backendRunner?: BackendRunner;
}

const PROBE = "import sys, importlib.util as u; print(sys.executable); " +
  "print(all(u.find_spec(m) is not None for m in ('fastapi', 'pytest', 'httpx')))";

async function probe(command: string): Promise<{ path: string; fastapi: boolean } | undefined> {
  try {
    const out = await new Deno.Command(command, {
      args: ["-c", PROBE],
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).output();
    if (!out.success) return undefined;
    const [path, fastapi] = new TextDecoder().decode(out.stdout).trim().split("\n");
    return path ? { path: path.trim(), fastapi: fastapi?.trim() === "True" } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds Python interpreters: `STACKFORGE_PYTHON` first, then `python3` on
 * PATH, then `/usr/bin/python3`. The real executable path is kept so later
 * runs skip version-manager shims.
 *
 * @param override An interpreter to try first (the `STACKFORGE_PYTHON` value).
 * @returns The toolchain; fields are absent when nothing fits.
 */
export async function detectToolchain(override?: string): Promise<Toolchain> {
  const toolchain: Toolchain = {};
  const candidates = [override, "python3", "/usr/bin/python3"].filter((c): c is string => !!c);
  // Probe all at once (version-manager shims are slow), then prefer in order.
  const found = await Promise.all(candidates.map(probe));
  for (const interpreter of found) {
    if (interpreter === undefined) continue;
    toolchain.python ??= interpreter.path;
    if (interpreter.fastapi) {
      toolchain.fastapiPython ??= interpreter.path;
    }
  }
  return toolchain;
}

/** A toolchain whose interpreters stay running between jobs, and how to stop them. */
export interface ResidentTools {
  toolchain: Toolchain;
  /** Stops the resident interpreters; they start again when a job needs them. */
  close(): Promise<void>;
}

/**
 * Adds resident interpreters to a toolchain: one `python` for syntax checks
 * and one `fastapiPython` with FastAPI already imported for the runtime
 * checks, for long-lived processes (workers, the MCP server, the bench).
 * What the toolchain already has is kept.
 *
 * @param found The probed toolchain.
 * @returns The toolchain with resident interpreters, and their stopper.
 */
export function residentTools(found: Toolchain): ResidentTools {
  const parser = found.python !== undefined && found.pythonParser === undefined
    ? createPythonParser(found.python, { resident: true })
    : undefined;
  const runner = found.fastapiPython !== undefined && found.backendRunner === undefined
    ? createBackendRunner(found.fastapiPython, { resident: true })
    : undefined;
  return {
    toolchain: {
      ...found,
      ...(parser ? { pythonParser: parser } : {}),
      ...(runner ? { backendRunner: runner } : {}),
    },
    close: async () => {
      await Promise.all([parser?.close(), runner?.close()]);
    },
  };
}
