/**
 * OpenTelemetry traces from pipeline events: one span per job and a child
 * span per agent attempt, exported to Langfuse (`@langfuse/otel`) and/or any
 * OTLP/HTTP collector as {@link tracingConfig} reads from the environment.
 * With neither configured the listener does nothing and no exporter is loaded.
 *
 * Export never sits on a job's path: spans are batched and sent in the
 * background, each export is bounded by a timeout, failures are swallowed
 * and reported once per destination.
 *
 * @module
 */
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { EventListener } from "../core/events.ts";
import { createSpanBook } from "./_span_book.ts";
import { type OtlpTarget, tracingConfig } from "./tracing_config.ts";

/** Options of {@link createTracing}. */
export interface TracingOptions {
  /** Extra processors (e.g. an in-memory exporter); tracing is on when any is given. */
  spanProcessors?: SpanProcessor[];
  /** Receives the first export failure of each destination (default: one line on stderr). */
  onExportError?: (message: string) => void;
  /** How long ended spans wait to be batched (default 1,000 ms). */
  scheduledDelayMs?: number;
}

/** Tracing for one process. */
export interface Tracing {
  /** Whether any destination is configured. */
  enabled: boolean;
  /** e.g. `["langfuse https://cloud.langfuse.com", "otlp http://collector:4318/v1/traces"]`. */
  destinations: string[];
  /** Pass to `generateApp({ onEvent })` or `bus.on()`. */
  listener: EventListener;
  /** Sends the spans ended so far; bounded by the export timeout. */
  forceFlush(): Promise<void>;
  /** Ends open spans, flushes, stops; bounded by the export timeout, never rejects. */
  shutdown(): Promise<void>;
}

const SUCCESS = 0; // ExportResultCode.SUCCESS of @opentelemetry/core

/** Reports the first failed export of a destination, then stays quiet. */
function reporting(inner: SpanExporter, name: string, report: (m: string) => void): SpanExporter {
  let reported = false;
  return {
    export(spans, done) {
      inner.export(spans, (result) => {
        if (result.code !== SUCCESS && !reported) {
          reported = true;
          report(
            `Tracing: cannot export spans to ${name}: ${
              result.error?.message ?? "unknown error"
            } (spans are dropped; further export errors are not reported)`,
          );
        }
        done(result);
      });
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

async function otlpExporter(target: OtlpTarget): Promise<SpanExporter> {
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
  return new OTLPTraceExporter({
    url: target.url,
    headers: target.headers,
    timeoutMillis: target.timeoutMs,
  });
}

const stderrOnce = (message: string) => console.error(message);

/**
 * Creates tracing from the environment.
 *
 * @param env `LANGFUSE_PUBLIC_KEY`, `LANGFUSE_SECRET_KEY`, `LANGFUSE_BASE_URL`,
 *   `OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT|HEADERS|TIMEOUT`, `OTEL_SERVICE_NAME`.
 * @param options Extra processors, error sink, batch delay.
 * @returns The listener and its shutdown.
 * @throws {RangeError} For an invalid tracing variable (see {@link tracingConfig}).
 * @example
 * ```ts
 * import { createTracing } from "./tracing.ts";
 * const tracing = await createTracing({});
 * if (tracing.enabled) throw new Error("no keys: tracing is off");
 * await tracing.shutdown();
 * ```
 */
export async function createTracing(
  env: Readonly<Record<string, string | undefined>>,
  options: TracingOptions = {},
): Promise<Tracing> {
  const config = tracingConfig(env);
  const settings = {
    spanProcessors: [],
    onExportError: stderrOnce,
    scheduledDelayMs: 1_000,
    ...options,
  } satisfies TracingOptions;
  const processors: SpanProcessor[] = [...settings.spanProcessors];
  const destinations: string[] = [];
  let timeoutMs = 0;
  if (config.langfuse) {
    const target = config.langfuse;
    const { LangfuseSpanProcessor } = await import("@langfuse/otel");
    const name = `langfuse ${target.baseUrl}`;
    processors.push(
      new LangfuseSpanProcessor({
        publicKey: target.publicKey,
        secretKey: target.secretKey,
        baseUrl: target.baseUrl,
        exporter: reporting(await otlpExporter(target), name, settings.onExportError),
        // Every span here is ours; the default filter wants gen_ai.* attributes.
        shouldExportSpan: () => true,
        mediaUploadEnabled: false,
        flushInterval: settings.scheduledDelayMs / 1000,
        timeout: target.timeoutMs / 1000,
      }),
    );
    destinations.push(name);
    timeoutMs = Math.max(timeoutMs, target.timeoutMs);
  }
  if (config.otlp) {
    const name = `otlp ${config.otlp.url}`;
    processors.push(
      new BatchSpanProcessor(
        reporting(await otlpExporter(config.otlp), name, settings.onExportError),
        {
          scheduledDelayMillis: settings.scheduledDelayMs,
          exportTimeoutMillis: config.otlp.timeoutMs,
        },
      ),
    );
    destinations.push(name);
    timeoutMs = Math.max(timeoutMs, config.otlp.timeoutMs);
  }
  if (processors.length === 0) {
    return {
      enabled: false,
      destinations,
      listener: () => {},
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    spanProcessors: processors,
  });
  const jobs = createSpanBook(provider.getTracer("stackforge"));
  // A hung exporter must not hang the process: give up a second after the export timeout.
  const bounded = async (work: () => Promise<void>) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        work().catch(() => {}),
        new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs + 1_000)),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    enabled: true,
    destinations,
    listener: jobs.listener,
    forceFlush: () => bounded(() => provider.forceFlush()),
    shutdown: () => {
      jobs.endAll();
      return bounded(() => provider.shutdown());
    },
  };
}
