/**
 * An app stackforge generated, read back from its output folder for a
 * refine: the folder must hold `.stackforge/manifest.json` and a valid
 * `spec.json` (the user may have edited it: it is checked like a spec given
 * with `--spec`).
 *
 * @module
 */
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { GeneratedFile } from "../../core/artifact.ts";
import { InputError } from "../../core/errors.ts";
import type { Spec } from "../../core/spec.ts";
import { type OutputTarget, stagingBeside } from "../output.ts";
import { DOCUMENTS, type Manifest, MANIFEST_PATH, readBase, readManifest } from "./manifest.ts";
import { parseSpecText } from "./spec_file.ts";

/** An app read from its folder. */
export interface ExistingApp {
  /** The folder, absolute. */
  outDir: string;
  spec: Spec;
  manifest: Manifest;
  /** The app's files as stackforge generated them last (documents left out). */
  files: GeneratedFile[];
}

/**
 * Reads the app in a folder.
 *
 * @param dir The folder.
 * @returns The app.
 * @throws {InputError} `not_an_app` when the folder is missing or is not a
 *   stackforge app, `invalid_spec` when its spec.json fails the checks.
 */
export function readApp(dir: string): ExistingApp {
  const outDir = resolve(dir);
  const notAnApp = (why: string): never => {
    throw new InputError(
      "not_an_app",
      `Folder "${dir}" is not a stackforge app: ${why}`,
      "name the output folder of an earlier generate",
    );
  };
  try {
    if (!statSync(outDir).isDirectory()) notAnApp("it is a file");
  } catch (error) {
    if (error instanceof InputError) throw error;
    notAnApp("it does not exist");
  }
  let manifest: Manifest | undefined;
  try {
    manifest = readManifest(outDir);
  } catch (error) {
    notAnApp((error as Error).message);
  }
  if (manifest === undefined) notAnApp(`it has no ${MANIFEST_PATH}`);
  let text: string;
  try {
    text = readFileSync(join(outDir, "spec.json"), "utf8");
  } catch {
    return notAnApp("it has no spec.json");
  }
  const spec = parseSpecText(text, `"${join(dir, "spec.json")}"`);
  const files = Object.entries(manifest!.files).flatMap(([path, entry]) => {
    if (DOCUMENTS.includes(path)) return [];
    const content = readBase(outDir, entry.sha256);
    return content === undefined ? [] : [{ path, content }];
  });
  return { outDir, spec, manifest: manifest!, files };
}

/**
 * Claims an app's folder for a job that updates it in place.
 *
 * @param app The app.
 * @returns The target (`merge`).
 * @throws {RangeError} When the staging folder cannot be created beside it.
 */
export function claimApp(app: ExistingApp): OutputTarget {
  return {
    outDir: app.outDir,
    staging: stagingBeside(app.outDir, app.outDir),
    force: false,
    mode: "merge",
  };
}
