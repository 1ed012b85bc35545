/**
 * The three-way merge of one text file, line by line, with the diff3
 * algorithm of `node-diff3` (Khanna, Kunal and Pierce's formalisation of
 * GNU diff3): base is what stackforge generated last, ours the user's file,
 * theirs the new generation. Changes on one side only are taken; the same
 * change on both sides is taken once; different changes to the same lines
 * become a conflict written with git's standard markers.
 *
 * @module
 */
import { diff3Merge } from "node-diff3";

/** The labels of the two sides in conflict markers. */
export const MERGE_LABELS = { ours: "yours", theirs: "stackforge" } as const;

/** The result of {@link mergeText}. */
export interface TextMerge {
  /** The merged text, with conflict markers where the sides disagree. */
  content: string;
  /** How many conflicts it holds (0 for a clean merge). */
  conflicts: number;
}

/**
 * Merges three versions of a text file.
 *
 * @param base The common ancestor (what stackforge generated last).
 * @param ours The user's version.
 * @param theirs The new generation.
 * @returns The merged text and its number of conflicts. When `ours` uses
 *   CRLF line ends, so does the result.
 * @example
 * ```ts
 * import { mergeText } from "./merge.ts";
 * const base = "a\nb\nc\n";
 * const merged = mergeText(base, "a\nB\nc\n", "a\nb\nc\nd\n");
 * if (merged.conflicts !== 0 || merged.content !== "a\nB\nc\nd\n") throw new Error();
 * ```
 */
export function mergeText(base: string, ours: string, theirs: string): TextMerge {
  const crlf = /\r\n/.test(ours) && !/(^|[^\r])\n/.test(ours);
  const lines = (text: string) => text.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  let conflicts = 0;
  for (const region of diff3Merge(lines(ours), lines(base), lines(theirs))) {
    if (region.ok !== undefined) out.push(...region.ok);
    else if (region.conflict !== undefined) {
      conflicts += 1;
      out.push(
        `<<<<<<< ${MERGE_LABELS.ours}`,
        ...region.conflict.a,
        "=======",
        ...region.conflict.b,
        `>>>>>>> ${MERGE_LABELS.theirs}`,
      );
    }
  }
  const content = out.join("\n");
  return { content: crlf ? content.replace(/\n/g, "\r\n") : content, conflicts };
}

/**
 * Whether a text still holds conflict markers written by {@link mergeText}.
 *
 * @param text A file's text.
 * @returns True when a marker line is found.
 */
export function hasConflictMarkers(text: string): boolean {
  return new RegExp(
    `^(<<<<<<< ${MERGE_LABELS.ours}|>>>>>>> ${MERGE_LABELS.theirs})\\r?$`,
    "m",
  ).test(text);
}
