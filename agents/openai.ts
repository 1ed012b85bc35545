/**
 * The `openai` provider: any OpenAI-compatible chat completions endpoint
 * (OpenAI, Azure, OpenRouter, vLLM, Ollama, llama.cpp) through the `openai`
 * SDK. Answers are requested in JSON mode and checked against the agent's
 * schema by the output guardrail; usage comes from the API's `usage`.
 *
 * @module
 */
import OpenAI from "openai";
import { countTokens } from "gpt-tokenizer";
import { type AgentName, DEFAULT_PRICES, type Price } from "./budget.ts";
import type { Config } from "./config.ts";
import {
  type ChatMessage,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  ProviderError,
} from "./provider.ts";

/** Options of {@link createOpenAIProvider}: the `openai` part of the configuration. */
export type OpenAIOptions = Config["openai"] & {
  /** Prices that add to or override {@link DEFAULT_PRICES}. */
  prices?: Record<string, Price>;
  /** Milliseconds before a call is abandoned (default 120 s). */
  timeoutMs?: number;
  /** SDK-level retries on 429, 5xx and connection errors (default 2). */
  maxRetries?: number;
};

/**
 * Creates the provider.
 *
 * @param options Key, base URL, models, prices.
 * @returns The provider.
 * @throws {RangeError} When there is neither an API key nor a base URL.
 */
export function createOpenAIProvider(options: OpenAIOptions): ModelProvider {
  if (options.apiKey === undefined && options.baseUrl === undefined) {
    throw new RangeError(
      'Provider "openai" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server): set it, or use --provider offline',
    );
  }
  const client = new OpenAI({
    apiKey: options.apiKey ?? "not-needed",
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 2,
  });
  const prices = { ...DEFAULT_PRICES, ...options.prices };
  return {
    name: "openai",
    metered: true,
    modelFor: (agent: AgentName) => options.models[agent] ?? options.model,
    priceOf: (model) => prices[model] ?? prices[model.replace(/-\d{4}-\d{2}-\d{2}$/, "")],
    countTokens: (messages) => estimateTokens(messages),
    async complete(request: ModelRequest): Promise<ModelResponse> {
      const model = options.models[request.task.agent] ?? options.model;
      let completion;
      try {
        completion = await client.chat.completions.create({
          model,
          messages: request.messages,
          max_tokens: request.maxOutputTokens,
          response_format: { type: "json_object" },
          temperature: 0,
        }, request.signal ? { signal: request.signal } : {});
      } catch (error) {
        throw toProviderError(error);
      }
      const choice = completion.choices[0];
      if (choice?.finish_reason === "length") {
        throw new ProviderError(
          "truncated",
          `Answer of "${request.task.agent}" was cut off at ${request.maxOutputTokens} tokens`,
          true,
        );
      }
      return {
        output: choice?.message.content ?? "",
        usage: {
          inputTokens: completion.usage?.prompt_tokens ?? 0,
          outputTokens: completion.usage?.completion_tokens ?? 0,
          cachedTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
        },
        model: completion.model || model,
      };
    },
  };
}

/**
 * An upper estimate of the input tokens of `messages`: the o200k count plus
 * per-message framing and a 10% margin for other tokenizers.
 *
 * @param messages The chat messages.
 * @returns The estimate.
 */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  let tokens = 3;
  for (const message of messages) tokens += 4 + countTokens(message.content);
  return Math.ceil(tokens * 1.1);
}

function toProviderError(error: unknown): ProviderError {
  if (error instanceof OpenAI.APIUserAbortError) {
    return new ProviderError("aborted", "Model call was cancelled", false, { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError("timeout", "Model call timed out", true, { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderError(
      "connection",
      `Cannot reach the model endpoint: ${error.message}`,
      true,
      {
        cause: error,
      },
    );
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    return new ProviderError(
      `http_${status}`,
      `Model endpoint answered ${status}: ${error.message}`,
      status === 429 || status >= 500,
      { cause: error },
    );
  }
  return new ProviderError("unknown", `Model call failed: ${(error as Error).message}`, false, {
    cause: error,
  });
}
