/**
 * Test helpers: a server on temporary folders, reached by an SDK client in
 * either protocol era, in-process. A 2025-era session runs over the
 * in-memory transport; MCP 2026-07-28 has no in-memory entry, so it goes
 * through the HTTP handler's `fetch` (no socket). `rpc()` sends raw JSON-RPC
 * for what the SDK client does not speak (the Tasks extension). Private to
 * `server/`.
 *
 * @module
 */
export { riskyProvider } from "../tests/fixtures/providers.ts";
import {
  type CallToolResult,
  Client,
  type ClientOptions,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { createPipeline, type Pipeline } from "../pipeline/generate.ts";
import type { ModelProvider } from "../core/provider.ts";
import { createStackforgeServer } from "./create_server.ts";
import { createServerDeps, type ServerDeps, type ServerDepsOptions } from "./deps.ts";
import { createHttpHandler, type HttpHandler, type HttpHandlerOptions } from "./http.ts";
import { TASKS_EXTENSION } from "./tasks/protocol.ts";

/** The offline pipeline without the Python checks, shared by a test file. */
export const testPipeline: Pipeline = await createPipeline({ toolchain: {} });

/** A connected client with its server's dependencies. */
export interface Harness {
  client: Client;
  deps: ServerDeps;
  close(): Promise<void>;
}

/** The text of a tool result's text blocks. */
export const textOf = (r: CallToolResult): string =>
  (r.content as { type: string; text?: string }[]).map((c) => c.text ?? "").join("\n");

/**
 * A 2025-era session (as Claude Desktop opens over stdio), in-process.
 *
 * @param options Replacements for the default dependencies.
 * @param elicit Answers elicitation requests; the client declares the capability when given.
 * @param sample Answers sampling requests; the client declares the capability when given.
 * @returns A client connected to a fresh server on a temporary jobs folder.
 */
export async function connect(
  options: ServerDepsOptions = {},
  elicit?: (request: ElicitRequest) => ElicitResult,
  sample?: (request: CreateMessageRequest, signal: AbortSignal) => Promise<CreateMessageResult>,
): Promise<Harness> {
  const jobsDir = options.jobsDir ?? Deno.makeTempDirSync({ prefix: "stackforge-jobs-" });
  const deps = await createServerDeps({ pipeline: testPipeline, ...options, jobsDir });
  const server = createStackforgeServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    {
      capabilities: {
        ...(elicit ? { elicitation: {} } : {}),
        ...(sample ? { sampling: {} } : {}),
      },
    },
  );
  if (elicit) client.setRequestHandler("elicitation/create", (request) => elicit(request));
  if (sample) {
    client.setRequestHandler(
      "sampling/createMessage",
      (request, ctx) => sample(request, ctx.mcpReq.signal),
    );
  }
  await client.connect(clientSide);
  return {
    client,
    deps,
    async close() {
      await client.close();
      await server.close();
      await deps.tasks.close();
      Deno.removeSync(jobsDir, { recursive: true });
    },
  };
}

/** An HTTP server in-process, with both eras' clients. */
export interface HttpHarness {
  handler: HttpHandler;
  deps: ServerDeps;
  /** A connected SDK client: `modern` negotiates 2026-07-28, `legacy` the 2025 handshake. */
  client(era: "modern" | "legacy", options?: ClientOptions, headers?: HeadersInit): Promise<Client>;
  close(): Promise<void>;
}

/**
 * @param options Replacements for the default dependencies.
 * @param http Handler options (tokens, hosts).
 * @returns The handler on a fresh temporary jobs folder.
 */
export async function serveHttp(
  options: ServerDepsOptions = {},
  http: Partial<HttpHandlerOptions> = {},
): Promise<HttpHarness> {
  const jobsDir = options.jobsDir ?? Deno.makeTempDirSync({ prefix: "stackforge-http-" });
  const deps = await createServerDeps({ pipeline: testPipeline, ...options, jobsDir });
  const handler = createHttpHandler({ deps, ...http });
  const clients: Client[] = [];
  return {
    handler,
    deps,
    async client(era, clientOptions = {}, headers = {}) {
      const client = new Client(
        { name: `${era}-client`, version: "1.0.0" },
        {
          ...clientOptions,
          ...(era === "modern" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {}),
        },
      );
      await client.connect(
        new StreamableHTTPClientTransport(new URL("http://127.0.0.1:8787/mcp"), {
          fetch: (url: string | URL | Request, init?: RequestInit) => {
            const request = new Request(url, init);
            for (const [k, v] of new Headers(headers)) request.headers.set(k, v);
            return handler(request);
          },
        }),
      );
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) await client.close().catch(() => {});
      await deps.tasks.close();
      Deno.removeSync(jobsDir, { recursive: true });
    },
  };
}

