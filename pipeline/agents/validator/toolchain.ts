/**
 * The external tools the validator and the tests use when the machine has
 * them: a Python 3 interpreter, and one that can import FastAPI and pytest.
 *
 * @module
 */

import type { PythonParser } from "./python_parser.ts";

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
