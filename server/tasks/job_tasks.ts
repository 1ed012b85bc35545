/**
 * Tasks backed by jobs: a task's id is its job's id. While the job runs in
 * this process, `tasks/get` shows the live task (status line, input
 * requests); once it ended, or when another replica ran it, the task is
 * read from the job record, which outlives the process: `completed` with the
 * same result the blocking call returns, or `cancelled`. Only callers who
 * may see the job see its task.
 *
 * @module
 */
import type { ServerContext } from "@modelcontextprotocol/server";
import { checkJobId } from "../../jobs/store.ts";
import { callerOf, maySee } from "../caller.ts";
import type { ServerDeps } from "../deps.ts";
import { jobToolResult } from "../job_result.ts";
import type { TaskBackend, TaskView } from "./protocol.ts";

/** How often clients should poll a job's task, in ms. */
export const POLL_INTERVAL_MS = 500;

/**
 * @param deps The server's dependencies.
 * @param taskId A job id.
 * @returns The live task as `tasks/get` shows it, or undefined when not running here.
 */
export function liveTaskView(deps: ServerDeps, taskId: string): TaskView | undefined {
  const task = deps.tasks.get(taskId);
  if (task === undefined) return undefined;
  const asking = Object.keys(task.inputRequests).length > 0;
  return {
    taskId,
    status: task.cancelled ? "cancelled" : asking ? "input_required" : "working",
    ...(task.statusMessage ? { statusMessage: task.statusMessage } : {}),
    createdAt: task.createdAt,
    lastUpdatedAt: task.lastUpdatedAt,
    ttlMs: deps.settings.jobTtlMs ?? null,
    pollIntervalMs: POLL_INTERVAL_MS,
    ...(asking && !task.cancelled ? { inputRequests: task.inputRequests } : {}),
  };
}

/**
 * @param deps The server's dependencies.
 * @returns The backend `installTasks()` answers from.
 */
export function jobTaskBackend(deps: ServerDeps): TaskBackend {
  /** The caller, and the job's record when they may see it. */
  const find = async (taskId: string, ctx: ServerContext) => {
    const caller = callerOf(ctx, undefined, deps.settings.usersMayApprove);
    if (typeof caller === "string") return undefined;
    let id: string;
    try {
      id = checkJobId(taskId);
    } catch {
      return undefined;
    }
    const live = deps.tasks.get(id);
    if (live !== undefined) {
      return maySee(caller, { userId: live.owner }) ? { caller, id, live: true } : undefined;
    }
    const record = await deps.store.get(id).catch(() => undefined);
    return record !== undefined && maySee(caller, record)
      ? { caller, id, live: false, record }
      : undefined;
  };
  return {
    async view(taskId, ctx) {
      const found = await find(taskId, ctx);
      if (found === undefined) return undefined;
      const live = found.live ? liveTaskView(deps, found.id) : undefined;
      if (live !== undefined) return live;
      // The task ended between the two reads, or runs elsewhere: read its record.
      const record = found.record ?? await deps.store.get(found.id);
      if (record === undefined) return undefined;
      const common = {
        taskId: record.jobId,
        createdAt: record.createdAt,
        lastUpdatedAt: record.updatedAt,
        ttlMs: deps.settings.jobTtlMs ?? null,
        pollIntervalMs: POLL_INTERVAL_MS,
      };
      if (record.status === "running") {
        return { ...common, status: "working", statusMessage: "running" };
      }
      if (record.status === "cancelled") {
        return { ...common, status: "cancelled", statusMessage: "cancelled by the client" };
      }
      const result = jobToolResult(record, found.caller, deps.redact);
      return {
        ...common,
        status: "completed",
        statusMessage: `job ${record.status}: ${record.files.length} files written${
          record.heldFiles.length > 0 ? `, ${record.heldFiles.length} held for review` : ""
        }`,
        result: result as unknown as Record<string, unknown>,
      };
    },
    async cancel(taskId, ctx) {
      const found = await find(taskId, ctx);
      if (found === undefined) return false;
      // A task that ended (or runs on another replica) acknowledges and stays as it is.
      if (found.live) deps.tasks.cancel(found.id);
      return true;
    },
    async update(taskId, responses, ctx) {
      const found = await find(taskId, ctx);
      if (found === undefined) return false;
      if (found.live) deps.tasks.answer(found.id, responses);
      return true;
    },
  };
}
