/**
 * How many output tokens OpenAI's own models can write in one answer. A
 * request asking for more is refused (400), so the pipeline plans every
 * answer within the model's limit. Other OpenAI-compatible servers (Ollama,
 * vLLM, a relay) set limits of their own, which this table does not know.
 *
 * @module
 */

/** Output limits by model name prefix, longest prefix first. */
const LIMITS: readonly [prefix: string, tokens: number][] = [
  ["gpt-4o-mini", 16_384],
  ["gpt-4o", 16_384],
  ["gpt-4.1", 32_768],
  ["gpt-5", 128_000],
  ["o4-mini", 100_000],
  ["o3", 100_000],
  ["o1", 32_768],
  ["gpt-4-turbo", 4_096],
  ["gpt-3.5-turbo", 4_096],
];

/**
 * @param model A model name, with or without a provider prefix (`openai/gpt-4o`).
 * @returns Its output limit, or undefined for a model not in the table.
 * @example
 * ```ts
 * import { modelOutputLimit } from "./model_limits.ts";
 * if (modelOutputLimit("gpt-4o-mini-2024-07-18") !== 16_384) throw new Error();
 * if (modelOutputLimit("llama3.1") !== undefined) throw new Error();
 * ```
 */
export function modelOutputLimit(model: string): number | undefined {
  const name = model.replace(/^openai\//, "");
  return LIMITS.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/**
 * Whether a base URL is OpenAI's own API, where {@link modelOutputLimit} applies.
 *
 * @param baseUrl The configured base URL, if any.
 * @returns True without one, or for api.openai.com.
 */
export function isOpenAIApi(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return true;
  try {
    return new URL(baseUrl).hostname === "api.openai.com";
  } catch {
    return false;
  }
}
