/**
 * The vocabulary the prompts describe, from core: agent names, findings and
 * the answer schemas that check each agent's output.
 *
 * @module
 */
export {
  type AgentName,
  AGENTS as AGENT_NAMES,
  RESPONSIBLE_AGENTS as FINDING_AGENTS,
} from "../core/agents.ts";
export {
  type ExecutorAnswer,
  ExecutorAnswerSchema,
  ORCHESTRATOR_NEXT,
  type OrchestratorDecision,
  OrchestratorDecisionSchema,
  type Review,
  ReviewSchema,
  type ToolCall,
  ToolCallSchema,
} from "../core/answers.ts";
export { type Finding, FindingSchema } from "../core/findings.ts";

/** How bad a finding is: an `error` triggers a retry, a `warning` is reported only. */
export const FINDING_SEVERITIES = ["error", "warning"] as const;

/**
 * The result of one deterministic check, run before the validator model.
 * Either a plain pass/fail, or a status that can also say the check was
 * skipped (no toolchain), as the validator's own check results carry.
 */
export type DeterministicResult =
  | { check: string; passed: boolean; detail: string }
  | { check: string; status: "passed" | "failed" | "skipped"; detail: string };
