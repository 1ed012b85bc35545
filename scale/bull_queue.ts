/**
 * The {@link Queue} on Redis with BullMQ, for several worker processes. A
 * worker that dies mid-job loses its lock; BullMQ's stalled-job check puts
 * the job back and another worker re-runs it from the state in the message
 * (the last checkpoint), so a crash costs at most the steps since then.
 *
 * @module
 */
import { Queue as BullMQueue, QueueEvents, WaitingError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { connectRedis } from "./redis.ts";
import {
  type Consumer,
  HandBackError,
  type JobMessage,
  type JobOutcome,
  type Queue,
} from "../jobs/queue.ts";

/** How often waiters check for completions the event stream missed. */
const SWEEP_MS = 1_000;

interface Waiter {
  settle(result: JobOutcome | Error): void;
}

/**
 * Reads whether jobs finished, in one round trip.
 *
 * @returns Per job: its outcome, its failure, `undefined` while it is not
 *   finished, or `"missing"` when there is no such job.
 */
async function finishedJobs(
  client: Redis,
  queue: BullMQueue,
  ids: readonly string[],
): Promise<(JobOutcome | Error | "missing" | undefined)[]> {
  const pipeline = client.pipeline();
  for (const id of ids) {
    pipeline.hmget(queue.toKey(id), "name", "finishedOn", "returnvalue", "failedReason");
  }
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, reply]) => {
    if (error) throw error;
    const [jobName, finishedOn, returnvalue, failedReason] = reply as (string | null)[];
    if (jobName === null || jobName === undefined) return "missing";
    if (finishedOn === null || finishedOn === undefined) return undefined;
    if (returnvalue) return JSON.parse(returnvalue) as JobOutcome;
    if (failedReason) return new Error(failedReason);
    return undefined;
  });
}

/** Options of {@link createBullQueue}. */
export interface BullQueueOptions {
  /** `redis://host:port`. */
  url: string;
  /** The BullMQ queue name (default `stackforge-jobs`). */
  name?: string;
  /**
   * How long a worker's claim on a job lasts without renewal (default 30,000
   * ms): after a crash the job is re-run within about this long.
   */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for (default: the lock duration). */
  stalledIntervalMs?: number;
  /** Crashes a job may survive before it fails (default 10). */
  maxStalledCount?: number;
  /** Runs of a job whose handler threw (default 3), with exponential backoff from 1 s. */
  attempts?: number;
  /** Told about connection and worker errors (default: `console.error`). */
  onError?: (message: string) => void;
  /**
   * Finished jobs kept in Redis, each with its message (the whole job state,
   * files included: ~100 KB for an offline job). Completed: the last 1,000
   * for at most an hour; failed: the last 5,000 for at most 7 days, for
   * inspection. Nothing depends on them once finished: the completion log
   * keeps each outcome (7 days) so a job re-sent later still completes only
   * once, and the job store keeps what the MCP tools read.
   */
  keep?: { completed?: number; failed?: number };
}

/**
 * @param options Redis URL, queue name, crash-recovery timings.
 * @returns The queue.
 */
