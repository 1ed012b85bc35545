/**
 * What stackforge generated, recorded in the output folder so a later
 * refine can tell its files from the user's: `.stackforge/manifest.json`
 * lists each generated file with the SHA-256 of the text stackforge wrote,
 * and `.stackforge/base/<sha256>` keeps that text, the base of the next
 * three-way merge. Nothing in it depends on the job (no ids, no times), so
 * the same app gives the same manifest.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { GeneratedFile } from "../../core/artifact.ts";

/** The folder of stackforge's records inside an output folder. */
export const RECORDS_DIR = ".stackforge";

/** Where the manifest is, relative to the output folder. */
export const MANIFEST_PATH = `${RECORDS_DIR}/manifest.json`;

/** Where the base texts are, relative to the output folder. */
export const BASE_DIR = `${RECORDS_DIR}/base`;

/**
 * stackforge's own documents: rewritten on every run, never merged (a
 * spec.json with conflict markers could not be read back).
 */
export const DOCUMENTS: readonly string[] = ["SPEC.md", "spec.json", "VALIDATION_REPORT.md"];

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The manifest's schema. */
export const ManifestSchema = z.object({
  /** Says what wrote the folder. */
  generator: z.literal("stackforge"),
  version: z.literal(1),
  /** Every file stackforge wrote, by path relative to the output folder. */
  files: z.record(
    // The manifest is on the user's disk: a path it names never leaves the folder.
    z.string().regex(/^(?!\/)(?!(?:.*\/)?\.\.?(?:\/|$))[^\\\0]{1,300}$/),
    z.object({ sha256: Sha256, bytes: z.number().int().min(0) }),
  ),
});

/** What stackforge generated in an output folder. */
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * @param text A file's text.
 * @returns Its SHA-256, hex.
 */
export function hashText(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The manifest of a set of generated files.
 *
 * @param files What stackforge generated (paths relative to the output folder).
 * @returns The manifest, paths sorted.
 * @example
 * ```ts
 * import { manifestOf } from "./manifest.ts";
 * const manifest = manifestOf([{ path: "backend/app/main.py", content: "app = 1\n" }]);
 * if (manifest.files["backend/app/main.py"]?.bytes !== 8) throw new Error();
 * ```
 */
export function manifestOf(files: readonly GeneratedFile[]): Manifest {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    generator: "stackforge",
    version: 1,
    files: Object.fromEntries(
      sorted.map((f) => [f.path, {
        sha256: hashText(f.content),
        bytes: new TextEncoder().encode(f.content).length,
      }]),
    ),
  };
}

/**
 * The records to write for a manifest: the manifest itself and the base
 * text of every file that may be merged later (not the documents).
 *
 * @param manifest The manifest of `files`.
 * @param files The generated files it lists.
 * @returns Files to write, relative to the output folder.
 */
export function recordFiles(manifest: Manifest, files: readonly GeneratedFile[]): GeneratedFile[] {
  const bases = new Map<string, string>();
  for (const file of files) {
    if (!DOCUMENTS.includes(file.path)) bases.set(hashText(file.content), file.content);
  }
  return [
    { path: MANIFEST_PATH, content: JSON.stringify(manifest, null, 2) + "\n" },
    // Keeps GitHub from showing the base texts in a pull request's diff.
    { path: `${RECORDS_DIR}/.gitattributes`, content: "* linguist-generated=true -diff\n" },
    ...[...bases].sort(([a], [b]) => (a < b ? -1 : 1)).map(([sha, content]) => ({
      path: `${BASE_DIR}/${sha}`,
      content,
    })),
  ];
}

/**
 * Reads an output folder's manifest.
 *
 * @param outDir The output folder, absolute.
 * @returns The manifest, or undefined when the folder has none.
 * @throws {TypeError} When the manifest is there but unreadable, naming the problem.
 */
export function readManifest(outDir: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(join(outDir, MANIFEST_PATH), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`Cannot read "${MANIFEST_PATH}": ${(error as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === "invalid_key"
      ? `${issue.path.join(".")}: ${JSON.stringify(String(issue.path.at(-1) ?? ""))}`
      : undefined;
    throw new TypeError(
      key === undefined
        ? `Cannot read "${MANIFEST_PATH}": ${issue.path.join(".") || "(root)"}: ${issue.message}`
        : `Cannot read "${MANIFEST_PATH}": ${key} must be a relative path inside the folder`,
    );
  }
  return parsed.data;
}

/**
 * The text stackforge generated last at a path, from the base records.
 *
 * @param outDir The output folder, absolute.
 * @param sha256 The hash the manifest records for it.
 * @returns The text, or undefined when the record is missing or altered.
 */
export function readBase(outDir: string, sha256: string): string | undefined {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  try {
    const text = readFileSync(join(outDir, BASE_DIR, sha256), "utf8");
    return hashText(text) === sha256 ? text : undefined;
  } catch {
    return undefined;
  }
}
