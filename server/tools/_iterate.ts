/**
 * What `refine_app` and `regenerate_app` share: finding the job whose app
 * they change (a job the caller may see, that produced an app), the
 * pipeline to run on, and the copy of its app into the new job's folder,
 * where the change is made, so both jobs' files stay readable. Private to
 * `server/tools/`.
 *
 * @module
 */
import { cpSync, lstatSync, rmSync } from "node:fs";
import { z } from "zod";
import { PROVIDER_NAMES, type ProviderName, USER_ID } from "../../pipeline/config.ts";
import type { GenerateResult, Pipeline } from "../../pipeline/generate.ts";
import { InputError } from "../../core/errors.ts";
import { JOB_ID_PATTERN, type JobRecord } from "../../jobs/store.ts";
import { jobRecordOf } from "../../jobs/record.ts";
import { type ExistingApp, readApp } from "../../pipeline/refine/app.ts";
import { maySee } from "../caller.ts";
import type { JobCall, JobRun } from "../job_tool.ts";
import { messageOf } from "../_shared.ts";

/** The arguments both tools share besides their own. */
export const IterateArgs = {
  job_id: z.string().regex(JOB_ID_PATTERN, "must be a job id from generate_app").describe(
    "The job whose app to change (from generate_app, refine_app or regenerate_app); it stays as it is",
  ),
  user_id: z.string().regex(USER_ID).optional().describe(
    "Who asks, for per-user rate limits and quota; when your bearer token names a user, that user (leave it out)",
  ),
  options: z.strictObject({
    provider: z.enum(PROVIDER_NAMES).optional().describe(
      "'offline' (deterministic, free) or 'openai'; default: the server's",
    ),
    require_review: z.boolean().optional().describe(
      "true holds files with risky code until they are approved; it can only add to the server's REQUIRE_HUMAN_REVIEW",
    ),
  }).optional(),
};

/** The app a tool changes. */
export interface Parent {
  record: JobRecord;
  app: ExistingApp;
  pipeline: Pipeline;
}

/**
 * @param call The tool call.
 * @param jobId The parent job.
 * @param provider The provider asked for.
 * @param verb What the tool does, for messages ("refine").
 * @returns The parent, or the message of a tool error.
 */
export async function findParent(
  call: JobCall,
  jobId: string,
  provider: ProviderName | undefined,
  verb: string,
): Promise<Parent | string> {
  const { deps, caller } = call;
  const record = await deps.store.get(jobId).catch(() => undefined);
  // Someone else's job is answered like a missing one: its existence is not told.
  if (record === undefined || !maySee(caller, record)) {
    return `Cannot ${verb} job "${jobId}": no such job; list_jobs shows yours`;
  }
  if (record.status !== "succeeded" && record.status !== "partial") {
    return `Cannot ${verb} job "${jobId}": it ended "${record.status}" and has no app to change; ` +
      "generate one with generate_app";
  }
  let app: ExistingApp;
  try {
    app = readApp(record.outDir);
  } catch (error) {
    return `Cannot ${verb} job "${jobId}": ${
      error instanceof InputError
        ? error.messageFor({ not_an_app: "generate it again with generate_app" })
        : messageOf(error)
    }`;
  }
  let pipeline = deps.pipeline;
  if (provider !== undefined && provider !== pipeline.provider.name) {
    if (deps.pipelineFor === undefined) {
      return `Cannot use provider "${provider}": this server only runs "${pipeline.provider.name}"`;
    }
    try {
      pipeline = await deps.pipelineFor(provider);
    } catch (error) {
      return `Cannot use provider "${provider}": ${messageOf(error)}`;
    }
  }
  return { record, app, pipeline };
}

/**
 * Copies the parent's app into the new job's folder (symbolic links are
 * left out), runs the change there, and builds the record. A job that
 * failed leaves no copy behind.
 *
 * @param parent The parent job.
 * @param job The new job's run.
 * @param change Runs the change on the copy.
 * @param now The clock.
 * @returns The new job's record.
 */
export async function runOnCopy(
  parent: Parent,
  job: JobRun,
  change: (outDir: string) => Promise<GenerateResult>,
  now: () => Date,
): Promise<JobRecord> {
  cpSync(parent.app.outDir, job.outDir, {
    recursive: true,
    filter: (path) => !lstatSync(path).isSymbolicLink(),
  });
  try {
    const result = await change(job.outDir);
    if (result.status === "failed" || result.status === "cancelled") {
      rmSync(job.outDir, { recursive: true, force: true });
    }
    return { ...jobRecordOf(result, job.base, now()), parentJobId: parent.record.jobId };
  } catch (error) {
    rmSync(job.outDir, { recursive: true, force: true });
    throw error;
  }
}
