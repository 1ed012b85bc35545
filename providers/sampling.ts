/**
 * The `sampling` provider: the agents use the model of the MCP client that
 * called `generate_app`, through `sampling/createMessage`. It needs no key;
 * the client (and usually its user) decides which model answers and may
 * refuse a request.
 *
 * The transport is a {@link Sampler} function, so this module does not know
 * about MCP sessions: `server/sampling.ts` builds one from a tool call.
 *
 * - The client reports no usage, so tokens are estimated with the same
 *   tokenizer the budget reserves with (`estimateTokens`); the output estimate
 *   never exceeds the `maxTokens` the request granted, so no cap is overrun.
 * - Calls are unpriced (the client pays): USD stays 0, tokens still count.
 * - An answer that does not fit the schema gets one repair request, when the
 *   repair fits inside the call's reservation.
 *
 * @module
 */
import { countTokens } from "gpt-tokenizer";
import { addUsage, type AgentName, type Usage } from "../core/budget.ts";
import { estimateTokens, repairTurn } from "./openai/provider.ts";
import { answerProblem, stripFence } from "./openai/format.ts";
import {
  type ChatMessage,
  DEFAULT_ANSWER_TOKENS,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  ProviderError,
} from "../core/provider.ts";

/** One `sampling/createMessage` request, in the provider's terms. */
export interface SamplingRequest {
  /** The system messages, joined. */
  systemPrompt?: string;
  /** The conversation without system messages, oldest first. */
  messages: { role: "user" | "assistant"; text: string }[];
  maxTokens: number;
  /** A model name the client may take as a hint (`modelPreferences.hints`). */
  modelHint?: string;
  signal?: AbortSignal;
}

/** The client's answer. */
export interface SamplingAnswer {
  text: string;
  /** The model the client used. */
  model: string;
  /** `endTurn`, `stopSequence`, `maxTokens` or a client-specific reason. */
  stopReason?: string;
}

/**
 * Sends one sampling request to the client.
 *
 * @throws {ProviderError} When the client refuses, fails, or times out.
 */
export type Sampler = (request: SamplingRequest) => Promise<SamplingAnswer>;

/** Options of {@link createSamplingProvider}. */
export interface SamplingOptions {
  sample: Sampler;
  /** A model hint for every agent without its own (`STACKFORGE_MODEL`, when set). */
  model?: string;
  /** Model hints per agent (`STACKFORGE_MODEL_<AGENT>`). */
  models?: Partial<Record<AgentName, string>>;
  /** The largest answer asked for; executors split their files to fit (default 12,000). */
  answerTokens?: number;
}

/** What the ledger shows as the model until the client names it. */
export const SAMPLING_MODEL = "mcp-sampling";

/**
 * Creates the provider.
 *
 * @param options The sampler and optional model hints.
 * @returns The provider.
 * @example
 * ```ts
 * import { createSamplingProvider } from "./sampling.ts";
 * const provider = createSamplingProvider({
 *   sample: () => Promise.resolve({ text: '{"next": "planner"}', model: "client-model" }),
 * });
 * if (provider.name !== "sampling" || provider.priceOf("client-model") !== undefined) {
 *   throw new Error();
 * }
 * ```
 */
export function createSamplingProvider(options: SamplingOptions): ModelProvider {
  const hintFor = (agent: AgentName) => options.models?.[agent] ?? options.model;
  async function ask(
    request: ModelRequest,
    messages: readonly ChatMessage[],
    maxTokens: number,
  ): Promise<SamplingAnswer & { usage: Usage }> {
    if (request.signal?.aborted) {
      throw new ProviderError("aborted", "Model call was cancelled", false);
    }
    const system = messages.filter((m) => m.role === "system").map((m) => m.content);
    const hint = hintFor(request.task.agent);
    const answer = await options.sample({
      ...(system.length > 0 ? { systemPrompt: system.join("\n\n") } : {}),
      messages: messages.filter((m) => m.role !== "system").map((m) => ({
        role: m.role as "user" | "assistant",
        text: m.content,
      })),
      maxTokens,
      ...(hint ? { modelHint: hint } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    // The client reports no usage: estimate it like the reservation did, and
    // never above what was granted (a client answering longer than maxTokens
    // is the client's overrun, not this job's).
    const outputTokens = Math.min(maxTokens, Math.ceil(countTokens(answer.text) * 1.1));
    return {
      ...answer,
      text: stripFence(answer.text.trim()),
      usage: { inputTokens: estimateTokens(messages), outputTokens, cachedTokens: 0 },
    };
  }
  return {
    name: "sampling",
    answerTokens: options.answerTokens ?? DEFAULT_ANSWER_TOKENS,
    metered: true,
    modelFor: (agent) => hintFor(agent) ?? SAMPLING_MODEL,
    priceOf: () => undefined,
    countTokens: (messages) => estimateTokens(messages),
    async complete(request: ModelRequest): Promise<ModelResponse> {
      const first = await ask(request, request.messages, request.maxOutputTokens);
      const response = (answer: SamplingAnswer, usage: Usage): ModelResponse => ({
        output: answer.text,
        usage,
        model: answer.model || SAMPLING_MODEL,
      });
      // A cut answer is returned as it is: the output guardrail refuses it and the agent retries.
      if (first.stopReason === "maxTokens") return response(first, first.usage);
      const problem = answerProblem(request.schema, first.text);
      if (problem === undefined) return response(first, first.usage);
      const repair = repairTurn(request, first.text, first.usage, problem);
      if (repair === undefined) return response(first, first.usage);
      let second;
      try {
        second = await ask(request, repair.messages, repair.maxTokens);
      } catch (error) {
        // A refused repair must not hide a cancellation; otherwise the
        // first answer's tokens are spent and the guardrail judges it.
        if (error instanceof ProviderError && error.code === "aborted") throw error;
        return response(first, first.usage);
      }
      return response(second, addUsage(first.usage, second.usage));
    },
  };
}
