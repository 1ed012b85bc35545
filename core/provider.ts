/**
 * The one interface every model backend implements: offline (deterministic,
 * the default), OpenAI-compatible endpoints, and MCP sampling.
 *
 * @module
 */
import type { z } from "zod";
import type { GeneratedFile } from "./artifact.ts";
import type { AgentName, Price, Usage } from "./budget.ts";
import type { CheckResult, Finding } from "./findings.ts";
import type { Spec } from "./spec.ts";

/** The output tokens one answer of a real model is planned to stay under, by default. */
export const DEFAULT_ANSWER_TOKENS = 12_000;

/** A chat message sent to a model. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** A retrieved library pattern, as the planner sees it. */
export interface RetrievedPattern {
  id: string;
  score: number;
}

/**
 * The structured form of what an agent asks. Real models read `messages`;
 * the offline provider works from this directly.
 */
export type AgentTask = { [A in AgentName]: { agent: A } & AgentTasks[A] }[AgentName];

/** What each agent's task carries besides its name: one entry per agent of the table. */
interface AgentTasks {
  orchestrator: { candidates: AgentName[] };
  planner: {
    prompt: string;
    patterns: RetrievedPattern[];
    findings: Finding[];
    /** Refining an app: its current spec, which the answer changes as `change` asks. */
    base?: Spec;
    /** Refining an app: the change asked for, in plain words (sanitised, untrusted). */
    change?: string;
  };
  fe_executor: { spec: Spec; findings: Finding[] };
  be_executor: { spec: Spec; findings: Finding[] };
  validator: { spec: Spec; files: GeneratedFile[]; checks: CheckResult[] };
}

/** One model call. */
export interface ModelRequest<T = unknown> {
  task: AgentTask;
  messages: ChatMessage[];
  /** The schema the answer must match (layer 3 checks it again). */
  schema: z.ZodType<T>;
  /** A short name for the schema, e.g. `spec` (used for structured outputs). */
  schemaName: string;
  /** The most output tokens allowed; the budget derived it from what is left. */
  maxOutputTokens: number;
  signal?: AbortSignal;
  /** Told before the provider sends the call again after a failure it retries. */
  onRetry?: (notice: CallRetry) => void;
}

/** A retry a provider is about to make of one call. */
export interface CallRetry {
  /** 1 for the first retry. */
  retry: number;
  maxRetries: number;
  delayMs: number;
  /** What failed. */
  reason: string;
}

/** A model's answer. */
export interface ModelResponse {
  /** The answer, not yet validated: parsed JSON or a string of JSON. */
  output: unknown;
  usage: Usage;
  /** The model that answered. */
  model: string;
}

/** A model backend. */
export interface ModelProvider {
  /** e.g. `offline`, `openai`. */
  readonly name: string;
  /** False when calls cost no tokens (the offline provider): caps are not reserved. */
  readonly metered: boolean;
  /** True when the same request always gets the same answer: a retry cannot fix anything. */
  readonly deterministic?: boolean;
  /**
   * The largest answer, in output tokens, its models are asked for: executors
   * split their files into groups that fit. Undefined: one answer each.
   */
  readonly answerTokens?: number;
  /** @returns The model an agent uses. */
  modelFor(agent: AgentName): string;
  /** @returns The model's price, or undefined when unpriced. */
  priceOf(model: string): Price | undefined;
  /**
   * @returns The most output tokens the model can write in one answer, when
   *   known (OpenAI's own models); undefined otherwise.
   */
  outputLimit?(model: string): number | undefined;
  /** @returns An upper estimate of the tokens `messages` take as input. */
  countTokens(messages: readonly ChatMessage[]): number;
  /**
   * Checks, before a job starts, that a prompt describes an app this
   * provider can plan (the offline planner refuses "asdf"); absent: any.
   *
   * @throws {InputError} Saying what to describe instead.
   */
  checkPrompt?(prompt: string): void;
  /** Makes the call. */
  complete(request: ModelRequest): Promise<ModelResponse>;
}

/** Thrown by providers for failed calls; `retryable` says whether a retry may help. */
export class ProviderError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.name = "ProviderError";
    this.code = code;
    this.retryable = retryable;
  }
}
