/**
 * Scale-out figures on this machine, offline provider, real Redis:
 * jobs per second with 1, 2 and 4 worker processes, queue overhead per job
 * (enqueue → start) p50/p99, and rate-limiter decisions per second.
 *
 * ```sh
 * deno run -A bench/scale.ts [--jobs 60]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createBullQueue } from "../scale/bull_queue.ts";
import { createUserRateLimiter } from "../scale/flexible_rate_limit.ts";
import { connectRedis } from "../scale/redis.ts";
import { HAS_REDIS, startRedis, testMessage } from "../scale/_testing.ts";

const { values } = parseArgs({ args: Deno.args, options: { jobs: { type: "string" } } });
const JOBS = Number(values.jobs ?? 60);
if (!HAS_REDIS) {
  console.error("Cannot run the scale benchmark: redis-server is not installed");
  Deno.exit(1);
}
const WORKER = new URL("../scale/worker.ts", import.meta.url).pathname;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function waitReady(child: Deno.ChildProcess): Promise<void> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("ready on")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`worker exited before it was ready: ${text}`);
    text += value;
  }
  // Keep draining so the worker never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
}

async function run(workers: number) {
  const redis = await startRedis();
  const root = Deno.makeTempDirSync();
  const queue = createBullQueue({ url: redis.url, onError: () => {} });
  const children = Array.from({ length: workers }, (_, i) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", WORKER, "--redis-url", redis.url, "--id", `b${i}`],
      stdout: "piped",
      stderr: "null",
    }).spawn());
  try {
    await Promise.all(children.map(waitReady));
    // Warm-up: one job per worker, so module loading is not measured.
    const warm = Array.from({ length: workers }, (_, i) => testMessage(root, i));
    for (const m of warm) await queue.enqueue(m);
    await Promise.all(warm.map((m) => queue.waitFor(m.state.jobId, 120_000)));
    const messages = Array.from({ length: JOBS }, (_, i) => testMessage(root, i));
    const t0 = performance.now();
    for (const m of messages) await queue.enqueue(m);
    const outcomes = await Promise.all(messages.map((m) => queue.waitFor(m.state.jobId, 600_000)));
    const seconds = (performance.now() - t0) / 1000;
    const waits = outcomes.map((o) => o.waitedMs ?? NaN).sort((a, b) => a - b);
    return { workers, jobsPerSecond: JOBS / seconds, seconds, waits };
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => c.status));
    await queue.close();
    await redis.stop();
    Deno.removeSync(root, { recursive: true });
  }
}

/** Queue overhead alone: an idle worker, one job at a time. */
async function overhead(samples: number) {
  const redis = await startRedis();
  const root = Deno.makeTempDirSync();
  const queue = createBullQueue({ url: redis.url, onError: () => {} });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", WORKER, "--redis-url", redis.url, "--id", "o"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  try {
    await waitReady(child);
    const waits: number[] = [];
    for (let i = 0; i < samples; i++) {
      const m = testMessage(root, i);
      await queue.enqueue(m);
      waits.push((await queue.waitFor(m.state.jobId, 60_000)).waitedMs ?? NaN);
    }
    return waits.sort((a, b) => a - b);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await queue.close();
    await redis.stop();
    Deno.removeSync(root, { recursive: true });
  }
}

async function limiterRate(useRedis: boolean) {
  const redis = useRedis ? await startRedis() : undefined;
  const client = redis ? connectRedis(redis.url) : undefined;
  try {
    const limiter = createUserRateLimiter({
      requestsPerMinute: 1_000_000,
      tokensPerHour: 1_000_000,
      ...(client ? { redis: client } : {}),
    });
    const n = 20_000;
    const t0 = performance.now();
    for (let batch = 0; batch < n / 100; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => limiter.consume(`user${i % 10}`)));
    }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    client?.disconnect();
    await redis?.stop();
  }
}

console.log(
  `stackforge scale benchmark: ${JOBS} offline jobs, ${navigator.hardwareConcurrency} CPUs`,
);
const results = [];
for (const n of [1, 2, 4]) {
  const r = await run(n);
  results.push(r);
  console.log(
    `${n} worker(s): ${r.jobsPerSecond.toFixed(2)} jobs/s (${r.seconds.toFixed(1)} s), speed-up ${
      (r.jobsPerSecond / results[0]!.jobsPerSecond).toFixed(2)
    }x`,
  );
}
const waits = await overhead(50);
console.log(
  `queue overhead (enqueue -> start, idle worker): p50 ${
    percentile(waits, 50).toFixed(1)
  } ms, p99 ${percentile(waits, 99).toFixed(1)} ms`,
);
console.log(`rate limiter: ${(await limiterRate(false)).toFixed(0)} decisions/s in memory`);
console.log(`rate limiter: ${(await limiterRate(true)).toFixed(0)} decisions/s on Redis`);
