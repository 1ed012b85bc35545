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
import { type AgentName, costUsd, planCall, recordCall } from "./budget.ts";
import type { EventBus } from "./events.ts";
import type { JobState } from "./job_state.ts";
import type { AgentTask, ChatMessage, ModelProvider } from "./provider.ts";

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
  run: { state: JobState },
  deps: CallDeps,
  call: AgentCall<T>,
): Promise<T> {
  const { provider } = deps;
  const system = call.messages.find((m) => m.role === "system");
  if (system !== undefined) deps.integrity.verify(call.agent, system.content);
  const model = provider.modelFor(call.agent);
  const price = provider.priceOf(model);
  const maxOutputTokens = provider.metered
    ? planCall(run.state.limits, run.state.ledger, {
      agent: call.agent,
      inputTokens: provider.countTokens(call.messages),
      wantedOutputTokens: call.wantedOutputTokens,
      minOutputTokens: MIN_OUTPUT_TOKENS,
      price,
    }).maxOutputTokens
    : call.wantedOutputTokens;
  const started = deps.now();
  const response = await provider.complete({
    task: call.task,
    messages: call.messages,
    schema: call.schema,
    schemaName: call.schemaName,
    maxOutputTokens,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const latencyMs = deps.now() - started;
  const usd = costUsd(price, response.usage);
  run.state.ledger = recordCall(run.state.ledger, call.agent, {
    usage: response.usage,
    usd,
    latencyMs,
    model: response.model,
  });
  const attempt = run.state.attempts[call.agent];
  try {
    const output = validateOutput(call.schema, response.output, call.agent);
    deps.bus.emit({
      type: "agent_finished",
      jobId: run.state.jobId,
      agent: call.agent,
      attempt,
      ok: true,
      model: response.model,
      usage: response.usage,
      usd,
      latencyMs,
    });
    return output;
  } catch (error) {
    deps.bus.emit({
      type: "agent_finished",
      jobId: run.state.jobId,
      agent: call.agent,
      attempt,
      ok: false,
      error: (error as Error).message,
      model: response.model,
      usage: response.usage,
      usd,
      latencyMs,
    });
    throw error;
  }
}
