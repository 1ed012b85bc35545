/**
 * The worker's job handler: continues a job from the state in its message,
 * checkpoints the finished state, writes the output through the staging +
 * rename writer into the job's own folder, saves the job record and logs
 * the completion once. Every step is safe to repeat after a crash.
 *
 * @module
 */
import type { EventListener } from "../core/events.ts";
import { createEventBus } from "../core/events.ts";
import { orchestratorDeps, type Pipeline } from "../pipeline/generate.ts";
import type { JobState } from "../core/job_state.ts";
import { runJob } from "../pipeline/orchestrator.ts";
import { claimOutput, writeOutput } from "../pipeline/output.ts";
import { AGENTS, ledgerTotals } from "../core/budget.ts";
import { jobRecordOf, newJobRecord } from "./record.ts";
import type { JobStore } from "./store.ts";
import type { CompletionLog } from "./completion.ts";
import type { UserRateLimiter } from "./rate_limit.ts";
import { HandBackError, type JobHandler, type JobOutcome } from "./queue.ts";
import { screenRequest } from "../pipeline/screen.ts";
import { GuardrailError } from "../guardrails/errors.ts";

/** Options of {@link createJobRunner}. */
export interface JobRunnerOptions {
  pipeline: Pipeline;
  completions: CompletionLog;
  /** Where job records go, so any server replica can answer for the job. */
  store?: JobStore;
  /** Names this worker in outcomes and logs. */
  workerId: string;
  /** Meters each job's tokens against its user's hourly allowance. */
  limiter?: UserRateLimiter;
  /** Listeners on every job's events (metrics, traces, logs). */
  observers?: readonly EventListener[];
  /**
   * Runs after the agents and before the output is written (tests use it to
   * slow jobs down); it may throw {@link HandBackError} when `signal` aborts.
   */
  beforeWrite?: (state: JobState, signal: AbortSignal) => Promise<void>;
}

/**
 * The state to hand back after an interrupted run: running again, and each
 * agent's attempts counted only up to its last recorded step, so the
 * interrupted call does not use up a retry.
 *
 * @param state The state runJob returned after cancellation.
 * @returns A state another worker can continue.
 */
export function resumableState(state: JobState): JobState {
  const next = structuredClone(state);
  next.status = "running";
  delete next.reason;
  for (const agent of AGENTS) {
    next.attempts[agent] = Math.max(
      0,
      ...next.steps.filter((s) => s.agent === agent).map((s) => s.attempt),
    );
  }
  return next;
}

/**
 * Whether `b` is `a` plus only the orchestrator's final decision: the same
 * steps and the same spend, so `decideNext()` turns `a` into `b` again.
 */
function sameProgress(a: JobState, b: JobState): boolean {
  return a.steps.length === b.steps.length &&
    JSON.stringify(a.ledger) === JSON.stringify(b.ledger);
}

/**
 * @param options Pipeline, completion log, job store, worker id.
 * @returns The handler to give to `Queue.consume()`.
 */
