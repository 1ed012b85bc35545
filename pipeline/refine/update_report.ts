/**
 * The report's account of an update in place: which files were merged with
 * the user's edits, which hold conflicts to resolve, and what was kept,
 * restored or removed. `VALIDATION_REPORT.md` ends with it when a job wrote
 * into a folder that already held an app.
 *
 * @module
 */
import type { FileOutcome, FileUpdate } from "./update_plan.ts";
import { CONFLICT_OUTCOMES } from "./update_plan.ts";

const SAY: Record<Exclude<FileOutcome, "unchanged">, string> = {
  conflict: "conflict: both you and stackforge changed the same lines; resolve the markers",
  in_the_way: "not written: a file of yours has this name, and is kept as it is",
  merged: "your edits merged with the new generation",
  kept: "your edits kept (stackforge's version did not change)",
  overwritten: "your changes replaced by the new generation (--force)",
  restored: "written again: you had deleted it, and the change rewrites it",
  left_deleted: "left deleted, as you had it",
  orphaned: "no longer generated; kept because you changed it (it is now yours)",
  removed: "removed: no longer generated",
  updated: "updated",
  added: "added",
};

const ORDER: readonly FileOutcome[] = [
  "conflict",
  "in_the_way",
  "merged",
  "kept",
  "overwritten",
  "restored",
  "left_deleted",
  "orphaned",
  "removed",
  "updated",
  "added",
];

/**
 * @param update Each changed path's outcome.
 * @returns The files in conflict (markers to resolve, or a generated file not written).
 */
export function conflictsOf(update: readonly FileUpdate[]): FileUpdate[] {
  return update.filter((f) => CONFLICT_OUTCOMES.includes(f.outcome));
}

/**
 * @param update Each changed path's outcome.
 * @returns The Markdown section, starting with a blank line.
 * @example
 * ```ts
 * import { updateReportSection } from "./update_report.ts";
 * const text = updateReportSection([{ path: "backend/app/main.py", outcome: "conflict", conflicts: 1 }]);
 * if (!text.includes("1 file(s) in conflict")) throw new Error(text);
 * ```
 */
export function updateReportSection(update: readonly FileUpdate[]): string {
  const conflicts = conflictsOf(update);
  const out = [
    "",
    "## Update of an existing app",
    "",
    conflicts.length > 0
      ? `**${conflicts.length} file(s) in conflict**: search them for \`<<<<<<< yours\` and keep what you want between the markers (\`=======\` separates your lines from stackforge's).`
      : "No conflict: your edits and your own files are kept.",
    "",
  ];
  const shown = update.filter((f) => f.outcome !== "unchanged" && f.outcome !== "updated");
  const updated = update.filter((f) => f.outcome === "updated").length;
  if (shown.length > 0) {
    out.push("| File | What happened |", "| --- | --- |");
    for (const outcome of ORDER) {
      for (const f of shown.filter((s) => s.outcome === outcome)) {
        const say = SAY[outcome as Exclude<FileOutcome, "unchanged">];
        out.push(
          `| \`${f.path.replace(/[|`]/g, "")}\` | ${say}${
            f.conflicts ? ` (${f.conflicts} conflict(s))` : ""
          } |`,
        );
      }
    }
    out.push("");
  }
  if (updated > 0) out.push(`${updated} file(s) stackforge generated were updated.`, "");
  out.push("Files that stackforge did not generate were not touched.", "");
  return out.join("\n");
}
