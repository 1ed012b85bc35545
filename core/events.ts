/**
 * The typed events a job emits. The CLI's progress, MCP progress
 * notifications, metrics and traces all listen here; the pipeline knows none
 * of them.
 *
 * @module
 */
import type { AgentName, Usage } from "./budget.ts";

/** The six guardrail layers, in the order a job meets them. */
export const GUARDRAIL_LAYERS = [
  "prompt_integrity",
  "input_sanitization",
  "output_validation",
  "tool_allowlist",
  "file_sandbox",
  "human_review",
] as const;

/** One of {@link GUARDRAIL_LAYERS}. */
export type GuardrailLayer = typeof GUARDRAIL_LAYERS[number];

/** Everything a job reports while it runs. */
export type PipelineEvent =
  | { type: "job_started"; jobId: string; userId: string; provider: string }
  | { type: "agent_started"; jobId: string; agent: AgentName; attempt: number }
  | {
    type: "agent_finished";
    jobId: string;
    agent: AgentName;
    attempt: number;
    ok: boolean;
    /** Why the attempt failed, when it did. */
    error?: string;
    /**
     * What failed: the provider's call (an error, timeout or cancellation:
     * no usage is known) or the answer (off-schema, refused).
     */
    failure?: "provider" | "invalid_output";
    model: string;
    usage: Usage;
    usd: number;
    latencyMs: number;
  }
  | { type: "agent_retry"; jobId: string; agent: AgentName; attempt: number; reason: string }
  /**
   * A model call failed in a way a retry may fix (a timeout, 429, 5xx) and
   * the provider is about to send it again: the progress of a slow call.
   */
  | {
    type: "call_retry";
    jobId: string;
    agent: AgentName;
    attempt: number;
    /** 1 for the first retry of the call. */
    retry: number;
    maxRetries: number;
    /** How long the provider waits before sending it again. */
    delayMs: number;
    /** What failed, e.g. "Model call timed out". */
    reason: string;
  }
  | {
    type: "guardrail";
    jobId: string;
    layer: GuardrailLayer;
    action: "blocked" | "stripped" | "held" | "flagged";
    detail: string;
  }
  | { type: "file_written"; jobId: string; path: string; bytes: number }
  | {
    type: "job_finished";
    jobId: string;
    status: "succeeded" | "partial" | "failed" | "cancelled" | "awaiting_review";
    reason?: string;
    durationMs: number;
    tokens: number;
    usd: number;
  };

/** A function that receives events. */
export type EventListener = (event: PipelineEvent) => void;

/** Fans events out to listeners. */
export interface EventBus {
  emit(event: PipelineEvent): void;
  /** @returns A function that removes the listener. */
  on(listener: EventListener): () => void;
}

/**
 * Creates a bus. A listener that throws is reported through `onListenerError`
 * and never stops the job or the other listeners.
 *
 * @param onListenerError Called with a listener's error (default: ignore).
 * @returns The bus.
 * @example
 * ```ts
 * import { createEventBus } from "./events.ts";
 * const bus = createEventBus();
 * const seen: string[] = [];
 * bus.on((e) => seen.push(e.type));
 * bus.emit({ type: "job_started", jobId: "j", userId: "u", provider: "offline" });
 * if (seen[0] !== "job_started") throw new Error();
 * ```
 */
export function createEventBus(onListenerError: (error: unknown) => void = () => {}): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
