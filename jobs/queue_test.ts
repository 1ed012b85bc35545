import assert from "node:assert/strict";
import { createPipeline } from "../pipeline/generate.ts";
import { createMemoryCompletionLog } from "./completion.ts";
import { createRedisCompletionLog } from "../scale/completion.ts";
import { createBullQueue } from "../scale/bull_queue.ts";
import { createMemoryQueue, HandBackError, type Queue } from "./queue.ts";
import { connectRedis } from "../scale/redis.ts";
import { createJobRunner } from "./run.ts";
import { hashTree, NO_REDIS, startRedis, testMessage } from "../scale/_testing.ts";

const pipeline = await createPipeline({ toolchain: {} });

async function runsJobsExactlyOnce(queue: Queue, completions = createMemoryCompletionLog()) {
  const root = Deno.makeTempDirSync();
  try {
    const consumer = queue.consume(
      createJobRunner({ pipeline, completions, workerId: "w1" }),
      { concurrency: 2 },
    );
    const messages = Array.from({ length: 4 }, (_, i) => testMessage(root, i));
    for (const m of messages) await queue.enqueue(m);
    await queue.enqueue(messages[0]!); // a duplicate id is ignored
    const outcomes = await Promise.all(
      messages.map((m) => queue.waitFor(m.state.jobId, 30_000)),
    );
    for (const [i, outcome] of outcomes.entries()) {
      assert.equal(outcome.status, "succeeded");
      assert.equal(outcome.jobId, messages[i]!.state.jobId);
      assert.ok(outcome.files.includes("SPEC.md"));
      assert.ok(Object.keys(await hashTree(outcome.outDir)).length > 5);
    }
    assert.equal(await queue.depth(), 0);
    await consumer.stop(1_000);
  } finally {
    await queue.close();
    Deno.removeSync(root, { recursive: true });
  }
}

Deno.test("createMemoryQueue() runs each job once and reports its outcome", async () => {
  await runsJobsExactlyOnce(createMemoryQueue());
});

Deno.test("createMemoryQueue() stop() hands a job back when the grace period runs out", async () => {
  const queue = createMemoryQueue();
  const root = Deno.makeTempDirSync();
  const message = testMessage(root, 0);
  let started!: () => void;
  const running = new Promise<void>((r) => started = r);
  const consumer = queue.consume(async (m, context) => {
    started();
    await new Promise((r) => context.signal.addEventListener("abort", r));
    throw new HandBackError(m.state);
  });
  await queue.enqueue(message);
  await running;
  assert.deepEqual(await consumer.stop(50), { handedBack: 1 });
  assert.equal(await queue.depth(), 1, "the job is waiting again, not lost");
  const second = queue.consume(
    createJobRunner({ pipeline, completions: createMemoryCompletionLog(), workerId: "w2" }),
  );
  assert.equal((await queue.waitFor(message.state.jobId, 30_000)).worker, "w2");
  await second.stop(1_000);
  Deno.removeSync(root, { recursive: true });
});

Deno.test({
  name: `createBullQueue() runs each job once on a real Redis${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const redis = await startRedis();
    const client = connectRedis(redis.url);
    try {
      await runsJobsExactlyOnce(
        createBullQueue({ url: redis.url, onError: () => {} }),
        createRedisCompletionLog(client),
      );
    } finally {
      client.disconnect();
      await redis.stop();
    }
  },
});

Deno.test({
  name:
    `createBullQueue() stop() re-queues a job with its checkpoint when the grace runs out${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const redis = await startRedis();
    const root = Deno.makeTempDirSync();
    const queue = createBullQueue({ url: redis.url, onError: () => {} });
    try {
      const message = testMessage(root, 1);
      let started!: () => void;
      const running = new Promise<void>((r) => started = r);
      const consumer = queue.consume(async (m, context) => {
        started();
        await new Promise((r) => context.signal.addEventListener("abort", r));
        throw new HandBackError({ ...m.state, prompt: m.state.prompt + " (resumed)" });
      });
      await queue.enqueue(message);
      await running;
      assert.deepEqual(await consumer.stop(100), { handedBack: 1 });
      assert.equal(await queue.depth(), 1, "the job is waiting again, not lost");
      let seen = "";
      const second = queue.consume((m) => {
        seen = m.state.prompt;
        return Promise.resolve({
          jobId: m.state.jobId,
          status: "succeeded",
          outDir: m.outDir,
          files: [],
          held: [],
          worker: "w2",
        });
      });
      assert.equal((await queue.waitFor(message.state.jobId, 10_000)).worker, "w2");
      assert.match(seen, /\(resumed\)$/, "the second worker got the handed-back state");
      await second.stop(1_000);
    } finally {
      await queue.close();
      await redis.stop();
      Deno.removeSync(root, { recursive: true });
    }
  },
});

Deno.test("submitJob() refuses a user over the hourly token limit, saying when to retry", async () => {
  const { submitJob, RateLimitedError } = await import("./submit.ts");
  const { createUserRateLimiter } = await import("../scale/flexible_rate_limit.ts");
  const { createFileJobStore } = await import("./store.ts");
  const limiter = createUserRateLimiter({ requestsPerMinute: 10, tokensPerHour: 100 });
  await limiter.consumeTokens("ada", 150);
  const queue = createMemoryQueue();
  const dir = Deno.makeTempDirSync();
  try {
    await assert.rejects(
      () =>
        submitJob("a blog", {
          pipeline,
          queue,
          store: createFileJobStore(dir),
          jobId: crypto.randomUUID(),
          userId: "ada",
          outDir: `${dir}/out`,
          limiter,
        }),
      (error: Error) =>
        error instanceof RateLimitedError &&
        /^Token limit reached for user "ada": at most 100 tokens per hour; retry in \d+ s$/.test(
          error.message,
        ),
    );
    assert.equal(await queue.depth(), 0, "nothing was enqueued");
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
