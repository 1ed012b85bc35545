/**
 * The contracts the prompts describe: agent names, validator findings, the
 * orchestrator's decision and the executors' `file_writer` calls, each with
 * the zod schema that checks a model's answer against it.
 *
 * Optional answer fields are `nullish` rather than `optional` so the schemas
 * also work as OpenAI structured outputs, which need every key present.
 *
 * @module
 */
import { z } from "zod";

import { type AgentName, AGENTS } from "../core/budget.ts";
import { type Finding, FindingSchema, RESPONSIBLE_AGENTS } from "../core/findings.ts";

/** The agents of the pipeline, as named in budgets, ledgers and prompts. */
export const AGENT_NAMES = AGENTS;
export type { AgentName, Finding };
export { FindingSchema };

/** The agents a finding can be addressed to: the ones that produce artifacts. */
export const FINDING_AGENTS = RESPONSIBLE_AGENTS;

/** One of {@link FINDING_AGENTS}. */
export type FindingAgent = typeof FINDING_AGENTS[number];

/** How bad a finding is: an `error` triggers a retry, a `warning` is reported only. */
export const FINDING_SEVERITIES = ["error", "warning"] as const;

/** The validator model's whole answer. */
export const ValidatorOutputSchema = z.object({
  findings: z.array(FindingSchema).max(50),
});

/** The validator model's whole answer. */
export type ValidatorOutput = z.infer<typeof ValidatorOutputSchema>;

/**
 * The result of one deterministic check, run before the validator model.
 * Either a plain pass/fail, or a status that can also say the check was
 * skipped (no toolchain), as the validator's own check results carry.
 */
export type DeterministicResult =
  | { check: string; passed: boolean; detail: string }
  | { check: string; status: "passed" | "failed" | "skipped"; detail: string };

/** Where the orchestrator may send the job next; `done` ends it. */
export const ORCHESTRATOR_NEXT = [
  "planner",
  "fe_executor",
  "be_executor",
  "validator",
  "done",
] as const;

/** The orchestrator model's answer. */
export const OrchestratorDecisionSchema = z.object({
  next: z.enum(ORCHESTRATOR_NEXT),
  reason: z.string().min(1).max(500),
});

/** The orchestrator model's answer. */
export type OrchestratorDecision = z.infer<typeof OrchestratorDecisionSchema>;

/** One call of the `file_writer` tool, the only tool executors may use. */
export const FileWriterCallSchema = z.object({
  name: z.literal("file_writer"),
  arguments: z.object({
    path: z.string().min(1).max(300),
    content: z.string().max(1_000_000),
  }),
});

/** One call of the `file_writer` tool. */
export type FileWriterCall = z.infer<typeof FileWriterCallSchema>;

/**
 * An executor's answer when the model has no native tool calling: the same
 * `file_writer` calls as one JSON object.
 */
export const ExecutorOutputSchema = z.object({
  tool_calls: z.array(FileWriterCallSchema).min(1).max(200),
});

/** An executor's answer as JSON. */
export type ExecutorOutput = z.infer<typeof ExecutorOutputSchema>;
