/**
 * The `review_risky` tool: lists what the human review gate found in a
 * job's code and applies a reviewer's decisions, writing approved files
 * through the sandboxed file writer and dropping rejected ones.
 *
 * @module
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { JOB_STATUSES } from "../../core/job_state.ts";
import { renderValidationReport, type ReviewOutcome } from "../../pipeline/report.ts";
import { createFileWriter } from "../../guardrails/sandbox.ts";
import type { ServerDeps } from "../deps.ts";
import { checkJobId, type JobRecord } from "../../jobs/store.ts";
import {
  maySee,
  messageOf,
  type RequestAuth,
  ReviewFindingSchema,
  stillHeld,
  toolError,
} from "../_shared.ts";

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
export const ReviewRiskyInputSchema = z.object({
  job_id: z.string().max(100).describe("The job id generate_app returned"),
  decisions: z.array(ReviewDecisionSchema).max(200).optional().describe(
    "Omit to only list the findings. Each decision names a path or a finding_id",
  ),
});

/** What `review_risky` returns. */
export const ReviewRiskyOutputSchema = z.object({
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
});

type Output = z.infer<typeof ReviewRiskyOutputSchema>;

function resolveDecisions(
  record: JobRecord,
  decisions: z.infer<typeof ReviewDecisionSchema>[],
): Map<string, "approve" | "reject"> {
  const held = new Set(stillHeld(record));
  const chosen = new Map<string, "approve" | "reject">();
  for (const d of decisions) {
    if ((d.path === undefined) === (d.finding_id === undefined)) {
      throw new TypeError(
        `Invalid decision ${
          JSON.stringify(d)
        }: give either "path" or "finding_id", not both or neither`,
      );
    }
    let path = d.path;
    if (d.finding_id !== undefined) {
      const finding = record.findings.find((f) => f.id === d.finding_id);
      if (finding === undefined) {
        throw new RangeError(
          `Unknown finding ${
            JSON.stringify(d.finding_id)
          }: call review_risky without decisions to list the findings`,
        );
      }
      path = finding.path;
    }
    if (!held.has(path!)) {
      const why = record.approved.includes(path!)
        ? "it was already approved"
        : record.rejected.includes(path!)
        ? "it was already rejected"
        : "it is not held for review";
      throw new RangeError(`Cannot decide on ${JSON.stringify(path)}: ${why}`);
    }
    const earlier = chosen.get(path!);
    if (earlier !== undefined && earlier !== d.decision) {
      throw new RangeError(
        `Conflicting decisions for ${JSON.stringify(path)}: both approve and reject`,
      );
    }
    chosen.set(path!, d.decision);
  }
  return chosen;
}

function outputOf(record: JobRecord, written: string[], dropped: string[]): Output {
  const held = new Set(stillHeld(record));
  return {
    job_id: record.jobId,
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
    findings: record.findings.map((f) => ({
      ...f,
      state: held.has(f.path)
        ? "held"
        : record.approved.includes(f.path)
        ? "approved"
        : record.rejected.includes(f.path)
        ? "rejected"
        : "not_held",
    })),
    held_for_review: [...held],
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
        "'approve' writes a held file as generated, 'reject' drops it for good. When no file is held any more, the job's status becomes 'succeeded'.",
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
    (args: z.infer<typeof ReviewRiskyInputSchema>, extra: RequestAuth): Promise<CallToolResult> => {
      let jobId: string;
      try {
        jobId = checkJobId(args.job_id);
      } catch (error) {
        return Promise.resolve(toolError(messageOf(error)));
      }
      return deps.lock.run(jobId, async () => {
        try {
          const record = await deps.store.get(jobId);
          if (record === undefined || !maySee(extra, record)) {
            return toolError(
              `Unknown job id "${jobId}": no job has that id; use the job_id generate_app returned`,
            );
          }
          const decisions = resolveDecisions(record, args.decisions ?? []);
          const written: string[] = [];
          const dropped: string[] = [];
          if (decisions.size > 0) {
            const writer = createFileWriter(record.outDir);
            for (const file of record.heldFiles) {
              const decision = decisions.get(file.path);
              if (decision === "approve") {
                writer.write(file.path, file.content);
                written.push(file.path);
              } else if (decision === "reject") {
                dropped.push(file.path);
              }
            }
            record.heldFiles = record.heldFiles.filter((f) => !decisions.has(f.path));
            record.approved = [...record.approved, ...written].sort();
            record.rejected = [...record.rejected, ...dropped].sort();
            record.files = [...new Set([...record.files, ...written])].sort();
            if (record.heldFiles.length === 0 && record.status === "awaiting_review") {
              record.status = "succeeded";
              delete record.reason;
            }
            if (record.state !== undefined) {
              record.state.status = record.status;
              if (record.reason === undefined) delete record.state.reason;
              writer.write(
                "VALIDATION_REPORT.md",
                renderValidationReport(record.state, {
                  // Stored findings are the gate's own, read back from JSON.
                  findings: record.findings as ReviewOutcome["findings"],
                  held: stillHeld(record),
                }),
              );
            }
            record.updatedAt = (deps.now ?? (() => new Date()))().toISOString();
            await deps.store.put(record);
          }
          const out = outputOf(record, written, dropped);
          return { content: [{ type: "text", text: textOf(out) }], structuredContent: out };
        } catch (error) {
          return toolError(messageOf(error));
        }
      });
    },
  );
}
