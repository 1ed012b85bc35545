/**
 * What the generation step decided and produced, as plain JSON. In the
 * safe-outputs workflow the read-only `generate` job writes it beside the
 * output folder and the `publish` job, which holds the write token, reads it
 * back — checked with zod, since it crossed a job boundary.
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { LedgerSchema } from "../core/budget.ts";
import { CheckResultSchema, FindingSchema } from "../core/findings.ts";
import { JOB_STATUSES } from "../core/job_state.ts";

const IssueSchema = z.object({
  number: z.number().int().positive(),
  /** The sanitised title. */
  title: z.string().max(300),
  url: z.string(),
});

/** A digest of a finished pipeline job. */
export const JobDigestSchema = z.object({
  jobId: z.string(),
  status: z.enum(JOB_STATUSES),
  reason: z.string().optional(),
  provider: z.string(),
  spec: z.object({
    title: z.string(),
    summary: z.string(),
    entities: z.array(z.string()),
    endpoints: z.number().int(),
    pages: z.array(z.string()),
    /** Mermaid `erDiagram` source. */
    erDiagram: z.string(),
  }).optional(),
  validation: z.object({
    passed: z.boolean(),
    checks: z.array(CheckResultSchema),
    findings: z.array(FindingSchema),
  }).optional(),
  files: z.number().int().min(0),
  held: z.array(z.string()),
  /** Parts of the issue text removed by input sanitisation. */
  inputFindings: z.array(z.object({ kind: z.string(), match: z.string() })),
  ledger: LedgerSchema,
  totals: z.object({ tokens: z.number(), usd: z.number() }),
  durationMs: z.number(),
});

/** A digest of a finished pipeline job. */
export type JobDigest = z.infer<typeof JobDigestSchema>;

/** A `/stackforge <change>` comment's refine of a pull request's app. */
export const RefineSchema = z.object({
  /** The pull request the comment was on. */
  pr: z.number().int().positive(),
  /** Its head branch, `stackforge/issue-<n>`. */
  branch: z.string().regex(/^stackforge\/issue-\d+$/),
  /** The commit the app was refined from: the publish job pushes only on top of it. */
  head: z.string().regex(/^[0-9a-f]{40}$/),
  /** The change, sanitised. */
  change: z.string().max(8_000),
  /** The spec's diff, one line per change (`+ entity Tag`). */
  specDiff: z.array(z.string()),
  /** Files left with conflict markers, or not written because a file of a person is there. */
  conflicts: z.array(z.string()),
});

/** A `/stackforge <change>` comment's refine. */
export type RefineDigest = z.infer<typeof RefineSchema>;

/** What the generation step decided. */
export const OutcomeSchema = z.discriminatedUnion("kind", [
  /** Not for us (another label, another event action): nothing to do. */
  z.object({ kind: z.literal("ignored"), reason: z.string() }),
  /** The labeler may not trigger a generation. */
  z.object({ kind: z.literal("refused"), issue: IssueSchema, reason: z.string() }),
  /** The issue cannot be turned into a prompt (empty, too long, only injection). */
  z.object({ kind: z.literal("invalid"), issue: IssueSchema, reason: z.string() }),
  /** The pipeline ran (it may still have failed validation). */
  z.object({
    kind: z.literal("generated"),
    issue: IssueSchema,
    job: JobDigestSchema,
    /** Present when a comment refined the app of a pull request. */
    refine: RefineSchema.optional(),
  }),
  /** The pipeline could not run. */
  z.object({ kind: z.literal("error"), issue: IssueSchema, reason: z.string() }),
]);

/** What the generation step decided. */
export type Outcome = z.infer<typeof OutcomeSchema>;

/**
 * @param path Where to write.
 * @param outcome The outcome.
 */
export function writeOutcome(path: string, outcome: Outcome): void {
  writeFileSync(path, JSON.stringify(outcome, null, 2) + "\n");
}

/**
 * @param path The file `generate` wrote.
 * @returns The outcome.
 * @throws {TypeError} When the file is missing or not a valid outcome.
 */
export function readOutcome(path: string): Outcome {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new TypeError(
      `Cannot read the generation result "${path}": ${(error as Error).message}; ` +
        "did the generate job upload it?",
    );
  }
  const parsed = OutcomeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TypeError(
      `Cannot read the generation result "${path}": ${
        issue.path.join(".") || "(root)"
      }: ${issue.message}`,
    );
  }
  return parsed.data;
}
