/**
 * The `openai` provider: any OpenAI-compatible chat completions endpoint
 * (OpenAI, Azure, OpenRouter, vLLM, Ollama, llama.cpp) through the `openai`
 * SDK.
 *
 * - Answers are requested as structured outputs from the agent's zod schema;
 *   a server that refuses `json_schema` is asked in JSON mode from then on.
 *   An answer that does not fit the schema gets one repair try, when the
 *   repair fits inside the call's reservation.
 * - 429 (honouring `Retry-After`), 5xx, connection errors, timeouts and
 *   unreadable responses are retried with exponential backoff and full
 *   jitter; 4xx such as 401 fail at once.
 * - Every HTTP request has a timeout and carries the caller's AbortSignal.
 * - Usage (prompt, completion, cached) is summed over the requests of a call,
 *   which never exceed the call's reserved input + `maxOutputTokens`.
 *
 * @module
 */
import OpenAI from "openai";
import { countTokens } from "gpt-tokenizer";
import { addUsage, type AgentName, type Price, type Usage } from "../../core/budget.ts";
import { InputError } from "../../core/errors.ts";
import type { OpenAIConfig } from "./config.ts";
import {
  answerProblem,
  rejectsJsonSchema,
  repairMessage,
  type ResponseFormat,
  responseFormatFor,
  stripFence,
} from "./format.ts";
import { isOpenAIApi, modelOutputLimit } from "./model_limits.ts";
import { createPriceLookup, loadPrices } from "./pricing.ts";
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryPolicy,
  sleep,
} from "./retry.ts";
import {
  type ChatMessage,
  DEFAULT_ANSWER_TOKENS,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  ProviderError,
} from "../../core/provider.ts";

/** A retry the provider is about to make. */
export interface RetryNotice {
  agent: AgentName;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: ProviderError;
}

