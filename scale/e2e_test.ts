/**
 * Multi-process tests on a real Redis: worker crashes, SIGTERM, Redis
 * outages. Slow, so they run only with STACKFORGE_SCALE_E2E=1.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createPipeline } from "../pipeline/generate.ts";
import { createBullQueue } from "./bull_queue.ts";
import { createMemoryCompletionLog } from "../jobs/completion.ts";
import { createMemoryQueue, type JobMessage, type Queue } from "../jobs/queue.ts";
import { connectRedis } from "./redis.ts";
import { createJobRunner } from "../jobs/run.ts";
import { freePort, HAS_REDIS, hashTree, startRedis, testMessage } from "./_testing.ts";

const E2E = Deno.env.get("STACKFORGE_SCALE_E2E") === "1";
const skip = !HAS_REDIS
  ? " (skipped: redis-server is not installed)"
  : !E2E
  ? " (skipped: set STACKFORGE_SCALE_E2E=1)"
  : "";
const WORKER = new URL("./worker.ts", import.meta.url).pathname;

interface WorkerProcess {
  child: Deno.ChildProcess;
  lines: string[];
  /** Resolves when a line matching `pattern` was printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exit: Promise<Deno.CommandStatus>;
}

function spawnWorker(url: string, id: string, extra: string[] = []): WorkerProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", WORKER, "--redis-url", url, "--id", id, "--lock-ms", "2000", ...extra],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    let rest = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      lines.push(...parts);
      for (const l of [...listeners]) l();
    }
    if (rest) lines.push(rest);
  };
  const pumped = Promise.all([pump(child.stdout), pump(child.stderr)]);
  return {
    child,
    lines,
    exit: pumped.then(() => child.status),
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find((l) => pattern.test(l));
          if (hit !== undefined) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`${id}: no line matching ${pattern} in:\n${lines.join("\n")}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

async function singleProcessHashes(messages: JobMessage[]) {
  // The same configuration and toolchain probe as the worker processes.
  const pipeline = await createPipeline({ env: Deno.env.toObject() });
  const queue: Queue = createMemoryQueue();
  const root = Deno.makeTempDirSync();
  const consumer = queue.consume(
    createJobRunner({ pipeline, completions: createMemoryCompletionLog(), workerId: "solo" }),
  );
  const hashes = new Map<string, Record<string, string>>();
  try {
    for (const m of messages) {
      const local = { ...m, outDir: join(root, m.state.jobId, "output") };
      await queue.enqueue(local);
      const outcome = await queue.waitFor(m.state.jobId, 60_000);
      hashes.set(m.state.jobId, await hashTree(outcome.outDir));
    }
  } finally {
    await consumer.stop(1_000);
    Deno.removeSync(root, { recursive: true });
  }
  return hashes;
}

Deno.test({
  name:
    `100 jobs, 3 worker processes, one killed with SIGKILL mid-job: all complete exactly once${skip}`,
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const redis = await startRedis();
    const root = Deno.makeTempDirSync();
    const client = connectRedis(redis.url);
    const queue = createBullQueue({ url: redis.url, lockDurationMs: 2_000, onError: () => {} });
    const workers = ["w1", "w2", "w3"].map((id) => spawnWorker(redis.url, id, ["--slow-ms", "30"]));
    try {
      await Promise.all(workers.map((w) => w.waitFor(/ready on/)));
      const messages = Array.from({ length: 100 }, (_, i) => testMessage(root, i));
      for (const m of messages) await queue.enqueue(m);
      // Kill w1 while it holds a job: after it started its 5th and before it finished it.
      const victim = workers[0]!;
      await new Promise<void>((resolve) => {
        const tick = () => {
          const started = victim.lines.filter((l) => l.includes("] started ")).length;
          const finished = victim.lines.filter((l) => l.includes("] finished ")).length;
          if (started >= 5 && started > finished) resolve();
          else setTimeout(tick, 1);
        };
        tick();
      });
      victim.child.kill("SIGKILL");
      const lastStarted = victim.lines.filter((l) => l.includes("] started ")).at(-1)!;
      const interrupted = lastStarted.split(" ").at(-1)!;
      assert.ok(
        !victim.lines.some((l) => l.includes(`finished ${interrupted}`)),
        "the victim was killed mid-job",
      );
      const outcomes = await Promise.all(
        messages.map((m) => queue.waitFor(m.state.jobId, 120_000)),
      );
      assert.equal(outcomes.length, 100);
      assert.ok(outcomes.every((o) => o.status === "succeeded"));
      assert.notEqual(
        outcomes.find((o) => o.jobId === interrupted)?.worker,
        "w1",
        "another worker completed the interrupted job",
      );
      // Exactly once: one completion record per job, and no job completed twice.
      const doneKeys = await client.keys("stackforge:done:*");
      assert.equal(doneKeys.length, 100);
      const finishedLines = workers.flatMap((w) =>
        w.lines.filter((l) => l.includes("] finished "))
      );
      const finishedIds = finishedLines.map((l) => l.split(" ").at(-2));
      assert.equal(new Set(finishedIds).size, 100, "every job finished");
      assert.equal(finishedIds.length, 100, "no job finished twice");
      assert.equal((await client.keys("stackforge:job:*")).length, 100, "every job has a record");
      // Outputs identical to a single-process run.
      const expected = await singleProcessHashes(messages);
      for (const o of outcomes) {
        assert.deepEqual(await hashTree(o.outDir), expected.get(o.jobId), `output of ${o.jobId}`);
      }
      // No leftovers of the crash beside the outputs... except the killed staging folder.
      assert.equal(await queue.depth(), 0);
    } finally {
      for (const w of workers) {
        try {
          w.child.kill("SIGTERM");
        } catch { /* already gone */ }
      }
      await Promise.all(workers.map((w) => w.exit));
      await queue.close();
      client.disconnect();
      await redis.stop();
      Deno.removeSync(root, { recursive: true });
    }
  },
});

