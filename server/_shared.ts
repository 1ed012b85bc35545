/**
 * Pieces the tools share: the cost schema and its rendering, tool results,
 * and the record of a finished job. Private to `server/`.
 *
 * @module
 */
import { z } from "zod";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { AGENTS, type Ledger, ledgerTotals } from "../core/budget.ts";
import type { JobState } from "../core/job_state.ts";
import { costTable } from "../core/cost_table.ts";
import type { JobRecord } from "../jobs/store.ts";

/** The part of a request's context that says who sent it. */
export interface RequestAuth {
  authInfo?: AuthInfo;
}

/**
 * @param extra A request's context.
 * @returns The user its bearer token signed in (`STACKFORGE_MCP_USERS`), if any.
 */
export function signedInUser(extra: RequestAuth | undefined): string | undefined {
  return extra?.authInfo?.clientId;
}

/**
 * Whether a request may see a job: any job when no user is signed in (stdio,
 * the shared token), only that user's own jobs otherwise. Callers answer as
 * for an unknown job, so other users' job ids are not confirmed either.
 *
 * @param extra The request's context.
 * @param record The job's record.
 * @returns Whether the job is visible.
 */
export function maySee(extra: RequestAuth | undefined, record: JobRecord): boolean {
  const user = signedInUser(extra);
  return user === undefined || record.userId === user;
}

/** What a job cost, per agent and in total, with the CLI's table. */
export const CostSchema = z.object({
  agents: z.array(z.object({
    agent: z.enum(AGENTS),
    calls: z.number().int(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    usd: z.number(),
    latency_ms: z.number(),
  })),
  total_tokens: z.number().int(),
  total_usd: z.number(),
  /** The per-agent cost table, as the CLI prints it. */
  table: z.string(),
});

/** A finding of the human review gate. */
export const ReviewFindingSchema = z.object({
  id: z.string().describe("Stable id: <path>:<line>:<rule>"),
  path: z.string(),
  line: z.number().int(),
  rule: z.string(),
  excerpt: z.string(),
  severity: z.enum(["high", "medium", "low"]).optional(),
  message: z.string().optional().describe("Why the construct is risky"),
});

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
 * A failed tool call the model can read and act on.
 *
 * @param message What failed, then a colon and the detail.
 * @returns The `isError` result.
 */
export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}

/**
 * @param error Anything thrown.
 * @returns Its message.
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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

/** The URI of a job's file resource. */
export function fileUri(jobId: string, path: string): string {
  return `stackforge://jobs/${jobId}/${path}`;
}
