/**
 * The entry point of the core: `createPipeline()` builds the long-lived parts
 * once (provider, prompt hashes, pattern store, toolchain probe) and
 * `generateApp()` runs one job from a prompt to an output folder.
 *
 * @module
 */
import { PROMPTS } from "../prompts/mod.ts";
import { loadPatterns } from "../rag/library.ts";
import { createPatternStore, type PatternStore } from "../rag/store.ts";
import { createPromptIntegrity, type PromptIntegrity } from "../guardrails/integrity.ts";
import { type Ledger, ledgerTotals } from "../core/budget.ts";
import { type Config, loadConfig, type ProviderName } from "./config.ts";
import { createEventBus, type EventBus, type EventListener } from "../core/events.ts";
import type { JobState } from "../core/job_state.ts";
import { createProvider } from "../providers/registry.ts";
import { type StartedJob, startJob, type StartOptions } from "./start.ts";
import { type OrchestratorDeps, runJob } from "./orchestrator.ts";
import { CLASSIFIER_PROMPTS, type Screening, screenRequest } from "./screen.ts";
import { GuardrailError } from "../guardrails/errors.ts";
import {
  claimOutput,
  type OutputTarget,
  releaseOutput,
  type ReviewPolicy,
  writeOutput,
} from "./output.ts";
import type { FileUpdate } from "./refine/update_plan.ts";
import type { SpecDiff } from "./refine/spec_diff.ts";
import type { ModelProvider } from "../core/provider.ts";
import type { ReviewOutcome } from "./report.ts";
import type { Spec } from "../core/spec.ts";
import {
  detectToolchain,
  type ResidentTools,
  residentTools,
  type Toolchain,
} from "./agents/validator/toolchain.ts";

/** Options of {@link createPipeline}. */
export interface PipelineOptions {
  /** Environment to read the configuration from (default: none, i.e. all defaults). */
  env?: Readonly<Record<string, string | undefined>>;
  /** A provider instance, or a name to build one from the configuration. */
  provider?: ModelProvider | ProviderName;
  /** A toolchain to use instead of probing the machine. */
  toolchain?: Toolchain;
  /**
   * Keep the validator's Python interpreters running (the syntax check's,
   * and one with FastAPI imported for the runtime checks) instead of
   * starting them per job (for long-lived processes: workers, the MCP
   * server). Stopped by `Pipeline.close()`.
   */
  residentPython?: boolean;
}

/** The long-lived parts of the pipeline, shared by every job. */
export interface Pipeline {
  config: Config;
  provider: ModelProvider;
  integrity: PromptIntegrity;
  patterns: PatternStore;
  /** Resolves once the machine was probed for Python. */
  toolchain: () => Promise<Toolchain>;
  /** Stops what the pipeline keeps running (a resident Python); jobs may still start it again. */
  close: () => Promise<void>;
}

/**
 * Builds the pipeline's long-lived parts. The configuration is validated here,
 * so a bad environment fails before any job starts.
 *
 * @param options Environment, provider, toolchain.
 * @returns The pipeline.
 * @throws {RangeError} For an invalid environment value or an unknown provider.
 */
export async function createPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const config = loadConfig(options.env ?? {});
  const library = loadPatterns();
  const provider = typeof options.provider === "object"
    ? options.provider
    : await createProvider(options.provider ?? config.provider, {
      library,
      openai: config.openai,
    });
  let probe: Promise<Toolchain> | undefined;
  let resident: ResidentTools | undefined;
  const withResident = (found: Toolchain): Toolchain => {
    if (!options.residentPython) return found;
    resident = residentTools(found);
    return resident.toolchain;
  };
  return {
    config,
    provider,
    integrity: createPromptIntegrity({ ...PROMPTS, ...CLASSIFIER_PROMPTS }),
    patterns: await createPatternStore(
      library,
      config.openai.embeddingModel
        ? await (await import("../providers/openai/embedder.ts")).patternStoreOptions(config.openai)
        : {},
    ),
    // Probing takes ~100 ms; start it on first use and share the answer.
    toolchain:
      () => (probe ??=
        (options.toolchain ? Promise.resolve(options.toolchain) : detectToolchain(config.python))
          .then(withResident)),
    close: async () => {
      await resident?.close();
    },
  };
}

