/**
 * The job record: what the job store keeps of a job, built here for every
 * way a job runs (the MCP server, a worker, the CLI), so `get_spec`,
 * `review_risky` and `deno task review` can answer later.
 *
 * @module
 */
import type { z } from "zod";
import type { GenerateResult } from "../pipeline/generate.ts";
import { artifactsOf } from "../pipeline/output.ts";
import type { ReviewOutcome } from "../pipeline/report.ts";
import { renderSpecMarkdown } from "../pipeline/spec_markdown.ts";
import { AGENTS, type Ledger, ledgerTotals } from "../core/budget.ts";
import { costTable } from "../core/cost_table.ts";
import type { JobState } from "../core/job_state.ts";
import type { CostSchema, JobRecord } from "./store.ts";
import { type SpecDiff, specDiffLines } from "../pipeline/refine/spec_diff.ts";
import type { FileUpdate } from "../pipeline/refine/update_plan.ts";
import { conflictsOf } from "../pipeline/refine/update_report.ts";

/** What a finished job left behind, wherever it ran: in-process or on a worker. */
export interface FinishedJob {
  /** The job's final state (with its files, which the record keeps only when held). */
  state: JobState;
  /** Relative paths written. */
  files: string[];
  review: ReviewOutcome;
  /** The output folder, absolute. */
  outDir: string;
  durationMs: number;
  /** A refine: how the spec changed. */
  specDiff?: SpecDiff;
  /** A refine: what happened to each changed path. */
  update?: FileUpdate[];
}

/**
 * The record of a job that just started.
 *
 * @param job Its id, owner, provider, creation time and output folder.
 * @returns The record, status `running`.
 */
export function newJobRecord(
  job: Pick<JobRecord, "jobId" | "userId" | "provider" | "createdAt" | "outDir">,
): JobRecord {
  return {
    version: 1,
    ...job,
    status: "running",
    updatedAt: job.createdAt,
    files: [],
    findings: [],
    heldFiles: [],
    rejected: [],
    approved: [],
  };
}

/**
 * @param finished What the job produced.
 * @param base The record as it was when the job started (ids, owner, output folder).
 * @param now When the job finished.
 * @returns The finished record; held files keep their content, others only their path.
 */
export function jobRecordOf(finished: FinishedJob, base: JobRecord, now: Date): JobRecord {
  const { state, review } = finished;
  const held = new Set(review.held);
  return {
    ...base,
    status: state.status,
    ...(state.reason ? { reason: state.reason } : {}),
    provider: state.provider,
    outDir: finished.outDir,
    updatedAt: now.toISOString(),
    state: storedState(state),
    files: finished.files,
    findings: review.findings,
    heldFiles: artifactsOf(state).filter((f) => held.has(f.path)),
    durationMs: Math.round(finished.durationMs),
    cost: costOf(state.ledger, state.provider),
    ...(state.spec ? { specMarkdown: renderSpecMarkdown(state.spec, state.validation) } : {}),
    ...(finished.specDiff ? { specDiff: specDiffLines(finished.specDiff) } : {}),
    ...(finished.update ? { conflicts: conflictsOf(finished.update).map((f) => f.path) } : {}),
  };
}

/**
 * The record of a job run outside the server (the CLI), as if it had started
 * and finished now.
 *
 * @param result What the job produced.
 * @param now The clock.
 * @returns The record.
 */
export function standaloneJobRecord(result: GenerateResult, now: Date): JobRecord {
  return jobRecordOf(
    result,
    newJobRecord({
      jobId: result.jobId,
      userId: result.state.userId,
      provider: result.provider,
      createdAt: result.state.createdAt,
      outDir: result.outDir,
    }),
    now,
  );
}

/**
 * @param ledger What each agent spent.
 * @param provider The provider's name.
 * @returns The cost in the shape of {@link CostSchema}.
 */
export function costOf(ledger: Ledger, provider: string): z.infer<typeof CostSchema> {
  const totals = ledgerTotals(ledger);
  return {
    agents: AGENTS.map((agent) => ({
      agent,
      calls: ledger[agent].calls,
      input_tokens: ledger[agent].inputTokens,
      output_tokens: ledger[agent].outputTokens,
      usd: ledger[agent].usd,
      latency_ms: Math.round(ledger[agent].latencyMs),
    })),
    total_tokens: totals.tokens,
    total_usd: totals.usd,
    table: costTable(ledger, provider),
  };
}

/**
 * A finished state without the generated files' contents: they are on disk,
 * and keeping them out makes records small and `get_spec` fast.
 *
 * @param state A job's final state.
 * @returns The state to store.
 */
export function storedState(state: JobState): JobState {
  const { frontend: _f, backend: _b, partial: _p, refine, ...rest } = state;
  // A refine's base files are the parent job's: on its disk, not in this record.
  return refine ? { ...rest, refine: { ...refine, files: [] } } : rest;
}

/**
 * @param record A job record.
 * @returns The files still waiting for a decision.
 */
export function stillHeld(record: JobRecord): string[] {
  return record.heldFiles.map((f) => f.path).sort();
}
