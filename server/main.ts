/**
 * Starts the MCP server: `--stdio` for local clients such as Claude Desktop,
 * or `--http [--port 8787] [--host 127.0.0.1]` for Streamable HTTP at `/mcp`.
 *
 * Exit codes: 0 stopped cleanly; 2 bad flags or configuration.
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { serveStdio, StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { loadConfig } from "../pipeline/config.ts";
import { createStackforgeServer } from "./create_server.ts";
import { createMetrics, createTracing, metricsHandler } from "../observability/mod.ts";
import { createServerDeps } from "./deps.ts";
import { createHttpHandler, isLoopback } from "./http.ts";

const HELP = `stackforge MCP server

Usage:
  deno run -A server/main.ts --stdio
  deno run -A server/main.ts --http [--port 8787] [--host 127.0.0.1]

Options:
  --stdio                 serve over stdin/stdout (Claude Desktop and other local clients)
  --http                  serve Streamable HTTP at http://HOST:PORT/mcp (stateless)
  --port N                HTTP port (default 8787; 0 picks a free one)
  --host ADDR             HTTP bind address (default 127.0.0.1; any other needs STACKFORGE_MCP_TOKEN)
  --allowed-host NAME     extra Host name accepted (repeatable), e.g. behind a proxy
  --allowed-origin URL    extra Origin accepted (repeatable)
  --jobs-dir DIR          where job records and outputs go (default STACKFORGE_JOBS_DIR or .stackforge/jobs)
  -h, --help              show this help

Serves MCP 2026-07-28 (with the Tasks extension) and 2025-era clients on both transports.

Environment: STACKFORGE_MCP_TOKEN, STACKFORGE_MCP_USERS, STACKFORGE_MCP_USERS_MAY_APPROVE,
STACKFORGE_JOBS_DIR, STACKFORGE_JOB_TTL, STACKFORGE_USER_QUOTA_MB, STACKFORGE_MCP_OUTPUT_ROOT,
STACKFORGE_MAX_CONCURRENT_JOBS, STACKFORGE_MAX_WAITING_JOBS, STACKFORGE_MCP_STATE_KEY,
RATE_LIMIT_REQUESTS_PER_MINUTE, REQUIRE_HUMAN_REVIEW, STACKFORGE_PROVIDER, OPENAI_API_KEY...
(see README, MCP server). With REDIS_URL, jobs are queued for workers (deno task worker) instead
of run here; the server still needs the provider settings. The start line says which.`;

/** What {@link describeServerStart} says. */
export interface ServerStart {
  /** Where clients reach the server: `stdio` or the HTTP endpoint's URL. */
  endpoint: string;
  /** The jobs folder. */
  jobsDir: string;
  /** The provider new jobs are recorded with and, without a queue, run on. */
  provider: string;
  /** Whether the client's model is used (MCP sampling) when the client offers it. */
  sampling: boolean;
  /** The Redis URL, password already hidden, when jobs go to workers. */
  queuedTo?: string;
  /** Notes on access, e.g. `bearer token required`. */
  access?: readonly string[];
}

/**
 * The server's start line: where it listens, where jobs go and who runs them,
 * so an operator sees at once whether workers are needed.
 *
 * @param start What the server was started with.
 * @returns One line for stderr.
 * @example
 * ```ts
 * import { describeServerStart } from "./main.ts";
 * const line = describeServerStart({
 *   endpoint: "stdio",
 *   jobsDir: "/srv/jobs",
 *   provider: "offline",
 *   sampling: false,
 * });
 * if (!line.endsWith("runs jobs in this process, provider offline)")) throw new Error(line);
 * ```
 */
export function describeServerStart(start: ServerStart): string {
  // Sampling jobs need the client's session, so they run here even with a queue.
  const sampling = start.sampling ? " (the client's model instead when it offers sampling)" : "";
  const work = start.queuedTo === undefined
    ? `runs jobs in this process, provider ${start.provider}${sampling}`
    : `queues jobs in Redis at ${start.queuedTo} for workers (deno task worker), none run here${
      start.sampling ? " but sampling ones" : ""
    }; new jobs use provider ${start.provider}${sampling}`;
  const access = start.access?.length ? `; ${start.access.join(", ")}` : "";
  const where = start.endpoint === "stdio" ? "on stdio" : `on ${start.endpoint}`;
  return `stackforge MCP server ${where} (jobs in ${start.jobsDir}; ${work}${access})`;
}

/**
 * Parses flags and configuration and starts the chosen transport.
 *
 * @param args Command-line arguments.
 * @param env The environment.
 * @returns The exit code once the server stops, or 2 for bad input.
 */
