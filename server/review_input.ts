/**
 * Asking the user about a job's held files from inside the job tool: one
 * form-mode elicitation ("write these risky files anyway?") carried as an
 * MCP 2026-07-28 input request (an `input_required` result, or a task's
 * `inputRequests`; the SDK's legacy shim turns it into a plain elicitation
 * for 2025-11-25 sessions). `review_risky` stays the path that always works.
 *
 * @module
 */
import { applyDecisions } from "../jobs/review.ts";
import type { JobRecord } from "../jobs/store.ts";
import type { InputRequest } from "./tasks/registry.ts";
import { type Caller, maySee } from "./caller.ts";
import type { ServerDeps } from "./deps.ts";
import { makePrivate } from "./job_files.ts";

/** The elicitation's form: one yes/no question. */
function approvalSchema() {
  return {
    type: "object" as const,
    properties: {
      approve: {
        type: "boolean" as const,
        title: "Write the risky files",
        description: "No keeps them held: review_risky can approve or reject them later",
      },
    },
    required: ["approve"],
  };
}

/** The elicitation's parameters (form mode) for a job's held files. */
export function approvalRequest(record: JobRecord): {
  message: string;
  requestedSchema: ReturnType<typeof approvalSchema>;
} {
  const held = new Set(record.heldFiles.map((f) => f.path));
  const findings = record.findings.filter((f) => held.has(f.path));
  return {
    message: `The generated code of job ${
      record.jobId.slice(0, 8)
    } has ${findings.length} risky pattern(s):\n${
      findings.slice(0, 20).map((f) => `- ${f.id}: ${f.excerpt}`).join("\n")
    }${
      findings.length > 20 ? `\n- and ${findings.length - 20} more` : ""
    }\nWrite these files anyway?`,
    requestedSchema: approvalSchema(),
  };
}

/** The same question as a task input request. */
export function approvalInputRequest(record: JobRecord): InputRequest {
  return { method: "elicitation/create", params: { mode: "form", ...approvalRequest(record) } };
}

/**
 * @param answer An elicitation result from the client (untrusted).
 * @returns True only when the user accepted and ticked approve; decline, cancel or anything else holds the files.
 */
export function approved(answer: unknown): boolean {
  const a = answer as { action?: unknown; content?: { approve?: unknown } } | null | undefined;
  return a?.action === "accept" && a.content?.approve === true;
}

/**
 * Writes a job's held files when the user approved them; leaves them held otherwise.
 *
 * @param deps Store, lock and index.
 * @param record The job as it was when the question was asked.
 * @param caller Who answered; must be allowed to approve (checked by the caller of this function).
 * @param answer The elicitation result.
 * @returns The record after the decision.
 */
export async function applyApproval(
  deps: ServerDeps,
  record: JobRecord,
  caller: Caller,
  answer: unknown,
): Promise<JobRecord> {
  if (!approved(answer) || !caller.mayApprove) return record;
  const held = record.heldFiles.map((f) => f.path);
  if (held.length === 0) return record;
  const { record: after } = await applyDecisions(
    record.jobId,
    held.map((path) => ({ path, decision: "approve" as const })),
    {
      store: deps.store,
      lock: deps.lock,
      visible: (r) => maySee(caller, r),
      ...(deps.now ? { now: deps.now } : {}),
    },
  );
  makePrivate(after.outDir);
  deps.index.update(after);
  return after;
}
