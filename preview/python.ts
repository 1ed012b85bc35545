/**
 * The Python that runs a generated backend: one that imports FastAPI and
 * Uvicorn, looked for where a user would have put it.
 *
 * @module
 */
import { join } from "node:path";

/** Where the preview looks, in order; `STACKFORGE_PYTHON` is asked first and alone when set. */
export function pythonCandidates(backendDir: string): string[] {
  return [
    join(backendDir, ".venv", "bin", "python"),
    join(backendDir, ".venv", "Scripts", "python.exe"),
    "python3",
    "/usr/bin/python3",
    "python",
  ];
}

async function importsFastapi(python: string): Promise<boolean> {
  try {
    const out = await new Deno.Command(python, {
      args: ["-c", "import fastapi, uvicorn"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/**
 * Finds the Python for a backend.
 *
 * @param backendDir The generated `backend/` folder (its `.venv` is tried first).
 * @param override `STACKFORGE_PYTHON`, when set: then only it is tried.
 * @returns The interpreter.
 * @throws {RangeError} When none imports fastapi and uvicorn, saying how to get one.
 */
export async function findPreviewPython(backendDir: string, override?: string): Promise<string> {
  if (override !== undefined && override !== "") {
    if (await importsFastapi(override)) return override;
    throw new RangeError(
      `STACKFORGE_PYTHON "${override}" cannot import fastapi and uvicorn: ` +
        `install them there (${override} -m pip install -r ${
          join(backendDir, "requirements.txt")
        }) or unset it`,
    );
  }
  for (const python of pythonCandidates(backendDir)) {
    if (await importsFastapi(python)) return python;
  }
  const venv = join(backendDir, ".venv");
  throw new RangeError(
    `No Python with fastapi and uvicorn found: create the backend's venv ` +
      `(python3 -m venv ${venv} && ${join(venv, "bin", "python")} -m pip install -r ${
        join(backendDir, "requirements.txt")
      }) or set STACKFORGE_PYTHON`,
  );
}
