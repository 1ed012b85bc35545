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
} from "./budget.ts";
export { type Config, ENV_VARS, loadConfig, PROVIDER_NAMES, type ProviderName } from "./config.ts";
export { createEventBus, type EventBus, type EventListener, type PipelineEvent } from "./events.ts";
export { createJobState, type JobState, JobStateSchema, parseJobState } from "./job_state.ts";
export { decideNext, type OrchestratorDeps, runJob } from "./orchestrator.ts";
export {
  type AgentTask,
  type ChatMessage,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  ProviderError,
} from "./provider.ts";
export { createOfflineProvider } from "./offline/mod.ts";
export {
  type Endpoint,
  type Entity,
  type Field,
  type Page,
  type Spec,
  SpecSchema,
} from "./spec.ts";
export { type CheckResult, type Finding, FindingSchema } from "./findings.ts";
