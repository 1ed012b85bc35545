/**
 * The start of every job, wherever it runs (in-process with `generateApp()`
 * or queued with `submitJob()`): the prompt (or a refine's change request)
 * through input sanitisation (layer 2), the caps merged, the user id
 * checked, and the job's initial state built.
 *
 * @module
 */
import type { Limits } from "../core/budget.ts";
import type { PipelineEvent } from "../core/events.ts";
import { createJobState, type JobState, USER_ID } from "../core/job_state.ts";
import { sanitizeInput, type SanitizePolicy, type SanitizeResult } from "../guardrails/sanitize.ts";
import type { GeneratedFile } from "../core/artifact.ts";
import { InputError } from "../core/errors.ts";
import type { Spec } from "../core/spec.ts";
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
  return started(pipeline, input, options);
}

/** An app a refine or regenerate starts from. */
export interface BaseApp {
  /** The spec it was generated from. */
  spec: Spec;
  /** The files stackforge generated last (the current files for a real model). */
  files: GeneratedFile[];
}

/**
 * Builds the initial state of a job that changes an app as a plain-language
 * request asks. The request goes through input sanitisation like a prompt.
 *
 * @param pipeline Supplies the configured caps and the provider's name.
 * @param change What to change, e.g. "add tags to recipes and let me filter by tag".
 * @param app The app to change.
 * @param options Ids, caps, input policy.
 * @returns The initial state, with `refine` set.
 * @throws {InputError} `empty_change` for an empty request, or one that is only an injection.
 * @throws {RangeError} For a too long request or an invalid user id.
 * @throws {GuardrailError} When the input policy is `reject` and the request holds an injection.
 */
export function startRefineJob(
  pipeline: Pipeline,
  change: string,
  app: BaseApp,
  options: StartOptions = {},
): StartedJob {
  if (change.trim() === "") {
    throw new InputError(
      "empty_change",
      "The change request is empty",
      'say what to change, e.g. "add tags to recipes and let me filter by tag"',
    );
  }
  let input;
  try {
    input = sanitizeInput(change, options.inputPolicy ?? "strip");
  } catch (error) {
    if (error instanceof RangeError && /^Prompt is empty/.test(error.message)) {
      throw new InputError(
        "empty_change",
        "The change request is empty once injected instructions are removed",
        "say what to change in plain words",
      );
    }
    if (error instanceof RangeError) {
      throw new RangeError(error.message.replace(/^Prompt/, "Change request"));
    }
    throw error;
  }
  const job = started(pipeline, input, options);
  job.state.refine = { base: app.spec, change: input.text, files: app.files };
  return job;
}

/**
 * Builds the initial state of a job that generates an app from a spec the
 * user gave: the planner does not run.
 *
 * @param pipeline Supplies the configured caps and the provider's name.
 * @param spec The spec, already checked (`refine/spec_file.ts`).
 * @param app The app it replaces, when it is written into one.
 * @param options Ids, caps.
 * @returns The initial state, with the spec and `refine` set.
 * @throws {RangeError} For an invalid user id.
 */
export function startSpecJob(
  pipeline: Pipeline,
  spec: Spec,
  app: BaseApp | undefined,
  options: StartOptions = {},
): StartedJob {
  const job = started(
    pipeline,
    { text: `Generate the app of the given spec "${spec.title}"`, findings: [] },
    options,
  );
  job.state.spec = spec;
  job.state.refine = { base: app?.spec ?? spec, files: app?.files ?? [] };
  return job;
}

function started(
  pipeline: Pipeline,
  input: SanitizeResult,
  options: StartOptions,
): StartedJob {
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
