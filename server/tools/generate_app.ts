/**
 * The `generate_app` tool: runs one job from a plain-language idea to a
 * Next.js + FastAPI app, with progress notifications, cancellation and
 * per-user rate limits.
 *
 * @module
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  CallToolResult,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import {
  DEFAULT_MODEL,
  PROVIDER_NAMES,
  type ProviderName,
  USER_ID,
} from "../../pipeline/config.ts";
import { generateApp, type GenerateResult } from "../../pipeline/generate.ts";
import { InputError } from "../../core/errors.ts";
import { JOB_STATUSES } from "../../core/job_state.ts";
import { checksLine, summarizeJob } from "../../core/summary.ts";
import type { ServerDeps } from "../deps.ts";
import { jobOutputDir, type JobRecord } from "../../jobs/store.ts";
import { jobRecordOf, newJobRecord } from "../../jobs/record.ts";
import { askToWriteRiskyFiles } from "../elicit_review.ts";
import { progressSender } from "../progress.ts";
import { submitJob } from "../../jobs/submit.ts";
import { createSamplingProvider } from "../../providers/sampling.ts";
import type { Pipeline } from "../../pipeline/generate.ts";
import { clientCanSample, clientSampler } from "../sampling.ts";
import { isUserRateLimiter } from "../../jobs/rate_limit.ts";
import {
  costOf,
  CostSchema,
  fileUri,
  messageOf,
  ReviewFindingSchema,
  signedInUser,
  toolError,
} from "../_shared.ts";

/** Arguments of `generate_app`. */
export const GenerateAppInputSchema = z.object({
  prompt: z.string().min(1).max(8_000).describe(
    "The app idea in plain words, e.g. 'a todo app where users sign in and manage their own todos'",
  ),
  user_id: z.string().regex(USER_ID).optional().describe(
    "Who asks, for per-user rate limits (1-100 letters, digits, '.', '_', '@' or '-'; default 'local'); when your bearer token names a user, that user (leave it out)",
  ),
  options: z.object({
    provider: z.enum([...PROVIDER_NAMES, "sampling"]).optional().describe(
      "'offline' (deterministic, free, no model calls), 'openai', or 'sampling' (your client's model, through MCP sampling); default: the server's, or 'sampling' when the server has no model configured and your client supports sampling",
    ),
    require_review: z.boolean().optional().describe(
      "Hold files with risky code (eval, subprocess, dangerouslySetInnerHTML...) until review_risky approves them; default: the server's REQUIRE_HUMAN_REVIEW",
    ),
  }).optional(),
});

/** What `generate_app` returns. */
export const GenerateAppOutputSchema = z.object({
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
  resource_uri: z.string().describe("Prefix of the job's file resources"),
});

type Output = z.infer<typeof GenerateAppOutputSchema>;

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function outputOf(record: JobRecord, result: GenerateResult): Output {
  const job = summarizeJob(result);
  return {
    job_id: record.jobId,
    status: job.status,
    ...(job.reason ? { reason: job.reason } : {}),
    provider: job.provider,
    spec: job.spec,
    files: job.files,
    held_for_review: job.held,
    review_findings: result.review.findings,
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
    cost: record.cost ?? costOf(result.ledger, result.provider),
    duration_ms: job.durationMs,
    resource_uri: fileUri(record.jobId, ""),
  };
}

