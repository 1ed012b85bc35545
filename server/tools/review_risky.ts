/**
 * The `review_risky` tool: lists what the human review gate found in a
 * job's code and applies a reviewer's decisions, writing approved files
 * through the sandboxed file writer and dropping rejected ones.
 *
 * @module
 */
import { z } from "zod";
import { cachedSchema } from "../_cached_schema.ts";
import type { CallToolResult, McpServer, ServerContext } from "@modelcontextprotocol/server";
import { JOB_STATUSES } from "../../core/job_state.ts";
import { applyDecisions, findingState, ReviewTargetError } from "../../jobs/review.ts";
import type { JobRecord } from "../../jobs/store.ts";
import type { ServerDeps } from "../deps.ts";
import { approvalRefusal, callerOf, maySee } from "../caller.ts";
import { makePrivate } from "../job_files.ts";
import { messageOf, ReviewFindingSchema, stillHeld, toolError, unknownJob } from "../_shared.ts";

/** One reviewer decision, about a file or about the file of one finding. */
export const ReviewDecisionSchema = z.object({
  path: z.string().max(300).optional().describe("A held file, e.g. 'backend/app/main.py'"),
  finding_id: z.string().max(400).optional().describe(
    "A finding id from the list; the decision applies to that finding's whole file",
  ),
  decision: z.enum(["approve", "reject"]).describe(
    "approve writes the file as generated; reject drops it for good",
  ),
});

/** Arguments of `review_risky`. */
export const ReviewRiskyInputSchema = cachedSchema(z.object({
  job_id: z.string().max(100).describe("The job id generate_app returned"),
  decisions: z.array(ReviewDecisionSchema).max(200).optional().describe(
    "Omit to only list the findings. Each decision names a path or a finding_id",
  ),
}));

/** What `review_risky` returns. */
export const ReviewRiskyOutputSchema = cachedSchema(z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  reason: z.string().optional(),
  findings: z.array(ReviewFindingSchema.extend({
    state: z.enum(["held", "approved", "rejected", "not_held"]).describe(
      "not_held: the file was written without review (review was not required)",
    ),
  })),
  held_for_review: z.array(z.string()).describe("Files still waiting for a decision"),
  written: z.array(z.string()).describe("Files this call approved and wrote"),
  dropped: z.array(z.string()).describe("Files this call rejected"),
}));

type Output = z.infer<typeof ReviewRiskyOutputSchema>;

function outputOf(
  record: JobRecord,
  written: string[],
  dropped: string[],
  reason = record.reason,
): Output {
  return {
    job_id: record.jobId,
    status: record.status,
    ...(record.reason ? { reason } : {}),
    findings: record.findings.map((f) => ({
      ...f,
      state: findingState(record, f.path),
    })),
    held_for_review: stillHeld(record),
    written,
    dropped,
  };
}

function textOf(out: Output): string {
  const lines = [`Job ${out.job_id}: ${out.status}${out.reason ? ` (${out.reason})` : ""}`];
  if (out.findings.length === 0) lines.push("The review gate found no risky code.");
  for (const f of out.findings) {
    lines.push(`- [${f.state}] ${f.id}: ${f.excerpt}`);
  }
  if (out.written.length > 0) lines.push(`Written: ${out.written.join(", ")}`);
  if (out.dropped.length > 0) lines.push(`Dropped: ${out.dropped.join(", ")}`);
  if (out.held_for_review.length > 0) {
    lines.push(
      `Waiting for a decision: ${
        out.held_for_review.join(", ")
      }. Ask the user, then call review_risky with decisions`,
    );
  }
  return lines.join("\n");
}

/**
 * Registers `review_risky`.
 *
 * @param server The server.
 * @param deps The job store and the per-job lock.
 */
export function registerReviewRiskyTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    "review_risky",
    {
      title: "Review risky generated code",
      description:
        "Lists the findings of the human review gate for a job (generated code using eval/exec, subprocess, os.system, child_process, pickle, dangerouslySetInnerHTML...) and which files are held back. " +
        "Call it without decisions to see them and show them to the user. Only after the user decides, call it again with decisions: " +
        "'approve' writes a held file as generated, 'reject' drops it for good. When no file is held any more, the job's status becomes 'succeeded'. " +
        "Over HTTP, approving needs the operator's token (or STACKFORGE_MCP_USERS_MAY_APPROVE=true for a user's own token); anyone who sees the job may reject.",
      inputSchema: ReviewRiskyInputSchema,
      outputSchema: ReviewRiskyOutputSchema,
      annotations: {
        title: "Review risky generated code",
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    async (
      args: z.infer<typeof ReviewRiskyInputSchema>,
      ctx: ServerContext,
    ): Promise<CallToolResult> => {
      const caller = callerOf(ctx, undefined, deps.settings.usersMayApprove);
      if (typeof caller === "string") return toolError(caller);
      const approving = (args.decisions ?? []).filter((d) => d.decision === "approve");
      if (approving.length > 0 && !caller.mayApprove) {
        return toolError(
          `Cannot approve ${
            approving.map((d) => JSON.stringify(d.path ?? d.finding_id ?? "")).join(", ")
          }: ${approvalRefusal(caller)}`,
        );
      }
      try {
        const { record, written, dropped } = await applyDecisions(
          args.job_id,
          (args.decisions ?? []).map((d) => ({
            ...(d.path !== undefined ? { path: d.path } : {}),
            ...(d.finding_id !== undefined ? { findingId: d.finding_id } : {}),
            decision: d.decision,
          })),
          {
            store: deps.store,
            lock: deps.lock,
            visible: (r) => maySee(caller, r),
            ...(deps.now ? { now: deps.now } : {}),
          },
        );
        if (written.length > 0) makePrivate(record.outDir);
        deps.index.update(record);
        const out = outputOf(
          record,
          written,
          dropped,
          record.reason === undefined ? undefined : deps.redact(record.reason),
        );
        return { content: [{ type: "text", text: textOf(out) }], structuredContent: out };
      } catch (error) {
        if (error instanceof ReviewTargetError) {
          return toolError(
            error.code === "unknown_job"
              ? unknownJob(args.job_id)
              : `${error.message}; call review_risky without decisions to list the findings`,
          );
        }
        return toolError(deps.redact(messageOf(error)));
      }
    },
  );
}
