/**
 * The result of a job tool (`generate_app`, and any later tool that runs a
 * job), built from the job's record alone, so the blocking call, a task's
 * polled result and a task answered by another replica all say the same.
 * Besides the structured summary it carries resource links to SPEC.md,
 * VALIDATION_REPORT.md and the app's folder, and, for a caller on this
 * machine or the operator, the output's absolute path.
 *
 * @module
 */
import { z } from "zod";
import { cachedSchema } from "./_cached_schema.ts";
import type { CallToolResult } from "@modelcontextprotocol/server";
import { emptyLedger, ledgerTotals } from "../core/budget.ts";
import { JOB_STATUSES } from "../core/job_state.ts";
import { checksLine, summarizeJob } from "../core/summary.ts";
import type { JobRecord } from "../jobs/store.ts";
import type { Caller } from "./caller.ts";
import { costOf, CostSchema, fileUri, jobUri, ReviewFindingSchema, stillHeld } from "./_shared.ts";
import type { Redactor } from "./redact.ts";

/** What a job tool returns (`structuredContent`). */
export const JobResultSchema = cachedSchema(z.object({
  job_id: z.string(),
  status: z.enum(JOB_STATUSES),
  reason: z.string().optional().describe("Why the job failed, stopped or waits for review"),
  provider: z.string(),
  spec: z.object({
    title: z.string(),
    summary: z.string(),
    auth: z.boolean(),
    entities: z.array(z.string()),
    endpoints: z.number().int(),
    pages: z.array(z.string()),
    patterns: z.array(z.string()),
  }).nullable().describe("A summary of the spec; get_spec returns all of it"),
  files: z.array(z.string()).describe("Relative paths written into the job's output"),
  held_for_review: z.array(z.string()).describe("Files with risky code waiting for review_risky"),
  review_findings: z.array(ReviewFindingSchema),
  validation: z.object({
    passed: z.boolean(),
    checks: z.array(z.object({
      check: z.string(),
      status: z.enum(["passed", "failed", "skipped"]),
      agent: z.string(),
      detail: z.string(),
    })),
  }).nullable(),
  cost: CostSchema,
  duration_ms: z.number().int(),
  resource_uri: z.string().describe(
    "The job's folder as a resource; its files are <resource_uri><path>",
  ),
  output_path: z.string().optional().describe(
    "The output folder's absolute path on the server's disk (in successful results for local callers and the operator)",
  ),
  parent_job_id: z.string().optional().describe(
    "refine_app, regenerate_app: the job whose app this job changed (its resources stay readable)",
  ),
  spec_diff: z.array(z.string()).optional().describe(
    "refine_app, regenerate_app: how the spec changed, one line each: '+ entity Tag', '~ field Recipe.title: type', '- view Loan.overdue'",
  ),
  conflicts: z.array(z.string()).optional().describe(
    "Files left with conflict markers (<<<<<<< yours ... >>>>>>> stackforge) where the parent's folder had edits",
  ),
}));

function failed(status: string): boolean {
  return status === "failed" || status === "cancelled";
}

/** A job tool's structured result. */
export type JobResult = z.infer<typeof JobResultSchema>;

/**
 * @param record A job's record (finished, or failed before it ran).
 * @param caller Who asks: absolute paths only for callers who may see them.
 * @param redact Hides server paths in the reason.
 * @returns The structured result.
 */
