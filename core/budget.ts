/**
 * Token and USD budgets: per-agent caps, the job cap, the USD cap, a pricing
 * table, and the ledger of what each agent spent. Every model call reserves
 * its maximum size first ({@link planCall}), so no cap can be exceeded.
 *
 * @module
 */
import { z } from "zod";
import {
  AGENT_TABLE,
  type AgentName,
  AgentNameSchema,
  AGENTS,
  perAgent,
  perAgentSchema,
} from "./agents.ts";

export { type AgentName, AgentNameSchema, AGENTS };

/** Caps that bound one job. */
export const LimitsSchema = z.object({
  /** Tokens (input + output) the whole job may use. */
  jobTokens: z.number().int().positive(),
  /** Tokens each agent may use over all its calls. */
  agentTokens: perAgentSchema(z.number().int().positive()),
  /** USD the whole job may cost. */
  jobUsd: z.number().positive(),
  /** Retries per agent after its first attempt. */
  maxRetries: z.number().int().min(0).max(10),
});

/** Caps that bound one job. */
export type Limits = z.infer<typeof LimitsSchema>;

/** The caps of the design: 200K tokens per job, $1, 3 retries per agent. */
export const DEFAULT_LIMITS: Limits = {
  jobTokens: 200_000,
  agentTokens: perAgent((agent) => AGENT_TABLE[agent].tokenLimit),
  jobUsd: 1,
  maxRetries: 3,
};

/** Tokens of one model call, as the provider reports them. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Part of `inputTokens` served from the provider's prompt cache. */
  cachedTokens: number;
}

/** USD per one million tokens. */
export interface Price {
  input: number;
  cachedInput: number;
  output: number;
}

/**
 * Prices of common OpenAI models, USD per 1M tokens. Models not listed cost 0
 * and are reported as unpriced.
 */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  "gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "gpt-5": { input: 1.25, cachedInput: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
};

/**
 * @param a One call's usage.
 * @param b Another's.
 * @returns Their sum.
 */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
  };
}

/**
 * The cost of a call.
 *
 * @param price The model's price, or undefined for an unpriced model.
 * @param usage The call's tokens.
 * @returns USD, 0 for an unpriced model.
 * @example
 * ```ts
 * import { costUsd, DEFAULT_PRICES } from "./budget.ts";
 * const usd = costUsd(DEFAULT_PRICES["gpt-4o-mini"], {
 *   inputTokens: 1_000_000, outputTokens: 0, cachedTokens: 0,
 * });
 * if (usd !== 0.15) throw new Error();
 * ```
 */
export function costUsd(price: Price | undefined, usage: Usage): number {
  if (price === undefined) return 0;
  const fresh = Math.max(0, usage.inputTokens - usage.cachedTokens);
  return (fresh * price.input + usage.cachedTokens * price.cachedInput +
    usage.outputTokens * price.output) / 1_000_000;
}

/** What one agent spent over the job. */
export const AgentSpendSchema = z.object({
  calls: z.number().int().min(0),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  cachedTokens: z.number().int().min(0),
  usd: z.number().min(0),
  latencyMs: z.number().min(0),
  /** The model names this agent used, in order of first use. */
  models: z.array(z.string()),
});

/** What one agent spent over the job. */
export type AgentSpend = z.infer<typeof AgentSpendSchema>;

/** What every agent spent. */
export const LedgerSchema = perAgentSchema(AgentSpendSchema);

/** What every agent spent. */
export type Ledger = z.infer<typeof LedgerSchema>;

/** @returns A ledger with nothing spent. */
export function emptyLedger(): Ledger {
  return perAgent((): AgentSpend => ({
    calls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    usd: 0,
    latencyMs: 0,
    models: [],
  }));
}

/**
 * @param ledger A ledger.
 * @returns The job's total tokens and USD.
 */
export function ledgerTotals(ledger: Ledger): { tokens: number; usd: number } {
  let tokens = 0;
  let usd = 0;
  for (const agent of AGENTS) {
    tokens += ledger[agent].inputTokens + ledger[agent].outputTokens;
    usd += ledger[agent].usd;
  }
  return { tokens, usd };
}

/** Thrown when a call would exceed a cap; the job ends with this reason. */
export class BudgetExceededError extends Error {
  /** Which cap: `agent_tokens`, `job_tokens` or `job_usd`. */
  readonly code: "agent_tokens" | "job_tokens" | "job_usd";
  /** The agent whose call was refused. */
  readonly agent: AgentName;
  constructor(code: BudgetExceededError["code"], agent: AgentName, message: string) {
    super(message);
    this.name = "BudgetExceededError";
    this.code = code;
    this.agent = agent;
  }
}

