/**
 * Pieces the tools share: the cost schema and its rendering, tool results,
 * and the record of a finished job. Private to `server/`.
 *
 * @module
 */
import { z } from "zod";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { JobRecord } from "../jobs/store.ts";

export { CostSchema } from "../jobs/store.ts";
export { costOf, stillHeld, storedState } from "../jobs/record.ts";

/** The part of a request's context that says who sent it. */
export interface RequestAuth {
  authInfo?: AuthInfo;
}

/**
 * @param extra A request's context.
 * @returns The user its bearer token signed in (`STACKFORGE_MCP_USERS`), if any.
 */
export function signedInUser(extra: RequestAuth | undefined): string | undefined {
  return extra?.authInfo?.clientId;
}

/**
 * Whether a request may see a job: any job when no user is signed in (stdio,
 * the shared token), only that user's own jobs otherwise. Callers answer as
 * for an unknown job, so other users' job ids are not confirmed either.
 *
 * @param extra The request's context.
 * @param record The job's record.
 * @returns Whether the job is visible.
 */
export function maySee(extra: RequestAuth | undefined, record: JobRecord): boolean {
  const user = signedInUser(extra);
  return user === undefined || record.userId === user;
}

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

/** The URI of a job's file resource. */
export function fileUri(jobId: string, path: string): string {
  return `stackforge://jobs/${jobId}/${path}`;
}
