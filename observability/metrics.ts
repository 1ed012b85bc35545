/**
 * Prometheus metrics fed by pipeline events. `createMetrics()` returns a
 * fresh prom-client registry and a listener for `generateApp({ onEvent })`;
 * nothing is registered on prom-client's global registry.
 *
 * @module
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { collectDefaultMetrics } from "prom-client";
import { AGENTS } from "../core/budget.ts";
import { USER_ID } from "../core/job_state.ts";
import type { EventListener, PipelineEvent } from "../core/events.ts";

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Register prom-client's default process metrics (default true). */
  defaultMetrics?: boolean;
  /**
   * Distinct user ids that get their own `rate_limit_rejections_total` series
   * (default 100); later ids are counted under {@link OTHER_USERS}.
   */
  maxUserIds?: number;
  /** Read on every scrape to set `queue_depth` (alternative to `setQueueDepth`). */
  queueDepth?: () => number | Promise<number>;
}

/** The metrics of one process. */
export interface Metrics {
  /** The registry to serve at `/metrics`. */
  registry: Registry;
  /** Pass to `generateApp({ onEvent })` or `bus.on()`. */
  listener: EventListener;
  /** Sets `queue_depth` (jobs waiting in the queue). */
  setQueueDepth(depth: number): void;
  /** Counts one rejected request in `rate_limit_rejections_total{user_id}`. */
  recordRateLimitRejection(userId: string): void;
}

/**
 * The `user_id` label of rejections past the first `maxUserIds` distinct ids,
 * and of ids that are not valid user ids. `~` cannot occur in a user id, so
 * this never collides with a real one.
 */
export const OTHER_USERS = "~other";

