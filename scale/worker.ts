/**
 * A stateless worker: takes jobs from the queue, runs each from the state in
 * its message, and stops gracefully on SIGTERM/SIGINT (no new jobs; current
 * ones finish within the grace period or are handed back; exit 0).
 *
 * ```sh
 * REDIS_URL=redis://127.0.0.1:6379 deno run -A scale/worker.ts --concurrency 1 --metrics-port 9464
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { EventListener } from "../core/events.ts";
import { createPipeline, type Pipeline } from "../pipeline/generate.ts";
import type { JobState } from "../core/job_state.ts";
import { type Config, loadConfig } from "../pipeline/config.ts";
import { createMetrics, startMetricsServer } from "../observability/mod.ts";
import type { JobStore } from "../jobs/store.ts";
import { createBullQueue } from "./bull_queue.ts";
import type { CompletionLog } from "../jobs/completion.ts";
import { createRedisCompletionLog } from "./completion.ts";
import { HandBackError, type Queue } from "../jobs/queue.ts";
import { connectRedis, redactRedisUrl, waitForRedis } from "./redis.ts";
import { createRedisJobStore } from "./redis_job_store.ts";
import { createUserRateLimiter, type UserRateLimiter } from "./flexible_rate_limit.ts";
import { createJobRunner } from "../jobs/run.ts";

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  queue: Queue;
  pipeline: Pipeline;
  completions: CompletionLog;
  store?: JobStore;
  /** Names this worker (default `<hostname>:<pid>`). */
  workerId?: string;
  /** Jobs at once (default 1). */
  concurrency?: number;
  observers?: readonly EventListener[];
  /** Runs between the agents and the output (tests slow jobs down with it). */
  beforeWrite?: (state: JobState, signal: AbortSignal) => Promise<void>;
  /** Meters each job's tokens against its user's hourly allowance. */
  limiter?: UserRateLimiter;
  /** Told when a job starts and ends (default: nothing). */
  log?: (line: string) => void;
}

/** A running worker. */
export interface RunningWorker {
  workerId: string;
  /**
   * Stops taking jobs; current ones get `graceMs` to finish, then are handed back.
   *
   * @returns How many jobs were handed back.
   */
  stop(graceMs: number): Promise<{ handedBack: number }>;
}

/**
 * Starts consuming jobs.
 *
 * @param options Queue, pipeline, completion log, job store.
 * @returns The worker.
 */
