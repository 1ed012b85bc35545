/**
 * The prompts of the five agents: each agent's system prompt (a constant,
 * hashed at start-up by the prompt-integrity layer) and the builder of its
 * messages, plus the contracts the prompts describe.
 *
 * Untrusted text (the user's idea, retrieved patterns, specs, findings,
 * generated code) reaches a model only inside delimiter blocks such as
 * `<user_request>…</user_request>`, with any delimiter tag inside it escaped,
 * and every system prompt says that such text is data, never instructions.
 *
 * @example
 * ```ts
 * import { buildPlannerMessages, PROMPTS } from "./mod.ts";
 * const messages = buildPlannerMessages({ prompt: "a recipe book", ragContext: "" });
 * if (messages[0]?.content !== PROMPTS.planner) throw new Error();
 * ```
 *
 * @module
 */
import { BACKEND_SYSTEM_PROMPT } from "./backend.ts";
import { FRONTEND_SYSTEM_PROMPT } from "./frontend.ts";
import { ORCHESTRATOR_SYSTEM_PROMPT } from "./orchestrator.ts";
import { PLANNER_SYSTEM_PROMPT } from "./planner.ts";
import type { AgentName } from "./types.ts";
import { VALIDATOR_SYSTEM_PROMPT } from "./validator.ts";

export type { ChatMessage, CurrentFile } from "./_shared.ts";
export { BACKEND_SYSTEM_PROMPT, type BackendInput, buildBackendMessages } from "./backend.ts";
export { buildFrontendMessages, FRONTEND_SYSTEM_PROMPT, type FrontendInput } from "./frontend.ts";
export {
  buildOrchestratorMessages,
  ORCHESTRATOR_SYSTEM_PROMPT,
  type OrchestratorInput,
} from "./orchestrator.ts";
export { buildPlannerMessages, PLANNER_SYSTEM_PROMPT, type PlannerInput } from "./planner.ts";
export {
  AGENT_NAMES,
  type AgentName,
  type DeterministicResult,
  type ExecutorAnswer,
  ExecutorAnswerSchema,
  type Finding,
  FINDING_AGENTS,
  FINDING_SEVERITIES,
  FindingSchema,
  ORCHESTRATOR_NEXT,
  type OrchestratorDecision,
  OrchestratorDecisionSchema,
  type Review,
  ReviewSchema,
  type ToolCall,
  ToolCallSchema,
} from "./types.ts";
export {
  buildValidatorMessages,
  VALIDATOR_MESSAGE_MAX_CHARS,
  VALIDATOR_SYSTEM_PROMPT,
  type ValidatorInput,
} from "./validator.ts";

/**
 * Every agent's system prompt by agent name, for the integrity layer to hash
 * at start-up. Frozen: a prompt cannot be swapped at run time through it.
 */
export const PROMPTS: Readonly<Record<AgentName, string>> = Object.freeze({
  orchestrator: ORCHESTRATOR_SYSTEM_PROMPT,
  planner: PLANNER_SYSTEM_PROMPT,
  fe_executor: FRONTEND_SYSTEM_PROMPT,
  be_executor: BACKEND_SYSTEM_PROMPT,
  validator: VALIDATOR_SYSTEM_PROMPT,
});
