/**
 * The Streamable HTTP transport as a plain `(req: Request) => Promise<Response>`
 * handler, for `Deno.serve` and for tests that call it in-process.
 *
 * One endpoint serves both protocol eras through the SDK's `createMcpHandler`:
 * MCP 2026-07-28 requests (per-request `_meta` envelope, no sessions, Tasks)
 * and 2025-era requests (Claude Desktop and other 2025-11-25 clients),
 * statelessly, each on a server instance of its own built on shared
 * dependencies, so replicas can sit behind a load balancer. In front of the
 * SDK's handler, which checks none of these: DNS-rebinding protection (Host
 * and Origin, 403), a bearer token (401), a body size limit (413), and at
 * most one job tool call per JSON-RPC batch (400).
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import { createMcpHandler, type ServerNotifier } from "@modelcontextprotocol/server";
import { type CreateServerOptions, createStackforgeServer } from "./create_server.ts";
import type { ServerDeps } from "./deps.ts";
import type { McpUser } from "../pipeline/config.ts";
import { authInfoFor, type HttpRole } from "./caller.ts";

/** Tools that start a job: a batch may hold at most one call of them. */
export const JOB_TOOLS: readonly string[] = ["generate_app", "refine_app", "regenerate_app"];
/** Options of {@link createHttpHandler}. */
export interface HttpHandlerOptions {
  deps: ServerDeps;
  /** The address the server binds (default `127.0.0.1`); a token is required unless it is loopback. */
  hostname?: string;
  /** A bearer token clients may send (`STACKFORGE_MCP_TOKEN`); it names no user. */
  token?: string;
  /**
   * Users with a bearer token each (`STACKFORGE_MCP_USERS`): a request with
   * one acts as that user (tools see it as `authInfo.clientId`).
   */
  users?: readonly McpUser[];
  /** Host names accepted in `Host` besides loopback names and `hostname`. */
  allowedHosts?: readonly string[];
  /** Origins accepted besides `http(s)://` + an allowed host name. */
  allowedOrigins?: readonly string[];
  /** The largest request body, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** The MCP endpoint's path (default `/mcp`). */
  path?: string;
  /**
   * Answers `GET /metrics` (Prometheus text), behind the same host and token
   * checks; a user's own token (`users`) is refused, as metrics name users.
   */
  metrics?: HttpHandler;
  /** Extra registrations on every server instance (see {@link CreateServerOptions}). */
  extend?: CreateServerOptions["extend"];
  /** Tasks of the tools `extend` adds (see {@link CreateServerOptions}). */
  tasks?: CreateServerOptions["tasks"];
  /** Told about errors the MCP layer hit (reporting only). */
  onError?: (error: Error) => void;
}

/** A request handler, as `Deno.serve` takes it. */
export type HttpHandler = (req: Request) => Promise<Response>;

/** The MCP endpoint: the handler, with what the SDK's entry offers besides. */
export type HttpEndpoint = HttpHandler & {
  /** Publishes list changes to open `subscriptions/listen` streams (2026-07-28). */
  notify: ServerNotifier;
  /** Aborts in-flight 2026-07-28 exchanges. */
  close: () => Promise<void>;
};

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]", "::1"];

/**
 * @param hostname A host name or address.
 * @returns Whether it only reaches this machine.
 */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return LOOPBACK_NAMES.includes(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function jsonError(status: number, code: number, message: string, headers?: HeadersInit): Response {
  return new Response(
    JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }),
    { status, headers: { "content-type": "application/json", ...headers } },
  );
}

function sameSecret(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  // Compare equal-length buffers so the time taken does not reveal the token.
  return a.length === b.length ? timingSafeEqual(a, b) : (timingSafeEqual(b, b), false);
}

function tooLarge(max: number): Response {
  return jsonError(413, -32000, `Request body too large: at most ${max} bytes`);
}

