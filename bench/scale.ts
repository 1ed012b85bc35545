/**
 * Scale-out figures on this machine, real Redis: jobs per second with 1, 2
 * and 4 worker processes (each warmed up first), where each job's CPU time
 * goes (workers, Redis, this process), queue overhead per job (enqueue →
 * start) p50/p99, and rate-limiter decisions per second.
 *
 * ```sh
 * deno run -A bench/scale.ts [--jobs 200] [--rounds 3] [--concurrency 1] [--out-root /dev/shm]
 * deno run -A bench/scale.ts --latency-ms 1000 [--jobs 96] [--concurrency 4]
 * ```
 *
 * By default the jobs are offline (no model latency: the figures are the
 * pipeline's CPU cost). With `--latency-ms`, the workers use the `openai`
 * provider against a model server in this process that answers every call
 * after that many milliseconds, as a real model would: the jobs are
 * latency-bound, each worker runs `--concurrency` of them at once (default
 * 4), and the figures show how far the queue scales before the cores
 * saturate. The server's answers are the OpenAI fixture's scripted ones
 * (tests/fixtures/openai_server.ts), each distinct request rendered once
 * and then served from memory, so the model's own CPU stays out of the
 * figures. Besides the whole run, the steady rate is printed: jobs finished
 * while every slot was busy (after the first `workers × concurrency`
 * finished, before the last as many), which leaves out the ramp-up and the
 * tail.
 *
 * `--out-root` puts the jobs' output folders elsewhere than the system's
 * temporary folder: on a RAM filesystem the figures leave out the disk's
 * filesystem, whose cost to create a file can vary tenfold (ext4 without a
 * journal skips inodes freed in the last minutes, so file creation slows
 * down for a while after any large deletion, this benchmark's own clean-up
 * included).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createBullQueue } from "../scale/bull_queue.ts";
import { createUserRateLimiter } from "../scale/flexible_rate_limit.ts";
import { connectRedis } from "../scale/redis.ts";
import { HAS_REDIS, startRedis, testMessage } from "../scale/_testing.ts";
import { startOpenAIFixture } from "../tests/fixtures/openai_server.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    jobs: { type: "string" },
    rounds: { type: "string" },
    "out-root": { type: "string" },
    "latency-ms": { type: "string" },
    concurrency: { type: "string" },
  },
});
/** Milliseconds each model call takes; undefined: offline jobs. */
const LATENCY_MS = values["latency-ms"] === undefined ? undefined : Number(values["latency-ms"]);
if (LATENCY_MS !== undefined && (!Number.isInteger(LATENCY_MS) || LATENCY_MS < 0)) {
  console.error(
    `--latency-ms must be a whole number of milliseconds, 0 or more (got "${
      values["latency-ms"]
    }")`,
  );
  Deno.exit(2);
}
const CONCURRENCY = Number(values.concurrency ?? (LATENCY_MS === undefined ? 1 : 4));
if (!Number.isInteger(CONCURRENCY) || CONCURRENCY < 1) {
  console.error(
    `--concurrency must be a whole number of jobs per worker, 1 or more (got "${values.concurrency}")`,
  );
  Deno.exit(2);
}
const JOBS = Number(values.jobs ?? (LATENCY_MS === undefined ? 200 : 96));
if (!Number.isInteger(JOBS) || JOBS < 1) {
  console.error(`--jobs must be a whole number of jobs, 1 or more (got "${values.jobs}")`);
  Deno.exit(2);
}
const ROUNDS = Number(values.rounds ?? 3);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error(`--rounds must be a whole number, 1 or more (got "${values.rounds}")`);
  Deno.exit(2);
}
/** Where the jobs' output folders go (default: the system's temporary folder). */
const OUT_ROOT = values["out-root"];
if (!HAS_REDIS) {
  console.error("Cannot run the scale benchmark: redis-server is not installed");
  Deno.exit(1);
}
const WORKER = new URL("../scale/worker.ts", import.meta.url).pathname;

