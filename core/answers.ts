/**
 * The answer schemas that really check each agent's model output (layer 3):
 * the planner answers a {@link PlannerAnswerSchema} (a spec without its
 * derived endpoints and pages), the executors
 * `file_writer` tool calls, the validator a review of findings, and the
 * orchestrator a routing decision. The prompts describe these shapes and
 * the openai provider sends them as structured outputs.
 *
 * Optional answer fields are `nullish` rather than `optional` so the schemas
 * also work as OpenAI structured outputs, which need every key present.
 *
 * @module
 */
import { z } from "zod";
import { STEP_AGENTS } from "./agents.ts";
import { FindingSchema } from "./findings.ts";
import { EndpointSchema, PageSchema, SpecSchema } from "./spec.ts";

/**
 * The planner's answer: a spec whose endpoints and pages may be left out,
 * since `completeSpec` (in `routes.ts`) derives them from the entities and
 * behaviours. When given (as in answers recorded before they were derived)
 * they are replaced by the derived ones.
 */
export const PlannerAnswerSchema = SpecSchema.extend({
  endpoints: z.array(EndpointSchema).optional(),
  pages: z.array(PageSchema).optional(),
});

/** The planner's answer. */
export type PlannerAnswer = z.infer<typeof PlannerAnswerSchema>;

/**
 * A tool call as an executor returns it. Any tool name parses here, so that
 * the tool allowlist (layer 4) can refuse and record a call to another tool.
 */
export const ToolCallSchema = z.object({
  name: z.string(),
  arguments: z.unknown(),
});

/** A tool call as an executor returns it. */
export type ToolCall = z.infer<typeof ToolCallSchema>;

/** An executor's answer: tool calls, checked by the allowlist afterwards. */
export const ExecutorAnswerSchema = z.object({
  tool_calls: z.array(ToolCallSchema).min(1).max(300),
});

/** An executor's answer. */
export type ExecutorAnswer = z.infer<typeof ExecutorAnswerSchema>;

/** The validator model's answer. */
export const ReviewSchema = z.object({ findings: z.array(FindingSchema).max(50) });

/** The validator model's answer. */
export type Review = z.infer<typeof ReviewSchema>;

/** Where the orchestrator may send the job next; `done` ends it. */
export const ORCHESTRATOR_NEXT = [...STEP_AGENTS, "done"] as const;

/** The orchestrator model's answer. */
export const OrchestratorDecisionSchema = z.object({
  next: z.enum(ORCHESTRATOR_NEXT),
  reason: z.string().min(1).max(500),
});

/** The orchestrator model's answer. */
export type OrchestratorDecision = z.infer<typeof OrchestratorDecisionSchema>;
