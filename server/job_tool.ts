/**
 * A tool that runs a job (`generate_app`; later `refine_app`,
 * `regenerate_app`): everything but the job itself is here, so such a tool
 * is one file with its schema and a `prepare()` that says how to run it.
 *
 * - Who asks (`caller.ts`), the per-user rate limit, the disk quota, the
 *   server's cap on jobs running at once, job retention.
 * - A 2026-07-28 request that declares the Tasks extension gets a task
 *   handle at once; the job runs in the background, its status line follows
 *   the agents, `tasks/cancel` stops it and leaves no output. Every other
 *   client gets the blocking call, with one progress notification per agent
 *   step when it sent a progress token.
 * - Held files: a caller allowed to approve whose client can answer a form
 *   elicitation is asked, as an `input_required` result (blocking call) or
 *   as the task's input request; otherwise the job ends `awaiting_review`
 *   and `review_risky` decides.
 * - The result is built from the job's record (`job_result.ts`).
 *
 * @module
 */
import {
  type CallToolResult,
  inputRequired,
  type McpServer,
  type ServerContext,
  type ToolAnnotations,
} from "@modelcontextprotocol/server";
import type { z } from "zod";
import type { EventListener, PipelineEvent } from "../core/events.ts";
import { jobOutputDir, type JobRecord } from "../jobs/store.ts";
import { newJobRecord } from "../jobs/record.ts";
import { type Caller, callerOf, maySee } from "./caller.ts";
import type { ServerDeps } from "./deps.ts";
import { createJobFolder, makePrivate, outputOutside, removeOutput } from "./job_files.ts";
import { JobResultSchema, jobToolResult } from "./job_result.ts";
import { describe, progressSender } from "./progress.ts";
import { applyApproval, approvalInputRequest, approvalRequest } from "./review_input.ts";
import {
  clientSupportsTasks,
  createTaskResult,
  envelopeAllowsElicitation,
} from "./tasks/protocol.ts";
import { liveTaskView } from "./tasks/job_tasks.ts";
import { messageOf, toolError } from "./_shared.ts";

/** How long a task waits for the user's answer about held files before it ends awaiting review. */
export const REVIEW_WAIT_MS = 30 * 60_000;

/** The input key of the review question (unique within a task: one question per job). */
const REVIEW_KEY = "review";

/** The era a server instance serves. */
export type Era = "legacy" | "modern";

/** What a job tool's `prepare()` gets besides the arguments. */
export interface JobCall {
  caller: Caller;
  ctx: ServerContext;
  server: McpServer;
  deps: ServerDeps;
  era: Era;
}

/** One run of a prepared job. */
export interface JobRun {
  jobId: string;
  userId: string;
  /** The output folder, absolute. */
  outDir: string;
  /** The record saved when the job started. */
  base: JobRecord;
  /** Hold risky files: the operator's REQUIRE_HUMAN_REVIEW, or the client's request. */
  requireReview: boolean;
  /** Stops the job (a cancelled task, a cancelled call, a client gone). */
  signal: AbortSignal;
  /** Receives every pipeline event. */
  onEvent: EventListener;
}

/** A job ready to run. */
export interface PreparedJob {
  /** The provider's name, recorded on the job. */
  provider: string;
  /** The output folder (default: the job's own folder). */
  outDir?: string;
  /** The client asks to hold risky files; it can only add to the operator's policy. */
  requireReview?: boolean;
  /** The job needs this very request to reach the client (sampling), so it cannot be a task. */
  boundToRequest?: boolean;
  /**
   * Runs the job to its end.
   *
   * @returns The finished record (saved by the caller).
   * @throws For a job that could not run; it is recorded as failed with the message.
   */
  run(job: JobRun): Promise<JobRecord>;
}

/** A job tool. */
export interface JobToolDefinition<S extends z.ZodType<{ user_id?: string | undefined }>> {
  name: string;
  title: string;
  description: string;
  inputSchema: S;
  annotations: ToolAnnotations;
  /**
   * Checks the arguments and says how to run the job; nothing is charged yet.
   *
   * @returns The job, or the message of a tool error (what was wrong, and what to do).
   */
  prepare(args: z.infer<S>, call: JobCall): Promise<PreparedJob | string>;
}

function bytes(n: number): string {
  return n >= 1024 ** 3
    ? `${(n / 1024 ** 3).toFixed(1)} GiB`
    : `${Math.max(0.1, n / 1024 ** 2).toFixed(1)} MiB`;
}

