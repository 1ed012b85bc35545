/**
 * Pieces the tools share: the cost schema, review findings, tool errors and
 * resource URIs. Private to `server/`.
 *
 * @module
 */
import { z } from "zod";
import type { CallToolResult } from "@modelcontextprotocol/server";

export { CostSchema } from "../jobs/store.ts";
export { costOf, stillHeld, storedState } from "../jobs/record.ts";

/** A finding of the human review gate. */
export const ReviewFindingSchema = z.object({
  id: z.string().describe("Stable id: <path>:<line>:<rule>"),
  path: z.string(),
  line: z.number().int(),
  rule: z.string(),
  excerpt: z.string(),
  severity: z.enum(["high", "medium", "low"]).optional(),
  message: z.string().optional().describe("Why the construct is risky"),
});

/**
 * A failed tool call the model can read and act on.
 *
 * @param message What failed, then a colon and the detail.
 * @returns The `isError` result.
 */
export function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}

/**
 * @param error Anything thrown.
 * @returns Its message.
 */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The URI of a job's folder; its files are this plus their path. */
export function jobUri(jobId: string): string {
  return `stackforge://jobs/${jobId}/`;
}

/**
 * The URI of a job's file resource. Each segment is percent-encoded, so a
 * Next.js route such as `app/todos/[id]/page.tsx` gives a valid URI
 * (`…/todos/%5Bid%5D/page.tsx`); reading it decodes the path again.
 */
export function fileUri(jobId: string, path: string): string {
  return `${jobUri(jobId)}${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** The message for a job the caller may not see or that does not exist. */
export function unknownJob(jobId: string): string {
  return `Unknown job id "${jobId}": no job has that id (or it was deleted); use a job_id from generate_app or list_jobs`;
}