/** Distinct requests the model server keeps answers for. */
const MODEL_CACHE_ENTRIES = 1_000;

/**
 * The model of `--latency-ms`: an OpenAI-compatible server answering every
 * request after `latencyMs`, with the fixture's scripted answer, rendered
 * once per distinct request body (while the latency runs) and then served
 * from memory.
 */
function startLatencyModel(latencyMs: number) {
  const fixture = startOpenAIFixture();
  const base = fixture.url.slice(0, -"/v1".length);
  const cache = new Map<string, Promise<{ status: number; body: string }>>();
  const counts = { hits: 0, misses: 0 };
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      const body = await req.text();
      const key = `${path}\n${body}`;
      let answer = cache.get(key);
      if (answer === undefined) {
        counts.misses++;
        answer = fetch(base + path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        }).then(async (r) => ({ status: r.status, body: await r.text() }));
        if (cache.size >= MODEL_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.set(key, answer);
      } else counts.hits++;
      const [{ status, body: text }] = await Promise.all([
        answer,
        new Promise((resolve) => setTimeout(resolve, latencyMs)),
      ]);
      if (status !== 200) cache.delete(key);
      // The fixture keeps every request it saw; nothing here reads them.
      fixture.reset();
      return new Response(text, { status, headers: { "content-type": "application/json" } });
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    counts,
    async close() {
      await server.shutdown();
      await fixture.close();
    },
  };
}

const MODEL = LATENCY_MS === undefined ? undefined : startLatencyModel(LATENCY_MS);
/** The workers' environment: the openai provider against {@link MODEL}. */
const WORKER_ENV: Record<string, string> = MODEL === undefined ? {} : {
  STACKFORGE_PROVIDER: "openai",
  OPENAI_API_KEY: "sk-bench",
  OPENAI_BASE_URL: MODEL.url,
  // One user sends every job: its hourly token allowance must not be what limits them.
  RATE_LIMIT_TOKENS_PER_HOUR: String(1_000_000_000),
};
/** A job for the benchmark, on the provider the workers use. */
function benchMessage(root: string, i: number) {
  const message = testMessage(root, i);
  if (MODEL !== undefined) message.state.provider = "openai";
  return message;
}

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

/**
 * Jobs each worker runs before the clock starts. V8 keeps compiling hot code
 * on its helper threads for the first few dozen jobs (about 20 ms of CPU per
 * job at first, 3 ms after 40); without a warm-up the runs with more
 * workers, each running fewer of the measured jobs, would pay more of it.
 */
const WARM_UP_JOBS = 20;
/**
 * With `--latency-ms` a job's CPU is a small part of its wall time, and
 * warm-up jobs take seconds each: fewer of them.
 */
const LATENCY_WARM_UP_JOBS = 8;
/** Every temporary folder, removed once all runs are done (see the end). */
const roots: string[] = [];

/** CPU seconds of one process, from /proc (Linux only). */
interface CpuTimes {
  /** Its main thread: the JavaScript. */
  main: number;
  /** Its other threads: V8's compiler and GC helpers, I/O. */
  threads: number;
  /** The kernel's part of `main` + `threads` (creating files, sockets). */
  kernel: number;
  /** Its child processes, ended or running (the validator's python3). */
  children: number;
}

const TICKS_PER_SECOND = 100;
const NO_CPU: CpuTimes = { main: 0, threads: 0, kernel: 0, children: 0 };

function statFields(path: string): number[] {
  const text = Deno.readTextFileSync(path);
  // Fields after the command name; utime is field 14 of the whole line.
  return text.slice(text.lastIndexOf(")") + 2).split(" ").map(Number);
}