export function startWorker(options: WorkerOptions): RunningWorker {
  const workerId = options.workerId ?? `${Deno.hostname()}:${Deno.pid}`;
  const log = options.log ?? (() => {});
  const run = createJobRunner({
    pipeline: options.pipeline,
    completions: options.completions,
    workerId,
    ...(options.store ? { store: options.store } : {}),
    ...(options.limiter ? { limiter: options.limiter } : {}),
    ...(options.observers ? { observers: options.observers } : {}),
    ...(options.beforeWrite ? { beforeWrite: options.beforeWrite } : {}),
  });
  const consumer = options.queue.consume(async (message, context) => {
    log(`started ${message.state.jobId}`);
    const outcome = await run(message, context);
    log(`finished ${message.state.jobId} ${outcome.status}`);
    return outcome;
  }, { concurrency: options.concurrency ?? 1 });
  return { workerId, stop: (graceMs) => consumer.stop(graceMs) };
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Invalid ${name} ${JSON.stringify(text)}: expected a whole number`);
  }
  return n;
}

/** A test hook: waits `ms` before the output is written, handing the job back if stopped. */
function slowDown(ms: number) {
  return (state: JobState, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(new HandBackError(state));
      }, { once: true });
    });
}

const USAGE = `Usage: deno run -A scale/worker.ts [options]
  --redis-url URL         Redis (default REDIS_URL; required)
  --queue NAME            queue name (default stackforge-jobs)
  --concurrency N         jobs at once (default 1)
  --grace-ms MS           on SIGTERM/SIGINT, time current jobs get to finish (default STACKFORGE_WORKER_GRACE_MS or 30000)
  --lock-ms MS            job lock; a crashed worker's job is re-run after about this long (default 30000)
  --connect-timeout-ms MS how long to retry reaching Redis at start (default 30000)
  --metrics-port PORT     serve Prometheus /metrics on 127.0.0.1:PORT
  --id NAME               worker id in logs and outcomes`;

/**
 * The worker's command line: connects to Redis, takes jobs until SIGTERM or
 * SIGINT, then stops gracefully. `deno task worker` and `generate --worker`
 * both run it.
 *
 * @param args Command-line arguments (see `--help`).
 * @returns The exit code: 0 after a graceful stop or `--help`, 1 when Redis
 *   cannot be reached or the environment is invalid, 2 for a usage error.
 * @example
 * ```ts
 * import { workerMain } from "./worker.ts";
 * if (await workerMain(["--help"]) !== 0) throw new Error();
 * ```
 */
export async function workerMain(args: string[]): Promise<number> {
  let values;
  try {
    values = parseWorkerArgs(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    return await runWorker(values);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

function parseWorkerArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      "redis-url": { type: "string" },
      queue: { type: "string" },
      concurrency: { type: "string" },
      "grace-ms": { type: "string" },
      "lock-ms": { type: "string" },
      "connect-timeout-ms": { type: "string" },
      "metrics-port": { type: "string" },
      id: { type: "string" },
      "slow-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  return values;
}

async function runWorker(values: ReturnType<typeof parseWorkerArgs>): Promise<number> {
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const env = Deno.env.toObject();
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const url = values["redis-url"] ?? config.redisUrl;
  if (!url) {
    console.error(
      "Cannot start a worker: set REDIS_URL or pass --redis-url (without Redis, jobs run in the server process)",
    );
    return 2;
  }
  const graceMs = positiveInt(
    "--grace-ms",
    values["grace-ms"],
    config.workerGraceMs,
  );
  const slowMs = positiveInt("--slow-ms", values["slow-ms"], 0);
  const workerId = values.id ?? `${Deno.hostname()}:${Deno.pid}`;
  const log = (line: string) => console.log(`[worker ${workerId}] ${line}`);
  try {
    await waitForRedis(
      url,
      positiveInt("--connect-timeout-ms", values["connect-timeout-ms"], 30_000),
    );
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const pipeline = await createPipeline({ env, residentPython: true });
  const redis = connectRedis(url, { name: `stackforge:worker:${workerId}` });
  redis.on("error", () => {});
  const queue = createBullQueue({
    url,
    ...(values.queue ? { name: values.queue } : {}),
    lockDurationMs: positiveInt("--lock-ms", values["lock-ms"], 30_000),
    onError: (m) => console.error(`[worker ${workerId}] ${m}`),
  });
  const metrics = createMetrics({ queueDepth: () => queue.depth() });
  const server = values["metrics-port"] !== undefined
    ? startMetricsServer({
      registry: metrics.registry,
      port: positiveInt("--metrics-port", values["metrics-port"], 0),
    })
    : undefined;
  const worker = startWorker({
    queue,
    pipeline,
    completions: createRedisCompletionLog(redis),
    store: createRedisJobStore(redis),
    limiter: createUserRateLimiter({ ...pipeline.config.rateLimit, redis }),
    workerId,
    concurrency: positiveInt("--concurrency", values.concurrency, 1) || 1,
    observers: [metrics.listener],
    log,
    ...(slowMs > 0 ? { beforeWrite: slowDown(slowMs) } : {}),
  });
  // Listen before saying "ready": a signal sent right after must not kill
  // the process with the default action.
  let onSignal!: (signal: Deno.Signal) => void;
  const stopped = new Promise<Deno.Signal>((resolve) => onSignal = resolve);
  const listeners = (["SIGTERM", "SIGINT"] as const).map((s) => {
    const listener = () => onSignal(s);
    Deno.addSignalListener(s, listener);
    return [s, listener] as const;
  });
  log(
    `ready on ${redactRedisUrl(url)}${server ? `, metrics at ${server.url}` : ""}`,
  );
  const signal = await stopped;
  log(`${signal}: stopping, ${graceMs} ms grace`);
  const { handedBack } = await worker.stop(graceMs);
  log(`stopped; ${handedBack} job(s) handed back`);
  await pipeline.close();
  await queue.close();
  redis.disconnect();
  await server?.shutdown();
  // Only now: a second signal while closing must not kill the process either.
  for (const [s, listener] of listeners) Deno.removeSignalListener(s, listener);
  return 0;
}

if (import.meta.main) Deno.exit(await workerMain(Deno.args));