/**
 * Whether the client of this request can answer a form elicitation.
 *
 * @param server The instance.
 * @param ctx The request.
 * @param era The instance's era.
 * @returns True on a 2026-07-28 request declaring elicitation, or a 2025-era session whose
 *   client declared it (stateless 2025 HTTP has no session, so never there).
 */
export function canElicit(server: McpServer, ctx: ServerContext, era: Era): boolean {
  if (era === "modern") return envelopeAllowsElicitation(ctx);
  const elicitation = server.server.getClientCapabilities()?.elicitation;
  if (elicitation === undefined) return false;
  const modes = Object.keys(elicitation);
  return modes.length === 0 || modes.includes("form");
}

/**
 * Registers a job tool.
 *
 * @param server The instance.
 * @param deps The server's dependencies.
 * @param era The era the instance serves.
 * @param def The tool.
 */
export function registerJobTool<S extends z.ZodType<{ user_id?: string | undefined }>>(
  server: McpServer,
  deps: ServerDeps,
  era: Era,
  def: JobToolDefinition<S>,
): void {
  const now = deps.now ?? (() => new Date());
  const observe = (event: PipelineEvent) => {
    for (const listener of deps.observers ?? []) listener(event);
  };

  /** Saves a finished record with private permissions and tells the index. */
  const settle = async (record: JobRecord): Promise<JobRecord> => {
    makePrivate(`${deps.jobsDir}/${record.jobId}`);
    if (outputOutside(deps.jobsDir, record)) makePrivate(record.outDir);
    await deps.store.put(record);
    deps.index.update(record);
    return record;
  };

  /** A job stopped by its client: whatever it wrote goes, so cancelled means no output. */
  const cancelled = async (record: JobRecord): Promise<JobRecord> => {
    removeOutput(deps.jobsDir, record);
    return await settle({
      ...record,
      status: "cancelled",
      reason: "cancelled by the client",
      files: [],
      heldFiles: [],
      updatedAt: now().toISOString(),
    });
  };

  /** Takes a slot, runs the job, saves its record. */
  const execute = async (
    job: PreparedJob,
    base: JobRecord,
    requireReview: boolean,
    signal: AbortSignal,
    status: (line: string) => void,
    onEvent: EventListener,
  ): Promise<JobRecord> => {
    let slot;
    try {
      slot = await deps.slots.acquire(
        signal,
        (ahead) => status(`waiting for a free slot: ${ahead} job(s) ahead`),
      );
    } catch {
      return await cancelled(base);
    }
    if (slot === undefined) {
      return await settle({
        ...base,
        status: "failed",
        reason: "the server is busy: every job slot is taken; retry in a minute",
        updatedAt: now().toISOString(),
      });
    }
    let record: JobRecord;
    try {
      record = await job.run({
        jobId: base.jobId,
        userId: base.userId,
        outDir: base.outDir,
        base,
        requireReview,
        signal,
        onEvent,
      });
    } catch (error) {
      record = {
        ...base,
        status: signal.aborted ? "cancelled" : "failed",
        reason: messageOf(error),
        updatedAt: now().toISOString(),
      };
    } finally {
      slot.release();
    }
    // A cancel that came as the job finished still leaves no output behind.
    if (signal.aborted && record.status !== "cancelled") return await cancelled(record);
    return await settle(record);
  };

  server.registerTool(
    def.name,
    {
      title: def.title,
      description: def.description,
      inputSchema: def.inputSchema,
      outputSchema: JobResultSchema,
      annotations: def.annotations,
    },
    // deno-lint-ignore no-explicit-any
    (async (args: any, ctx: ServerContext): Promise<CallToolResult> => {
      const caller = callerOf(ctx, args.user_id, deps.settings.usersMayApprove);
      if (typeof caller === "string") return toolError(caller);

      // The second round of a review question: apply the answer, charge nothing.
      const state = ctx.mcpReq.requestState<{ kind?: string; jobId?: string }>();
      if (state?.kind === "review" && typeof state.jobId === "string") {
        const record = await deps.store.get(state.jobId).catch(() => undefined);
        if (record === undefined || !maySee(caller, record)) {
          return toolError(`Cannot apply the review answer: job "${state.jobId}" is gone`);
        }
        try {
          const after = await applyApproval(
            deps,
            record,
            caller,
            ctx.mcpReq.inputResponses?.[REVIEW_KEY],
          );
          return jobToolResult(after, caller, deps.redact);
        } catch (error) {
          return toolError(`Cannot apply the review answer: ${deps.redact(messageOf(error))}`);
        }
      }

      await deps.retention.maybeSweep();
      const call: JobCall = { caller, ctx, server, deps, era };
      const job = await def.prepare(args, call);
      if (typeof job === "string") return toolError(deps.redact(job));

      const userId = caller.userId;
      const decision = await deps.rateLimiter.consume(userId);
      if (!decision.allowed) {
        deps.onRateLimited?.(userId);
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        return toolError(
          `Rate limit reached for user ${
            JSON.stringify(userId)
          }: at most ${decision.limit} ${def.name} calls per minute; retry in ${seconds} s`,
        );
      }
      const load = deps.slots.load();
      if (load.running >= deps.slots.limits.running && load.waiting >= deps.slots.limits.waiting) {
        return toolError(
          `The server is busy: ${load.running} jobs running and ${load.waiting} waiting (STACKFORGE_MAX_CONCURRENT_JOBS, STACKFORGE_MAX_WAITING_JOBS); retry in a minute`,
        );
      }
      const quota = deps.settings.userQuotaBytes;
      if (quota !== undefined) {
        const used = (await deps.index.all())
          .filter((e) => e.userId === userId)
          .reduce((sum, e) => sum + e.bytes, 0);
        if (used >= quota) {
          return toolError(
            `Disk quota reached for user ${JSON.stringify(userId)}: their jobs hold ${
              bytes(used)
            } of ${
              bytes(quota)
            } (STACKFORGE_USER_QUOTA_MB); delete jobs you no longer need with delete_job (list_jobs shows them), then retry`,
          );
        }
      }

      const jobId = crypto.randomUUID();
      createJobFolder(deps.jobsDir, jobId);
      const base = newJobRecord({
        jobId,
        userId,
        provider: job.provider,
        createdAt: now().toISOString(),
        outDir: job.outDir ?? jobOutputDir(deps.jobsDir, jobId),
      });
      await deps.store.put(base);
      deps.index.update(base);
      const requireReview = deps.pipeline.config.requireHumanReview || job.requireReview === true;
      const mayAsk = caller.mayApprove && canElicit(server, ctx, era);

      if (era === "modern" && clientSupportsTasks(ctx) && !job.boundToRequest) {
        deps.tasks.start(jobId, userId, async (task) => {
          let record: JobRecord;
          try {
            record = await execute(job, base, requireReview, task.signal, task.status, (e) => {
              const line = describe(e);
              if (line !== undefined) task.status(line);
              observe(e);
            });
          } catch (error) {
            // Saving failed (a full disk...): the task must not stay "working" forever.
            await deps.store.put({
              ...base,
              status: "failed",
              reason: `the job could not be saved: ${messageOf(error)}`,
              updatedAt: now().toISOString(),
            }).catch(() => {});
            return;
          }
          if (record.status === "cancelled") return;
          if (record.heldFiles.length > 0 && mayAsk) {
            task.status(
              `waiting for the user's decision on ${record.heldFiles.length} held file(s)`,
            );
            try {
              const answers = await task.ask(
                { [REVIEW_KEY]: approvalInputRequest(record) },
                REVIEW_WAIT_MS,
              );
              record = await applyApproval(deps, record, caller, answers[REVIEW_KEY]);
            } catch (error) {
              if (task.signal.aborted) {
                await cancelled(record);
                return;
              }
              task.status(`the decision could not be applied: ${deps.redact(messageOf(error))}`);
              return;
            }
          }
          task.status(`job ${record.status}: ${record.files.length} files written`);
        });
        return createTaskResult(liveTaskView(deps, jobId)!);
      }

      const progress = progressSender(ctx);
      const record = await execute(
        job,
        base,
        requireReview,
        ctx.mcpReq.signal,
        progress.send,
        (e) => {
          progress.onEvent(e);
          observe(e);
        },
      );
      await progress.finish(
        `job ${record.status}: ${record.files.length} files written${
          record.heldFiles.length > 0 ? `, ${record.heldFiles.length} held for review` : ""
        }`,
      );
      if (record.heldFiles.length > 0 && mayAsk) {
        return inputRequired({
          inputRequests: { [REVIEW_KEY]: inputRequired.elicit(approvalRequest(record)) },
          requestState: await deps.reviewState.mint({ kind: "review", jobId }, ctx),
        }) as unknown as CallToolResult;
      }
      return jobToolResult(record, caller, deps.redact);
    }) as never,
  );
}