Deno.test({
  name:
    `worker on SIGTERM finishes its job within the grace period, or hands it back; exits 0${skip}`,
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const redis = await startRedis();
    const root = Deno.makeTempDirSync();
    const queue = createBullQueue({ url: redis.url, lockDurationMs: 2_000, onError: () => {} });
    try {
      await t.step("finished: a long grace lets the job end", async () => {
        const port = freePort();
        const w = spawnWorker(redis.url, "g1", [
          "--slow-ms",
          "1500",
          "--grace-ms",
          "10000",
          "--metrics-port",
          String(port),
        ]);
        await w.waitFor(/ready on/);
        const m = testMessage(root, 0);
        await queue.enqueue(m);
        await w.waitFor(/started/);
        // The running job counts in queue_depth, served by the worker for autoscalers.
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        assert.match(metrics, /^queue_depth 1$/m);
        w.child.kill("SIGTERM");
        const status = await w.exit;
        assert.equal(status.code, 0, w.lines.join("\n"));
        assert.ok(w.lines.some((l) => l.includes(`finished ${m.state.jobId} succeeded`)));
        assert.equal(await queue.depth(), 0, "nothing was left behind");
        assert.equal((await queue.waitFor(m.state.jobId, 5_000)).worker, "g1");
      });
      await t.step("re-queued: a short grace hands the job back to another worker", async () => {
        const w = spawnWorker(redis.url, "g2", ["--slow-ms", "20000", "--grace-ms", "300"]);
        await w.waitFor(/ready on/);
        const m = testMessage(root, 1);
        await queue.enqueue(m);
        await w.waitFor(/started/);
        w.child.kill("SIGTERM");
        const status = await w.exit;
        assert.equal(status.code, 0, w.lines.join("\n"));
        assert.ok(w.lines.some((l) => l.includes("1 job(s) handed back")), w.lines.join("\n"));
        assert.equal(await queue.depth(), 1, "the job waits for another worker");
        const next = spawnWorker(redis.url, "g3");
        const outcome = await queue.waitFor(m.state.jobId, 60_000);
        assert.equal(outcome.worker, "g3");
        assert.equal(outcome.status, "succeeded");
        next.child.kill("SIGTERM");
        assert.equal((await next.exit).code, 0);
      });
    } finally {
      await queue.close();
      await redis.stop();
      Deno.removeSync(root, { recursive: true });
    }
  },
});

