/**
 * Structured logs from pipeline events: one JSON object per line on stderr
 * (`ts`, `level`, `msg`, `job_id`, `agent`, then details), filtered by a
 * level threshold (`--log-level`). JSON encoding keeps untrusted text (model
 * errors, guardrail details) from forging extra lines.
 *
 * @module
 */
import type { EventListener, PipelineEvent } from "../core/events.ts";

/** The log levels, least severe first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = typeof LOG_LEVELS[number];

/**
 * Parses a `--log-level` value.
 *
 * @param value e.g. `info` (case-insensitive).
 * @returns The level.
 * @throws {RangeError} For an unknown level.
 * @example
 * ```ts
 * import { parseLogLevel } from "./logs.ts";
 * if (parseLogLevel("WARN") !== "warn") throw new Error();
 * ```
 */
export function parseLogLevel(value: string): LogLevel {
  const level = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new RangeError(
    `Invalid log level ${JSON.stringify(value)}: use ${LOG_LEVELS.map((l) => `"${l}"`).join(", ")}`,
  );
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The least severe level written (default `info`). */
  level?: LogLevel;
  /** Receives each line, newline included (default: stderr). */
  write?: (line: string) => void;
  /** The clock, for `ts` (default `Date.now`). */
  now?: () => number;
}

/** Fields of a log record besides `ts`, `level` and `msg`. */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** A structured logger. */
export interface Logger {
  /** Pass to `generateApp({ onEvent })` or `bus.on()`. */
  listener: EventListener;
  /** Writes one record when `level` passes the threshold. */
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** Whether `level` passes the threshold. */
  enabled(level: LogLevel): boolean;
}

const encoder = new TextEncoder();

function writeStderr(line: string): void {
  const bytes = encoder.encode(line);
  let written = 0;
  while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
}

/**
 * Creates a logger whose listener turns events into records: job and agent
 * outcomes at `info`, retries, guardrail hits and rejected outputs at `warn`,
 * failed jobs at `error`, starts and written files at `debug`.
 *
 * @param options Threshold, sink, clock.
 * @returns The logger.
 * @example
 * ```ts
 * import { createLogger } from "./logs.ts";
 * const lines: string[] = [];
 * const logger = createLogger({ level: "info", write: (l) => lines.push(l) });
 * logger.listener({ type: "job_started", jobId: "j", userId: "u", provider: "offline" });
 * if (JSON.parse(lines[0]!).job_id !== "j") throw new Error();
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: "info",
    write: writeStderr,
    now: Date.now,
    ...options,
  } satisfies LoggerOptions;
  const threshold = LOG_LEVELS.indexOf(settings.level);
  if (threshold < 0) parseLogLevel(String(settings.level));
  const enabled = (level: LogLevel) => LOG_LEVELS.indexOf(level) >= threshold;
  const log = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    if (!enabled(level)) return;
    const record = { ts: new Date(settings.now()).toISOString(), level, msg, ...fields };
    settings.write(JSON.stringify(record) + "\n");
  };
  const listener = (event: PipelineEvent): void => {
    const [level, msg, fields] = describe(event);
    log(level, msg, fields);
  };
  return { listener, log, enabled };
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

function describe(event: PipelineEvent): [LogLevel, string, LogFields] {
  const job_id = event.jobId;
  switch (event.type) {
    case "job_started":
      return ["info", "job started", { job_id, user_id: event.userId, provider: event.provider }];
    case "agent_started":
      return ["debug", "agent started", { job_id, agent: event.agent, attempt: event.attempt }];
    case "agent_finished":
      return [
        event.ok ? "info" : "warn",
        event.ok
          ? "agent finished"
          : event.failure === "provider"
          ? "agent call failed"
          : "agent output rejected",
        {
          job_id,
          agent: event.agent,
          attempt: event.attempt,
          model: event.model,
          input_tokens: event.usage.inputTokens,
          output_tokens: event.usage.outputTokens,
          cost_usd: round(event.usd, 6),
          latency_ms: round(event.latencyMs, 1),
          error: event.error,
        },
      ];
    case "agent_retry":
      return ["warn", "agent retry", {
        job_id,
        agent: event.agent,
        attempt: event.attempt,
        reason: event.reason,
      }];
    case "call_retry":
      return ["warn", "model call retry", {
        job_id,
        agent: event.agent,
        attempt: event.attempt,
        retry: event.retry,
        max_retries: event.maxRetries,
        delay_ms: event.delayMs,
        reason: event.reason,
      }];
    case "guardrail":
      return ["warn", `guardrail ${event.action}`, {
        job_id,
        layer: event.layer,
        action: event.action,
        detail: event.detail,
      }];
    case "file_written":
      return ["debug", "file written", { job_id, path: event.path, bytes: event.bytes }];
    case "job_finished":
      return [
        event.status === "failed" ? "error" : event.status === "succeeded" ? "info" : "warn",
        `job ${event.status}`,
        {
          job_id,
          status: event.status,
          reason: event.reason,
          duration_ms: round(event.durationMs, 1),
          tokens: event.tokens,
          cost_usd: round(event.usd, 6),
        },
      ];
  }
}