/** A model call's size as the orchestrator plans it before making it. */
export interface CallPlan {
  /** The most output tokens the call may produce. */
  maxOutputTokens: number;
}

/** The arguments of {@link planCall}. */
export interface CallRequest {
  agent: AgentName;
  /** Upper estimate of the call's input tokens. */
  inputTokens: number;
  /** The output size the agent would like, capped by what is left. */
  wantedOutputTokens: number;
  /** The least output worth calling for; below it the call is refused. */
  minOutputTokens: number;
  price: Price | undefined;
}

/**
 * Reserves a call's maximum size against every cap before it is made: the
 * output allowance is cut to what the agent, the job and the USD cap have
 * left, and the call is refused when less than `minOutputTokens` remains.
 *
 * @param limits The job's caps.
 * @param ledger What was spent so far.
 * @param request The call.
 * @returns The allowed maximum output tokens.
 * @throws {BudgetExceededError} When the call does not fit.
 * @example
 * ```ts
 * import { DEFAULT_LIMITS, emptyLedger, planCall } from "./budget.ts";
 * const plan = planCall(DEFAULT_LIMITS, emptyLedger(), {
 *   agent: "planner", inputTokens: 4_000, wantedOutputTokens: 40_000,
 *   minOutputTokens: 256, price: undefined,
 * });
 * if (plan.maxOutputTokens !== 26_000) throw new Error();
 * ```
 */
export function planCall(limits: Limits, ledger: Ledger, request: CallRequest): CallPlan {
  const { agent } = request;
  const spent = ledger[agent].inputTokens + ledger[agent].outputTokens;
  const agentLeft = limits.agentTokens[agent] - spent;
  const jobLeft = limits.jobTokens - ledgerTotals(ledger).tokens;
  let output = Math.min(request.wantedOutputTokens, agentLeft - request.inputTokens);
  if (output < request.minOutputTokens) {
    throw new BudgetExceededError(
      "agent_tokens",
      agent,
      `Token cap of "${agent}" reached: ${spent} of ${
        limits.agentTokens[agent]
      } tokens used, the next call needs up to ${request.inputTokens + request.minOutputTokens}`,
    );
  }
  output = Math.min(output, jobLeft - request.inputTokens);
  if (output < request.minOutputTokens) {
    throw new BudgetExceededError(
      "job_tokens",
      agent,
      `Job token budget reached: ${
        limits.jobTokens - jobLeft
      } of ${limits.jobTokens} tokens used, the next "${agent}" call needs up to ${
        request.inputTokens + request.minOutputTokens
      }`,
    );
  }
  if (request.price !== undefined) {
    const usdLeft = limits.jobUsd - ledgerTotals(ledger).usd;
    const inputCost = costUsd(request.price, {
      inputTokens: request.inputTokens,
      outputTokens: 0,
      cachedTokens: 0,
    });
    const affordable = request.price.output > 0
      ? Math.floor((usdLeft - inputCost) * 1_000_000 / request.price.output)
      : output;
    output = Math.min(output, affordable);
    if (output < request.minOutputTokens) {
      throw new BudgetExceededError(
        "job_usd",
        agent,
        `Job USD budget reached: $${
          (limits.jobUsd - usdLeft).toFixed(6)
        } of $${limits.jobUsd} spent, the next "${agent}" call could cost more than the $${
          usdLeft.toFixed(6)
        } left`,
      );
    }
  }
  return { maxOutputTokens: output };
}

/**
 * Adds a finished call to the ledger.
 *
 * @param ledger The ledger to update (not changed).
 * @param agent The agent that made the call.
 * @param call The call's usage, cost, latency and model.
 * @returns The new ledger.
 */
export function recordCall(
  ledger: Ledger,
  agent: AgentName,
  call: { usage: Usage; usd: number; latencyMs: number; model: string },
): Ledger {
  const before = ledger[agent];
  return {
    ...ledger,
    [agent]: {
      calls: before.calls + 1,
      inputTokens: before.inputTokens + call.usage.inputTokens,
      outputTokens: before.outputTokens + call.usage.outputTokens,
      cachedTokens: before.cachedTokens + call.usage.cachedTokens,
      usd: before.usd + call.usd,
      latencyMs: before.latencyMs + call.latencyMs,
      models: before.models.includes(call.model) ? before.models : [
        ...before.models,
        call.model,
      ],
    },
  };
}
