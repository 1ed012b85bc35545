/**
 * The one table of the pipeline's agents: names, labels, default token caps,
 * the environment names derived from them, and what each agent does. Every
 * other list of agents (budgets, ledgers, attempts, findings, prompts, the
 * CLI's progress) derives from it, so a new agent is one row here and the
 * compiler names every place that must handle it.
 *
 * @module
 */
import { z } from "zod";

/** What the pipeline knows about one agent. */
export interface AgentInfo {
  /** How people read its name, e.g. in the CLI's progress lines. */
  label: string;
  /** Tokens it may use over a job by default (`<AGENT>_TOKEN_LIMIT`). */
  tokenLimit: number;
  /** Whether the orchestrator runs it as a step of the job (the orchestrator itself only routes). */
  step: boolean;
  /** Whether validator findings can be routed back to it (it produces artifacts). */
  fixes: boolean;
  /** The output folder it writes, for executors. */
  writes?: "frontend/" | "backend/";
}

/**
 * The agents, in the order of the cost table. The executors' and the
 * validator's caps fit a typical 3-5 entity app's first answers, as
 * measured on recorded sessions of a real model (`pipeline/agents/file_groups.ts`),
 * with room left for one targeted retry.
 */
export const AGENT_TABLE = {
  orchestrator: { label: "orchestrator", tokenLimit: 5_000, step: false, fixes: false },
  planner: { label: "planner", tokenLimit: 30_000, step: true, fixes: true },
  fe_executor: {
    label: "frontend executor",
    tokenLimit: 70_000,
    step: true,
    fixes: true,
    writes: "frontend/",
  },
  be_executor: {
    label: "backend executor",
    tokenLimit: 60_000,
    step: true,
    fixes: true,
    writes: "backend/",
  },
  validator: { label: "validator", tokenLimit: 24_000, step: true, fixes: false },
} as const satisfies Record<string, AgentInfo>;

type Table = typeof AGENT_TABLE;

/** The name of an agent. */
export type AgentName = keyof Table;

/** The agents findings can be routed back to. */
export type ResponsibleAgent = { [A in AgentName]: Table[A]["fixes"] extends true ? A : never }[
  AgentName
];

/** The agents that write files: the executors. */
export type ExecutorName = {
  [A in AgentName]: Table[A] extends { writes: string } ? A : never;
}[AgentName];

/** The agents the orchestrator runs as steps (all but itself). */
export type StepAgent = { [A in AgentName]: Table[A]["step"] extends true ? A : never }[AgentName];

type NonEmpty<T> = readonly [T, ...T[]];
const names = <T extends AgentName>(keep: (info: AgentInfo) => boolean) =>
  (Object.keys(AGENT_TABLE) as AgentName[]).filter((a) =>
    keep(AGENT_TABLE[a])
  ) as unknown as NonEmpty<T>;

/** Every agent, in the order of the cost table. */
export const AGENTS: NonEmpty<AgentName> = names(() => true);

/** The agents findings can be routed back to. */
export const RESPONSIBLE_AGENTS: NonEmpty<ResponsibleAgent> = names((a) => a.fixes);

/** The executors. */
export const EXECUTORS: NonEmpty<ExecutorName> = names((a) => a.writes !== undefined);

/** The agents the orchestrator runs as steps. */
export const STEP_AGENTS: NonEmpty<StepAgent> = names((a) => a.step);

/** Zod schema of {@link AgentName}. */
export const AgentNameSchema = z.enum(AGENTS);

/**
 * @param agent An agent.
 * @returns Its name in environment variables, e.g. `FE_EXECUTOR` in
 *   `FE_EXECUTOR_TOKEN_LIMIT` and `STACKFORGE_MODEL_FE_EXECUTOR`.
 * @example
 * ```ts
 * import { agentEnvName } from "./agents.ts";
 * if (agentEnvName("fe_executor") !== "FE_EXECUTOR") throw new Error();
 * ```
 */
export function agentEnvName(agent: AgentName): string {
  return agent.toUpperCase();
}

/**
 * Builds a value per agent.
 *
 * @param make The value of one agent.
 * @returns The values by agent name.
 */
export function perAgent<T>(make: (agent: AgentName) => T): Record<AgentName, T> {
  return Object.fromEntries(AGENTS.map((a) => [a, make(a)])) as Record<AgentName, T>;
}

/**
 * A zod schema of an object with one value per agent.
 *
 * @param value The schema of each value.
 * @returns The object schema.
 */
export function perAgentSchema<T extends z.ZodType>(value: T) {
  return z.object(perAgent(() => value));
}
