/**
 * The {@link Queue} on Redis with BullMQ, for several worker processes. A
 * worker that dies mid-job loses its lock; BullMQ's stalled-job check puts
 * the job back and another worker re-runs it from the state in the message
 * (the last checkpoint), so a crash costs at most the steps since then.
 *
 * @module
 */
import { Job, Queue as BullMQueue, QueueEvents, WaitingError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { connectRedis } from "./redis.ts";
import {
  type Consumer,
  HandBackError,
  type JobMessage,
  type JobOutcome,
  type Queue,
} from "./queue.ts";

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
  const queue = new BullMQueue<JobMessage, JobOutcome>(name, { connection: connect("queue") });
  queue.on("error", (e) => report(`Queue "${name}": ${e.message}`));
  // Each waiter listens for the queue closing.
  queue.setMaxListeners(0);
  let events: Promise<QueueEvents> | undefined;
  let eventsClient: QueueEvents | undefined;
  const workers: Worker[] = [];
  return {
    kind: "bullmq",
    async enqueue(message) {
      await queue.add("job", { ...message, enqueuedAt: message.enqueuedAt ?? Date.now() }, {
        jobId: message.state.jobId,
        attempts: options.attempts ?? 3,
        backoff: { type: "exponential", delay: 1_000 },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    },
    async waitFor(jobId, timeoutMs) {
      const job = await Job.fromId<JobMessage, JobOutcome>(queue, jobId);
      if (job === undefined) throw new Error(`Cannot wait for job "${jobId}": it is not queued`);
      // Every waiter shares one subscription, used only once it is listening:
      // a completion before that would be missed.
      events ??= (async () => {
        eventsClient = new QueueEvents(name, { connection: connect("events") });
        eventsClient.on("error", (e) => report(`Queue events "${name}": ${e.message}`));
        await eventsClient.waitUntilReady();
        return eventsClient;
      })();
      const listening = await events;
      // QueueEvents can miss a completion in the instant after it connects, so
      // a slow poll backs the event up.
      let polling = true;
      const poll = async (): Promise<JobOutcome> => {
        while (polling) {
          await new Promise((r) => setTimeout(r, 500));
          const latest = polling
            ? await Job.fromId<JobMessage, JobOutcome>(queue, jobId)
            : undefined;
          if (latest?.finishedOn !== undefined && latest.returnvalue) return latest.returnvalue;
          if (latest?.finishedOn !== undefined && latest.failedReason) {
            throw new Error(latest.failedReason);
          }
        }
        return new Promise<never>(() => {});
      };
      try {
        return await Promise.race([
          job.waitUntilFinished(listening, timeoutMs) as Promise<JobOutcome>,
          poll(),
        ]);
      } finally {
        polling = false;
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
      await Promise.all(workers.map((w) => w.close()));
      await eventsClient?.close();
      await queue.close();
      for (const c of connections) c.disconnect();
    },
  };
}
