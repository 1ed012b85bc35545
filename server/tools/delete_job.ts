/**
 * The `delete_job` tool: removes a job, its record and the files it wrote.
 * A job still running in this process is cancelled first.
 *
 * @module
 */
import { z } from "zod";
import { cachedSchema } from "../_cached_schema.ts";
import type { CallToolResult, McpServer, ServerContext } from "@modelcontextprotocol/server";
import { checkJobId } from "../../jobs/store.ts";
import type { ServerDeps } from "../deps.ts";
import { callerOf, maySee } from "../caller.ts";
import { messageOf, toolError, unknownJob } from "../_shared.ts";

/** Arguments of `delete_job`. */
export const DeleteJobInputSchema = cachedSchema(z.strictObject({
  job_id: z.string().max(100).describe("The job to delete (from generate_app or list_jobs)"),
}));

/** What `delete_job` returns. */
export const DeleteJobOutputSchema = cachedSchema(z.object({
  job_id: z.string(),
  deleted: z.literal(true),
  cancelled: z.boolean().describe("The job was still running and was cancelled first"),
  files: z.number().int().describe("Files of the job's output that were removed"),
}));

/**
 * Registers `delete_job`.
 *
 * @param server The instance.
 * @param deps The store, the tasks and the retention.
 */
export function registerDeleteJobTool(server: McpServer, deps: ServerDeps): void {
  server.registerTool(
    "delete_job",
    {
      title: "Delete a job",
      description:
        "Deletes a job: its record, its held files and the app it generated (in an output_dir, only the files the job wrote; files you added stay). " +
        "A job still running is cancelled first. This cannot be undone: ask the user before deleting a job they may still want.",
      inputSchema: DeleteJobInputSchema,
      outputSchema: DeleteJobOutputSchema,
      annotations: {
        title: "Delete a job",
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
        openWorldHint: false,
      },
    },
    async (
      args: z.infer<typeof DeleteJobInputSchema>,
      ctx: ServerContext,
    ): Promise<CallToolResult> => {
      const caller = callerOf(ctx, undefined, deps.settings.usersMayApprove);
      if (typeof caller === "string") return toolError(caller);
      let id: string;
      let record;
      try {
        id = checkJobId(args.job_id);
        record = await deps.store.get(id);
      } catch (error) {
        return toolError(deps.redact(messageOf(error)));
      }
      if (record === undefined || !maySee(caller, record)) {
        return toolError(unknownJob(args.job_id));
      }
      let cancelled = false;
      if (deps.tasks.get(id) !== undefined) {
        cancelled = deps.tasks.cancel(id);
        await deps.tasks.settled(id);
        record = await deps.store.get(id) ?? record;
      } else if (record.status === "running") {
        return toolError(
          `Cannot delete job "${id}": it is still running (a call waiting for it, or another server process); cancel that call or wait until it ends, then delete it`,
        );
      }
      try {
        await deps.lock.run(id, () => deps.retention.remove(record!));
      } catch (error) {
        return toolError(`Cannot delete job "${id}": ${deps.redact(messageOf(error))}`);
      }
      const out = { job_id: id, deleted: true as const, cancelled, files: record.files.length };
      return {
        content: [{
          type: "text",
          text: `Deleted job ${id}${
            cancelled ? " (cancelled first)" : ""
          }: ${out.files} files removed`,
        }],
        structuredContent: out,
      };
    },
  );
}
