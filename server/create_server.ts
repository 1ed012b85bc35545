/**
 * The one server factory both transports use.
 *
 * @module
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ServerDeps } from "./deps.ts";
import { registerPrompts } from "./prompts.ts";
import { registerJobFileResources } from "./resources.ts";
import { registerGenerateAppTool } from "./tools/generate_app.ts";
import { registerGetSpecTool } from "./tools/get_spec.ts";
import { registerReviewRiskyTool } from "./tools/review_risky.ts";

/** The server's name and version, as clients see them. */
export const SERVER_INFO = { name: "stackforge", version: "0.1.0" } as const;

/** Options of {@link createStackforgeServer}. */
export interface CreateServerOptions {
  /**
   * Ask about risky files through elicitation when the client supports it
   * (default true; the stateless HTTP transport turns it off).
   */
  elicit?: boolean;
}

/**
 * Creates an MCP server with the tools (`generate_app`, `get_spec`,
 * `review_risky`), the job file resources and the prompts. Cheap enough to
 * create per HTTP request; the long-lived parts live in `deps`.
 *
 * @param deps Pipeline, job store, rate limiter, lock.
 * @param options Server behaviour that depends on the transport.
 * @returns The server, not yet connected.
 * @example
 * ```ts
 * import { createStackforgeServer } from "./create_server.ts";
 * import { createServerDeps } from "./deps.ts";
 * const server = createStackforgeServer(
 *   await createServerDeps({ jobsDir: Deno.makeTempDirSync(), toolchain: {} }),
 * );
 * if (server.isConnected()) throw new Error();
 * ```
 */
export function createStackforgeServer(
  deps: ServerDeps,
  options: CreateServerOptions = {},
): McpServer {
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
    instructions:
      "stackforge turns an app idea into a Next.js + FastAPI app. Call generate_app with the idea; " +
      "read the spec with get_spec and the files as resources stackforge://jobs/{job_id}/{path}; " +
      "when a job is awaiting_review, list the findings with review_risky and ask the user before deciding.",
  });
  registerGenerateAppTool(server, deps, { elicit: options.elicit ?? true });
  registerGetSpecTool(server, deps);
  registerReviewRiskyTool(server, deps);
  registerJobFileResources(server, deps);
  registerPrompts(server);
  return server;
}