/**
 * The orchestrator's dependencies drawn from a pipeline, for callers that run
 * jobs themselves (workers resuming a job from a queue message).
 *
 * @param pipeline The pipeline.
 * @param bus Where the job's events go.
 * @returns Dependencies for `runJob()`; add a signal or `onStep` as needed.
 */
export function orchestratorDeps(pipeline: Pipeline, bus: EventBus): OrchestratorDeps {
  return {
    provider: pipeline.provider,
    integrity: pipeline.integrity,
    patterns: pipeline.patterns,
    toolchain: pipeline.toolchain,
    bus,
    now: () => performance.now(),
    llmRouting: pipeline.config.llmRouting ?? false,
    jobTimeoutMs: pipeline.config.jobTimeoutMs,
  };
}

/** Options of {@link generateApp}. */
export interface GenerateOptions extends PipelineOptions, Omit<StartOptions, "now"> {
  /** A pipeline built earlier (reused across jobs); built from the options otherwise. */
  pipeline?: Pipeline;
  /** Output folder (default `output`). */
  outDir?: string;
  /**
   * Write into a non-empty output folder: stackforge's files there are
   * replaced, every other file is kept.
   */
  force?: boolean;
  /** Hold risky files (default from `REQUIRE_HUMAN_REVIEW`). */
  requireHumanReview?: boolean;
  /** Asked when risky files need a decision. */
  approveRisky?: ReviewPolicy["approve"];
  /** Receives every pipeline event. */
  onEvent?: EventListener;
  /** LLM-driven routing with deterministic fallback (default from `STACKFORGE_LLM_ROUTING`). */
  llmRouting?: boolean;
  signal?: AbortSignal;
}

/** What a job produced. */
export interface GenerateResult {
  jobId: string;
  status: JobState["status"];
  /** Why the job failed or stopped, when it did. */
  reason?: string;
  /** The output folder, absolute. */
  outDir: string;
  provider: string;
  spec?: Spec;
  /** The validation verdict, when the validator ran. */
  validation?: JobState["validation"];
  /** Relative paths of the app's files (what stackforge generated). */
  files: string[];
  review: ReviewOutcome;
  /**
   * Written into a folder that held files (a refine, or `force`): what
   * happened to each path that changed (merged, in conflict, kept...).
   */
  update?: FileUpdate[];
  /** A refine or regenerate: how the spec changed. */
  specDiff?: SpecDiff;
  /** What the model classifier did with the request (skipped offline). */
  screening?: Screening;
  ledger: Ledger;
  totals: { tokens: number; usd: number };
  durationMs: number;
  /** The whole final state (serialisable). */
  state: JobState;
}

/**
 * Turns a prompt into an app: plans, writes and validates it, then writes
 * `SPEC.md`, `VALIDATION_REPORT.md`, `frontend/` and `backend/` into the
 * output folder. A failed job still writes its partial report; a bad input
 * writes nothing. With a model configured, the model classifier screens the
 * request first (charged to the orchestrator); offline it is skipped.
 *
 * @param prompt The app idea in plain words (at most 8,000 characters).
 * @param options Output folder, provider, caps, listeners.
 * @returns The job's result.
 * @throws {RangeError} For an empty or too long prompt, a bad configuration, or an unusable output folder.
 * @throws {GuardrailError} When the input policy is `reject` and the prompt holds an
 *   injection, or the model classifier judges it one.
 * @example
 * ```ts
 * import { generateApp } from "./generate.ts";
 * const outDir = Deno.makeTempDirSync() + "/app";
 * const result = await generateApp("a blog with comments", { outDir });
 * if (result.status !== "succeeded") throw new Error(result.reason);
 * Deno.removeSync(outDir, { recursive: true });
 * ```
 */
