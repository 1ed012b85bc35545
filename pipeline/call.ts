/**
 * One agent's model call with every check around it: prompt integrity
 * (layer 1), the budget reserved before the call, the provider call, output
 * validation (layer 3), the ledger and the events.
 *
 * @module
 */
import type { z } from "zod";
import type { PromptIntegrity } from "../guardrails/integrity.ts";
import { validateOutput } from "../guardrails/output.ts";
import {
  type AgentName,
  costUsd,
  type Ledger,
  ledgerTotals,
  planCall,
  recordCall,
  type Usage,
} from "../core/budget.ts";
import type { EventBus } from "../core/events.ts";
import type { JobState } from "../core/job_state.ts";
import type { AgentTask, ChatMessage, ModelProvider } from "../core/provider.ts";

/** What every agent needs to make a call. */
export interface CallDeps {
  provider: ModelProvider;
  integrity: PromptIntegrity;
  bus: EventBus;
  /** Milliseconds, monotonic; injectable for tests. */
  now: () => number;
  signal?: AbortSignal;
}

/** The arguments of {@link callModel}. */
export interface AgentCall<T> {
  agent: AgentName;
  task: AgentTask;
  messages: ChatMessage[];
  schema: z.ZodType<T>;
  schemaName: string;
  /** The output size the agent would like. */
  wantedOutputTokens: number;
}

/** Holder of a job's state while it runs, with the calls in flight. */
export interface JobRun {
  state: JobState;
  /**
   * Worst-case spend of calls not yet returned: concurrent calls reserve
   * against the caps together, so two executors cannot both take the last tokens.
   */
  inFlight?: { agent: AgentName; inputTokens: number; outputTokens: number; usd: number }[];
}

/**
 * The job's ledger with the worst-case spend of the calls in flight added,
 * which is what a new call may still reserve against.
 *
 * @param run Holder of the job's state and calls in flight.
 * @returns The ledger.
 */
export function reservedLedger(run: JobRun): Ledger {
  return withReservations(run);
}

function withReservations(run: JobRun): Ledger {
  let ledger = run.state.ledger;
  for (const r of run.inFlight ?? []) {
    ledger = recordCall(ledger, r.agent, {
      usage: { inputTokens: r.inputTokens, outputTokens: r.outputTokens, cachedTokens: 0 },
      usd: r.usd,
      latencyMs: 0,
      model: "",
    });
  }
  return ledger;
}

/**
 * Tokens an agent may still spend: its cap minus what it spent and what its
 * calls in flight reserved, and never more than the job has left.
 *
 * @param run Holder of the job's state and calls in flight.
 * @param agent The agent.
 * @returns Tokens left (0 or more).
 */
export function agentTokensLeft(run: JobRun, agent: AgentName): number {
  const ledger = withReservations(run);
  const spend = ledger[agent];
  const { tokens } = ledgerTotals(ledger);
  const { limits } = run.state;
  return Math.max(
    0,
    Math.min(
      limits.agentTokens[agent] - spend.inputTokens - spend.outputTokens,
      limits.jobTokens - tokens,
    ),
  );
}

/** The least output a metered call is worth making for. */
export const MIN_OUTPUT_TOKENS = 256;

/**
 * Makes one call for an agent and records it in `run.state` (ledger, events).
 * The state is updated in place right after the call returns, so two agents
 * running concurrently never overwrite each other's spend.
 *
 * @param run Holder of the job's current state.
 * @param deps Provider, integrity, events and clock.
 * @param call The call.
 * @returns The validated output.
 * @throws {BudgetExceededError} When the call does not fit the caps (nothing is spent).
 * @throws {GuardrailError} When the prompt changed or the output is invalid (the call is spent).
 * @throws {ProviderError} When the provider failed.
 */
export async function callModel<T>(
  run: JobRun,
  deps: CallDeps,
  call: AgentCall<T>,
): Promise<T> {
  const { provider } = deps;
  const system = call.messages.find((m) => m.role === "system");
  if (system !== undefined) deps.integrity.verify(call.agent, system.content);
  const model = provider.modelFor(call.agent);
  const price = provider.priceOf(model);
  const inputTokens = provider.metered ? provider.countTokens(call.messages) : 0;
  const maxOutputTokens = provider.metered
    ? planCall(run.state.limits, withReservations(run), {
      agent: call.agent,
      inputTokens,
      wantedOutputTokens: call.wantedOutputTokens,
      minOutputTokens: MIN_OUTPUT_TOKENS,
      price,
    }).maxOutputTokens
    : call.wantedOutputTokens;
  const reservation = {
    agent: call.agent,
    inputTokens,
    outputTokens: provider.metered ? maxOutputTokens : 0,
    usd: costUsd(price, { inputTokens, outputTokens: maxOutputTokens, cachedTokens: 0 }),
  };
  (run.inFlight ??= []).push(reservation);
  const started = deps.now();
  // Every call's end, failed or not, for latency, cost and error counts.
  const finished = (
    outcome:
      | { ok: true }
      | { ok: false; error: string; failure: "provider" | "invalid_output" },
    model: string,
    usage: Usage,
    usd: number,
    latencyMs: number,
  ) =>
    deps.bus.emit({
      type: "agent_finished",
      jobId: run.state.jobId,
      agent: call.agent,
      attempt: run.state.attempts[call.agent],
      ...outcome,
      model,
      usage,
      usd,
      latencyMs,
    });
  let response;
  try {
    response = await provider.complete({
      task: call.task,
      messages: call.messages,
      schema: call.schema,
      schemaName: call.schemaName,
      maxOutputTokens,
      ...(deps.signal ? { signal: deps.signal } : {}),
      // A slow or failing call shows as progress, not as silence.
      onRetry: (notice) =>
        deps.bus.emit({
          type: "call_retry",
          jobId: run.state.jobId,
          agent: call.agent,
          attempt: run.state.attempts[call.agent],
          ...notice,
        }),
    });
  } catch (error) {
    // A timeout is the slowest call of all; a call cancelled with its job is
    // no failure of the agent.
    if (deps.signal?.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    finished(
      { ok: false, error: message, failure: "provider" },
      model,
      { inputTokens: 0, outputTokens: 0, cachedTokens: 0 },
      0,
      deps.now() - started,
    );
    throw error;
  } finally {
    run.inFlight.splice(run.inFlight.indexOf(reservation), 1);
  }
  const latencyMs = deps.now() - started;
  const usd = costUsd(price, response.usage);
  run.state.ledger = recordCall(run.state.ledger, call.agent, {
    usage: response.usage,
    usd,
    latencyMs,
    model: response.model,
  });
  let output: T;
  try {
    output = validateOutput(call.schema, response.output, call.agent);
  } catch (error) {
    const message = (error as Error).message;
    finished(
      { ok: false, error: message, failure: "invalid_output" },
      response.model,
      response.usage,
      usd,
      latencyMs,
    );
    throw error;
  }
  finished({ ok: true }, response.model, response.usage, usd, latencyMs);
  return output;
}
