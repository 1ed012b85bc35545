/**
 * Loads a generated app folder: its layout and its machine-readable spec.
 *
 * @module
 */
import { BACKEND_ENTRY } from "../core/contract.ts";
import { join, resolve } from "node:path";
import { type Spec, specProblems, SpecSchema } from "../core/spec.ts";

/** A generated app on disk. */
export interface GeneratedApp {
  dir: string;
  backendDir: string;
  frontendDir: string;
  spec: Spec;
}

/** Why an app folder cannot be verified; `code` tells the cases apart. */
export class AppFolderError extends Error {
  constructor(
    readonly code: "not_found" | "not_an_app" | "missing_spec" | "bad_spec",
    message: string,
  ) {
    super(message);
    this.name = "AppFolderError";
  }
}

function isDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * Reads an app folder written by `generate`.
 *
 * @param dir The output folder.
 * @returns The app with its parsed spec.
 * @throws {AppFolderError} When the folder is missing, is not a generated app, or its spec is missing or invalid.
 */
export function loadApp(dir: string): GeneratedApp {
  const root = resolve(dir);
  if (!isDir(root)) throw new AppFolderError("not_found", `Cannot verify "${dir}": no such folder`);
  const backendDir = join(root, "backend");
  const frontendDir = join(root, "frontend");
  const missing = [
    [BACKEND_ENTRY.file, isFile(join(root, BACKEND_ENTRY.file))],
    ["frontend/package.json", isFile(join(frontendDir, "package.json"))],
  ].filter(([, ok]) => !ok).map(([name]) => name);
  if (missing.length > 0) {
    throw new AppFolderError(
      "not_an_app",
      `Cannot verify "${dir}": not a generated app (missing ${missing.join(", ")})`,
    );
  }
  const specPath = join(root, "spec.json");
  if (!isFile(specPath)) {
    throw new AppFolderError(
      "missing_spec",
      `Cannot verify "${dir}": missing spec (no spec.json; SPEC.md is for people, the verifier needs the JSON spec the generator writes)`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Deno.readTextFileSync(specPath));
  } catch (error) {
    throw new AppFolderError(
      "bad_spec",
      `Cannot read "${specPath}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed = SpecSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppFolderError(
      "bad_spec",
      `Cannot use "${specPath}": not a valid spec (${first?.path.join(".")}: ${first?.message})`,
    );
  }
  const problems = specProblems(parsed.data);
  if (problems.length > 0) {
    throw new AppFolderError("bad_spec", `Cannot use "${specPath}": ${problems[0]}`);
  }
  return { dir: root, backendDir, frontendDir, spec: parsed.data };
}
