/**
 * Writes a job's artifacts. Into a new or empty folder, files are written
 * through the sandboxed file writer into a staging folder beside it, then
 * moved into place in one rename, so a failed job never leaves a
 * half-written folder. Into a folder that holds files (a refine, or a plain
 * generate with `force`), only stackforge's own files change, file by file
 * and all or nothing (`refine/update_plan.ts`, `refine/apply.ts`): the
 * user's files stay. Either way `.stackforge/manifest.json` records what
 * was generated, for the next refine.
 *
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../core/errors.ts";
import { createFileWriter } from "../guardrails/sandbox.ts";
import { humanReviewGate } from "../guardrails/review_gate.ts";
import type { GeneratedFile } from "../core/artifact.ts";
import type { EventBus } from "../core/events.ts";
import type { JobState } from "../core/job_state.ts";
import { renderValidationReport, type ReviewOutcome } from "./report.ts";
import { renderSpecMarkdown } from "./spec_markdown.ts";
import {
  BASE_DIR,
  manifestOf,
  readBase,
  readManifest,
  recordFiles,
  RECORDS_DIR,
} from "./refine/manifest.ts";
import { type FileUpdate, planUpdate } from "./refine/update_plan.ts";
import { applyChanges } from "./refine/apply.ts";
import { updateReportSection } from "./refine/update_report.ts";

/** A staging folder claimed for one job's output. */
export interface OutputTarget {
  /** The final folder, absolute. */
  outDir: string;
  /** The staging folder beside it, absolute. */
  staging: string;
  force: boolean;
  /**
   * `fresh`: the folder is new or empty, and is written whole; `replace`:
   * a plain generate over a folder with files (`force`); `merge`: a refine
   * of the app in it.
   */
  mode: "fresh" | "replace" | "merge";
}

/**
 * Checks the output folder can be written before any work is done, and
 * creates the staging folder beside it.
 *
 * @param outDir The output folder.
 * @param force Replace a non-empty folder.
 * @returns The target.
 * @throws {InputError} When the folder is not empty (without `force`) or is a file.
 * @throws {RangeError} When the folder cannot be written.
 */
export function claimOutput(outDir: string, force: boolean): OutputTarget {
  const target = resolve(outDir);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new RangeError(`Cannot use output folder "${outDir}": ${(error as Error).message}`);
    }
  }
  if (existing !== undefined && !existing.isDirectory()) {
    throw new InputError(
      "output_is_file",
      `Cannot use output folder "${outDir}": it is a file`,
      "choose another output folder",
    );
  }
  const empty = existing === undefined || readdirSync(target).length === 0;
  if (!empty && !force) {
    throw new InputError(
      "output_not_empty",
      `Output folder "${outDir}" is not empty`,
      "choose another output folder, or allow replacing it",
    );
  }
  return {
    outDir: target,
    staging: stagingBeside(target, outDir),
    force,
    mode: empty ? "fresh" : "replace",
  };
}

/**
 * Creates the staging folder of an output folder, beside it.
 *
 * @param target The output folder, absolute.
 * @param outDir The folder as the caller named it, for messages.
 * @returns The staging folder, absolute.
 * @throws {RangeError} When it cannot be created.
 */
export function stagingBeside(target: string, outDir: string): string {
  const staging = resolve(
    dirname(target),
    `.${basename(target)}.stackforge-${crypto.randomUUID()}`,
  );
  try {
    mkdirSync(dirname(target), { recursive: true });
    mkdirSync(staging);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RangeError(
      `Cannot write to output folder "${outDir}": ${
        code === "EACCES" || code === "EPERM" || code === "EROFS"
          ? "permission denied; choose a folder you can write to"
          : (error as Error).message
      }`,
    );
  }
  return staging;
}

/** Gives up a claimed target: removes the staging folder, leaves the output folder alone. */
export function releaseOutput(target: OutputTarget): void {
  rmSync(target.staging, { recursive: true, force: true });
}

/** How risky files are handled. */
export interface ReviewPolicy {
  /** Hold files with risky code unless `approve` says yes. */
  requireReview: boolean;
  /** Asked when files are risky and review is required; true writes them. */
  approve?: (findings: ReviewOutcome["findings"]) => Promise<boolean>;
}

/** What {@link writeOutput} wrote. */
export interface WrittenOutput {
  /** Relative paths of the app's files (what stackforge generated), sorted. */
  files: string[];
  review: ReviewOutcome;
  /**
   * Into a folder that held files: what happened to each path that changed
   * (merged, in conflict, kept, removed...), sorted by path.
   */
  update?: FileUpdate[];
}

/**
 * The artifacts of a job: SPEC.md, spec.json, the apps' files and (added by
 * {@link writeOutput}) VALIDATION_REPORT.md.
 *
 * @param state The job's state.
 * @returns The files, sorted by path.
 */
export function artifactsOf(state: JobState): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  if (state.spec !== undefined) {
    files.push(
      { path: "SPEC.md", content: renderSpecMarkdown(state.spec, state.validation) },
      // The machine-readable spec, for tools that verify or regenerate the app.
      { path: "spec.json", content: JSON.stringify(state.spec, null, 2) + "\n" },
    );
  }
  files.push(...(state.frontend ?? []), ...(state.backend ?? []));
  return files;
}

