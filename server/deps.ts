/**
 * What the MCP server needs, passed in rather than imported, so tests and
 * other deployments can swap the pipeline, the job store or the limiter.
 * Everything that outlives one request lives here (live tasks, the job
 * slots, the job index): the server instances built per request share it.
 *
 * @module
 */
import type { EventListener } from "../core/events.ts";
import { resolve } from "node:path";
import { createRequestStateCodec, type RequestStateCodec } from "@modelcontextprotocol/server";
import { createPipeline, type Pipeline } from "../pipeline/generate.ts";
import { loadConfig, type ProviderName } from "../pipeline/config.ts";
import type { Toolchain } from "../pipeline/agents/validator/toolchain.ts";
import { createFileJobStore, type JobStore } from "../jobs/store.ts";
import { createKeyedLock, type KeyedLock } from "../jobs/keyed_lock.ts";
import { createMemoryRateLimiter, type RateLimiter } from "../jobs/rate_limit.ts";
import type { Queue } from "../jobs/queue.ts";
import { loadServerConfig, type ServerConfig } from "./config.ts";
import { createJobIndex, type JobIndex } from "./job_index.ts";
import { createJobSlots, type JobSlots } from "./job_slots.ts";
import { createRedactor, type Redactor } from "./redact.ts";
import { createRetention, type Retention } from "./retention.ts";
import { createTaskRegistry, type TaskRegistry } from "./tasks/registry.ts";

/** The state a review round trip carries through the client (sealed, bound to the caller). */
export interface ReviewState {
  kind: "review";
  jobId: string;
}

/** The server's dependencies, shared by every session and transport. */
export interface ServerDeps {
  /** The pipeline built once at start-up; its config holds limits and rate limits. */
  pipeline: Pipeline;
  /** Builds (once) the pipeline of another provider, when a call asks for one. */
  pipelineFor?: (provider: ProviderName) => Promise<Pipeline>;
  store: JobStore;
  /** The jobs folder: each job's output goes to `<jobsDir>/<job_id>/output`. */
  jobsDir: string;
  /** Limits `generate_app` calls per user. */
  rateLimiter: RateLimiter;
  /** Serialises review decisions per job. */
  lock: KeyedLock;
  /** The server's own settings (output root, retention, quota, concurrency, approvals). */
  settings: ServerConfig;
  /** The tasks this process runs. */
  tasks: TaskRegistry;
  /** The cap on jobs running at once. */
  slots: JobSlots;
  /** Owners, sizes and files of every job, for listings, quota and retention. */
  index: JobIndex;
  /** Deletes jobs: on request and after `STACKFORGE_JOB_TTL`. */
  retention: Retention;
  /** Hides the server's absolute paths in messages. */
  redact: Redactor;
  /** Seals the state of a review round trip (multi-round-trip requests). */
  reviewState: RequestStateCodec<ReviewState>;
  /** The clock (default `() => new Date()`). */
  now?: () => Date;
  /** Listeners that see every job's events (metrics, traces, logs). */
  observers?: readonly EventListener[];
  /** Told about each refused call, e.g. to count it in metrics. */
  onRateLimited?: (userId: string) => void;
  /** When set, `generate_app` enqueues jobs for workers and waits, instead of running them here. */
  queue?: Queue;
}

/** Options of {@link createServerDeps}. */
export interface ServerDepsOptions {
  /** The environment (default: none, i.e. all defaults). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The jobs folder (default `STACKFORGE_JOBS_DIR`, else `.stackforge/jobs`). */
  jobsDir?: string;
  /** A pipeline to share instead of building one. */
  pipeline?: Pipeline;
  /** A toolchain to use instead of probing the machine. */
  toolchain?: Toolchain;
  /** Keep one Python interpreter running for the syntax checks (see `PipelineOptions`). */
  residentPython?: boolean;
  /** Server settings instead of reading them from `env`. */
  settings?: Partial<ServerConfig>;
  store?: JobStore;
  rateLimiter?: RateLimiter;
  observers?: readonly EventListener[];
  onRateLimited?: (userId: string) => void;
  queue?: Queue;
  now?: () => Date;
}

