/**
 * The whole state of one job as plain JSON. Any worker can continue any job
 * from it: it holds the prompt, caps, spend, attempts, the spec, the generated
 * files and the validator's results.
 *
 * @module
 */
import { z } from "zod";
import { EXECUTORS, perAgent, perAgentSchema } from "./agents.ts";
import { AgentNameSchema, LedgerSchema, LimitsSchema } from "./budget.ts";
import { emptyLedger, type Limits } from "./budget.ts";
import { GeneratedFileSchema } from "./artifact.ts";
import { CheckResultSchema, FindingSchema } from "./findings.ts";
import { SpecSchema } from "./spec.ts";

/** What a user id may be: 1-100 letters, digits, ".", "_", "@" or "-" (no spaces, no "~"). */
export const USER_ID = /^[A-Za-z0-9._@-]{1,100}$/;

/** Where a job is in its life. */
export const JOB_STATUSES = [
  "running",
  "succeeded",
  /** Generated and validated, but some requirements are not implemented (listed in the report). */
  "partial",
  "failed",
  "cancelled",
  "awaiting_review",
] as const;

/** One of {@link JOB_STATUSES}. */
export type JobStatus = typeof JOB_STATUSES[number];

const Attempts = perAgentSchema(z.number().int().min(0));

/** A library pattern the planner retrieved, with its search score. */
export const RetrievedPatternSchema = z.object({ id: z.string(), score: z.number() });

/** One step the orchestrator took. */
export const StepSchema = z.object({
  agent: AgentNameSchema,
  attempt: z.number().int().min(1),
  outcome: z.enum(["ok", "invalid_output", "error", "budget_exceeded"]),
  detail: z.string().optional(),
});

/** The whole state of one job. */
/** One file group's answer kept from a failed attempt. */
export const PartialGroupSchema = z.object({
  group: z.string(),
  files: z.array(GeneratedFileSchema),
});

export const JobStateSchema = z.object({
  version: z.literal(1),
  jobId: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
  /** The sanitised prompt. */
  prompt: z.string(),
  /** What input sanitisation removed, for the report. */
  inputFindings: z.array(
    z.object({ kind: z.string(), match: z.string(), detail: z.string().optional() }),
  ),
  /** What the model classifier's screening of the request did, for the report. */
  screening: z.object({
    ran: z.boolean(),
    injection: z.boolean().optional(),
    note: z.string(),
  }).optional(),
  createdAt: z.string(),
  provider: z.string(),
  status: z.enum(JOB_STATUSES),
  /** Why the job failed or stopped, when it did. */
  reason: z.string().optional(),
  limits: LimitsSchema,
  ledger: LedgerSchema,
  attempts: Attempts,
  steps: z.array(StepSchema),
  patterns: z.array(RetrievedPatternSchema),
  spec: SpecSchema.optional(),
  frontend: z.array(GeneratedFileSchema).optional(),
  backend: z.array(GeneratedFileSchema).optional(),
  /**
   * Files of the file groups that succeeded in an executor's failed attempt:
   * its next attempt asks only for the other groups.
   */
  partial: z.partialRecord(z.enum(EXECUTORS), z.array(PartialGroupSchema)).optional(),
  /** Findings each agent must address on its next attempt. */
  findings: z.array(FindingSchema),
  /**
   * A job that changes an existing app: the spec it was generated from, the
   * change asked for (absent when the user gave the new spec), and the
   * files stackforge generated last, which executors of a real model are
   * shown as the current files.
   */
  refine: z.object({
    base: SpecSchema,
    change: z.string().optional(),
    files: z.array(GeneratedFileSchema),
  }).optional(),
  /** The latest validation; absent until the validator ran on the current files. */
  validation: z.object({
    checks: z.array(CheckResultSchema),
    findings: z.array(FindingSchema),
    passed: z.boolean(),
    /** Whether the model review ran; why not when it was skipped. */
    review: z.object({
      status: z.enum(["ran", "skipped"]),
      reason: z.string().optional(),
      /** A hash of the files it reviewed. */
      files: z.string().optional(),
    }).optional(),
  }).optional(),
});

/** The whole state of one job. */
export type JobState = z.infer<typeof JobStateSchema>;

/** What a new job starts from. */
export interface NewJob {
  jobId: string;
  userId: string;
  prompt: string;
  inputFindings?: { kind: string; match: string; detail?: string }[];
  provider: string;
  limits: Limits;
  /** ISO 8601 creation time. */
  createdAt: string;
}

/**
 * @param job The job's identity, prompt and caps.
 * @returns Its initial state.
 * @example
 * ```ts
 * import { createJobState } from "./job_state.ts";
 * import { DEFAULT_LIMITS } from "./budget.ts";
 * const state = createJobState({
 *   jobId: "j1", userId: "local", prompt: "a blog", provider: "offline",
 *   limits: DEFAULT_LIMITS, createdAt: "2026-01-01T00:00:00.000Z",
 * });
 * if (state.status !== "running") throw new Error();
 * ```
 */
export function createJobState(job: NewJob): JobState {
  return JobStateSchema.parse({
    version: 1,
    jobId: job.jobId,
    userId: job.userId,
    prompt: job.prompt,
    inputFindings: job.inputFindings ?? [],
    createdAt: job.createdAt,
    provider: job.provider,
    status: "running",
    limits: job.limits,
    ledger: emptyLedger(),
    attempts: perAgent(() => 0),
    steps: [],
    patterns: [],
    findings: [],
  });
}

/**
 * Parses a state that came from JSON (a queue message, a job store).
 *
 * @param json The JSON text or the parsed value.
 * @returns The state.
 * @throws {SyntaxError} When the text is not JSON.
 * @throws {TypeError} When it is not a valid job state, naming the first problem.
 */
export function parseJobState(json: string | unknown): JobState {
  const value = typeof json === "string" ? JSON.parse(json) : json;
  const result = JobStateSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new TypeError(
      `Cannot read job state: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
  }
  return result.data;
}