/** Reads the body as text, or undefined once it grows past `max` bytes. */
async function readLimited(req: Request, max: number): Promise<string | undefined> {
  if (req.body === null) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body) {
    size += chunk.byteLength;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** How many calls of job tools a JSON-RPC message or batch holds. */
function jobCalls(body: unknown): number {
  const messages = Array.isArray(body) ? body : [body];
  return messages.filter((m) => {
    const message = m as { method?: unknown; params?: { name?: unknown } } | null;
    return message?.method === "tools/call" && JOB_TOOLS.includes(String(message.params?.name));
  }).length;
}

/**
 * Creates the HTTP handler: `POST /mcp` (MCP), `GET /healthz` (liveness).
 *
 * @param options Dependencies and security settings.
 * @returns The handler.
 * @throws {RangeError} When `hostname` is not loopback and no token is set.
 * @example
 * ```ts
 * import { createHttpHandler } from "./http.ts";
 * import { createServerDeps } from "./deps.ts";
 * const deps = await createServerDeps({ jobsDir: Deno.makeTempDirSync(), toolchain: {} });
 * const handler = createHttpHandler({ deps });
 * const res = await handler(new Request("http://127.0.0.1:8787/healthz"));
 * if (res.status !== 200) throw new Error();
 * ```
 */
export function createHttpHandler(options: HttpHandlerOptions): HttpEndpoint {
  const hostname = options.hostname ?? "127.0.0.1";
  const token = options.token;
  const users = options.users ?? [];
  const authRequired = token !== undefined || users.length > 0;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const path = options.path ?? "/mcp";
  if (!isLoopback(hostname) && !authRequired) {
    throw new RangeError(
      `Refusing to listen on "${hostname}" without a token: set STACKFORGE_MCP_TOKEN (16+ characters) or STACKFORGE_MCP_USERS, or bind 127.0.0.1`,
    );
  }
  /** Who a bearer token signs in: a user, `null` for the shared token, undefined when none fits. */
  const signIn = (given: string): McpUser | null | undefined => {
    // Every token is compared, so the time taken does not say which one was close.
    let found: McpUser | null | undefined;
    if (token !== undefined && sameSecret(given, token)) found = null;
    for (const u of users) if (sameSecret(given, u.token)) found = u;
    return found;
  };
  const hosts = new Set(
    [
      ...LOOPBACK_NAMES,
      ...(hostname === "0.0.0.0" || hostname === "::" ? [] : [hostname]),
      ...(options.allowedHosts ?? []),
    ].map((h) => h.toLowerCase()),
  );
  const origins = new Set((options.allowedOrigins ?? []).map((o) => o.toLowerCase()));
  const originAllowed = (origin: string) => {
    if (origins.has(origin.toLowerCase())) return true;
    try {
      const url = new URL(origin);
      return (url.protocol === "http:" || url.protocol === "https:") && hosts.has(url.hostname);
    } catch {
      return false;
    }
  };

  const mcp = createMcpHandler(
    (context) =>
      createStackforgeServer(options.deps, {
        era: context.era,
        ...(options.extend ? { extend: options.extend } : {}),
        ...(options.tasks ? { tasks: options.tasks } : {}),
      }),
    {
      legacy: "stateless",
      maxRequestBodySize: maxBodyBytes,
      onerror: (error) => options.onError?.(error),
    },
  );

  const handle: HttpHandler = async (req) => {
    const url = new URL(req.url);
    // The URL's host is the Host header under Deno.serve: a rebinding attack
    // arrives with the attacker's name there.
    if (!hosts.has(url.hostname.toLowerCase())) {
      return jsonError(403, -32000, `Forbidden: host "${url.hostname}" is not allowed`);
    }
    const origin = req.headers.get("origin");
    if (origin !== null && !originAllowed(origin)) {
      return jsonError(403, -32000, `Forbidden: origin ${JSON.stringify(origin)} is not allowed`);
    }
    if (url.pathname === "/healthz" && req.method === "GET") {
      return new Response("ok\n", { headers: { "content-type": "text/plain" } });
    }
    const isMetrics = url.pathname === "/metrics" && options.metrics !== undefined;
    if (url.pathname !== path && !isMetrics) {
      return jsonError(404, -32000, `Not found: use POST ${path}`);
    }
    let user: McpUser | null | undefined = null;
    if (authRequired) {
      const auth = req.headers.get("authorization") ?? "";
      const match = /^Bearer\s+(.+)$/i.exec(auth);
      user = match === null ? undefined : signIn(match[1]!.trim());
      if (user === undefined) {
        return jsonError(
          401,
          -32001,
          `Unauthorized: send Authorization: Bearer <${
            users.length > 0 ? "your token from STACKFORGE_MCP_USERS" : "STACKFORGE_MCP_TOKEN"
          }>`,
          { "www-authenticate": 'Bearer realm="stackforge"' },
        );
      }
    }
    if (isMetrics) {
      // Metrics name every user (rate-limit labels): the operator's shared token only.
      if (user) {
        return jsonError(
          403,
          -32000,
          "Forbidden: /metrics needs STACKFORGE_MCP_TOKEN (the operator's token), not a user's",
        );
      }
      return options.metrics!(req);
    }
    if (req.method !== "POST") {
      return jsonError(405, -32000, "Method not allowed: this server is stateless; use POST", {
        allow: "POST",
      });
    }
    const length = Number(req.headers.get("content-length") ?? "0");
    if (length > maxBodyBytes) return tooLarge(maxBodyBytes);
    const text = await readLimited(req, maxBodyBytes);
    if (text === undefined) return tooLarge(maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return jsonError(400, -32700, "Parse error: the body is not JSON");
    }
    if (jobCalls(body) > 1) {
      return jsonError(
        400,
        -32600,
        `Invalid request: at most one job tool call (${
          JOB_TOOLS.join(", ")
        }) per request; send the calls one by one`,
      );
    }
    const role: HttpRole = !authRequired ? "anonymous" : user ? "user" : "operator";
    return await mcp.fetch(req, {
      parsedBody: body,
      authInfo: authInfoFor(role, user ? user.user : undefined),
    });
  };
  return Object.assign(handle, { notify: mcp.notify, close: mcp.close });
}