export async function main(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  const fail = (message: string) => {
    console.error(`error: ${message}`);
    return 2;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        stdio: { type: "boolean", default: false },
        http: { type: "boolean", default: false },
        port: { type: "string", default: "8787" },
        host: { type: "string", default: "127.0.0.1" },
        "allowed-host": { type: "string", multiple: true, default: [] },
        "allowed-origin": { type: "string", multiple: true, default: [] },
        "jobs-dir": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    return fail(`${(error as Error).message}; see --help`);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.stdio === values.http) {
    return fail("give exactly one of --stdio or --http; see --help");
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    return fail(`invalid --port ${JSON.stringify(values.port)}: expected a number from 0 to 65535`);
  }
  let config;
  let tracing;
  let deps: Awaited<ReturnType<typeof createServerDeps>> | undefined;
  // With a queue (REDIS_URL), queue_depth is read from it on every scrape.
  const metrics = createMetrics({ queueDepth: () => deps?.queue?.depth() ?? 0 });
  try {
    config = loadConfig(env);
    if (
      values.http && !isLoopback(values.host) && config.mcpToken === undefined &&
      config.mcpUsers === undefined
    ) {
      return fail(
        `refusing to listen on "${values.host}" without a token: set STACKFORGE_MCP_TOKEN (16+ characters) or STACKFORGE_MCP_USERS, or use --host 127.0.0.1`,
      );
    }
    tracing = await createTracing(env);
    deps = await createServerDeps({
      env,
      ...(values["jobs-dir"] ? { jobsDir: values["jobs-dir"] } : {}),
      observers: [metrics.listener, tracing.listener],
      residentPython: true,
      onRateLimited: (userId) => metrics.recordRateLimitRejection(userId),
    });
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return fail(error.message);
    throw error;
  }
  // Jobs hold other people's prompts and code: everything the server writes is
  // its own user's only (0700 folders, 0600 files), whatever umask it started with.
  process.umask(0o077);
  const expired = await deps.retention.sweep();
  if (expired > 0) console.error(`deleted ${expired} job(s) older than STACKFORGE_JOB_TTL`);
  // Loaded only with a queue: the Redis client stays out of a local server's start.
  const queuedTo = deps.queue && config.redisUrl
    ? (await import("../scale/redis.ts")).redactRedisUrl(config.redisUrl)
    : undefined;
  const start = (endpoint: string, access: string[] = []) =>
    describeServerStart({
      endpoint,
      jobsDir: deps!.jobsDir,
      provider: deps!.pipeline.provider.name,
      // Only a stdio session can send the client a sampling request.
      sampling: endpoint === "stdio" && deps!.pipeline.config.sampling.auto,
      ...(queuedTo ? { queuedTo } : {}),
      access,
    });

  if (values.stdio) {
    const ready = deps;
    let stopped: () => void = () => {};
    const closed = new Promise<void>((resolve) => (stopped = resolve));
    const handle = serveStdio(
      (context) => createStackforgeServer(ready, { era: context.era }),
      { transport: new StdioServerTransport() },
    );
    // The client closing stdin means it is gone: stop, cancelling its calls and tasks.
    const stop = () => void handle.close().catch(() => {}).finally(stopped);
    process.stdin.once("end", stop);
    for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, stop);
    console.error(start("stdio"));
    await closed;
    await deps.tasks.close();
    await deps.pipeline.close();
    await tracing.shutdown();
    return 0;
  }

  const handler = createHttpHandler({
    deps,
    hostname: values.host,
    ...(config.mcpToken ? { token: config.mcpToken } : {}),
    ...(config.mcpUsers ? { users: config.mcpUsers } : {}),
    allowedHosts: values["allowed-host"],
    allowedOrigins: values["allowed-origin"],
    metrics: metricsHandler(metrics.registry),
  });
  const controller = new AbortController();
  const httpServer = Deno.serve({
    hostname: values.host,
    port,
    signal: controller.signal,
    onListen: ({ hostname, port }) =>
      console.error(start(
        `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}/mcp`,
        [
          ...(config.mcpToken || config.mcpUsers ? ["bearer token required"] : []),
          ...(config.mcpUsers ? [`${config.mcpUsers.length} signed-in user(s)`] : []),
        ],
      )),
  }, handler);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => controller.abort());
  }
  await httpServer.finished;
  await deps.tasks.close();
  await deps.pipeline.close();
  await tracing.shutdown();
  return 0;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args, Deno.env.toObject()));
}