/**
 * Builds the default dependencies: the pipeline (configuration validated
 * here), local-file job store, in-memory rate limiter. With `REDIS_URL` set,
 * the job store, the rate limiter and a BullMQ queue live in Redis instead
 * (scale/redis_deps.ts), so replicas and workers share them.
 *
 * @param options Environment, folders and replacements.
 * @returns The dependencies.
 * @throws {RangeError} For an invalid environment value, naming the variable.
 * @example
 * ```ts
 * import { createServerDeps } from "./deps.ts";
 * const deps = await createServerDeps({ jobsDir: Deno.makeTempDirSync(), toolchain: {} });
 * if (deps.pipeline.provider.name !== "offline") throw new Error();
 * ```
 */
export async function createServerDeps(options: ServerDepsOptions = {}): Promise<ServerDeps> {
  const env = options.env ?? {};
  const settings = { ...loadServerConfig(env), ...options.settings };
  const pipeline = options.pipeline ?? await createPipeline({
    env,
    ...(options.toolchain ? { toolchain: options.toolchain } : {}),
    ...(options.residentPython ? { residentPython: true } : {}),
  });
  // The deployment's settings come from the environment even with a pipeline given.
  const config = options.pipeline ? loadConfig(env) : pipeline.config;
  const jobsDir = resolve(options.jobsDir ?? config.jobsDir);
  const url = config.redisUrl;
  const shared = url
    ? (await import("../scale/redis_deps.ts")).createRedisDeps(url, config)
    : undefined;
  const others = new Map<string, Promise<Pipeline>>([[
    pipeline.provider.name,
    Promise.resolve(pipeline),
  ]]);
  const store = options.store ?? shared?.store ?? createFileJobStore(jobsDir);
  const index = createJobIndex({ store, jobsDir });
  const now = options.now ?? (() => new Date());
  return {
    pipeline,
    pipelineFor: (provider) => {
      let built = others.get(provider);
      if (built === undefined) {
        // The same probed toolchain, so every provider's jobs share one resident python3.
        built = pipeline.toolchain().then((found) =>
          createPipeline({ env, provider, toolchain: found })
        ).catch((error) => {
          others.delete(provider);
          throw error;
        });
        others.set(provider, built);
      }
      return built;
    },
    store,
    jobsDir,
    rateLimiter: options.rateLimiter ?? shared?.rateLimiter ??
      createMemoryRateLimiter({ points: config.rateLimit.requestsPerMinute }),
    lock: createKeyedLock(),
    settings,
    tasks: createTaskRegistry(now),
    slots: createJobSlots(settings.maxConcurrentJobs, settings.maxWaitingJobs),
    index,
    retention: createRetention({
      store,
      index,
      jobsDir,
      ...(settings.jobTtlMs !== undefined ? { ttlMs: settings.jobTtlMs } : {}),
      now: () => now().getTime(),
    }),
    redact: createRedactor({
      [jobsDir]: "$STACKFORGE_JOBS_DIR",
      ...(settings.outputRoot ? { [settings.outputRoot]: "$STACKFORGE_MCP_OUTPUT_ROOT" } : {}),
    }),
    reviewState: createRequestStateCodec<ReviewState>({
      // Random per process unless the operator shares one key between replicas.
      key: settings.stateKey ?? crypto.randomUUID() + crypto.randomUUID(),
      ttlSeconds: 3600,
      bind: (ctx) => {
        const auth = ctx.http?.authInfo;
        return `${ctx.mcpReq.method}\0${auth ? `${auth.extra?.role}:${auth.clientId}` : "local"}`;
      },
    }),
    ...(options.now ? { now: options.now } : {}),
    ...(options.observers ? { observers: options.observers } : {}),
    ...(options.onRateLimited ? { onRateLimited: options.onRateLimited } : {}),
    ...(options.queue ?? shared?.queue ? { queue: options.queue ?? shared!.queue } : {}),
  };
}
