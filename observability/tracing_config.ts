/**
 * Where traces go, read from the environment: Langfuse when both
 * `LANGFUSE_PUBLIC_KEY` and `LANGFUSE_SECRET_KEY` are set, any OTLP/HTTP
 * collector when `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set, both, or neither (tracing off).
 *
 * @module
 */

/** One OTLP/HTTP destination. */
export interface OtlpTarget {
  /** The full traces URL. */
  url: string;
  headers: Record<string, string>;
  /** Bound on one export, retries included. */
  timeoutMs: number;
}

/** Resolved tracing configuration. */
export interface TracingConfig {
  serviceName: string;
  otlp?: OtlpTarget;
  langfuse?: OtlpTarget & { publicKey: string; secretKey: string; baseUrl: string };
}

/** The default bound on one export (the OTel default is 10 s; Langfuse's is 5 s). */
export const DEFAULT_EXPORT_TIMEOUT_MS = 5_000;

type Env = Readonly<Record<string, string | undefined>>;

const value = (env: Env, name: string) => {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
};

function httpUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RangeError(`Invalid ${name} ${JSON.stringify(raw)}: use an http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RangeError(`Invalid ${name} ${JSON.stringify(raw)}: use an http(s) URL`);
  }
  return url;
}

function positiveNumber(name: string, raw: string | undefined, scale: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new RangeError(`Invalid ${name} ${JSON.stringify(raw)}: use a number > 0`);
  }
  return n * scale;
}

/** `k1=v1,k2=v2` with percent-encoded values, as the OTel spec defines. */
function parseHeaders(name: string, raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? "").split(",")) {
    if (pair.trim() === "") continue;
    const at = pair.indexOf("=");
    if (at <= 0) {
      throw new RangeError(`Invalid ${name}: "${pair.trim().slice(0, 40)}" is not key=value`);
    }
    try {
      headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(
        pair.slice(at + 1).trim(),
      );
    } catch {
      throw new RangeError(`Invalid ${name}: a value is not percent-encoded`);
    }
  }
  return headers;
}

/**
 * Reads the tracing configuration.
 *
 * @param env The environment (e.g. `Deno.env.toObject()`).
 * @returns The destinations; none when tracing is off.
 * @throws {RangeError} For a bad URL, timeout or header list, or only one Langfuse key.
 * @example
 * ```ts
 * import { tracingConfig } from "./tracing_config.ts";
 * const config = tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" });
 * if (config.otlp?.url !== "http://127.0.0.1:4318/v1/traces") throw new Error();
 * ```
 */
export function tracingConfig(env: Env): TracingConfig {
  const config: TracingConfig = {
    serviceName: value(env, "OTEL_SERVICE_NAME") ?? "stackforge",
  };
  if (value(env, "OTEL_SDK_DISABLED")?.toLowerCase() === "true") return config;

  const publicKey = value(env, "LANGFUSE_PUBLIC_KEY");
  const secretKey = value(env, "LANGFUSE_SECRET_KEY");
  if ((publicKey === undefined) !== (secretKey === undefined)) {
    const [set, unset] = publicKey === undefined
      ? ["LANGFUSE_SECRET_KEY", "LANGFUSE_PUBLIC_KEY"]
      : ["LANGFUSE_PUBLIC_KEY", "LANGFUSE_SECRET_KEY"];
    throw new RangeError(`Invalid ${set}: ${unset} is not set; set both or neither`);
  }
  if (publicKey !== undefined && secretKey !== undefined) {
    const base = value(env, "LANGFUSE_BASE_URL") ?? value(env, "LANGFUSE_BASEURL") ??
      "https://cloud.langfuse.com";
    const baseUrl = httpUrl("LANGFUSE_BASE_URL", base).href.replace(/\/+$/, "");
    config.langfuse = {
      publicKey,
      secretKey,
      baseUrl,
      url: `${baseUrl}/api/public/otel/v1/traces`,
      headers: {
        // The OTel exporter merges OTEL_EXPORTER_OTLP_*HEADERS from the process
        // environment into every exporter: blank them so a collector's secrets
        // never reach Langfuse.
        ...Object.fromEntries(
          ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"].flatMap((name) =>
            Object.keys(parseHeaders(name, value(env, name))).map((key) => [key, ""])
          ),
        ),
        authorization: `Basic ${btoa(`${publicKey}:${secretKey}`)}`,
      },
      timeoutMs: positiveNumber("LANGFUSE_TIMEOUT", value(env, "LANGFUSE_TIMEOUT"), 1000) ??
        DEFAULT_EXPORT_TIMEOUT_MS,
    };
  }

  const exporter = value(env, "OTEL_TRACES_EXPORTER")?.toLowerCase();
  const traces = value(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const generic = value(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  if (exporter !== "none" && (traces !== undefined || generic !== undefined)) {
    const url = traces !== undefined
      ? httpUrl("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces).href
      : `${httpUrl("OTEL_EXPORTER_OTLP_ENDPOINT", generic!).href.replace(/\/+$/, "")}/v1/traces`;
    const headersName = value(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS") !== undefined
      ? "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
      : "OTEL_EXPORTER_OTLP_HEADERS";
    const timeoutName = value(env, "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") !== undefined
      ? "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"
      : "OTEL_EXPORTER_OTLP_TIMEOUT";
    config.otlp = {
      url,
      headers: parseHeaders(headersName, value(env, headersName)),
      timeoutMs: positiveNumber(timeoutName, value(env, timeoutName), 1) ??
        DEFAULT_EXPORT_TIMEOUT_MS,
    };
  }
  return config;
}
