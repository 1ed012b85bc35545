/**
 * Observability as listeners on the pipeline's events — the pipeline knows
 * none of it:
 *
 * - {@link createMetrics}: Prometheus metrics on a fresh prom-client registry,
 *   served by {@link metricsHandler} (mount at `/metrics`) or
 *   {@link startMetricsServer} (workers, `--metrics-port`).
 * - {@link createTracing}: OpenTelemetry spans per job and agent attempt,
 *   exported to Langfuse and/or an OTLP/HTTP collector from the environment;
 *   off when neither is configured.
 * - {@link createLogger}: JSON-lines logs on stderr with a level threshold.
 *
 * @example
 * ```ts
 * import { createLogger, createMetrics, createTracing } from "./mod.ts";
 * import { generateApp } from "../pipeline/generate.ts";
 * const metrics = createMetrics({ defaultMetrics: false });
 * const tracing = await createTracing({});
 * const logger = createLogger({ level: "error", write: () => {} });
 * const outDir = Deno.makeTempDirSync() + "/app";
 * await generateApp("a blog", {
 *   outDir,
 *   onEvent: (e) => {
 *     metrics.listener(e);
 *     tracing.listener(e);
 *     logger.listener(e);
 *   },
 * });
 * await tracing.shutdown();
 * if (!(await metrics.registry.metrics()).includes("job_duration_seconds_count 1")) {
 *   throw new Error();
 * }
 * Deno.removeSync(outDir, { recursive: true });
 * ```
 *
 * @module
 */
export { createMetrics, type Metrics, type MetricsOptions, OTHER_USERS } from "./metrics.ts";
export {
  metricsHandler,
  type MetricsServer,
  type MetricsServerOptions,
  startMetricsServer,
} from "./metrics_server.ts";
export { createTracing, type Tracing, type TracingOptions } from "./tracing.ts";
export {
  DEFAULT_EXPORT_TIMEOUT_MS,
  type OtlpTarget,
  type TracingConfig,
  tracingConfig,
} from "./tracing_config.ts";
export {
  createLogger,
  LOG_LEVELS,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  parseLogLevel,
} from "./logs.ts";
