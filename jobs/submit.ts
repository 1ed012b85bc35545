/**
 * Running a job through the queue instead of in the server process: build
 * the job's initial state (the same input sanitisation and caps as
 * `generateApp()`), enqueue it, wait for a worker, and read the result back
 * from the shared job store.
 *
 * @module
 */
import { ledgerTotals } from "../core/budget.ts";
import type { JobState } from "../core/job_state.ts";
import type { GenerateResult, Pipeline } from "../pipeline/generate.ts";
import { startJob, type StartOptions } from "../pipeline/start.ts";
import type { JobRecord, JobStore } from "./store.ts";
import type { UserRateLimiter } from "./rate_limit.ts";
import type { Queue } from "./queue.ts";

/** Options of {@link submitJob}. */
export interface SubmitOptions {
  pipeline: Pipeline;
  queue: Queue;
  store: JobStore;
  jobId: string;
  userId: string;
  /** The job's output folder (shared with the workers). */
  outDir: string;
  requireReview?: boolean;
  /** How long to wait for a worker (default 10 minutes). */
  timeoutMs?: number;
  /** Refuses the job when its user spent the hourly token allowance. */
  limiter?: UserRateLimiter;
  /** Caps that override the configuration's. */
  limits?: StartOptions["limits"];
  /** What to do with prompt-injection findings (default `strip`). */
  inputPolicy?: StartOptions["inputPolicy"];
}

/** A job refused because its user is over a limit. */
export class RateLimitedError extends Error {
  readonly code = "RATE_LIMITED";
  /**
   * @param message What limit, and when to retry.
   * @param retryAfterMs When to retry.
   */
  constructor(message: string, readonly retryAfterMs: number) {
    super(message);
    this.name = "RateLimitedError";
  }
}

/**
 * Enqueues a job and waits until a worker completed it.
 *
 * @param prompt The app idea.
 * @param options Queue, store, ids, output folder.
 * @returns The job's result, read from the store.
 * @throws {Error} When no worker completed the job in time, naming the job.
 */
export async function submitJob(prompt: string, options: SubmitOptions): Promise<GenerateResult> {
  const started = performance.now();
  if (options.limiter !== undefined) {
    const tokens = await options.limiter.consumeTokens(options.userId, 0);
    if (!tokens.allowed) {
      throw new RateLimitedError(
        `Token limit reached for user ${
          JSON.stringify(options.userId)
        }: at most ${tokens.limit} tokens per hour; retry in ${
          Math.max(1, Math.ceil(tokens.retryAfterMs / 1000))
        } s`,
        tokens.retryAfterMs,
      );
    }
  }
  const { state } = startJob(options.pipeline, prompt, {
    jobId: options.jobId,
    userId: options.userId,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.inputPolicy ? { inputPolicy: options.inputPolicy } : {}),
  });
  await options.queue.enqueue({
    state,
    outDir: options.outDir,
    ...(options.requireReview !== undefined ? { requireReview: options.requireReview } : {}),
  });
  const timeoutMs = options.timeoutMs ?? 600_000;
  try {
    await options.queue.waitFor(options.jobId, timeoutMs);
  } catch (error) {
    throw new Error(
      `Job "${options.jobId}" did not complete: ${
        (error as Error).message
      }; is a worker running (deno task worker)?`,
    );
  }
  const record = await options.store.get(options.jobId);
  if (record?.state === undefined) {
    throw new Error(`Job "${options.jobId}" completed but its record is missing from the store`);
  }
  return resultOf(record, record.state, performance.now() - started);
}

function resultOf(record: JobRecord, state: JobState, durationMs: number): GenerateResult {
  return {
    jobId: record.jobId,
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
    outDir: record.outDir,
    provider: record.provider,
    ...(state.spec ? { spec: state.spec } : {}),
    ...(state.validation ? { validation: state.validation } : {}),
    files: record.files,
    review: {
      findings: record.findings as GenerateResult["review"]["findings"],
      held: record.heldFiles.map((f) => f.path).sort(),
    },
    ledger: state.ledger,
    totals: ledgerTotals(state.ledger),
    durationMs,
    state,
  };
}
