/**
 * The `generate_app` tool: runs one job from a plain-language idea to a
 * Next.js + FastAPI app. Tasks, progress, cancellation, limits and review
 * come from `job_tool.ts`; this file says what the tool takes and how its
 * job runs.
 *
 * @module
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/server";
import {
  DEFAULT_MODEL,
  PROVIDER_NAMES,
  type ProviderName,
  USER_ID,
} from "../../pipeline/config.ts";
import { generateApp, type Pipeline } from "../../pipeline/generate.ts";
import { InputError } from "../../core/errors.ts";
import { jobRecordOf } from "../../jobs/record.ts";
import { submitJob } from "../../jobs/submit.ts";
import { isUserRateLimiter } from "../../jobs/rate_limit.ts";
import { createSamplingProvider } from "../../providers/sampling.ts";
import type { ServerDeps } from "../deps.ts";
import { type Era, type JobCall, registerJobTool } from "../job_tool.ts";
import { JobResultSchema } from "../job_result.ts";
import { resolveOutputDir } from "../output_dir.ts";
import { clientCanSample, clientSampler } from "../sampling.ts";
import { messageOf } from "../_shared.ts";
import { cachedSchema } from "../_cached_schema.ts";

const ARGUMENTS = "prompt, user_id, options";

/**
 * The arguments of `generate_app`. `output_dir` exists only when the
 * operator set `STACKFORGE_MCP_OUTPUT_ROOT`; unknown arguments are refused,
 * naming them.
 *
 * @param outputDir Whether to offer `output_dir`.
 * @returns The schema.
 */
export function generateAppInputSchema(outputDir: boolean): ReturnType<typeof buildInputSchema> {
  return outputDir ? WITH_OUTPUT_DIR : WITHOUT_OUTPUT_DIR;
}

function buildInputSchema(outputDir: boolean) {
  const unknown = (issue: { code: string; keys?: string[] }) =>
    issue.code === "unrecognized_keys"
      ? `Unknown argument(s) ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(", ")}: ${
        (issue.keys ?? []).includes("output_dir")
          ? "output_dir needs STACKFORGE_MCP_OUTPUT_ROOT on the server; leave it out and the app goes to the job's own folder"
          : `generate_app takes ${outputDir ? `${ARGUMENTS}, output_dir` : ARGUMENTS}`
      }`
      : undefined;
  return z.strictObject({
    prompt: z.string().min(1).max(8_000).describe(
      "The app idea in plain words, e.g. 'a todo app where users sign in and manage their own todos'",
    ),
    user_id: z.string().regex(USER_ID).optional().describe(
      "Who asks, for per-user rate limits and quota (1-100 letters, digits, '.', '_', '@' or '-'; default 'local'); when your bearer token names a user, that user (leave it out)",
    ),
    ...(outputDir
      ? {
        output_dir: z.string().min(1).max(1_000).optional().describe(
          "Where to write the app: a new or empty folder inside the server's STACKFORGE_MCP_OUTPUT_ROOT, relative to it (e.g. 'blog') or absolute; default: the job's own folder",
        ),
      }
      : {}),
    options: z.strictObject({
      provider: z.enum([...PROVIDER_NAMES, "sampling"]).optional().describe(
        "'offline' (deterministic, free, no model calls), 'openai', or 'sampling' (deprecated: your client's model through MCP sampling, 2025-11-25 stdio sessions only); default: the server's, or 'sampling' when the server has no model configured and your client supports it",
      ),
      require_review: z.boolean().optional().describe(
        "true holds files with risky code (eval, subprocess, dangerouslySetInnerHTML...) until they are approved; it can only add to the server's REQUIRE_HUMAN_REVIEW, never turn it off",
      ),
    }, { error: unknown }).optional(),
  }, { error: unknown });
}

// Built once: the SDK reads their JSON Schema on every request (see _cached_schema.ts).
const WITH_OUTPUT_DIR = cachedSchema(buildInputSchema(true));
const WITHOUT_OUTPUT_DIR = cachedSchema(buildInputSchema(false));

/** Arguments of `generate_app` (on a server without an output root). */
export const GenerateAppInputSchema = generateAppInputSchema(false);

/** What `generate_app` returns. */
export const GenerateAppOutputSchema = JobResultSchema;

type Args = z.infer<ReturnType<typeof buildInputSchema>> & { output_dir?: string };