export function jobResultOf(record: JobRecord, caller: Caller, redact: Redactor): JobResult {
  const ledger = record.state?.ledger ?? emptyLedger();
  const job = summarizeJob({
    jobId: record.jobId,
    status: record.status,
    ...(record.reason ? { reason: record.reason } : {}),
    provider: record.provider,
    ...(record.state?.spec ? { spec: record.state.spec } : {}),
    ...(record.state?.validation ? { validation: record.state.validation } : {}),
    files: record.files,
    review: { held: stillHeld(record) },
    ledger,
    totals: ledgerTotals(ledger),
    durationMs: record.durationMs ?? 0,
  });
  return {
    job_id: record.jobId,
    status: job.status,
    ...(job.reason ? { reason: redact(job.reason) } : {}),
    provider: job.provider,
    spec: job.spec,
    files: job.files,
    held_for_review: job.held,
    review_findings: record.findings,
    validation: job.validation
      ? {
        passed: job.validation.passed,
        checks: job.validation.checks.map((c) => ({
          check: c.check,
          status: c.status,
          agent: c.agent,
          detail: c.detail,
        })),
      }
      : null,
    cost: record.cost ?? costOf(ledger, record.provider),
    duration_ms: job.durationMs,
    resource_uri: jobUri(record.jobId),
    // The path only in a successful result: error messages name no server paths.
    ...(caller.showsPaths && record.files.length > 0 && !failed(record.status)
      ? { output_path: record.outDir }
      : {}),
    ...(record.parentJobId ? { parent_job_id: record.parentJobId } : {}),
    ...(record.specDiff ? { spec_diff: record.specDiff } : {}),
    ...(record.conflicts ? { conflicts: record.conflicts } : {}),
  };
}

function textOf(out: JobResult, ran: boolean): string {
  const lines = [`Job ${out.job_id}: ${out.status}${out.reason ? ` (${out.reason})` : ""}`];
  // A job refused before it ran (a bad prompt, a busy server) has nothing more to show.
  if (!ran) return lines[0]!;
  if (out.spec) {
    lines.push(
      `App: ${out.spec.title}: ${
        out.spec.entities.join(", ")
      }; ${out.spec.endpoints} endpoints; pages ${out.spec.pages.join(" ")}`,
    );
  }
  if (out.parent_job_id) lines.push(`Changed the app of job ${out.parent_job_id}`);
  if (out.spec_diff) lines.push("Spec changes:", ...out.spec_diff.map((l) => `  ${l}`));
  if (out.conflicts && out.conflicts.length > 0) {
    lines.push(
      `Conflicts to resolve (<<<<<<< yours ... >>>>>>> stackforge): ${out.conflicts.join(", ")}`,
    );
  }
  if (out.validation) lines.push(`Validation: ${checksLine(out.validation.checks)}`);
  lines.push(`Files: ${out.files.length} written, read them as ${out.resource_uri}<path>`);
  if (out.output_path) lines.push(`Output folder: ${out.output_path}`);
  if (out.held_for_review.length > 0) {
    lines.push(
      `Held for review: ${
        out.held_for_review.join(", ")
      }. Show the findings to the user, then call review_risky with their decisions`,
    );
  }
  lines.push("", out.cost.table.trimEnd());
  return lines.join("\n");
}

/**
 * @param record A job's record.
 * @param caller Who asks.
 * @param redact Hides server paths.
 * @returns The tool result: text, resource links, structured content; `isError` when the job failed or was cancelled.
 */
export function jobToolResult(record: JobRecord, caller: Caller, redact: Redactor): CallToolResult {
  const out = jobResultOf(record, caller, redact);
  const title = out.spec?.title ?? "app";
  const links = [
    ["SPEC.md", "text/markdown", `The spec of the ${title}: entities, endpoints, pages`],
    ["VALIDATION_REPORT.md", "text/markdown", `What was checked in the ${title}, and the results`],
  ].filter(([path]) => out.files.includes(path!)).map(([path, mimeType, description]) => ({
    type: "resource_link" as const,
    uri: fileUri(out.job_id, path!),
    name: path!,
    title: `${path} of job ${out.job_id.slice(0, 8)} (${title})`,
    mimeType: mimeType!,
    description: description!,
  }));
  if (out.files.length > 0) {
    links.push({
      type: "resource_link",
      uri: out.resource_uri,
      name: `job-${out.job_id.slice(0, 8)}`,
      title: `Folder of job ${out.job_id.slice(0, 8)} (${title}): ${out.files.length} files`,
      mimeType: "text/uri-list",
      description: "The generated app's folder: reading it lists every file's resource URI",
    });
  }
  return {
    content: [{ type: "text", text: textOf(out, record.state !== undefined) }, ...links],
    structuredContent: out,
    ...(failed(out.status) ? { isError: true } : {}),
  };
}
