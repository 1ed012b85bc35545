/**
 * The one presenter of a finished job: the digest every entry point shows
 * (the CLI's `--json` and last line, the MCP tool result, the Action's pull
 * request) and the sentences they share, so the three never drift apart.
 *
 * @module
 */
import type { Ledger } from "./budget.ts";
import type { CheckResult, Finding } from "./findings.ts";
import type { JobStatus } from "./job_state.ts";
import type { Spec } from "./spec.ts";

/** What a finished job is summarised from (a `GenerateResult` has all of it). */
export interface SummaryInput {
  jobId: string;
  status: JobStatus;
  reason?: string;
  provider: string;
  spec?: Spec;
  validation?: { passed: boolean; checks: CheckResult[]; findings: Finding[] };
  /** Relative paths written. */
  files: string[];
  review: { held: string[] };
  ledger: Ledger;
  totals: { tokens: number; usd: number };
  durationMs: number;
}

/** The digest of a finished job. */
export interface JobSummary {
  jobId: string;
  status: JobStatus;
  reason?: string;
  provider: string;
  spec: {
    title: string;
    summary: string;
    auth: boolean;
    entities: string[];
    endpoints: number;
    pages: string[];
    patterns: string[];
  } | null;
  validation: {
    passed: boolean;
    checks: CheckResult[];
    findings: Finding[];
  } | null;
  files: string[];
  held: string[];
  totals: { tokens: number; usd: number };
  durationMs: number;
}

/**
 * @param job A finished job.
 * @returns Its digest.
 * @example
 * ```ts
 * import { summarizeJob } from "./summary.ts";
 * import { emptyLedger } from "./budget.ts";
 * const s = summarizeJob({
 *   jobId: "j", status: "failed", reason: "no spec", provider: "offline", files: [],
 *   review: { held: [] }, ledger: emptyLedger(), totals: { tokens: 0, usd: 0 }, durationMs: 3.4,
 * });
 * if (s.spec !== null || s.durationMs !== 3) throw new Error();
 * ```
 */
export function summarizeJob(job: SummaryInput): JobSummary {
  const { spec, validation } = job;
  return {
    jobId: job.jobId,
    status: job.status,
    ...(job.reason ? { reason: job.reason } : {}),
    provider: job.provider,
    spec: spec
      ? {
        title: spec.title,
        summary: spec.summary,
        auth: spec.auth,
        entities: spec.entities.map((e) => e.name),
        endpoints: spec.endpoints.length,
        pages: spec.pages.map((p) => p.route),
        patterns: spec.patterns,
      }
      : null,
    validation: validation
      ? { passed: validation.passed, checks: validation.checks, findings: validation.findings }
      : null,
    files: job.files,
    held: job.review.held,
    totals: job.totals,
    durationMs: Math.round(job.durationMs),
  };
}

/**
 * @param checks The validator's check results.
 * @returns e.g. `7/7 checks passed` or `6/7 checks passed, 1 skipped: python_syntax`.
 */
export function checksLine(checks: readonly Pick<CheckResult, "check" | "status">[]): string {
  const passed = checks.filter((c) => c.status === "passed").length;
  const skipped = checks.filter((c) => c.status === "skipped");
  return `${passed}/${checks.length} checks passed${
    skipped.length ? `, ${skipped.length} skipped: ${skipped.map((c) => c.check).join(", ")}` : ""
  }`;
}

/**
 * @param summary A job's digest.
 * @param where Where its files went (a folder, or a resource prefix).
 * @returns The verdict in one line, e.g.
 *   `✓ succeeded: 50 files in /out (7/7 checks passed) in 329 ms`.
 */
export function verdictLine(summary: JobSummary, where: string): string {
  return `${
    summary.status === "succeeded" ? "✓" : summary.status === "partial" ? "◐" : "✗"
  } ${summary.status}: ${summary.files.length} files in ${where} (${
    checksLine(summary.validation?.checks ?? [])
  }) in ${summary.durationMs} ms`;
}