function textOf(out: Output): string {
  const lines = [
    `Job ${out.job_id}: ${out.status}${out.reason ? ` (${out.reason})` : ""}`,
  ];
  if (out.spec) {
    lines.push(
      `App: ${out.spec.title}: ${
        out.spec.entities.join(", ")
      }; ${out.spec.endpoints} endpoints; pages ${out.spec.pages.join(" ")}`,
    );
  }
  if (out.validation) lines.push(`Validation: ${checksLine(out.validation.checks)}`);
  lines.push(`Files: ${out.files.length} written, read them as ${out.resource_uri}<path>`);
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

/** Options of {@link registerGenerateAppTool}. */
export interface GenerateAppToolOptions {
  /**
   * Ask the user about risky files through elicitation when the client
   * supports it (default true). Off for stateless HTTP, where the client's
   * capabilities are not known for a call.
   */
  elicit?: boolean;
  /**
   * Let jobs use the client's model through MCP sampling when it supports it
   * (default: as `elicit`; off for stateless HTTP for the same reason).
   */
  sample?: boolean;
}

/**
 * The pipeline a call runs on: the server's, another configured provider's,
 * or the server's with the client's model (MCP sampling).
 *
 * @returns The pipeline, or the message of a tool error.
 */
async function choosePipeline(
  server: McpServer,
  deps: ServerDeps,
  extra: Extra,
  requested: string | undefined,
  sample: boolean,
): Promise<Pipeline | string> {
  const pipeline = deps.pipeline;
  const canSample = sample && clientCanSample(server);
  if (
    requested === "sampling" ||
    (requested === undefined && canSample && pipeline.config.sampling.auto)
  ) {
    if (!canSample) {
      return `Cannot use provider "sampling": ${
        sample
          ? "your MCP client did not declare the sampling capability"
          : "this transport cannot send requests to the client (use stdio)"
      }; use "offline" or "openai"`;
    }
    const { openai, sampling } = pipeline.config;
    return {
      ...pipeline,
      provider: createSamplingProvider({
        sample: clientSampler(server, extra, sampling.timeoutMs),
        ...(openai.model !== DEFAULT_MODEL ? { model: openai.model } : {}),
        models: openai.models,
      }),
    };
  }
  if (requested === undefined || requested === pipeline.provider.name) return pipeline;
  if (deps.pipelineFor === undefined) {
    return `Cannot use provider "${requested}": this server only runs "${pipeline.provider.name}"`;
  }
  try {
    return await deps.pipelineFor(requested as ProviderName);
  } catch (error) {
    const message = error instanceof InputError
      ? error.messageFor({
        provider_needs_key: 'the server has no key for it; pass options.provider "offline"',
      })
      : messageOf(error);
    return `Cannot use provider "${requested}": ${message}`;
  }
}

/**
 * Registers `generate_app`.
 *
 * @param server The server.
 * @param deps Pipeline, job store, rate limiter.
 * @param options Whether to ask about risky files through elicitation.
 */
export function registerGenerateAppTool(
  server: McpServer,
  deps: ServerDeps,
  options: GenerateAppToolOptions = {},
): void {
  const elicit = options.elicit ?? true;
  const sample = options.sample ?? elicit;
  server.registerTool(
    "generate_app",
    {
      title: "Generate an app",
      description:
        "Turns a plain-language app idea into a working full-stack app (Next.js frontend + FastAPI backend with SQLite and tests). " +
        "Plans a spec (entities, endpoints, pages), writes the code, validates it, and returns the job id, status, a spec summary, the files written, the validation checks and the per-agent cost. " +
        "Takes from under a second (offline provider) to a few minutes (model provider); send a progressToken to get one progress notification per agent step. " +
        "If status is 'awaiting_review', some files contain risky code and were not written: call review_risky. " +
        "Use get_spec for the full spec and the file resources stackforge://jobs/{job_id}/{path} to read the code.",
      inputSchema: GenerateAppInputSchema,
      outputSchema: GenerateAppOutputSchema,
      annotations: {
        title: "Generate an app",
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    async (args: z.infer<typeof GenerateAppInputSchema>, extra: Extra): Promise<CallToolResult> => {
      // A signed-in user (their own bearer token) is who asks, whatever user_id says.
      const signedIn = signedInUser(extra);
      if (signedIn !== undefined && args.user_id !== undefined && args.user_id !== signedIn) {
        return toolError(
          `user_id ${JSON.stringify(args.user_id)} is not the signed-in user ${
            JSON.stringify(signedIn)
          }: leave user_id out, your token says who you are`,
        );
      }
      const userId = signedIn ?? args.user_id ?? "local";
      const decision = await deps.rateLimiter.consume(userId);
      if (!decision.allowed) {
        deps.onRateLimited?.(userId);
        const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        return toolError(
          `Rate limit reached for user ${
            JSON.stringify(userId)
          }: at most ${decision.limit} generate_app calls per minute; retry in ${seconds} s`,
        );
      }
      const pipeline = await choosePipeline(server, deps, extra, args.options?.provider, sample);
      if (typeof pipeline === "string") return toolError(pipeline);
      // A sampling job needs this session to reach the client's model, so it runs here.
      const queue = pipeline.provider.name === "sampling" ? undefined : deps.queue;
      const now = deps.now ?? (() => new Date());
      const jobId = crypto.randomUUID();
      const created = now().toISOString();
      const base = newJobRecord({
        jobId,
        userId,
        provider: pipeline.provider.name,
        createdAt: created,
        outDir: jobOutputDir(deps.jobsDir, jobId),
      });
      const progress = progressSender(extra);
      try {
        await deps.store.put(base);
        const result = queue
          ? await submitJob(args.prompt, {
            pipeline,
            queue,
            store: deps.store,
            jobId,
            userId,
            outDir: base.outDir,
            ...(args.options?.require_review !== undefined
              ? { requireReview: args.options.require_review }
              : {}),
            ...(isUserRateLimiter(deps.rateLimiter) ? { limiter: deps.rateLimiter } : {}),
          })
          : await generateApp(args.prompt, {
            pipeline,
            jobId,
            userId,
            outDir: base.outDir,
            onEvent: (event) => {
              progress.onEvent(event);
              for (const observe of deps.observers ?? []) observe(event);
            },
            signal: extra.signal,
            ...(args.options?.require_review !== undefined
              ? { requireHumanReview: args.options.require_review }
              : {}),
            ...(elicit && server.server.getClientCapabilities()?.elicitation
              ? { approveRisky: askToWriteRiskyFiles(extra) }
              : {}),
          });
        // A worker already saved the full record (held files included).
        const queued = queue ? await deps.store.get(jobId) : undefined;
        const record = queued ?? jobRecordOf(result, base, now());
        if (queued === undefined) await deps.store.put(record);
        await progress.finish(
          `job ${result.status}: ${result.files.length} files written${
            result.review.held.length > 0 ? `, ${result.review.held.length} held for review` : ""
          }`,
        );
        const out = outputOf(record, result);
        return {
          content: [{ type: "text", text: textOf(out) }],
          structuredContent: out,
          ...(result.status === "failed" || result.status === "cancelled" ? { isError: true } : {}),
        };
      } catch (error) {
        const reason = messageOf(error);
        await deps.store.put({ ...base, status: "failed", reason, updatedAt: now().toISOString() })
          .catch(() => {});
        await progress.finish(`job failed: ${reason}`);
        return toolError(`Cannot generate the app: ${reason}`);
      }
    },
  );
}
