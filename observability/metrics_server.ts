/**
 * Serving a metrics registry over HTTP: a `Request → Response` handler to
 * mount at `/metrics` in any server, and a small standalone server for
 * workers and the CLI (`--metrics-port`).
 *
 * @module
 */
import type { Registry } from "prom-client";

/**
 * Creates a handler that answers `GET`/`HEAD` with the registry's text
 * exposition (any path: mount it where it belongs) and 405 otherwise.
 *
 * @param registry The registry to expose.
 * @returns The handler.
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * import { metricsHandler } from "./metrics_server.ts";
 * const handler = metricsHandler(new Registry());
 * const res = await handler(new Request("http://localhost/metrics"));
 * if (res.status !== 200) throw new Error();
 * ```
 */
export function metricsHandler(registry: Registry): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method not allowed: use GET\n", {
        status: 405,
        headers: { allow: "GET, HEAD" },
      });
    }
    try {
      const body = await registry.metrics();
      return new Response(req.method === "HEAD" ? null : body, {
        headers: { "content-type": registry.contentType, "cache-control": "no-store" },
      });
    } catch (error) {
      return new Response(`Cannot collect metrics: ${(error as Error).message}\n`, {
        status: 500,
      });
    }
  };
}

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  registry: Registry;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind (default `127.0.0.1`: expose it on purpose). */
  hostname?: string;
}

/** A running metrics server. */
export interface MetricsServer {
  /** The bound port (useful with port 0). */
  port: number;
  hostname: string;
  /** `http://host:port/metrics`. */
  url: string;
  /** Stops listening; resolves once closed. */
  shutdown(): Promise<void>;
}

/**
 * Serves `GET /metrics` (and 404 elsewhere) with `Deno.serve`.
 *
 * @param options Registry, port, hostname.
 * @returns The running server.
 * @throws {RangeError} For a port outside 0-65535.
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * import { startMetricsServer } from "./metrics_server.ts";
 * const server = startMetricsServer({ registry: new Registry(), port: 0 });
 * const res = await fetch(server.url);
 * await res.body?.cancel();
 * await server.shutdown();
 * if (res.status !== 200) throw new Error();
 * ```
 */
export function startMetricsServer(options: MetricsServerOptions): MetricsServer {
  const { registry, port, hostname = "127.0.0.1" } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`Invalid metrics port ${JSON.stringify(port)}: use 0-65535`);
  }
  const handler = metricsHandler(registry);
  const server = Deno.serve({ port, hostname, onListen: () => {} }, (req) => {
    const { pathname } = new URL(req.url);
    if (pathname === "/metrics") return handler(req);
    return new Response("Not found: metrics are at /metrics\n", { status: 404 });
  });
  const bound = server.addr.port;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    port: bound,
    hostname,
    url: `http://${host}:${bound}/metrics`,
    shutdown: () => server.shutdown(),
  };
}