/** Options of {@link createOpenAIProvider}: the `openai` part of the configuration and more. */
export type OpenAIOptions = OpenAIConfig & {
  /** Prices that add to or override the table (after the file and JSON overrides). */
  prices?: Record<string, Price>;
  /** Milliseconds before one HTTP request is abandoned (default 120 s). */
  timeoutMs?: number;
  /** Retries per call on 429, 5xx, connection errors and timeouts (default 3). */
  maxRetries?: number;
  /** Backoff tuning; `maxRetries` above wins over `retry.maxRetries`. */
  retry?: Partial<RetryPolicy>;
  /** The largest answer asked for; executors split their files to fit (default 12,000). */
  answerTokens?: number;
  /** Ask for `json_schema` structured outputs (default true); JSON mode otherwise. */
  structuredOutputs?: boolean;
  /** Receives warnings such as an unpriced model (default `console.warn`). */
  onWarning?: (message: string) => void;
  /** Told before each retry. */
  onRetry?: (notice: RetryNotice) => void;
  /** Number in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
};

interface Answer {
  content: string;
  finishReason: string;
  usage: Usage;
  model: string;
}

const REASONING_MODEL = /^(?:[\w.-]+\/)?(?:o\d|gpt-5)/;

/**
 * Creates the provider.
 *
 * @param options Key, base URL, models, prices, timeouts, retries.
 * @returns The provider.
 * @throws {RangeError} When there is neither an API key nor a base URL, or a price table is invalid.
 * @example
 * ```ts
 * import { createOpenAIProvider } from "./provider.ts";
 * const provider = createOpenAIProvider({
 *   baseUrl: "http://127.0.0.1:11434/v1", model: "llama3.1", models: {},
 *   onWarning: () => {},
 * });
 * if (provider.priceOf("llama3.1") !== undefined) throw new Error();
 * ```
 */
export function createOpenAIProvider(options: OpenAIOptions): ModelProvider {
  if (options.apiKey === undefined && options.baseUrl === undefined) {
    throw new InputError(
      "provider_needs_key",
      'Provider "openai" needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)',
      "set it, or use the offline provider",
    );
  }
  const client = new OpenAI({
    apiKey: options.apiKey ?? "not-needed",
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs ?? 120_000,
    // Retries are ours: backoff with jitter, Retry-After, and the caller's signal.
    maxRetries: 0,
  });
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...options.retry,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  };
  const priceOf = createPriceLookup(
    loadPrices(options),
    options.onWarning ?? ((message) => console.warn(message)),
  );
  const random = options.random ?? Math.random;
  const modelFor = (agent: AgentName) => options.models[agent] ?? options.model;
  // Set once a server refuses json_schema: later calls go straight to JSON mode.
  let jsonSchemaRefused = options.structuredOutputs === false;
  // OpenAI's own API refuses a max_tokens above the model's limit; other servers know their own.
  const outputLimit = (model: string) =>
    isOpenAIApi(options.baseUrl) ? modelOutputLimit(model) : undefined;

  async function requestOnce(
    request: ModelRequest,
    model: string,
    messages: ChatMessage[],
    maxTokens: number,
  ): Promise<Answer> {
    const format: ResponseFormat = jsonSchemaRefused
      ? { type: "json_object" }
      : responseFormatFor(request.schema, request.schemaName);
    const reasoning = REASONING_MODEL.test(model);
    maxTokens = Math.min(maxTokens, outputLimit(model) ?? Infinity);
    let completion;
    try {
      completion = await client.chat.completions.create({
        model,
        messages,
        ...(reasoning ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens }),
        ...(reasoning ? {} : { temperature: 0 }),
        response_format: format,
      }, request.signal ? { signal: request.signal } : {});
    } catch (error) {
      if (
        format.type === "json_schema" && error instanceof OpenAI.BadRequestError &&
        rejectsJsonSchema(error.message)
      ) {
        jsonSchemaRefused = true;
        return requestOnce(request, model, messages, maxTokens);
      }
      throw toProviderError(error);
    }
    if (typeof completion !== "object" || completion === null || !("choices" in completion)) {
      throw new ProviderError("bad_response", "Model endpoint answered without choices", true);
    }
    const choice = completion.choices?.[0];
    return {
      content: contentOf(choice?.message),
      finishReason: choice?.finish_reason ?? "stop",
      usage: {
        inputTokens: completion.usage?.prompt_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? 0,
        cachedTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
      },
      model: completion.model || model,
    };
  }

  async function requestWithRetries(
    request: ModelRequest,
    model: string,
    messages: ChatMessage[],
    maxTokens: number,
  ): Promise<Answer> {
    for (let retry = 0;; retry++) {
      try {
        return await requestOnce(request, model, messages, maxTokens);
      } catch (error) {
        const failure = error instanceof ProviderError ? error : toProviderError(error);
        if (request.signal?.aborted) throw cancelled(error);
        if (!failure.retryable || retry >= policy.maxRetries) throw failure;
        const retryAfter = retryAfterOf(error);
        if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) {
          throw new ProviderError(
            failure.code,
            `${failure.message}: the server asks to wait ${
              Math.ceil(retryAfter / 1_000)
            } s, more than the ${policy.maxRetryAfterMs / 1_000} s allowed`,
            false,
            { cause: error },
          );
        }
        const delayMs = backoffDelay(retry, policy, retryAfter, random);
        options.onRetry?.({ agent: request.task.agent, retry: retry + 1, delayMs, error: failure });
        request.onRetry?.({
          retry: retry + 1,
          maxRetries: policy.maxRetries,
          delayMs,
          reason: failure.message,
        });
        try {
          await sleep(delayMs, request.signal);
        } catch (abort) {
          throw cancelled(abort);
        }
      }
    }
  }

  return {
    name: "openai",
    answerTokens: options.answerTokens ?? DEFAULT_ANSWER_TOKENS,
    metered: true,
    modelFor,
    priceOf,
    outputLimit,
    countTokens: (messages) => estimateTokens(messages),
    async complete(request: ModelRequest): Promise<ModelResponse> {
      const model = modelFor(request.task.agent);
      const first = await requestWithRetries(
        request,
        model,
        request.messages,
        request.maxOutputTokens,
      );
      // A cut answer is returned as it is: its tokens are spent and must reach
      // the ledger; the output guardrail then refuses it and the agent retries.
      if (first.finishReason === "length") return toResponse(first, first.usage);
      const problem = answerProblem(request.schema, first.content);
      if (problem === undefined) return toResponse(first, first.usage);
      const repair = repairTurn(request, first.content, first.usage, problem);
      if (repair === undefined) return toResponse(first, first.usage);
      let second: Answer;
      try {
        second = await requestOnce(request, model, repair.messages, repair.maxTokens);
      } catch {
        // The first answer's tokens are spent; let the guardrail judge it.
        return toResponse(first, first.usage);
      }
      return toResponse(second, addUsage(first.usage, second.usage));
    },
  };
}

