/**
 * The stackforge MCP server: the `generate_app`, `get_spec` and
 * `review_risky` tools, each job's files as resources, a ready prompt, and
 * the stdio and Streamable HTTP transports (see `main.ts`).
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
export { createServerDeps, type ServerDeps, type ServerDepsOptions } from "./deps.ts";
export {
  createHttpHandler,
  type HttpHandler,
  type HttpHandlerOptions,
  isLoopback,
} from "./http.ts";
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
  GenerateAppOutputSchema,
  type GenerateAppToolOptions,
  registerGenerateAppTool,
} from "./tools/generate_app.ts";
export { GetSpecInputSchema, GetSpecOutputSchema, registerGetSpecTool } from "./tools/get_spec.ts";
export {
  registerReviewRiskyTool,
  ReviewDecisionSchema,
  ReviewRiskyInputSchema,
  ReviewRiskyOutputSchema,
} from "./tools/review_risky.ts";
export { registerJobFileResources } from "./resources.ts";
export { registerPrompts } from "./prompts.ts";
