/**
 * Writes a job's artifacts. Files are written through the sandboxed file
 * writer into a staging folder beside the output folder, then moved into
 * place in one rename, so a failed job never leaves a half-written folder and
 * an existing folder is only replaced when the caller asked for it.
 *
 * @module
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { InputError } from "../core/errors.ts";
import { createFileWriter } from "../guardrails/sandbox.ts";
import { humanReviewGate } from "../guardrails/review_gate.ts";
import type { GeneratedFile } from "../core/artifact.ts";
import type { EventBus } from "../core/events.ts";
import type { JobState } from "../core/job_state.ts";
import { renderValidationReport, type ReviewOutcome } from "./report.ts";
import { renderSpecMarkdown } from "./spec_markdown.ts";

/** A staging folder claimed for one job's output. */
export interface OutputTarget {
  /** The final folder, absolute. */
  outDir: string;
  /** The staging folder beside it, absolute. */
  staging: string;
  force: boolean;
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
  if (existing !== undefined && !force && readdirSync(target).length > 0) {
    throw new InputError(
      "output_not_empty",
      `Output folder "${outDir}" is not empty`,
      "choose another output folder, or allow replacing it",
    );
  }
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
  return { outDir: target, staging, force };
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
  /** Relative paths written, sorted. */
  files: string[];
  review: ReviewOutcome;
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
  const files = [
    ...artifacts.filter((f) => !held.includes(f.path)),
    { path: "VALIDATION_REPORT.md", content: renderValidationReport(state, review) },
  ];
  try {
    const writer = createFileWriter(target.staging);
    for (const file of files) {
      writer.write(file.path, file.content);
      bus.emit({
        type: "file_written",
        jobId: state.jobId,
        path: file.path,
        bytes: new TextEncoder().encode(file.content).length,
      });
    }
    swapIntoPlace(target);
  } catch (error) {
    releaseOutput(target);
    throw error;
  }
  return { files: files.map((f) => f.path).sort(), review };
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