export function createBullQueue(options: BullQueueOptions): Queue {
  const name = options.name ?? "stackforge-jobs";
  const lockDuration = options.lockDurationMs ?? 30_000;
  const report = options.onError ?? ((m: string) => console.error(m));
  const connections: Redis[] = [];
  const connect = (role: string) => {
    const client = connectRedis(options.url, { name: `stackforge:${role}` });
    let last = "";
    client.on("error", (error: Error) => {
      // One line per distinct problem, not one per retry.
      if (error.message !== last) report(`Redis ${role} connection: ${error.message}; retrying`);
      last = error.message;
    });
    client.on("ready", () => last = "");
    connections.push(client);
    return client;
  };
  const queueClient = connect("queue");
  const queue = new BullMQueue<JobMessage, JobOutcome>(name, { connection: queueClient });
  queue.on("error", (e) => report(`Queue "${name}": ${e.message}`));
  let events: Promise<QueueEvents> | undefined;
  let eventsClient: QueueEvents | undefined;
  const workers: Worker[] = [];
  // Everyone waiting, by job id: one QueueEvents subscription serves them all.
  const waiters = new Map<string, Set<Waiter>>();
  const settle = (jobId: string, result: JobOutcome | Error) => {
    const waiting = waiters.get(jobId);
    if (waiting === undefined) return;
    waiters.delete(jobId);
    for (const w of waiting) w.settle(result);
  };
  const listening = () =>
    events ??= (async () => {
      eventsClient = new QueueEvents(name, { connection: connect("events") });
      eventsClient.on("error", (e) => report(`Queue events "${name}": ${e.message}`));
      // BullMQ parses the return value of "completed" before emitting it.
      eventsClient.on("completed", ({ jobId, returnvalue }) => {
        settle(jobId, returnvalue as unknown as JobOutcome);
      });
      eventsClient.on("failed", ({ jobId, failedReason }) => {
        settle(jobId, new Error(failedReason));
      });
      await eventsClient.waitUntilReady();
      return eventsClient;
    })();
  // QueueEvents can miss a completion in the instant after it connects, so a
  // sweep backs the events up: one round trip for every waiting job, reading
  // three short fields (never the message with its files).
  let sweep: ReturnType<typeof setTimeout> | undefined;
  const scheduleSweep = () => {
    if (sweep !== undefined || waiters.size === 0) return;
    sweep = setTimeout(async () => {
      try {
        const ids = [...waiters.keys()];
        const finished = await finishedJobs(queueClient, queue, ids);
        ids.forEach((id, i) => {
          const result = finished[i];
          if (result !== undefined && result !== "missing") settle(id, result);
        });
      } catch (error) {
        report(`Queue "${name}": cannot check finished jobs: ${(error as Error).message}`);
      } finally {
        sweep = undefined;
        scheduleSweep();
      }
    }, SWEEP_MS);
  };
  return {
    kind: "bullmq",
    async enqueue(message) {
      await queue.add("job", { ...message, enqueuedAt: message.enqueuedAt ?? Date.now() }, {
        jobId: message.state.jobId,
        attempts: options.attempts ?? 3,
        backoff: { type: "exponential", delay: 1_000 },
        removeOnComplete: { age: 3600, count: options.keep?.completed ?? 1_000 },
        removeOnFail: { age: 7 * 24 * 3600, count: options.keep?.failed ?? 5_000 },
      });
    },
    async waitFor(jobId, timeoutMs) {
      // Listen first, then look: a completion in between is caught either way.
      await listening();
      let settleThis!: (result: JobOutcome | Error) => void;
      const result = new Promise<JobOutcome | Error>((resolve) => settleThis = resolve);
      const waiter: Waiter = { settle: settleThis };
      const waiting = waiters.get(jobId) ?? new Set<Waiter>();
      waiters.set(jobId, waiting.add(waiter));
      const timer = timeoutMs === undefined ? undefined : setTimeout(
        () => settleThis(new Error(`Job "${jobId}" did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
      try {
        const [now] = await finishedJobs(queueClient, queue, [jobId]);
        if (now === "missing") throw new Error(`Cannot wait for job "${jobId}": it is not queued`);
        if (now !== undefined) settle(jobId, now);
        else scheduleSweep();
        const outcome = await result;
        if (outcome instanceof Error) throw outcome;
        return outcome;
      } finally {
        clearTimeout(timer);
        waiting.delete(waiter);
        if (waiting.size === 0 && waiters.get(jobId) === waiting) waiters.delete(jobId);
      }
    },
    async depth() {
      const counts = await queue.getJobCounts("waiting", "active", "prioritized", "paused");
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    consume(handler, consumeOptions = {}): Consumer {
      const running = new Map<string, AbortController>();
      let handedBack = 0;
      const worker = new Worker<JobMessage, JobOutcome>(name, async (job, token) => {
        const abort = new AbortController();
        running.set(job.id!, abort);
        try {
          return await handler(job.data, {
            signal: abort.signal,
            checkpoint: (state) => job.updateData({ ...job.data, state }),
          });
        } catch (error) {
          if (!(error instanceof HandBackError)) throw error;
          await job.updateData({ ...job.data, state: error.state });
          await job.moveToWait(token);
          handedBack++;
          throw new WaitingError();
        } finally {
          running.delete(job.id!);
        }
      }, {
        connection: connect("worker"),
        concurrency: consumeOptions.concurrency ?? 1,
        lockDuration,
        stalledInterval: options.stalledIntervalMs ?? lockDuration,
        maxStalledCount: options.maxStalledCount ?? 10,
      });
      worker.on("error", (e) => report(`Worker on "${name}": ${e.message}`));
      workers.push(worker);
      return {
        async stop(graceMs) {
          const closed = worker.close();
          let timer: ReturnType<typeof setTimeout> | undefined;
          const expired = await Promise.race([
            closed.then(() => false),
            new Promise<boolean>((r) => timer = setTimeout(() => r(true), graceMs)),
          ]);
          clearTimeout(timer);
          if (expired) {
            for (const abort of running.values()) abort.abort();
            await closed;
          }
          return { handedBack };
        },
      };
    },
    async close() {
      clearTimeout(sweep);
      for (const jobId of [...waiters.keys()]) {
        settle(jobId, new Error(`Cannot wait for job "${jobId}": the queue was closed`));
      }
      await Promise.all(workers.map((w) => w.close()));
      await eventsClient?.close();
      await queue.close();
      for (const c of connections) c.disconnect();
    },
  };
}