export async function generateApp(
  prompt: string,
  options: GenerateOptions = {},
): Promise<GenerateResult> {
  const started = performance.now();
  const pipeline = options.pipeline ?? await createPipeline(options);
  const job = startJob(pipeline, prompt, options);
  const target = claimOutput(options.outDir ?? "output", options.force ?? false);
  return await runToOutput(pipeline, job, target, options, started);
}

/** What {@link runToOutput} is told besides the job and its target. */
export type RunOptions =
  & Pick<
    GenerateOptions,
    "requireHumanReview" | "approveRisky" | "onEvent" | "llmRouting" | "signal"
  >
  & {
    /** Called with the job's final state before anything is written. */
    beforeWrite?: (state: JobState) => void;
  };

/**
 * Runs a started job and writes its output into a claimed target. A job
 * writing into a folder that holds an app (`merge`) writes nothing when it
 * fails, so the app stays as it was.
 *
 * @param pipeline The pipeline.
 * @param job The started job.
 * @param target The claimed output.
 * @param options Review policy, listeners, routing, cancellation.
 * @param started When the caller started, from `performance.now()`.
 * @returns The job's result.
 */
export async function runToOutput(
  pipeline: Pipeline,
  job: StartedJob,
  target: OutputTarget,
  options: RunOptions,
  started: number,
): Promise<GenerateResult> {
  const bus = createEventBus();
  if (options.onEvent) bus.on(options.onEvent);
  try {
    if (job.event) bus.emit(job.event);
    // Before planning: the model classifier's call is recorded in the job's ledger.
    const screened = { state: structuredClone(job.state) };
    // JOB_TIMEOUT_MS bounds the screening too: a model endpoint that hangs
    // never keeps a job waiting longer than its wall time.
    const timeoutMs = pipeline.config.jobTimeoutMs;
    const limit = AbortSignal.timeout(timeoutMs);
    let screening;
    try {
      screening = await screenRequest(screened, {
        ...orchestratorDeps(pipeline, bus),
        signal: options.signal ? AbortSignal.any([options.signal, limit]) : limit,
      });
    } catch (error) {
      if (!limit.aborted || options.signal?.aborted) throw error;
      throw new GuardrailError(
        "input_sanitization",
        "model_classifier_failed",
        `Job timed out after ${
          Math.round(timeoutMs / 1000)
        } s (JOB_TIMEOUT_MS=${timeoutMs}) while the model classifier screened the request; ` +
          "check the model endpoint, or raise JOB_TIMEOUT_MS",
      );
    }
    screened.state.screening = {
      ran: screening.ran,
      ...(screening.injection !== undefined ? { injection: screening.injection } : {}),
      note: screening.note,
    };
    const state = await runJob(screened.state, {
      ...orchestratorDeps(pipeline, bus),
      ...(options.llmRouting !== undefined ? { llmRouting: options.llmRouting } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (
      state.status === "cancelled" || (target.mode === "merge" && state.status === "failed")
    ) {
      releaseOutput(target);
      return {
        ...result(state, target.outDir, [], { findings: [], held: [] }, started),
        screening,
      };
    }
    options.beforeWrite?.(state);
    const written = await writeOutput(state, target, {
      requireReview: options.requireHumanReview ?? pipeline.config.requireHumanReview,
      ...(options.approveRisky ? { approve: options.approveRisky } : {}),
    }, bus);
    return {
      ...result(state, target.outDir, written.files, written.review, started),
      ...(written.update ? { update: written.update } : {}),
      screening,
    };
  } catch (error) {
    releaseOutput(target);
    throw error;
  }
}

function result(
  state: JobState,
  outDir: string,
  files: string[],
  review: ReviewOutcome,
  started: number,
): GenerateResult {
  return {
    jobId: state.jobId,
    status: state.status,
    ...(state.reason ? { reason: state.reason } : {}),
    outDir,
    provider: state.provider,
    ...(state.spec ? { spec: state.spec } : {}),
    ...(state.validation ? { validation: state.validation } : {}),
    files,
    review,
    ledger: state.ledger,
    totals: ledgerTotals(state.ledger),
    durationMs: performance.now() - started,
    state,
  };
}