/** The least output a repair try is worth making for. */
const REPAIR_MIN_OUTPUT_TOKENS = 256;

/**
 * The one repair try an answer that breaks its schema may get, only inside
 * what the call reserved: input + output tokens never above the reservation,
 * output never above `maxOutputTokens`.
 *
 * @param request The call.
 * @param content The first answer's text.
 * @param usage What the first answer spent.
 * @param problem What {@link answerProblem} found in it.
 * @returns The repair's messages and output cap, or undefined when it does not fit or the call was cancelled.
 */
export function repairTurn(
  request: ModelRequest,
  content: string,
  usage: Usage,
  problem: string,
): { messages: ChatMessage[]; maxTokens: number } | undefined {
  const messages: ChatMessage[] = [
    ...request.messages,
    { role: "assistant", content },
    { role: "user", content: repairMessage(problem) },
  ];
  const reserved = estimateTokens(request.messages) + request.maxOutputTokens;
  const spent = usage.inputTokens + usage.outputTokens;
  const maxTokens = Math.min(
    request.maxOutputTokens - usage.outputTokens,
    reserved - spent - estimateTokens(messages),
  );
  if (maxTokens < REPAIR_MIN_OUTPUT_TOKENS || request.signal?.aborted) return undefined;
  return { messages, maxTokens };
}

function toResponse(answer: Answer, usage: Usage): ModelResponse {
  return { output: answer.content, usage, model: answer.model };
}

/**
 * The answer's text; tool calls (for servers that answer with them) become
 * the executors' `{"tool_calls": [{"name", "arguments"}]}` form.
 */
function contentOf(
  message: OpenAI.Chat.Completions.ChatCompletionMessage | undefined,
): string {
  const calls = message?.tool_calls ?? [];
  if (calls.length > 0 && !message?.content) {
    return JSON.stringify({
      tool_calls: calls.map((call) => {
        if (call.type !== "function") return { name: call.type, arguments: {} };
        let args: unknown;
        try {
          args = JSON.parse(call.function.arguments);
        } catch {
          args = call.function.arguments;
        }
        return { name: call.function.name, arguments: args };
      }),
    });
  }
  return stripFence(message?.content ?? "");
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

function retryAfterOf(error: unknown): number | undefined {
  const cause = error instanceof ProviderError ? error.cause : error;
  if (!(cause instanceof OpenAI.APIError)) return undefined;
  return parseRetryAfter(cause.headers as Headers | undefined, Date.now());
}

function cancelled(cause: unknown): ProviderError {
  return new ProviderError("aborted", "Model call was cancelled", false, { cause });
}

function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return cancelled(error);
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError("timeout", "Model call timed out", true, { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderError(
      "connection",
      `Cannot reach the model endpoint: ${error.message}`,
      true,
      { cause: error },
    );
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    return new ProviderError(
      `http_${status}`,
      `Model endpoint answered ${status}: ${error.message}`,
      status === 408 || status === 409 || status === 429 || status >= 500,
      { cause: error },
    );
  }
  if (error instanceof SyntaxError) {
    return new ProviderError(
      "bad_response",
      `Model endpoint answered unreadable JSON: ${error.message}`,
      true,
      { cause: error },
    );
  }
  return new ProviderError("unknown", `Model call failed: ${(error as Error).message}`, false, {
    cause: error,
  });
}