export function createJobRunner(options: JobRunnerOptions): JobHandler {
  const { pipeline, completions, store, workerId } = options;
  return async (message, context) => {
    const jobId = message.state.jobId;
    const done = await completions.get(jobId);
    if (done !== undefined) return done;
    const started = performance.now();
    const startedAt = Date.now();
    const bus = createEventBus();
    for (const observe of options.observers ?? []) bus.on(observe);
    // Tokens are metered against the user's hourly allowance as each step
    // is saved: the spend in a message was metered by the worker that saved
    // it, so a job continued after a crash is not charged twice, and a crash
    // between saving and metering leaves one step uncharged rather than
    // charging the user for a step that ran twice.
    let metered = message.state;
    const meter = async (s: JobState) => {
      const spent = ledgerTotals(s.ledger).tokens - ledgerTotals(metered.ledger).tokens;
      metered = s;
      if (options.limiter !== undefined && spent > 0) {
        await options.limiter.consumeTokens(s.userId, spent);
      }
    };
    // Saves the state after every orchestrator step: a worker that dies
    // mid-job hands its successor the last finished step.
    let saved = message.state;
    // Before planning, once: the model classifier screens the request (like
    // generateApp does in process); a request judged an injection fails the
    // job with the classifier's reasons before any agent runs.
    let initial = message.state;
    if (
      initial.status === "running" && initial.screening === undefined && initial.steps.length === 0
    ) {
      const run = { state: structuredClone(initial) };
      // JOB_TIMEOUT_MS bounds the screening too.
      const limit = AbortSignal.timeout(pipeline.config.jobTimeoutMs);
      try {
        const screening = await screenRequest(run, {
          ...orchestratorDeps(pipeline, bus),
          signal: AbortSignal.any([context.signal, limit]),
        });
        run.state.screening = {
          ran: screening.ran,
          ...(screening.injection !== undefined ? { injection: screening.injection } : {}),
          note: screening.note,
        };
      } catch (error) {
        // Stopped while screening (SIGTERM): nothing ran, another worker starts it again.
        if (context.signal.aborted) throw new HandBackError(initial);
        if (!(error instanceof GuardrailError)) throw error;
        run.state.status = "failed";
        run.state.reason = limit.aborted
          ? `Job timed out after ${
            Math.round(pipeline.config.jobTimeoutMs / 1000)
          } s (JOB_TIMEOUT_MS=${pipeline.config.jobTimeoutMs}) while the model classifier screened the request; check the model endpoint, or raise JOB_TIMEOUT_MS`
          : error.message;
        run.state.screening = {
          ran: true,
          ...(error.code === "model_classifier_injection" ? { injection: true } : {}),
          note: error.message,
        };
      }
      initial = run.state;
      // A call was made (and charged) or the job ended: saved before going on.
      if (initial.screening?.ran) {
        await context.checkpoint(initial);
        saved = initial;
        await meter(initial);
      }
    }
    const state = await runJob(initial, {
      ...orchestratorDeps(pipeline, bus),
      onStep: async (s: JobState) => {
        await context.checkpoint(s);
        saved = s;
        await meter(s);
      },
      signal: context.signal,
    });
    if (context.signal.aborted && state.status === "cancelled") {
      // Saved here (the queue saves it again as it hands the job back) so
      // that its spend is metered only once it is the state others resume.
      const handedBack = resumableState(state);
      await context.checkpoint(handedBack);
      await meter(handedBack);
      throw new HandBackError(handedBack);
    }
    // A crash from here on re-runs only the writing, never the agents. When
    // no step or model call followed the last checkpoint, resuming from it
    // only re-takes the final decision, so the files need not be sent again.
    if (message.state.status === "running" && !sameProgress(saved, state)) {
      await context.checkpoint(state);
    }
    await meter(state);
    await options.beforeWrite?.(state, context.signal);
    const target = claimOutput(message.outDir, true);
    const written = await writeOutput(state, target, {
      requireReview: message.requireReview ?? pipeline.config.requireHumanReview,
    }, bus);
    const outcome: JobOutcome = {
      jobId,
      status: state.status,
      ...(state.reason ? { reason: state.reason } : {}),
      outDir: target.outDir,
      files: written.files,
      held: written.review.held,
      worker: workerId,
      ...(message.enqueuedAt !== undefined ? { waitedMs: startedAt - message.enqueuedAt } : {}),
    };
    if (store !== undefined) {
      const record = jobRecordOf(
        {
          state,
          files: written.files,
          review: written.review,
          outDir: target.outDir,
          durationMs: performance.now() - started,
        },
        newJobRecord({
          jobId,
          userId: state.userId,
          provider: state.provider,
          createdAt: state.createdAt,
          outDir: target.outDir,
        }),
        new Date(),
      );
      await store.put(record);
    }
    return (await completions.complete(outcome)).outcome;
  };
}
