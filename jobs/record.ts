/**
 * The job record of a finished `generateApp()` run: what the job store keeps
 * so `get_spec`, `review_risky` and `deno task review` can answer later.
 *
 * @module
 */
import type { GenerateResult } from "../pipeline/generate.ts";
import { artifactsOf } from "../pipeline/output.ts";
import { renderSpecMarkdown } from "../pipeline/spec_markdown.ts";
import type { z } from "zod";
import { AGENTS, type Ledger, ledgerTotals } from "../core/budget.ts";
import { costTable } from "../core/cost_table.ts";
import type { JobState } from "../core/job_state.ts";
import type { CostSchema, JobRecord } from "./store.ts";

/**
 * @param result What the job produced.
 * @param base The record as it was when the job started (ids, owner, output folder).
 * @param now When the job finished.
 * @returns The finished record; held files keep their content, others only their path.
 */
export function jobRecordOf(result: GenerateResult, base: JobRecord, now: Date): JobRecord {
  const held = new Set(result.review.held);
  return {
    ...base,
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    provider: result.provider,
    updatedAt: now.toISOString(),
    state: storedState(result.state),
    files: result.files,
    findings: result.review.findings,
    heldFiles: artifactsOf(result.state).filter((f) => held.has(f.path)),
    durationMs: Math.round(result.durationMs),
    cost: costOf(result.ledger, result.provider),
    ...(result.spec ? { specMarkdown: renderSpecMarkdown(result.spec) } : {}),
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
  const at = now.toISOString();
  return jobRecordOf(result, {
    version: 1,
    jobId: result.jobId,
    userId: result.state.userId,
    status: "running",
    provider: result.provider,
    createdAt: result.state.createdAt,
    updatedAt: at,
    outDir: result.outDir,
    files: [],
    findings: [],
    heldFiles: [],
    rejected: [],
    approved: [],
  }, now);
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
  const { frontend: _f, backend: _b, partial: _p, ...rest } = state;
  return rest;
}

/**
 * @param record A job record.
 * @returns The files still waiting for a decision.
 */
export function stillHeld(record: JobRecord): string[] {
  return record.heldFiles.map((f) => f.path).sort();
}