/** Processes started by `pid` that are still running (a resident python3). */
function liveChildren(pid: number): number[] {
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      // Field 4 of the stat line, the second after the command name.
      if (statFields(`/proc/${entry.name}/stat`)[1] === pid) found.push(Number(entry.name));
    } catch { /* ended meanwhile */ }
  }
  return found;
}

/**
 * CPU of a process, of the children it waited for (the resident FastAPI
 * interpreter forks one child per job and reaps it) and of its live
 * descendants, in ticks.
 */
function liveTreeTicks(pid: number): number {
  try {
    const [utime, stime, cutime, cstime] = statFields(`/proc/${pid}/stat`).slice(11, 15) as [
      number,
      number,
      number,
      number,
    ];
    return utime + stime + cutime + cstime +
      liveChildren(pid).reduce((sum, c) => sum + liveTreeTicks(c), 0);
  } catch {
    return 0;
  }
}

function cpuTimes(pid: number, descendants: boolean): CpuTimes | undefined {
  try {
    const [all, main] = [
      statFields(`/proc/${pid}/stat`),
      statFields(`/proc/${pid}/task/${pid}/stat`),
    ];
    const [utime, stime, cutime, cstime] = all.slice(11, 15) as [number, number, number, number];
    const mainTicks = main[11]! + main[12]!;
    const running = descendants
      ? liveChildren(pid).reduce((sum, c) => sum + liveTreeTicks(c), 0)
      : 0;
    return {
      main: mainTicks / TICKS_PER_SECOND,
      threads: (utime + stime - mainTicks) / TICKS_PER_SECOND,
      kernel: stime / TICKS_PER_SECOND,
      children: (cutime + cstime + running) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

function spent(after: CpuTimes, before: CpuTimes): CpuTimes {
  return {
    main: after.main - before.main,
    threads: after.threads - before.threads,
    kernel: after.kernel - before.kernel,
    children: after.children - before.children,
  };
}

function add(a: CpuTimes, b: CpuTimes): CpuTimes {
  return spent(a, spent(NO_CPU, b));
}

/** Busy CPU seconds of the whole machine. */
function machineBusy(): number | undefined {
  try {
    const ticks = Deno.readTextFileSync("/proc/stat").split("\n")[0]!.split(/\s+/).slice(1)
      .map(Number);
    const [idle, iowait] = [ticks[3] ?? 0, ticks[4] ?? 0];
    return (ticks.reduce((a, b) => a + b, 0) - idle - iowait) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU times of every process taking part, and of the machine. */
function cpuSnapshot(workers: readonly number[], others: readonly number[]) {
  return {
    processes: [
      ...workers.map((pid) => cpuTimes(pid, true)),
      ...others.map((pid) => cpuTimes(pid, false)),
    ],
    busy: machineBusy(),
  };
}

/**
 * Where the CPU time of the measured jobs went, per job.
 *
 * @param before Snapshot of the workers, redis-server and this process, in that order.
 * @param after The same, after the jobs.
 * @param seconds Wall time between the two.
 * @returns One line, or "" where /proc is not available.
 */
function cpuPerJob(
  before: ReturnType<typeof cpuSnapshot>,
  after: ReturnType<typeof cpuSnapshot>,
  seconds: number,
): string {
  const used = after.processes.map((a, i) => {
    const b = before.processes[i];
    return a === undefined || b === undefined ? undefined : spent(a, b);
  });
  if (used.some((u) => u === undefined) || after.busy === undefined) return "";
  const [bench, redis, ...workers] = (used as CpuTimes[]).reverse();
  const w = workers.reduce(add, NO_CPU);
  const total = (c: CpuTimes) => c.main + c.threads + c.children;
  const ours = total(w) + total(redis!) + total(bench!);
  const others = after.busy - (before.busy ?? 0) - ours;
  const ms = (s: number) => (s * 1000 / JOBS).toFixed(1);
  return `CPU per job ${ms(ours)} ms: workers ${ms(total(w))} (main threads ${
    ms(w.main)
  }, other threads ${ms(w.threads)}, python3 ${ms(w.children)}; kernel ${
    ms(w.kernel)
  } of the threads' share), redis ${ms(total(redis!))}, bench${
    MODEL === undefined ? "" : " (incl. the model server)"
  } ${ms(total(bench!))}; busy cores: ${(ours / seconds).toFixed(2)} these, ${
    Math.max(0, others / seconds).toFixed(2)
  } other processes`;
}

async function run(workers: number) {
  const redis = await startRedis();
  const root = Deno.makeTempDirSync(OUT_ROOT ? { dir: OUT_ROOT } : {});
  roots.push(root);
  const queue = createBullQueue({ url: redis.url, onError: () => {} });
  const children = Array.from({ length: workers }, (_, i) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        WORKER,
        "--redis-url",
        redis.url,
        "--id",
        `b${i}`,
        "--concurrency",
        String(CONCURRENCY),
      ],
      env: WORKER_ENV,
      stdout: "piped",
      stderr: "null",
    }).spawn());
  try {
    await Promise.all(children.map(waitReady));
    // Warm-up, until every worker ran its share: module loading and V8's
    // compilation are paid once per process, not per job, by a long-lived worker.
    const warmed = new Map<string, number>();
    const warmUp = MODEL === undefined ? WARM_UP_JOBS : LATENCY_WARM_UP_JOBS;
    for (let round = 0; round < 4 * warmUp; round++) {
      if (warmed.size === workers && Math.min(...warmed.values()) >= warmUp) break;
      const warm = Array.from({ length: workers * CONCURRENCY }, (_, i) => benchMessage(root, i));
      for (const m of warm) await queue.enqueue(m);
      for (const o of await Promise.all(warm.map((m) => queue.waitFor(m.state.jobId, 120_000)))) {
        if (o.status !== "succeeded" && o.status !== "partial") {
          throw new Error(`A warm-up job ${o.status}: ${o.reason}`);
        }
        warmed.set(o.worker, (warmed.get(o.worker) ?? 0) + 1);
      }
    }
    const messages = Array.from({ length: JOBS }, (_, i) => benchMessage(root, i));
    const pids = [children.map((c) => c.pid), [redis.pid, Deno.pid]] as const;
    const before = cpuSnapshot(...pids);
    const t0 = performance.now();
    const finished: number[] = [];
    for (const m of messages) await queue.enqueue(m);
    const outcomes = await Promise.all(
      messages.map((m) =>
        queue.waitFor(m.state.jobId, 600_000).then((o) => {
          finished.push(performance.now());
          return o;
        })
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const after = cpuSnapshot(...pids);
    const bad = outcomes.filter((o) => o.status !== "succeeded" && o.status !== "partial");
    if (bad.length > 0) {
      throw new Error(`${bad.length} of ${JOBS} jobs did not succeed: ${bad[0]!.reason}`);
    }
    const waits = outcomes.map((o) => o.waitedMs ?? NaN).sort((a, b) => a - b);
    // While every slot was busy: from the first wave's end to the last wave's start.
    const slots = workers * CONCURRENCY;
    const [from, to] = [finished[slots - 1], finished[JOBS - slots - 1]];
    const steady = from !== undefined && to !== undefined && to > from
      ? (JOBS - 2 * slots) / ((to - from) / 1000)
      : undefined;
    return {
      workers,
      jobsPerSecond: JOBS / seconds,
      steady,
      seconds,
      waits,
      cpu: cpuPerJob(before, after, seconds),
    };
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => c.status));
    await queue.close();
    await redis.stop();
  }
}

/** Queue overhead alone: an idle worker, one job at a time. */
async function overhead(samples: number) {
  const redis = await startRedis();
  const root = Deno.makeTempDirSync(OUT_ROOT ? { dir: OUT_ROOT } : {});
  const queue = createBullQueue({ url: redis.url, onError: () => {} });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", WORKER, "--redis-url", redis.url, "--id", "o"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  roots.push(root);
  try {
    await waitReady(child);
    const waits: number[] = [];
    // The first few are warm-up: the very first job waits ~50 ms for cold code.
    for (let i = 0; i < 5 + samples; i++) {
      const m = testMessage(root, i);
      await queue.enqueue(m);
      const waited = (await queue.waitFor(m.state.jobId, 60_000)).waitedMs ?? NaN;
      if (i >= 5) waits.push(waited);
    }
    return waits.sort((a, b) => a - b);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await queue.close();
    await redis.stop();
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
  `stackforge scale benchmark: ${JOBS} ${
    MODEL === undefined
      ? "offline jobs"
      : `jobs on the openai provider, ${LATENCY_MS} ms per model call`
  }, ${CONCURRENCY} per worker at once, ${navigator.hardwareConcurrency} CPUs`,
);
const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
console.log(`load average before: ${load()}`);
// Rounds of 1, 2 and 4 workers, interleaved: this machine's speed drifts by
// 10-20% over a minute (a shared host), so each count is measured in every
// round and compared by its median, and one slow stretch cannot favour one
// count over another.
const results: Awaited<ReturnType<typeof run>>[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const n of [1, 2, 4]) {
    const r = await run(n);
    console.log(
      `round ${round}, ${n} worker(s): ${r.jobsPerSecond.toFixed(2)} jobs/s (${
        r.seconds.toFixed(1)
      } s)${
        r.steady === undefined ? "" : `, steady ${r.steady.toFixed(2)} jobs/s`
      }; load ${load()}`,
    );
    if (r.cpu) console.log(`  ${r.cpu}`);
    results.push(r);
  }
}
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const summary = (label: string, rates: (n: number) => number[]) => {
  const base = median(rates(1));
  const range = (n: number) =>
    `${Math.min(...rates(n)).toFixed(2)}–${Math.max(...rates(n)).toFixed(2)}`;
  console.log(
    `${label}, median of ${ROUNDS} rounds: 1 worker ${base.toFixed(2)} jobs/s (${range(1)}), ${
      [2, 4].map((n) =>
        `${n} workers ${median(rates(n)).toFixed(2)} (${range(n)}; ${
          (median(rates(n)) / base).toFixed(2)
        }x)`
      ).join(", ")
    }; 2 workers in each round: ${
      rates(2).map((r, i) => `${(r / rates(1)[i]!).toFixed(2)}x`).join(", ")
    }; 4 workers: ${rates(4).map((r, i) => `${(r / rates(1)[i]!).toFixed(2)}x`).join(", ")}`,
  );
};
summary(
  "whole runs",
  (n) => results.filter((r) => r.workers === n).map((r) => r.jobsPerSecond),
);
if (results.every((r) => r.steady !== undefined)) {
  summary("steady", (n) => results.filter((r) => r.workers === n).map((r) => r.steady!));
}
if (MODEL !== undefined) {
  console.log(
    `model server: ${MODEL.counts.misses} distinct requests rendered, ${MODEL.counts.hits} served from memory`,
  );
  await MODEL.close();
} else {
  const waits = await overhead(50);
  console.log(
    `queue overhead (enqueue -> start, idle worker): p50 ${
      percentile(waits, 50).toFixed(1)
    } ms, p99 ${percentile(waits, 99).toFixed(1)} ms`,
  );
  console.log(`rate limiter: ${(await limiterRate(false)).toFixed(0)} decisions/s in memory`);
  console.log(`rate limiter: ${(await limiterRate(true)).toFixed(0)} decisions/s on Redis`);
}
console.log(`load average after: ${load()}`);
// Removed only now: deleting thousands of files slows the next file
// creations on some filesystems (ext4 without a journal skips recently freed
// inodes), which would charge one run's clean-up to the next run.
for (const root of roots) Deno.removeSync(root, { recursive: true });
