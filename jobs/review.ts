/**
 * Human review decisions on a job's held files: resolving decisions named
 * by path or by finding, writing approved files through the sandboxed file
 * writer, dropping rejected ones, and updating the job's record and report.
 * The MCP `review_risky` tool and `deno task review` both call
 * {@link applyDecisions}, so a decision means the same on either path.
 *
 * @module
 */
import type { RiskFinding } from "../guardrails/review_gate.ts";
import { createFileWriter } from "../guardrails/sandbox.ts";
import { renderValidationReport } from "../pipeline/report.ts";
import type { KeyedLock } from "./keyed_lock.ts";
import { stillHeld } from "./record.ts";
import { checkJobId, type JobRecord, type JobStore } from "./store.ts";

/** A decision that names an unknown job or finding; callers add how to find the right one. */
export class ReviewTargetError extends RangeError {
  /** `unknown_job` or `unknown_finding`. */
  readonly code: "unknown_job" | "unknown_finding";
  constructor(code: ReviewTargetError["code"], message: string) {
    super(message);
    this.name = "ReviewTargetError";
    this.code = code;
  }
}

/** One reviewer decision, about a held file or about the file of one finding. */
export interface ReviewDecision {
  path?: string;
  /** A finding id (`<path>:<line>:<rule>`): the decision applies to its whole file. */
  findingId?: string;
  decision: "approve" | "reject";
}

/** Where a finding's file stands. */
export type FindingState = "held" | "approved" | "rejected" | "not_held";

/** What {@link applyDecisions} did. */
export interface ReviewApplied {
  /** The job's record after the decisions. */
  record: JobRecord;
  /** Files approved and written by this call. */
  written: string[];
  /** Files rejected by this call. */
  dropped: string[];
}

/** Options of {@link applyDecisions}. */
export interface ApplyOptions {
  store: JobStore;
  /** Serialises decisions per job. */
  lock: KeyedLock;
  /** Whether the caller may see the job; others' jobs answer as unknown. */
  visible?: (record: JobRecord) => boolean;
  now?: () => Date;
}

/**
 * @param record A job's record.
 * @param path A file a finding is in.
 * @returns Whether the file is held, was approved or rejected, or was never held.
 */
export function findingState(record: JobRecord, path: string): FindingState {
  if (record.heldFiles.some((f) => f.path === path)) return "held";
  if (record.approved.includes(path)) return "approved";
  if (record.rejected.includes(path)) return "rejected";
  return "not_held";
}

/**
 * Checks decisions against a record and resolves finding ids to paths.
 *
 * @param record The job's record.
 * @param decisions The decisions.
 * @returns The decision per held path.
 * @throws {TypeError} For a decision with both or neither of path and finding id.
 * @throws {ReviewTargetError} For an unknown finding.
 * @throws {RangeError} For a file that is not held, or conflicting decisions.
 */
export function resolveDecisions(
  record: JobRecord,
  decisions: readonly ReviewDecision[],
): Map<string, "approve" | "reject"> {
  const chosen = new Map<string, "approve" | "reject">();
  for (const d of decisions) {
    if ((d.path === undefined) === (d.findingId === undefined)) {
      throw new TypeError(
        `Invalid decision ${
          JSON.stringify({
            ...(d.path !== undefined ? { path: d.path } : {}),
            ...(d.findingId !== undefined ? { finding_id: d.findingId } : {}),
            decision: d.decision,
          })
        }: give either "path" or "finding_id", not both or neither`,
      );
    }
    let path = d.path;
    if (d.findingId !== undefined) {
      const finding = record.findings.find((f) => f.id === d.findingId);
      if (finding === undefined) {
        throw new ReviewTargetError(
          "unknown_finding",
          `Unknown finding ${JSON.stringify(d.findingId)}: it is not among the job's findings`,
        );
      }
      path = finding.path;
    }
    const state = findingState(record, path!);
    if (state !== "held") {
      const why = state === "approved"
        ? "it was already approved"
        : state === "rejected"
        ? "it was already rejected"
        : "it is not held for review";
      throw new RangeError(`Cannot decide on ${JSON.stringify(path)}: ${why}`);
    }
    const earlier = chosen.get(path!);
    if (earlier !== undefined && earlier !== d.decision) {
      throw new RangeError(
        `Conflicting decisions for ${JSON.stringify(path)}: both approve and reject`,
      );
    }
    chosen.set(path!, d.decision);
  }
  return chosen;
}

/**
 * Applies decisions to a job: approved files are written into its output
 * folder, rejected ones dropped for good, and once nothing is held a job
 * awaiting review becomes `succeeded`; its report is rewritten to match.
 * Without decisions it only reads the record.
 *
 * @param jobId The job.
 * @param decisions The decisions (may be empty).
 * @param options Store, lock, visibility, clock.
 * @returns The record after the decisions and what was written and dropped.
 * @throws {ReviewTargetError} For an unknown (or invisible) job or finding.
 * @throws {RangeError} For a decision on a file that is not held, or conflicting decisions.
 * @throws {TypeError} For a malformed decision.
 */
export async function applyDecisions(
  jobId: string,
  decisions: readonly ReviewDecision[],
  options: ApplyOptions,
): Promise<ReviewApplied> {
  const id = checkJobId(jobId);
  return await options.lock.run(id, async () => {
    const record = await options.store.get(id);
    if (record === undefined || !(options.visible?.(record) ?? true)) {
      throw new ReviewTargetError("unknown_job", `Unknown job id "${id}": no job has that id`);
    }
    const chosen = resolveDecisions(record, decisions);
    const written: string[] = [];
    const dropped: string[] = [];
    if (chosen.size === 0) return { record, written, dropped };
    const writer = createFileWriter(record.outDir);
    for (const file of record.heldFiles) {
      const decision = chosen.get(file.path);
      if (decision === "approve") {
        writer.write(file.path, file.content);
        written.push(file.path);
      } else if (decision === "reject") {
        dropped.push(file.path);
      }
    }
    record.heldFiles = record.heldFiles.filter((f) => !chosen.has(f.path));
    record.approved = [...record.approved, ...written].sort();
    record.rejected = [...record.rejected, ...dropped].sort();
    record.files = [...new Set([...record.files, ...written])].sort();
    if (record.heldFiles.length === 0 && record.status === "awaiting_review") {
      record.status = "succeeded";
      delete record.reason;
    }
    if (record.state !== undefined) {
      record.state.status = record.status;
      if (record.reason === undefined) delete record.state.reason;
      writer.write(
        "VALIDATION_REPORT.md",
        renderValidationReport(record.state, {
          // Stored findings are the gate's own, read back from JSON.
          findings: record.findings as RiskFinding[],
          held: stillHeld(record),
        }),
      );
    }
    record.updatedAt = (options.now ?? (() => new Date()))().toISOString();
    await options.store.put(record);
    return { record, written, dropped };
  });
}