Deno.test({
  name:
    `worker with Redis unavailable: a clear error at start, and no lost jobs across an outage${skip}`,
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    await t.step("absent at start: retries, then exits 1 naming Redis", async () => {
      const port = freePort();
      const w = spawnWorker(`redis://127.0.0.1:${port}`, "r1", ["--connect-timeout-ms", "1500"]);
      const status = await w.exit;
      assert.equal(status.code, 1);
      assert.ok(
        w.lines.some((l) => l.startsWith(`Cannot reach Redis at "redis://127.0.0.1:${port}`)),
        w.lines.join("\n"),
      );
    });
    await t.step("late at start: the worker waits for it", async () => {
      const port = freePort();
      const w = spawnWorker(`redis://127.0.0.1:${port}`, "r2", ["--connect-timeout-ms", "20000"]);
      await new Promise((r) => setTimeout(r, 1_000));
      const redis = await startRedis(port);
      try {
        await w.waitFor(/ready on/, 20_000);
        w.child.kill("SIGTERM");
        assert.equal((await w.exit).code, 0);
      } finally {
        await redis.stop();
      }
    });
    await t.step("restarted mid-run (persistent): every job still completes", async () => {
      const dir = Deno.makeTempDirSync();
      const port = freePort();
      const start = () =>
        new Deno.Command("redis-server", {
          args: [
            "--port",
            String(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            dir,
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
          ],
          stdout: "null",
          stderr: "null",
        }).spawn();
      const waitUp = async () => {
        for (let i = 0; i < 100; i++) {
          try {
            (await Deno.connect({ hostname: "127.0.0.1", port })).close();
            return;
          } catch {
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      };
      let server = start();
      await waitUp();
      const url = `redis://127.0.0.1:${port}`;
      const root = Deno.makeTempDirSync();
      const queue = createBullQueue({ url, lockDurationMs: 2_000, onError: () => {} });
      const w = spawnWorker(url, "r3", ["--slow-ms", "50"]);
      try {
        await w.waitFor(/ready on/);
        const messages = Array.from({ length: 20 }, (_, i) => testMessage(root, i));
        for (const m of messages) await queue.enqueue(m);
        await w.waitFor(/finished/);
        server.kill("SIGKILL");
        await server.status;
        await new Promise((r) => setTimeout(r, 1_500));
        server = start();
        await waitUp();
        const outcomes = await Promise.all(
          messages.map((m) => queue.waitFor(m.state.jobId, 90_000)),
        );
        assert.ok(outcomes.every((o) => o.status === "succeeded"));
        assert.ok(w.lines.some((l) => /Redis .*connection/.test(l)), "the outage was reported");
      } finally {
        w.child.kill("SIGTERM");
        await w.exit;
        await queue.close();
        server.kill("SIGTERM");
        await server.status;
        Deno.removeSync(root, { recursive: true });
        Deno.removeSync(dir, { recursive: true });
      }
    });
  },
});

Deno.test({
  name: `rate limits on Redis hold exactly under concurrent requests from 2 processes${skip}`,
  ignore: skip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const redis = await startRedis();
    const script = `
      import { createUserRateLimiter } from "${
      new URL("./flexible_rate_limit.ts", import.meta.url).href
    }";
      import { connectRedis } from "${new URL("./redis.ts", import.meta.url).href}";
      const redis = connectRedis(Deno.args[0]);
      const limiter = createUserRateLimiter({ requestsPerMinute: 37, tokensPerHour: 1000, redis });
      const d = await Promise.all(Array.from({ length: 60 }, () => limiter.consume("ada")));
      const t = await Promise.all(Array.from({ length: 30 }, () => limiter.consumeTokens("ada", 50)));
      console.log(JSON.stringify({ req: d.filter((x) => x.allowed).length, tok: t.filter((x) => x.allowed).length }));
      redis.disconnect();`;
    const file = Deno.makeTempFileSync({ suffix: ".ts" });
    Deno.writeTextFileSync(file, script);
    try {
      const runs = await Promise.all([1, 2].map(() =>
        new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            "--config",
            new URL("../deno.json", import.meta.url).pathname,
            file,
            redis.url,
          ],
          stdout: "piped",
          stderr: "piped",
        }).output()
      ));
      const counts = runs.map((r) => {
        assert.ok(r.success, new TextDecoder().decode(r.stderr));
        return JSON.parse(new TextDecoder().decode(r.stdout)) as { req: number; tok: number };
      });
      assert.equal(counts[0]!.req + counts[1]!.req, 37, "requests per minute");
      assert.equal(counts[0]!.tok + counts[1]!.tok, 20, "tokens per hour: 1000 / 50");
    } finally {
      Deno.removeSync(file);
      await redis.stop();
    }
  },
});
