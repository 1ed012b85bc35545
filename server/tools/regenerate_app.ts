/**
 * The `regenerate_app` tool: generates an earlier job's app again from a
 * spec the caller gives (get_spec's spec, edited). The spec is checked with
 * the spec schema and its consistency checks, each problem named by its
 * JSON path; the new job holds a copy of the app regenerated from it (edits
 * in the parent's folder merged three ways) and returns the spec's diff.
 * Rate limits, quota, review and tasks are the same as for `generate_app`.
 *
 * @module
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import { InputError } from "../../core/errors.ts";
import type { Spec } from "../../core/spec.ts";
import { parseSpecText } from "../../pipeline/refine/spec_file.ts";
import { regenerateApp } from "../../pipeline/refine/refine.ts";
import type { ServerDeps } from "../deps.ts";
import { type Era, registerJobTool } from "../job_tool.ts";
import { cachedSchema } from "../_cached_schema.ts";
import { findParent, IterateArgs, runOnCopy } from "./_iterate.ts";

/** Arguments of `regenerate_app`. */
export const RegenerateAppInputSchema = cachedSchema(z.strictObject({
  job_id: IterateArgs.job_id,
  spec: z.record(z.string(), z.unknown()).describe(
    "The whole new spec: get_spec's spec with your edits (entities, fields, relations, links, actions, rules, views, redirects, roles, requirements); endpoints and pages may be left out, they are derived",
  ),
  user_id: IterateArgs.user_id,
  options: IterateArgs.options,
}));

type Args = z.infer<typeof RegenerateAppInputSchema>;

/**
 * Registers `regenerate_app`.
 *
 * @param server The instance.
 * @param deps The server's dependencies.
 * @param era The era the instance serves.
 */
export function registerRegenerateAppTool(server: McpServer, deps: ServerDeps, era: Era): void {
  const now = deps.now ?? (() => new Date());
  registerJobTool(server, deps, era, {
    name: "regenerate_app",
    title: "Regenerate an app from its edited spec",
    description:
      "Generates the app of an earlier job again from the spec you give (get_spec's spec, edited: add a field, a rule, a view...). " +
      "The spec is checked first; each problem is named by its JSON path (entities[0].fields[2].type). " +
      "Returns a new job (its parent stays readable) with spec_diff plus everything generate_app returns; " +
      "edits made in the parent's folder are kept (merged three ways), conflicts are listed. To describe the change in words, use refine_app.",
    inputSchema: RegenerateAppInputSchema,
    annotations: {
      title: "Regenerate an app from its edited spec",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    },
    async prepare(args: Args, call) {
      let spec: Spec;
      try {
        spec = parseSpecText(JSON.stringify(args.spec), "The spec");
      } catch (error) {
        if (error instanceof InputError) return error.message;
        throw error;
      }
      const parent = await findParent(call, args.job_id, args.options?.provider, "regenerate");
      if (typeof parent === "string") return parent;
      return {
        provider: parent.pipeline.provider.name,
        ...(args.options?.require_review ? { requireReview: true } : {}),
        run: (job) =>
          runOnCopy(parent, job, (outDir) =>
            regenerateApp(spec, { from: outDir }, {
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