/** Buckets: tokens per model call; 0 is the offline provider. */
const TOKEN_BUCKETS = [0, 100, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000];
const USD_BUCKETS = [0, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const JOB_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
const CALL_SECONDS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** prom-client default metrics that `promtool check metrics` rejects (gauges named `_total`). */
const LINT_FAILING_DEFAULTS = [
  "nodejs_active_handles_total",
  "nodejs_active_requests_total",
  "nodejs_active_resources_total",
];

/** Jobs whose attempts are tracked at once; the oldest are dropped past it. */
const MAX_OPEN_JOBS = 10_000;

interface Attempt {
  finished: boolean;
  failed: boolean;
}

/**
 * Creates the metrics. An agent attempt counts as a call when it starts (a
 * model call made outside an agent attempt, such as LLM routing, when it
 * returns), and
 * as an error once when it fails: its output was rejected, it was retried
 * after another error, or the job failed while it was still running (a budget
 * cap, a provider error that cannot be retried).
 *
 * @param options Default metrics, user id cardinality, queue depth source.
 * @returns The registry, the event listener and the two non-event recorders.
 * @example
 * ```ts
 * import { createMetrics } from "./metrics.ts";
 * const metrics = createMetrics({ defaultMetrics: false });
 * metrics.listener({ type: "agent_started", jobId: "j", agent: "planner", attempt: 1 });
 * const text = await metrics.registry.metrics();
 * if (!text.includes('agent_calls_total{agent="planner"} 1')) throw new Error(text);
 * ```
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const settings = { defaultMetrics: true, maxUserIds: 100, ...options } satisfies MetricsOptions;
  if (!Number.isInteger(settings.maxUserIds) || settings.maxUserIds < 0) {
    throw new RangeError(
      `Invalid maxUserIds ${JSON.stringify(settings.maxUserIds)}: use a whole number >= 0`,
    );
  }
  const registry = new Registry();
  const registers = [registry];
  const calls = new Counter({
    name: "agent_calls_total",
    help: "Agent attempts started.",
    labelNames: ["agent"] as const,
    registers,
  });
  const errors = new Counter({
    name: "agent_errors_total",
    help: "Agent attempts that failed (rejected output, error, budget cap).",
    labelNames: ["agent"] as const,
    registers,
  });
  const tokens = new Histogram({
    name: "agent_token_usage",
    help: "Tokens (input + output) per model call; _sum is the total.",
    labelNames: ["agent"] as const,
    buckets: TOKEN_BUCKETS,
    registers,
  });
  const retries = new Counter({
    name: "agent_retries_total",
    help: "Agent attempts retried after a failure.",
    labelNames: ["agent"] as const,
    registers,
  });
  const rejections = new Counter({
    name: "rate_limit_rejections_total",
    help:
      `Requests refused by the rate limiter; user ids past the first ${settings.maxUserIds} are "${OTHER_USERS}".`,
    labelNames: ["user_id"] as const,
    registers,
  });
  const cost = new Histogram({
    name: "cost_per_project_usd",
    help: "USD spent per finished job.",
    buckets: USD_BUCKETS,
    registers,
  });
  const duration = new Histogram({
    name: "job_duration_seconds",
    help: "Wall time of a job, from start to its end.",
    buckets: JOB_SECONDS,
    registers,
  });
  const latency = new Histogram({
    name: "agent_latency_seconds",
    help: "Latency of one model call.",
    labelNames: ["agent"] as const,
    buckets: CALL_SECONDS,
    registers,
  });
  const { queueDepth } = settings;
  const depth = new Gauge({
    name: "queue_depth",
    help: "Jobs waiting in the queue.",
    registers,
    ...(queueDepth
      ? {
        async collect() {
          this.set(await queueDepth());
        },
      }
      : {}),
  });
  const jobs = new Counter({
    name: "jobs_total",
    help: "Finished jobs by status.",
    labelNames: ["status"] as const,
    registers,
  });
  const guardrails = new Counter({
    name: "guardrail_events_total",
    help: "Guardrail interventions by layer and action.",
    labelNames: ["layer", "action"] as const,
    registers,
  });
  // Every agent's series exists from the start, so rates and alerts see 0, not "no data".
  for (const agent of AGENTS) {
    for (const counter of [calls, errors, retries]) counter.inc({ agent }, 0);
  }
  for (const status of ["succeeded", "partial", "failed", "cancelled"]) jobs.inc({ status }, 0);
  if (settings.defaultMetrics) {
    collectDefaultMetrics({ register: registry });
    for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(name);
    // prom-client reads the resident set from /proc/self/status, which Deno
    // only allows with --allow-all, and then reports 0; Deno knows it directly.
    registry.removeSingleMetric("process_resident_memory_bytes");
    new Gauge({
      name: "process_resident_memory_bytes",
      help: "Resident memory size in bytes.",
      registers: [registry],
      collect() {
        this.set(Deno.memoryUsage().rss);
      },
    });
  }

  const open = new Map<string, Map<string, Attempt>>();
  const attemptOf = (jobId: string, agent: string, attempt: number): Attempt => {
    let job = open.get(jobId);
    if (job === undefined) {
      if (open.size >= MAX_OPEN_JOBS) open.delete(open.keys().next().value!);
      open.set(jobId, job = new Map());
    }
    const key = `${agent}#${attempt}`;
    let entry = job.get(key);
    if (entry === undefined) job.set(key, entry = { finished: false, failed: false });
    return entry;
  };

  const listener = (event: PipelineEvent): void => {
    switch (event.type) {
      case "agent_started":
        calls.inc({ agent: event.agent });
        attemptOf(event.jobId, event.agent, event.attempt);
        break;
      case "agent_finished": {
        // A call without its own agent_started (the orchestrator's routing calls) is
        // counted here, so calls and errors stay comparable.
        const known = open.get(event.jobId)?.get(`${event.agent}#${event.attempt}`);
        if (known === undefined || known.finished) calls.inc({ agent: event.agent });
        const entry = attemptOf(event.jobId, event.agent, event.attempt);
        entry.finished = true;
        // A failed provider call reports no usage: a 0 would skew the sizes.
        if (event.failure !== "provider") {
          tokens.observe(
            { agent: event.agent },
            event.usage.inputTokens + event.usage.outputTokens,
          );
        }
        latency.observe({ agent: event.agent }, event.latencyMs / 1000);
        if (!event.ok && !entry.failed) {
          entry.failed = true;
          errors.inc({ agent: event.agent });
        }
        break;
      }
      case "agent_retry": {
        retries.inc({ agent: event.agent });
        const entry = attemptOf(event.jobId, event.agent, event.attempt);
        if (!entry.failed) {
          entry.failed = true;
          errors.inc({ agent: event.agent });
        }
        break;
      }
      case "guardrail":
        guardrails.inc({ layer: event.layer, action: event.action });
        break;
      case "job_finished": {
        duration.observe(event.durationMs / 1000);
        cost.observe(event.usd);
        jobs.inc({ status: event.status });
        if (event.status === "failed") {
          for (const [key, entry] of open.get(event.jobId) ?? []) {
            if (!entry.finished && !entry.failed) errors.inc({ agent: key.split("#")[0]! });
          }
        }
        open.delete(event.jobId);
        break;
      }
    }
  };

  const seenUsers = new Set<string>();
  return {
    registry,
    listener,
    setQueueDepth(n) {
      if (!Number.isFinite(n) || n < 0) {
        throw new RangeError(`Invalid queue depth ${n}: use a number >= 0`);
      }
      depth.set(n);
    },
    recordRateLimitRejection(userId) {
      let label = OTHER_USERS;
      if (USER_ID.test(userId)) {
        if (seenUsers.has(userId)) label = userId;
        else if (seenUsers.size < settings.maxUserIds) {
          seenUsers.add(userId);
          label = userId;
        }
      }
      rejections.inc({ user_id: label });
    },
  };
}
