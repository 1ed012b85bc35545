/**
 * Iterating on an app: refine it in plain language (`refineApp`) or through
 * its spec (`regenerateApp`, `parseSpecText`), with the spec's diff, a
 * manifest of what stackforge generated, and a three-way merge that keeps
 * the user's edits and files.
 *
 * @module
 */
export { refineApp, type RefineOptions, regenerateApp } from "./refine.ts";
export { parseSpecText } from "./spec_file.ts";
export {
  diffSpecs,
  type SpecChange,
  type SpecDiff,
  specDiffLines,
  specDiffMarkdown,
} from "./spec_diff.ts";
export { type ExistingApp, readApp } from "./app.ts";
export { type Manifest, MANIFEST_PATH } from "./manifest.ts";
export { mergeText, type TextMerge } from "./merge.ts";
export { CONFLICT_OUTCOMES, type FileOutcome, type FileUpdate } from "./update_plan.ts";
export { conflictsOf } from "./update_report.ts";
