/**
 * Decides, file by file, how a new generation goes into an output folder
 * that already holds an app, so the user's work survives:
 *
 * - a file stackforge generated and the user left alone takes the new
 *   generation;
 * - a file the user changed is merged three ways (base: what stackforge
 *   generated last, ours: the user's file, theirs: the new generation),
 *   with conflict markers where both changed the same lines;
 * - a file the user added is never touched, even where stackforge now
 *   generates a file of that name (the generated one is then not written);
 * - a file stackforge no longer generates is deleted only when the user
 *   did not change it;
 * - stackforge's documents (SPEC.md, spec.json, VALIDATION_REPORT.md) are
 *   rewritten.
 *
 * `replace` (a plain generate with `--force`) writes the new generation over
 * stackforge's files without merging, and also keeps every file the
 * manifest does not list.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { DOCUMENTS, hashText, type Manifest, manifestOf } from "./manifest.ts";
import { mergeText } from "./merge.ts";

/** What happened to one path. */
export type FileOutcome =
  /** New: written. */
  | "added"
  /** stackforge's file, not changed by the user: the new generation is written. */
  | "updated"
  /** The user's edit and the new generation merged cleanly. */
  | "merged"
  /** Merged with conflict markers: the user must resolve them. */
  | "conflict"
  /** The user's edit is kept as it is: the generation did not change this file. */
  | "kept"
  /** The user had deleted it; the new generation changed it, so it is back. */
  | "restored"
  /** The user had deleted it and the generation did not change it: it stays deleted. */
  | "left_deleted"
  /** No longer generated and not changed by the user: deleted. */
  | "removed"
  /** No longer generated, but the user changed it: kept, and now the user's. */
  | "orphaned"
  /** A file of the user's where stackforge generates one: untouched, the generated one not written. */
  | "in_the_way"
  /** `replace` only: a file the user changed or added, overwritten by the new generation. */
  | "overwritten"
  /** Nothing to do. */
  | "unchanged";

/** Outcomes the user has to look at: a conflict to resolve, a generated file not written. */
export const CONFLICT_OUTCOMES: readonly FileOutcome[] = ["conflict", "in_the_way"];

/** One path's outcome. */
export interface FileUpdate {
  path: string;
  outcome: FileOutcome;
  /** How many conflicts the merged file holds. */
  conflicts?: number;
}

/** What to do to the folder. */
export interface UpdatePlan {
  /** Files to write (new text), sorted by path. */
  writes: GeneratedFile[];
  /** Files to delete, sorted. */
  deletes: string[];
  /** Every path's outcome but `unchanged`, sorted by path. */
  files: FileUpdate[];
  /** What stackforge generated after the update: the next merge's base. */
  generated: GeneratedFile[];
  /** The manifest of `generated`. */
  manifest: Manifest;
}

/** What {@link planUpdate} decides from. */
export interface UpdateInput {
  /** The new generation, paths relative to the output folder. */
  generated: readonly GeneratedFile[];
  /** The folder's manifest, when it has one. */
  previous?: Manifest;
  /** @returns The bytes at a path of the folder, or undefined when there is no file. */
  read(path: string): Uint8Array | undefined;
  /** @returns The base text of a manifest hash, or undefined when it is not kept. */
  base(sha256: string): string | undefined;
  /** `merge` for a refine, `replace` for a plain generate over an app. */
  mode: "merge" | "replace";
  /** Paths held for human review: left as they are, with their old manifest entry. */
  held?: readonly string[];
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function text(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Plans an update of an output folder.
 *
 * @param input The new generation, the folder's manifest and a way to read the folder.
 * @returns What to write and delete, each path's outcome, and the new manifest.
 * @example
 * ```ts
 * import { planUpdate } from "./update_plan.ts";
 * import { hashText, manifestOf } from "./manifest.ts";
 * const base = "a\nb\nc\n";
 * const plan = planUpdate({
 *   generated: [{ path: "backend/x.py", content: "a\nb\nc\nd\n" }],
 *   previous: manifestOf([{ path: "backend/x.py", content: base }]),
 *   read: () => new TextEncoder().encode("A\nb\nc\n"),
 *   base: (sha) => (sha === hashText(base) ? base : undefined),
 *   mode: "merge",
 * });
 * if (plan.files[0]?.outcome !== "merged" || plan.writes[0]?.content !== "A\nb\nc\nd\n") {
 *   throw new Error();
 * }
 * ```
 */
export function planUpdate(input: UpdateInput): UpdatePlan {
  const previous = input.previous?.files ?? {};
  const held = new Set(input.held ?? []);
  const writes: GeneratedFile[] = [];
  const deletes: string[] = [];
  const files: FileUpdate[] = [];
  const owned: GeneratedFile[] = [];
  const note = (path: string, outcome: FileOutcome, conflicts?: number) => {
    if (outcome !== "unchanged") {
      files.push({ path, outcome, ...(conflicts !== undefined ? { conflicts } : {}) });
    }
  };
  const generated = new Map(input.generated.map((f) => [f.path, f]));
  for (const file of input.generated) {
    if (held.has(file.path)) continue;
    const { path, content: theirs } = file;
    const entry = previous[path];
    const bytes = input.read(path);
    const theirsHash = hashText(theirs);
    if (bytes === undefined) {
      if (entry === undefined || DOCUMENTS.includes(path) || input.mode === "replace") {
        writes.push(file);
        owned.push(file);
        note(path, entry === undefined ? "added" : "updated");
      } else if (entry.sha256 === theirsHash) {
        owned.push(file);
        note(path, "left_deleted");
      } else {
        writes.push(file);
        owned.push(file);
        note(path, "restored");
      }
      continue;
    }
    const oursHash = hashText(bytes);
    owned.push(file);
    if (oursHash === theirsHash) {
      note(path, "unchanged");
      continue;
    }
    if (DOCUMENTS.includes(path) || entry?.sha256 === oursHash) {
      writes.push(file);
      note(path, "updated");
      continue;
    }
    if (input.mode === "replace") {
      writes.push(file);
      note(path, "overwritten");
      continue;
    }
    if (entry === undefined) {
      // The user's own file: never touched, and stackforge does not own the path.
      owned.pop();
      note(path, "in_the_way");
      continue;
    }
    if (entry.sha256 === theirsHash) {
      note(path, "kept");
      continue;
    }
    const base = input.base(entry.sha256);
    const ours = text(bytes);
    if (ours === undefined) {
      note(path, "in_the_way");
      owned.pop();
      continue;
    }
    const merged = mergeText(base ?? "", ours, theirs);
    writes.push({ path, content: merged.content });
    note(path, merged.conflicts > 0 ? "conflict" : "merged", merged.conflicts || undefined);
  }
  for (const [path, entry] of Object.entries(previous)) {
    // The caller writes the documents: the report comes after this plan.
    if (DOCUMENTS.includes(path) || (generated.has(path) && !held.has(path))) continue;
    if (held.has(path)) {
      const base = input.base(entry.sha256);
      if (base !== undefined) owned.push({ path, content: base });
      continue;
    }
    const bytes = input.read(path);
    if (bytes === undefined) continue;
    if (hashText(bytes) === entry.sha256) {
      deletes.push(path);
      note(path, "removed");
    } else {
      note(path, "orphaned");
    }
  }
  const byPath = (a: { path: string }, b: { path: string }) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  return {
    writes: writes.sort(byPath),
    deletes: deletes.sort(),
    files: files.sort(byPath),
    generated: owned.sort(byPath),
    manifest: manifestOf(owned),
  };
}
