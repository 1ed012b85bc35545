/**
 * The pipeline: job state, orchestrator, agents, budgets and providers.
 *
 * @module
 */
export {
  createPipeline,
  generateApp,
  type GenerateOptions,
  type GenerateResult,
  orchestratorDeps,
  type Pipeline,
  type PipelineOptions,
} from "./generate.ts";
export {
  conflictsOf,
  diffSpecs,
  type FileOutcome,
  type FileUpdate,
  parseSpecText,
  refineApp,
  type RefineOptions,
  regenerateApp,
  type SpecChange,
  type SpecDiff,
  specDiffLines,
  specDiffMarkdown,
} from "./refine/mod.ts";
export {
  type AgentName,
  AGENTS,
  BudgetExceededError,
  costUsd,
  DEFAULT_LIMITS,
  DEFAULT_PRICES,
  type Ledger,
  type Limits,
  type Price,
  type Usage,
} from "../core/budget.ts";
export { type Config, ENV_VARS, loadConfig, PROVIDER_NAMES, type ProviderName } from "./config.ts";
export {
  createEventBus,
  type EventBus,
  type EventListener,
  type PipelineEvent,
} from "../core/events.ts";
export { createJobState, type JobState, JobStateSchema, parseJobState } from "../core/job_state.ts";
export { type OrchestratorDeps, runJob } from "./orchestrator.ts";
export { decideNext, type Decision } from "./agents/routing.ts";
export {
  type AgentTask,
  type ChatMessage,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  ProviderError,
} from "../core/provider.ts";
export { createOfflineProvider } from "../generator/mod.ts";
export {
  type Endpoint,
  type Entity,
  type Field,
  type Page,
  type Spec,
  SpecSchema,
} from "../core/spec.ts";
export { type CheckResult, type Finding, FindingSchema } from "../core/findings.ts";