/**
 * The pipeline a call runs on: the server's, another configured provider's,
 * or the server's with the client's model (MCP sampling, 2025-era sessions).
 *
 * @returns The pipeline, or the message of a tool error.
 */
async function choosePipeline(
  call: JobCall,
  requested: string | undefined,
): Promise<Pipeline | string> {
  const { deps, ctx, era } = call;
  const pipeline = deps.pipeline;
  const canSample = era === "legacy" && clientCanSample(call.server);
  if (
    requested === "sampling" ||
    (requested === undefined && canSample && pipeline.config.sampling.auto)
  ) {
    if (!canSample) {
      return `Cannot use provider "sampling": ${
        era === "modern"
          ? "MCP 2026-07-28 deprecates sampling and has no server-to-client requests (use a 2025-11-25 stdio session)"
          : "your MCP client did not declare the sampling capability, or this transport cannot send requests to it (use stdio)"
      }; use "offline" or "openai"`;
    }
    const { openai, sampling } = pipeline.config;
    return {
      ...pipeline,
      provider: createSamplingProvider({
        sample: clientSampler(ctx, sampling.timeoutMs),
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
 * @param server The instance.
 * @param deps The server's dependencies.
 * @param era The era the instance serves.
 */
export function registerGenerateAppTool(server: McpServer, deps: ServerDeps, era: Era): void {
  const now = deps.now ?? (() => new Date());
  registerJobTool(server, deps, era, {
    name: "generate_app",
    title: "Generate an app",
    description:
      "Turns a plain-language app idea into a working full-stack app (Next.js frontend + FastAPI backend with SQLite and tests). " +
      "Plans a spec (entities, endpoints, pages), writes the code, validates it, and returns the job id, status, a spec summary, the files written, the validation checks, the per-agent cost and links to SPEC.md, VALIDATION_REPORT.md and the app's folder. " +
      "Takes from under a second (offline provider) to a few minutes (model provider). Clients with the MCP Tasks extension get a task to poll (tasks/get) or cancel (tasks/cancel); others wait for the result, with one progress notification per agent step when they send a progressToken. " +
      "If status is 'awaiting_review', some files contain risky code and were not written: call review_risky. " +
      "Use get_spec for the full spec, the resources stackforge://jobs/{job_id}/{path} to read the code, list_jobs and delete_job to manage jobs.",
    inputSchema: generateAppInputSchema(deps.settings.outputRoot !== undefined),
    annotations: {
      title: "Generate an app",
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: true,
    },
    async prepare(args: Args, call) {
      let outDir: string | undefined;
      if (args.output_dir !== undefined) {
        try {
          outDir = resolveOutputDir(deps.settings.outputRoot, args.output_dir);
        } catch (error) {
          return messageOf(error);
        }
      }
      const pipeline = await choosePipeline(call, args.options?.provider);
      if (typeof pipeline === "string") return pipeline;
      // A sampling job needs this session to reach the client's model, so it runs here.
      const sampling = pipeline.provider.name === "sampling";
      const queue = sampling ? undefined : deps.queue;
      return {
        provider: pipeline.provider.name,
        ...(outDir !== undefined ? { outDir } : {}),
        ...(args.options?.require_review ? { requireReview: true } : {}),
        ...(sampling ? { boundToRequest: true } : {}),
        async run(job) {
          try {
            if (queue !== undefined) {
              const result = await submitJob(args.prompt, {
                pipeline,
                queue,
                store: deps.store,
                jobId: job.jobId,
                userId: job.userId,
                outDir: job.outDir,
                requireReview: job.requireReview,
                ...(isUserRateLimiter(deps.rateLimiter) ? { limiter: deps.rateLimiter } : {}),
              });
              // A worker already saved the full record (held files included).
              return await deps.store.get(job.jobId) ?? jobRecordOf(result, job.base, now());
            }
            const result = await generateApp(args.prompt, {
              pipeline,
              jobId: job.jobId,
              userId: job.userId,
              outDir: job.outDir,
              onEvent: job.onEvent,
              signal: job.signal,
              requireHumanReview: job.requireReview,
            });
            return jobRecordOf(result, job.base, now());
          } catch (error) {
            if (error instanceof InputError) {
              throw new RangeError(error.messageFor({
                output_not_empty: "choose another output_dir, or delete that folder first",
                output_is_file: "choose another output_dir",
              }));
            }
            throw error;
          }
        },
      };
    },
  });
}
