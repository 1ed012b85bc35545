/**
 * The job queue. A message carries the whole {@link JobState}, so any worker
 * can run, continue or re-run any job; the queue only moves messages and
 * reports outcomes. {@link createMemoryQueue} is the single-process default;
 * `createBullQueue()` (bull_queue.ts) shares the work between processes
 * through Redis.
 *
 * @module
 */
import type { JobState, JobStatus } from "../core/job_state.ts";

/** One job on the queue. */
export interface JobMessage {
  /** The whole state: new, or the last checkpoint of an interrupted run. */
  state: JobState;
  /** The job's own output folder (replaced atomically, so a re-run cannot duplicate files). */
  outDir: string;
  /** Hold risky files for a human decision (default: the worker's configuration). */
  requireReview?: boolean;
  /** Epoch ms when the job was enqueued, for queue-overhead figures. */
  enqueuedAt?: number;
}

/** How a job ended, as the worker reports it. */
export interface JobOutcome {
  jobId: string;
  status: JobStatus;
  reason?: string;
  outDir: string;
  /** Relative paths written, sorted. */
  files: string[];
  /** Files held for a human decision. */
  held: string[];
  /** Who completed it (a worker id). */
  worker: string;
  /** Milliseconds from enqueue to the start of the run that completed it. */
  waitedMs?: number;
}

/** What a handler gets besides the message. */
export interface JobContext {
  /** Aborted when the worker stops and its grace period ran out: hand the job back. */
  signal: AbortSignal;
  /** Saves the job's progress into the queue message, for whoever runs it next. */
  checkpoint(state: JobState): Promise<void>;
}

/** Runs one message to its end. */
export type JobHandler = (message: JobMessage, context: JobContext) => Promise<JobOutcome>;

/**
 * Thrown by a handler that stops before the end (shutdown): the queue puts
 * the message back, with `state` as its new checkpoint.
 */
export class HandBackError extends Error {
  readonly code = "HAND_BACK";
  /**
   * @param state The state to continue from.
   */
  constructor(readonly state: JobState) {
    super(`Job "${state.jobId}" was handed back: the worker is stopping`);
    this.name = "HandBackError";
  }
}

/** Options of {@link Queue.consume}. */
export interface ConsumeOptions {
  /** Jobs run at once by this consumer (default 1). */
  concurrency?: number;
}

/** A running consumer. */
export interface Consumer {
  /**
   * Stops taking jobs, lets the current ones finish for `graceMs`, then hands
   * the rest back to the queue.
   *
   * @param graceMs How long current jobs may still run.
   * @returns How many jobs were handed back.
   */
  stop(graceMs: number): Promise<{ handedBack: number }>;
}

/** Moves job messages from producers to workers. */
export interface Queue {
  /** `memory` or `bullmq`. */
  readonly kind: string;
  /**
   * Adds a job. Adding an id that is already queued or running is a no-op.
   *
   * @param message The job.
   */
  enqueue(message: JobMessage): Promise<void>;
  /**
   * @param jobId A job that was enqueued.
   * @param timeoutMs Give up after this long (default: wait forever).
   * @returns Its outcome once a worker completed it.
   * @throws {Error} When the job failed in the queue or the wait timed out.
   */
  waitFor(jobId: string, timeoutMs?: number): Promise<JobOutcome>;
  /** @returns Jobs waiting plus jobs running (the autoscaling signal). */
  depth(): Promise<number>;
  /**
   * Starts running jobs with `handler`.
   *
   * @param handler Runs one job.
   * @param options Concurrency.
   * @returns The consumer, to stop it.
   */
  consume(handler: JobHandler, options?: ConsumeOptions): Consumer;
  /** Releases connections; consumers must be stopped first. */
  close(): Promise<void>;
}

/**
 * An in-process queue: the default when no `REDIS_URL` is set.
 *
 * @returns The queue.
 * @example
 * ```ts
 * import { createMemoryQueue } from "./queue.ts";
 * const queue = createMemoryQueue();
 * if ((await queue.depth()) !== 0) throw new Error();
 * await queue.close();
 * ```
 */
export function createMemoryQueue(): Queue {
  const waiting: JobMessage[] = [];
  const active = new Map<string, JobMessage>();
  const done = new Map<string, JobOutcome | Error>();
  const waiters = new Map<string, ((r: JobOutcome | Error) => void)[]>();
  const wakers = new Set<() => void>();
  const settle = (jobId: string, result: JobOutcome | Error) => {
    done.set(jobId, result);
    for (const resolve of waiters.get(jobId) ?? []) resolve(result);
    waiters.delete(jobId);
  };
  const wake = () => {
    for (const w of [...wakers]) w();
  };
  return {
    kind: "memory",
    enqueue(message) {
      const id = message.state.jobId;
      if (!active.has(id) && !waiting.some((m) => m.state.jobId === id)) {
        done.delete(id);
        waiting.push({ ...message, enqueuedAt: message.enqueuedAt ?? Date.now() });
        wake();
      }
      return Promise.resolve();
    },
    waitFor(jobId, timeoutMs) {
      const known = done.get(jobId);
      const settled = known !== undefined ? Promise.resolve(known) : new Promise<
        JobOutcome | Error
      >((resolve) => {
        waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]);
      });
      const timed = timeoutMs === undefined ? settled : Promise.race([
        settled,
        new Promise<Error>((resolve) => {
          const t = setTimeout(
            () => resolve(new Error(`Job "${jobId}" did not finish within ${timeoutMs} ms`)),
            timeoutMs,
          );
          settled.finally(() => clearTimeout(t));
        }),
      ]);
      return timed.then((r) => r instanceof Error ? Promise.reject(r) : r);
    },
    depth: () => Promise.resolve(waiting.length + active.size),
    consume(handler, consumeOptions = {}) {
      const concurrency = consumeOptions.concurrency ?? 1;
      let stopping = false;
      const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
      let handedBack = 0;
      const pump = () => {
        while (!stopping && running.size < concurrency && waiting.length > 0) {
          const message = waiting.shift()!;
          const id = message.state.jobId;
          active.set(id, message);
          const abort = new AbortController();
          let current = message;
          const context: JobContext = {
            signal: abort.signal,
            checkpoint: (state) => {
              current = { ...current, state: structuredClone(state) };
              active.set(id, current);
              return Promise.resolve();
            },
          };
          const run = (async () => {
            try {
              settle(id, await handler(structuredClone(message), context));
            } catch (error) {
              if (error instanceof HandBackError) {
                handedBack++;
                waiting.unshift({ ...current, state: error.state });
              } else {
                settle(id, error instanceof Error ? error : new Error(String(error)));
              }
            } finally {
              active.delete(id);
              running.delete(id);
              queueMicrotask(pump);
            }
          })();
          running.set(id, { abort, done: run });
        }
      };
      wakers.add(pump);
      queueMicrotask(pump);
      return {
        async stop(graceMs) {
          stopping = true;
          wakers.delete(pump);
          const all = Promise.all([...running.values()].map((r) => r.done));
          let timer: ReturnType<typeof setTimeout> | undefined;
          const expired = await Promise.race([
            all.then(() => false),
            new Promise<boolean>((r) => timer = setTimeout(() => r(true), graceMs)),
          ]);
          clearTimeout(timer);
          if (expired) {
            for (const r of running.values()) r.abort.abort();
            await all;
          }
          return { handedBack };
        },
      };
    },
    close: () => Promise.resolve(),
  };
}
