/**
 * The start of every job, wherever it runs (in-process with `generateApp()`
 * or queued with `submitJob()`): the prompt through input sanitisation
 * (layer 2), the caps merged, the user id checked, and the job's initial
 * state built.
 *
 * @module
 */
import type { Limits } from "../core/budget.ts";
import type { PipelineEvent } from "../core/events.ts";
import { createJobState, type JobState, USER_ID } from "../core/job_state.ts";
import { sanitizeInput, type SanitizePolicy } from "../guardrails/sanitize.ts";
import type { Pipeline } from "./generate.ts";

/** What a new job is asked for. */
export interface StartOptions {
  /** The job id (default: a random UUID). */
  jobId?: string;
  /** Who asks (default `local`). */
  userId?: string;
  /** Caps that override the configuration's. */
  limits?: Partial<Limits>;
  /** What to do with prompt-injection findings (default `strip`). */
  inputPolicy?: SanitizePolicy;
  /** The creation time (default now). */
  now?: () => Date;
}

/** A job ready to run: its initial state, and the event its input findings make. */
export interface StartedJob {
  state: JobState;
  /** The guardrail event to emit when input sanitisation removed something. */
  event?: PipelineEvent;
}

/**
 * Builds a job's initial state.
 *
 * @param pipeline Supplies the configured caps and the provider's name.
 * @param prompt The app idea in plain words.
 * @param options Ids, caps, input policy.
 * @returns The initial state.
 * @throws {RangeError} For an empty or too long prompt, or an invalid user id.
 * @throws {GuardrailError} When the input policy is `reject` and the prompt holds an injection.
 * @throws {InputError} When the provider cannot plan an app from it (`unrecognised_app`).
 * @example
 * ```ts
 * import { createPipeline } from "./generate.ts";
 * import { startJob } from "./start.ts";
 * const { state } = startJob(await createPipeline(), "a blog with comments", { jobId: "j1" });
 * if (state.status !== "running" || state.prompt !== "a blog with comments") throw new Error();
 * ```
 */
export function startJob(
  pipeline: Pipeline,
  prompt: string,
  options: StartOptions = {},
): StartedJob {
  const input = sanitizeInput(prompt, options.inputPolicy ?? "strip");
  pipeline.provider.checkPrompt?.(input.text);
  const limits: Limits = {
    ...pipeline.config.limits,
    ...options.limits,
    agentTokens: { ...pipeline.config.limits.agentTokens, ...options.limits?.agentTokens },
  };
  const userId = options.userId ?? "local";
  if (!USER_ID.test(userId)) {
    throw new RangeError(
      `Invalid user id ${JSON.stringify(userId)}: use 1-100 letters, digits, ".", "_", "@" or "-"`,
    );
  }
  const state = createJobState({
    jobId: options.jobId ?? crypto.randomUUID(),
    userId,
    prompt: input.text,
    inputFindings: input.findings,
    provider: pipeline.provider.name,
    limits,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
  });
  return {
    state,
    ...(input.findings.length > 0
      ? {
        event: {
          type: "guardrail",
          jobId: state.jobId,
          layer: "input_sanitization",
          action: "stripped",
          detail: input.findings.map((f) => f.kind).join(", "),
        },
      }
      : {}),
  };
}
