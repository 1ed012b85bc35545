/**
 * The one server factory every transport uses, for either protocol era.
 *
 * @module
 */
import { McpServer } from "@modelcontextprotocol/server";
import type { ServerDeps } from "./deps.ts";
import type { Era } from "./job_tool.ts";
import { registerPrompts } from "./prompts.ts";
import { registerJobFileResources } from "./resources.ts";
import {
  allowTaskResults,
  composeTaskBackends,
  installTasks,
  type TaskBackend,
} from "./tasks/protocol.ts";
import { jobTaskBackend } from "./tasks/job_tasks.ts";
import { registerDeleteJobTool } from "./tools/delete_job.ts";
import { registerGenerateAppTool } from "./tools/generate_app.ts";
import { registerRefineAppTool } from "./tools/refine_app.ts";
import { registerRegenerateAppTool } from "./tools/regenerate_app.ts";
import { registerGetSpecTool } from "./tools/get_spec.ts";
import { registerListJobsTool } from "./tools/list_jobs.ts";
import { registerReviewRiskyTool } from "./tools/review_risky.ts";

/** The server's name and version, as clients see them. */
export const SERVER_INFO = { name: "stackforge", version: "0.2.0" } as const;

/** Options of {@link createStackforgeServer}. */
export interface CreateServerOptions {
  /**
   * The protocol era the instance serves: `modern` (2026-07-28, per request,
   * with the Tasks extension) or `legacy` (2025-11-25 and earlier; the
   * default, as for an in-process or stdio session opened with `initialize`).
   */
  era?: Era;
  /** Registers more tools, resources or prompts on every instance (the conformance fixture does). */
  extend?: (server: McpServer, era: Era) => void;
  /** Tasks that are not jobs (from tools added by `extend`), asked before the jobs' tasks. */
  tasks?: TaskBackend;
}

/**
 * Creates an MCP server with the tools (`generate_app`, `refine_app`, `regenerate_app`, `get_spec`,
 * `review_risky`, `list_jobs`, `delete_job`), the job file resources and the
 * prompts; on 2026-07-28 instances also the Tasks extension. Cheap enough to
 * create per HTTP request; the long-lived parts live in `deps`.
 *
 * @param deps Pipeline, job store, limits, live tasks.
 * @param options The era, and extra registrations.
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
  const era = options.era ?? "legacy";
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
    instructions:
      "stackforge turns an app idea into a Next.js + FastAPI app. Call generate_app with the idea; " +
      "change an app with refine_app (in plain words) or regenerate_app (with its edited spec); " +
      "read the spec with get_spec and the files as resources stackforge://jobs/{job_id}/{path}; " +
      "when a job is awaiting_review, list the findings with review_risky and ask the user before deciding; " +
      "list_jobs and delete_job manage the user's jobs.",
    // Seals the state a review question carries through the client (multi-round-trip requests).
    requestState: { verify: deps.reviewState.verify },
  });
  allowTaskResults(server);
  registerGenerateAppTool(server, deps, era);
  registerRefineAppTool(server, deps, era);
  registerRegenerateAppTool(server, deps, era);
  registerGetSpecTool(server, deps);
  registerReviewRiskyTool(server, deps);
  registerListJobsTool(server, deps);
  registerDeleteJobTool(server, deps);
  registerJobFileResources(server, deps);
  registerPrompts(server);
  options.extend?.(server, era);
  if (era === "modern") {
    const jobs = jobTaskBackend(deps);
    installTasks(server, options.tasks ? composeTaskBackends([options.tasks, jobs]) : jobs);
  }
  return server;
}
