/**
 * The `get_spec` tool: a job's spec (structured and as SPEC.md), its status
 * and its cost.
 *
 * @module
 */
import { z } from "zod";
import { cachedSchema } from "../_cached_schema.ts";
import type { CallToolResult, McpServer, ServerContext } from "@modelcontextprotocol/server";
import { JOB_STATUSES } from "../../core/job_state.ts";
import { emptyLedger } from "../../core/budget.ts";
import { SpecSchema } from "../../core/spec.ts";
import { renderSpecMarkdown } from "../../pipeline/spec_markdown.ts";
import type { ServerDeps } from "../deps.ts";
import { checkJobId } from "../../jobs/store.ts";
import { callerOf, maySee } from "../caller.ts";
import {
  costOf,
  CostSchema,
  jobUri,
  messageOf,
  stillHeld,
  toolError,
  unknownJob,
} from "../_shared.ts";

/** Arguments of `get_spec`. */
export const GetSpecInputSchema = cachedSchema(z.object({
  job_id: z.string().max(100).describe("The job id generate_app returned"),
}));

/** What `get_spec` returns. */
export const GetSpecOutputSchema = cachedSchema(z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  reason: z.string().optional(),
  provider: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  spec: SpecSchema.nullable().describe(
    "Entities with typed fields and relations, API endpoints, pages; null until the planner ran",
  ),
  spec_markdown: z.string().nullable().describe("The text of the job's SPEC.md"),
  files: z.array(z.string()),
  held_for_review: z.array(z.string()),
  cost: CostSchema,
  resource_uri: z.string(),
}));

/**
 * Registers `get_spec`.
 *
 * @param server The server.
 * @param deps The job store.
 */
export function registerGetSpecTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    "get_spec",
    {
      title: "Get a job's spec",
      description:
        "Returns the spec of a job started by generate_app: entities with typed fields and relations, API endpoints and pages (structured), the same as Markdown (SPEC.md), the job's status and its per-agent cost. " +
        "Use it to explain or review what was generated, or to check on a job that is still running.",
      inputSchema: GetSpecInputSchema,
      outputSchema: GetSpecOutputSchema,
      annotations: {
        title: "Get a job's spec",
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async (
      args: z.infer<typeof GetSpecInputSchema>,
      ctx: ServerContext,
    ): Promise<CallToolResult> => {
      const caller = callerOf(ctx, undefined, deps.settings.usersMayApprove);
      if (typeof caller === "string") return toolError(caller);
      let record;
      try {
        record = await deps.store.get(checkJobId(args.job_id));
      } catch (error) {
        return toolError(deps.redact(messageOf(error)));
      }
      if (record === undefined || !maySee(caller, record)) {
        return toolError(unknownJob(args.job_id));
      }
      const spec = record.state?.spec ?? null;
      const out: z.infer<typeof GetSpecOutputSchema> = {
        job_id: record.jobId,
        status: record.status,
        ...(record.reason ? { reason: deps.redact(record.reason) } : {}),
        provider: record.provider,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
        spec,
        spec_markdown: record.specMarkdown ?? (spec ? renderSpecMarkdown(spec) : null),
        files: record.files,
        held_for_review: stillHeld(record),
        cost: record.cost ?? costOf(record.state?.ledger ?? emptyLedger(), record.provider),
        resource_uri: jobUri(record.jobId),
      };
      const text = `Job ${out.job_id}: ${out.status}${out.reason ? ` (${out.reason})` : ""}\n\n` +
        (out.spec_markdown ?? "No spec yet: the planner has not finished.\n") + "\n" +
        out.cost.table;
      return { content: [{ type: "text", text }], structuredContent: out };
    },
  );
}
