import assert from "node:assert/strict";
import { createBullQueue } from "./bull_queue.ts";
import { connectRedis } from "./redis.ts";
import { NO_REDIS, startRedis, testMessage } from "./_testing.ts";
import type { JobOutcome } from "../jobs/queue.ts";

Deno.test({
  name:
    `createBullQueue() waitFor() answers from one event subscription, with a fallback${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const redis = await startRedis();
    const client = connectRedis(redis.url);
    const queue = createBullQueue({ url: redis.url, onError: () => {}, attempts: 1 });
    const root = "/nonexistent-output-root";
    const outcome = (jobId: string): JobOutcome => ({
      jobId,
      status: "succeeded",
      outDir: `${root}/${jobId}`,
      files: ["SPEC.md"],
      held: [],
      worker: "w",
    });
    try {
      await t.step("an unknown job is refused at once", async () => {
        await assert.rejects(
          () => queue.waitFor(crypto.randomUUID(), 5_000),
          /^Error: Cannot wait for job "[^"]+": it is not queued$/,
        );
      });

      await t.step("a job nobody runs times out, naming it", async () => {
        const m = testMessage(root, 0);
        await queue.enqueue(m);
        await assert.rejects(
          () => queue.waitFor(m.state.jobId, 200),
          new RegExp(`^Error: Job "${m.state.jobId}" did not finish within 200 ms$`),
        );
      });

      await t.step("a completion the event stream never carried is still seen", async () => {
        const m = testMessage(root, 1);
        await queue.enqueue(m);
        const waiting = queue.waitFor(m.state.jobId, 10_000);
        await new Promise((r) => setTimeout(r, 100));
        // What a completion leaves in the job's hash, without its event.
        await client.hset(`bull:stackforge-jobs:${m.state.jobId}`, {
          finishedOn: Date.now(),
          returnvalue: JSON.stringify(outcome(m.state.jobId)),
        });
        assert.deepEqual(await waiting, outcome(m.state.jobId));
      });

      await t.step("several waiters on one job, a finished job, and a failure", async () => {
        const [ok, bad] = [testMessage(root, 2), testMessage(root, 3)];
        const consumer = queue.consume((m) => {
          if (m.state.jobId === bad.state.jobId) throw new Error("the model is down");
          return Promise.resolve(outcome(m.state.jobId));
        });
        await queue.enqueue(ok);
        await queue.enqueue(bad);
        const [a, b] = await Promise.all([
          queue.waitFor(ok.state.jobId, 10_000),
          queue.waitFor(ok.state.jobId, 10_000),
        ]);
        assert.deepEqual(a, outcome(ok.state.jobId));
        assert.deepEqual(b, a);
        assert.deepEqual(await queue.waitFor(ok.state.jobId, 1_000), a, "already finished");
        await assert.rejects(() => queue.waitFor(bad.state.jobId, 10_000), /the model is down/);
        await consumer.stop(1_000);
      });

      await t.step("close() ends the waits still open", async () => {
        const m = testMessage(root, 4);
        await queue.enqueue(m);
        const waiting = queue.waitFor(m.state.jobId);
        await new Promise((r) => setTimeout(r, 100));
        await queue.close();
        await assert.rejects(waiting, /the queue was closed$/);
      });
    } finally {
      await queue.close();
      client.disconnect();
      await redis.stop();
    }
  },
});

Deno.test({
  name: `createBullQueue() keeps only the last finished jobs, each with its message${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const redis = await startRedis();
    const queue = createBullQueue({
      url: redis.url,
      onError: () => {},
      attempts: 1,
      keep: { completed: 2, failed: 1 },
    });
    const client = connectRedis(redis.url);
    const root = "/nonexistent-output-root";
    try {
      const messages = Array.from({ length: 6 }, (_, i) => testMessage(root, i));
      const failing = new Set(messages.slice(4).map((m) => m.state.jobId));
      const consumer = queue.consume(async (m) => {
        // Redis orders finished jobs by their finish time in ms: jobs that
        // finish in the same millisecond would be trimmed in id order.
        await new Promise((r) => setTimeout(r, 5));
        if (failing.has(m.state.jobId)) throw new Error("the model is down");
        return await Promise.resolve({
          jobId: m.state.jobId,
          status: "succeeded",
          outDir: root,
          files: [],
          held: [],
          worker: "w",
        });
      });
      for (const m of messages) await queue.enqueue(m);
      await Promise.allSettled(messages.map((m) => queue.waitFor(m.state.jobId, 10_000)));
      await consumer.stop(1_000);
      const kept = await Promise.all(
        messages.map((m) => client.exists(`bull:stackforge-jobs:${m.state.jobId}`)),
      );
      // The last two completed and the last failed job are kept, nothing older.
      assert.deepEqual(kept, [0, 0, 1, 1, 0, 1]);
    } finally {
      await queue.close();
      client.disconnect();
      await redis.stop();
    }
  },
});
