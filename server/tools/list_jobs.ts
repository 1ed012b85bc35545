/**
 * The `list_jobs` tool: the caller's jobs, newest first, a page at a time,
 * with their size and the caller's disk quota.
 *
 * @module
 */
import { z } from "zod";
import { cachedSchema } from "../_cached_schema.ts";
import type { CallToolResult, McpServer, ServerContext } from "@modelcontextprotocol/server";
import { JOB_STATUSES } from "../../core/job_state.ts";
import type { ServerDeps } from "../deps.ts";
import { callerOf, maySee } from "../caller.ts";
import { compareToCursor, decodeCursor, encodeCursor } from "../job_cursor.ts";
import { jobUri, messageOf, toolError } from "../_shared.ts";

/** Arguments of `list_jobs`. */
export const ListJobsInputSchema = cachedSchema(z.strictObject({
  status: z.enum(JOB_STATUSES).optional().describe("Only jobs with this status"),
  limit: z.number().int().min(1).max(100).optional().describe("Jobs per page (default 20)"),
  cursor: z.string().max(500).optional().describe("next_cursor of the previous page"),
}));

/** What `list_jobs` returns. */
export const ListJobsOutputSchema = cachedSchema(z.object({
  jobs: z.array(z.object({
    job_id: z.string(),
    status: z.enum(JOB_STATUSES),
    title: z.string().nullable().describe("The app's title, once planned"),
    user_id: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    files: z.number().int(),
    held_for_review: z.number().int(),
    bytes: z.number().int().describe("Disk space the job takes"),
    resource_uri: z.string(),
    expires_at: z.string().optional().describe("When STACKFORGE_JOB_TTL deletes the job"),
  })),
  next_cursor: z.string().optional().describe("Pass as cursor for the next page"),
  usage: z.object({
    user_id: z.string(),
    bytes: z.number().int().describe("What this user's jobs take on disk"),
    quota_bytes: z.number().int().nullable().describe("STACKFORGE_USER_QUOTA_MB; null: no quota"),
  }),
}));

/**
 * Registers `list_jobs`.
 *
 * @param server The instance.
 * @param deps The job index and settings.
 */
export function registerListJobsTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    "list_jobs",
    {
      title: "List jobs",
      description:
        "Lists your jobs, newest first: id, status, the app's title, size on disk and when it expires, with your disk usage and quota. " +
        "Use it to find a job for get_spec, review_risky or delete_job, or to free space when generate_app says the quota is reached.",
      inputSchema: ListJobsInputSchema,
      outputSchema: ListJobsOutputSchema,
      annotations: {
        title: "List jobs",
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async (
      args: z.infer<typeof ListJobsInputSchema>,
      ctx: ServerContext,
    ): Promise<CallToolResult> => {
      const caller = callerOf(ctx, undefined, deps.settings.usersMayApprove);
      if (typeof caller === "string") return toolError(caller);
      let after;
      try {
        after = args.cursor === undefined ? undefined : decodeCursor(args.cursor);
      } catch (error) {
        return toolError(messageOf(error));
      }
      await deps.retention.maybeSweep();
      const all = await deps.index.all();
      // Filtered to what the caller may see before paging: a page never counts others' jobs.
      const mine = all.filter((e) =>
        maySee(caller, e) && (args.status === undefined || e.status === args.status)
      );
      const start = after === undefined ? 0 : mine.findIndex((e) => compareToCursor(e, after!) > 0);
      const limit = args.limit ?? 20;
      const page = start < 0 ? [] : mine.slice(start, start + limit);
      const last = page.at(-1);
      const more = start >= 0 && start + limit < mine.length;
      const out: z.infer<typeof ListJobsOutputSchema> = {
        jobs: page.map((e) => {
          const expires = deps.retention.expiresAt(e.createdAt);
          return {
            job_id: e.jobId,
            status: e.status,
            title: e.title ?? null,
            user_id: e.userId,
            created_at: e.createdAt,
            updated_at: e.updatedAt,
            files: e.files.length,
            held_for_review: e.held,
            bytes: e.bytes,
            resource_uri: jobUri(e.jobId),
            ...(expires ? { expires_at: expires } : {}),
          };
        }),
        ...(more && last
          ? { next_cursor: encodeCursor({ createdAt: last.createdAt, jobId: last.jobId, item: 0 }) }
          : {}),
        usage: {
          user_id: caller.userId,
          bytes: all.filter((e) => e.userId === caller.userId).reduce((s, e) => s + e.bytes, 0),
          quota_bytes: deps.settings.userQuotaBytes ?? null,
        },
      };
      const text = [
        out.jobs.length === 0 ? "No jobs." : `${out.jobs.length} job(s):`,
        ...out.jobs.map((j) =>
          `- ${j.job_id} ${j.status} ${j.title ?? "(no spec yet)"}: ${j.files} files, ${
            Math.ceil(j.bytes / 1024)
          } KiB, created ${j.created_at}`
        ),
        `Disk used by ${JSON.stringify(out.usage.user_id)}: ${
          Math.ceil(out.usage.bytes / 1024)
        } KiB${
          out.usage.quota_bytes === null
            ? ""
            : ` of ${Math.round(out.usage.quota_bytes / 1024 / 1024)} MiB`
        }`,
        ...(out.next_cursor ? [`More: call list_jobs with cursor "${out.next_cursor}"`] : []),
      ].join("\n");
      return { content: [{ type: "text", text }], structuredContent: out };
    },
  );
}