/**
 * Runs the human review gate, writes the artifacts into the staging folder
 * and moves it into place. On `awaiting_review` the held files stay in the
 * job's state for a later decision.
 *
 * @param state The job's final state; its status becomes `awaiting_review` when files are held.
 * @param target The claimed output.
 * @param policy Human review settings.
 * @param bus Events (`file_written`, `guardrail`).
 * @returns What was written.
 */
export async function writeOutput(
  state: JobState,
  target: OutputTarget,
  policy: ReviewPolicy,
  bus: EventBus,
): Promise<WrittenOutput> {
  const artifacts = artifactsOf(state);
  const findings = humanReviewGate(artifacts);
  let held: string[] = [];
  if (findings.length > 0 && policy.requireReview) {
    const approved = policy.approve ? await policy.approve(findings) : false;
    if (!approved) {
      held = [...new Set(findings.map((f) => f.path))].sort();
      if (state.status === "succeeded" || state.status === "partial") {
        state.status = "awaiting_review";
        state.reason = `${held.length} file(s) with risky code wait for a human decision`;
      }
    }
  }
  for (const finding of findings) {
    bus.emit({
      type: "guardrail",
      jobId: state.jobId,
      layer: "human_review",
      action: held.includes(finding.path) ? "held" : "flagged",
      detail: `${finding.path}:${finding.line} ${finding.rule}`,
    });
  }
  const review = { findings, held };
  const files = artifacts.filter((f) => !held.includes(f.path));
  const emit = (file: GeneratedFile) =>
    bus.emit({
      type: "file_written",
      jobId: state.jobId,
      path: file.path,
      bytes: new TextEncoder().encode(file.content).length,
    });
  if (target.mode === "fresh") {
    const all = [...files, reportFile(state, review)];
    try {
      const writer = createFileWriter(target.staging);
      for (const file of all) {
        writer.write(file.path, file.content);
        emit(file);
      }
      for (const file of recordFiles(manifestOf(all), all)) writer.write(file.path, file.content);
      swapIntoPlace(target);
    } catch (error) {
      releaseOutput(target);
      throw error;
    }
    return { files: all.map((f) => f.path).sort(), review };
  }
  try {
    return { ...updateInPlace(state, target, files, review, emit), review };
  } finally {
    releaseOutput(target);
  }
}

function reportFile(state: JobState, review: ReviewOutcome, update?: FileUpdate[]): GeneratedFile {
  return {
    path: "VALIDATION_REPORT.md",
    content: renderValidationReport(state, review) + (update ? updateReportSection(update) : ""),
  };
}

/** Writes a job's files into a folder that holds files, keeping the user's. */
function updateInPlace(
  state: JobState,
  target: OutputTarget,
  files: GeneratedFile[],
  review: ReviewOutcome,
  emit: (file: GeneratedFile) => void,
): { files: string[]; update: FileUpdate[] } {
  const root = target.outDir;
  let previous;
  try {
    previous = readManifest(root);
  } catch (error) {
    // A refine was checked before it started; over a broken manifest a
    // plain generate keeps every file it does not write.
    if (target.mode === "merge") throw error;
  }
  const read = (path: string): Uint8Array | undefined => {
    try {
      return readFileSync(join(root, path));
    } catch {
      return undefined;
    }
  };
  const plan = planUpdate({
    generated: files,
    ...(previous ? { previous } : {}),
    read,
    base: (sha) => readBase(root, sha),
    mode: target.mode === "merge" ? "merge" : "replace",
    held: review.held,
  });
  const report = reportFile(state, review, plan.files);
  const generated = [...plan.generated, report];
  const records = recordFiles(manifestOf(generated), generated);
  const wanted = new Set(records.map((f) => f.path));
  const staleBases = listFiles(join(root, BASE_DIR)).map((name) => `${BASE_DIR}/${name}`)
    .filter((path) => !wanted.has(path));
  applyChanges(root, target.staging, {
    writes: [
      ...plan.writes,
      report,
      // A base text already kept is not written again; the manifest goes last.
      ...records.filter((f) => f.path.startsWith(BASE_DIR) && read(f.path) === undefined),
      ...records.filter((f) => !f.path.startsWith(BASE_DIR)),
    ],
    deletes: [...plan.deletes, ...staleBases],
  }, (file) => {
    if (!file.path.startsWith(RECORDS_DIR + "/")) emit(file);
  });
  return { files: generated.map((f) => f.path).sort(), update: plan.files };
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function swapIntoPlace(target: OutputTarget): void {
  let previous: string | undefined;
  try {
    statSync(target.outDir);
    previous = `${target.staging}.previous`;
    renameSync(target.outDir, previous);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  try {
    renameSync(target.staging, target.outDir);
  } catch (error) {
    // Put the old folder back: nothing of the user's is lost.
    if (previous !== undefined) renameSync(previous, target.outDir);
    throw error;
  }
  if (previous !== undefined) rmSync(previous, { recursive: true, force: true });
}
