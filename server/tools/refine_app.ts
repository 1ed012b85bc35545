/**
 * The `refine_app` tool: changes the app of an earlier job as a
 * plain-language request asks ("add tags to recipes and let me filter by
 * tag"). The planner gets the app's spec and the change; the new job holds a
 * copy of the app with the change made (edits in the parent's folder merged
 * three ways), and returns the spec's diff. Rate limits, quota, review and
 * tasks are the same as for `generate_app` (`job_tool.ts`).
 *
 * @module
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { GuardrailError } from "../../guardrails/errors.ts";
import { startRefineJob } from "../../pipeline/start.ts";
import { refineApp } from "../../pipeline/refine/refine.ts";
import type { ServerDeps } from "../deps.ts";
import { type Era, registerJobTool } from "../job_tool.ts";
import { messageOf } from "../_shared.ts";
import { cachedSchema } from "../_cached_schema.ts";
import { findParent, IterateArgs, runOnCopy } from "./_iterate.ts";

/** Arguments of `refine_app`. */
export const RefineAppInputSchema = cachedSchema(z.strictObject({
  job_id: IterateArgs.job_id,
  change: z.string().min(1).max(8_000).describe(
    "What to change, in plain words, e.g. 'add tags to recipes and let me filter by tag', 'remove comments', 'rename members to patrons'",
  ),
  user_id: IterateArgs.user_id,
  options: IterateArgs.options,
}));

type Args = z.infer<typeof RefineAppInputSchema>;

/**
 * Registers `refine_app`.
 *
 * @param server The instance.
 * @param deps The server's dependencies.
 * @param era The era the instance serves.
 */
export function registerRefineAppTool(server: McpServer, deps: ServerDeps, era: Era): void {
  const now = deps.now ?? (() => new Date());
  registerJobTool(server, deps, era, {
    name: "refine_app",
    title: "Change an app",
    description:
      "Changes the app of an earlier job as asked in plain words (add, remove or rename entities, fields, relations and behaviours). " +
      "Returns a new job (its parent stays readable) with spec_diff, the spec's changes, plus everything generate_app returns. " +
      "Edits made in the parent's folder are kept (merged three ways); files left with conflict markers are listed in conflicts. " +
      "What the change asks that cannot be done is listed as a requirement not implemented (status 'partial'). " +
      "To give the new spec yourself, use regenerate_app.",
    inputSchema: RefineAppInputSchema,
    annotations: {
      title: "Change an app",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    },
    async prepare(args: Args, call) {
      const parent = await findParent(call, args.job_id, args.options?.provider, "refine");
      if (typeof parent === "string") return parent;
      try {
        // Refuses an empty change, or one that is only an injection, before anything is charged.
        startRefineJob(parent.pipeline, args.change, parent.app);
      } catch (error) {
        if (error instanceof RangeError || error instanceof GuardrailError) {
          return `Cannot refine job "${args.job_id}": ${messageOf(error)}`;
        }
        throw error;
      }
      return {
        provider: parent.pipeline.provider.name,
        ...(args.options?.require_review ? { requireReview: true } : {}),
        run: (job) =>
          runOnCopy(parent, job, (outDir) =>
            refineApp(outDir, args.change, {
              pipeline: parent.pipeline,
              jobId: job.jobId,
              userId: job.userId,
              onEvent: job.onEvent,
              signal: job.signal,
              requireHumanReview: job.requireReview,
            }), now),
      };
    },
  });
}