/** A JSON-RPC response, as `rpc()` returns it. */
export interface RpcAnswer {
  status: number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
  /** Every message of the response (notifications first, when streamed). */
  messages: Record<string, unknown>[];
}

/** Options of {@link rpc}. */
export interface RpcOptions {
  /** Declare the Tasks extension (default true). */
  tasks?: boolean;
  /** Declare form elicitation. */
  elicitation?: boolean;
  /** More HTTP headers (authorization). */
  headers?: Record<string, string>;
  /** Aborts the request (a client going away). */
  signal?: AbortSignal;
}

let nextId = 1;

/**
 * Sends one MCP 2026-07-28 request as a client would, with the per-request
 * envelope and the standard headers (`Mcp-Method`, `Mcp-Name`).
 *
 * @param handler The HTTP handler.
 * @param method The JSON-RPC method.
 * @param params Its params.
 * @param options Capabilities and headers.
 * @returns The answer.
 */
export async function rpc(
  handler: HttpHandler,
  method: string,
  params: Record<string, unknown> = {},
  options: RpcOptions = {},
): Promise<RpcAnswer> {
  const id = nextId++;
  const capabilities = {
    ...(options.tasks ?? true ? { extensions: { [TASKS_EXTENSION]: {} } } : {}),
    ...(options.elicitation ? { elicitation: { form: {} } } : {}),
  };
  const name = params.taskId ?? params.name ?? params.uri;
  const res = await handler(
    new Request("http://127.0.0.1:8787/mcp", {
      method: "POST",
      ...(options.signal ? { signal: options.signal } : {}),
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": method,
        ...(name !== undefined ? { "mcp-name": String(name) } : {}),
        ...options.headers,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id,
        method,
        params: {
          ...params,
          _meta: {
            ...(params._meta as Record<string, unknown> | undefined),
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientInfo": { name: "raw-test", version: "1.0.0" },
            "io.modelcontextprotocol/clientCapabilities": capabilities,
          },
        },
      }),
    }),
  );
  const text = await res.text();
  const messages = (res.headers.get("content-type") ?? "").includes("text/event-stream")
    ? text.split("\n").filter((l) => l.startsWith("data: ")).map((l) => JSON.parse(l.slice(6)))
    : text.trim() === ""
    ? []
    : [JSON.parse(text)];
  const answer = messages.find((m) => m.id === id) ?? {};
  return {
    status: res.status,
    ...(answer.result ? { result: answer.result } : {}),
    ...(answer.error ? { error: answer.error } : {}),
    messages,
  };
}

/**
 * Polls `tasks/get` until the task leaves `working`.
 *
 * @param handler The HTTP handler.
 * @param taskId The task.
 * @param options Headers and capabilities, as for {@link rpc}.
 * @returns The last `tasks/get` result.
 */
export async function pollTask(
  handler: HttpHandler,
  taskId: string,
  options: RpcOptions = {},
): Promise<Record<string, unknown>> {
  for (let i = 0; i < 500; i++) {
    const got = await rpc(handler, "tasks/get", { taskId }, options);
    if (got.error) throw new Error(`tasks/get failed: ${got.error.message}`);
    if (got.result?.status !== "working") return got.result!;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Task "${taskId}" still working after 5 s`);
}

/**
 * The offline provider, waiting `ms` before each answer (and stopping when aborted).
 *
 * @param offline The offline provider.
 * @param ms The delay.
 * @returns The slow provider.
 */
export function slowProvider(offline: ModelProvider, ms: number): ModelProvider {
  return {
    ...offline,
    complete: async (request) => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        request.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(request.signal!.reason);
        }, { once: true });
      });
      return offline.complete(request);
    },
  };
}
