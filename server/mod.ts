/**
 * The stackforge MCP server: the `generate_app` (a Task for clients with the
 * MCP Tasks extension), `get_spec`, `review_risky`, `list_jobs` and
 * `delete_job` tools, each job's files as resources, a ready prompt, and the
 * stdio and Streamable HTTP transports (see `main.ts`), serving MCP
 * 2026-07-28 and 2025-era clients alike.
 *
 * ```ts
 * import { createServerDeps, createStackforgeServer } from "./mod.ts";
 * const deps = await createServerDeps({ jobsDir: Deno.makeTempDirSync(), toolchain: {} });
 * const server = createStackforgeServer(deps); // then server.connect(transport)
 * ```
 *
 * @module
 */
export { type CreateServerOptions, createStackforgeServer, SERVER_INFO } from "./create_server.ts";
export {
  createServerDeps,
  type ReviewState,
  type ServerDeps,
  type ServerDepsOptions,
} from "./deps.ts";
export { loadServerConfig, parseDuration, SERVER_DEFAULTS, type ServerConfig } from "./config.ts";
export {
  createHttpHandler,
  type HttpEndpoint,
  type HttpHandler,
  type HttpHandlerOptions,
  isLoopback,
  JOB_TOOLS,
} from "./http.ts";
export { type Caller, callerOf, LOCAL_USER, maySee } from "./caller.ts";
export {
  type Era,
  type JobCall,
  type JobRun,
  type JobToolDefinition,
  type PreparedJob,
  registerJobTool,
} from "./job_tool.ts";
export { type JobResult, JobResultSchema, jobToolResult } from "./job_result.ts";
export {
  checkJobId,
  createFileJobStore,
  type JobRecord,
  JobRecordSchema,
  type JobStore,
} from "../jobs/store.ts";
export { createKeyedLock, type KeyedLock } from "../jobs/keyed_lock.ts";
export {
  createMemoryRateLimiter,
  type MemoryRateLimiterOptions,
  type RateDecision,
  type RateLimiter,
} from "../jobs/rate_limit.ts";
export {
  GenerateAppInputSchema,
  generateAppInputSchema,
  GenerateAppOutputSchema,
  registerGenerateAppTool,
} from "./tools/generate_app.ts";
export { RefineAppInputSchema, registerRefineAppTool } from "./tools/refine_app.ts";
export { RegenerateAppInputSchema, registerRegenerateAppTool } from "./tools/regenerate_app.ts";
export { GetSpecInputSchema, GetSpecOutputSchema, registerGetSpecTool } from "./tools/get_spec.ts";
export {
  registerReviewRiskyTool,
  ReviewDecisionSchema,
  ReviewRiskyInputSchema,
  ReviewRiskyOutputSchema,
} from "./tools/review_risky.ts";
export {
  ListJobsInputSchema,
  ListJobsOutputSchema,
  registerListJobsTool,
} from "./tools/list_jobs.ts";
export {
  DeleteJobInputSchema,
  DeleteJobOutputSchema,
  registerDeleteJobTool,
} from "./tools/delete_job.ts";
export { registerJobFileResources, RESOURCES_PAGE } from "./resources.ts";
export { registerPrompts } from "./prompts.ts";
export {
  allowTaskResults,
  clientSupportsTasks,
  composeTaskBackends,
  createTaskResult,
  installTasks,
  type TaskBackend,
  TASKS_EXTENSION,
  type TaskStatus,
  type TaskView,
} from "./tasks/protocol.ts";
export { createTaskRegistry, type TaskControl, type TaskRegistry } from "./tasks/registry.ts";
