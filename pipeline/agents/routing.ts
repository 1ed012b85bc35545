/**
 * Routing: the deterministic decision of the next step from the job's state
 * alone ({@link decideNext}), and LLM-driven routing (opt-in,
 * `--llm-routing` / `STACKFORGE_LLM_ROUTING`):
 * the orchestrator model chooses the next agent among the steps the job's
 * state allows. The deterministic router stays in charge: its decision is
 * used when the model's answer is invalid, not allowed, or the call fails or
 * does not fit the orchestrator's budget; `done` and `fail` are never asked.
 *
 * @module
 */
import { OrchestratorDecisionSchema } from "../../core/answers.ts";
import { buildOrchestratorMessages } from "../../prompts/mod.ts";
import { GuardrailError } from "../../guardrails/errors.ts";
import type { StepAgent } from "../../core/agents.ts";
import { type AgentName, ledgerTotals } from "../../core/budget.ts";
import { type CallDeps, callModel, type JobRun } from "../call.ts";
import type { JobState } from "../../core/job_state.ts";

/** What to do next. */
export type Decision =
  | { kind: "run"; agents: AgentName[] }
  | { kind: "done" }
  | { kind: "fail"; reason: string };

/**
 * Decides the next step from the state alone, so any worker can resume a job.
 *
 * @param state The job's state.
 * @returns The agents to run next (concurrently), or the end of the job.
 * @example
 * ```ts
 * import { decideNext } from "./routing.ts";
 * import { createJobState } from "../../core/job_state.ts";
 * import { DEFAULT_LIMITS } from "../../core/budget.ts";
 * const state = createJobState({
 *   jobId: "j", userId: "u", prompt: "a blog", provider: "offline",
 *   limits: DEFAULT_LIMITS, createdAt: "2026-01-01T00:00:00.000Z",
 * });
 * const next = decideNext(state);
 * if (next.kind !== "run" || next.agents[0] !== "planner") throw new Error();
 * ```
 */
export function decideNext(state: JobState): Decision {
  let wanted: AgentName[];
  if (state.spec === undefined) {
    wanted = ["planner"];
  } else if (state.frontend === undefined || state.backend === undefined) {
    wanted = [];
    if (state.frontend === undefined) wanted.push("fe_executor");
    if (state.backend === undefined) wanted.push("be_executor");
  } else if (state.validation === undefined) {
    wanted = ["validator"];
  } else if (state.validation.passed) {
    return { kind: "done" };
  } else {
    const responsible = new Set(
      state.validation.findings.filter((f) => f.severity === "error").map((f) => f.agent),
    );
    // A new spec invalidates both apps, so the planner goes alone.
    wanted = responsible.has("planner")
      ? ["planner"]
      : (["fe_executor", "be_executor"] as const).filter((a) => responsible.has(a));
  }
  const attemptsAllowed = state.limits.maxRetries + 1;
  const exhausted = wanted.find((agent) => state.attempts[agent] >= attemptsAllowed);
  if (exhausted !== undefined) {
    const last = [...state.steps].reverse().find((s) => s.agent === exhausted);
    return {
      kind: "fail",
      reason: `"${exhausted}" did not succeed in ${attemptsAllowed} attempts${
        last?.detail ? `: ${last.detail}` : state.validation ? ": validation still fails" : ""
      }`,
    };
  }
  return { kind: "run", agents: wanted };
}

/** The agents routing chooses from. */
export type RoutedAgent = StepAgent;

/** Output tokens a routing answer may take (`{"next", "reason"}` needs far fewer). */
const ROUTING_OUTPUT_TOKENS = 256;

/**
 * The agents the state allows to run next: an agent with attempts left that
 * has work to do — the planner without a spec or with open errors, an
 * executor whose files are missing or have findings, the validator once both
 * apps exist and are unchecked. The deterministic choice comes first.
 *
 * @param state The job's state.
 * @param preferred The deterministic router's agents.
 * @returns The allowed agents.
 */
export function allowedSteps(state: JobState, preferred: readonly AgentName[]): RoutedAgent[] {
  const attemptsLeft = (a: AgentName) => state.attempts[a] < state.limits.maxRetries + 1;
  const errors = state.findings.filter((f) => f.severity === "error");
  const ready: RoutedAgent[] = [];
  if (state.spec === undefined || errors.length > 0) ready.push("planner");
  if (state.spec !== undefined) {
    if (state.frontend === undefined || errors.some((f) => f.agent === "fe_executor")) {
      ready.push("fe_executor");
    }
    if (state.backend === undefined || errors.some((f) => f.agent === "be_executor")) {
      ready.push("be_executor");
    }
  }
  if (state.frontend !== undefined && state.backend !== undefined && !state.validation) {
    ready.push("validator");
  }
  const allowed = ready.filter(attemptsLeft);
  const first = allowed.filter((a) => preferred.includes(a));
  return [...first, ...allowed.filter((a) => !preferred.includes(a))];
}

/**
 * Asks the orchestrator model for the next step and checks its answer.
 *
 * @param run Holder of the job's state; the orchestrator's call is recorded in its ledger.
 * @param deps Model call dependencies.
 * @param fallback The deterministic decision (must be `run`).
 * @returns The model's decision when valid and allowed, else `fallback`; a
 *   `fail` decision when the orchestrator's prompt was tampered with.
 */
export async function routeWithModel(
  run: JobRun,
  deps: CallDeps,
  fallback: Decision & { kind: "run" },
): Promise<Decision> {
  const { state } = run;
  const candidates = allowedSteps(state, fallback.agents);
  if (candidates.length <= 1) return fallback;
  const totals = ledgerTotals(state.ledger);
  const retries: Partial<Record<AgentName, number>> = {};
  for (const [agent, attempts] of Object.entries(state.attempts)) {
    retries[agent as AgentName] = Math.max(0, attempts - 1);
  }
  let next: string;
  try {
    const answer = await callModel(run, deps, {
      agent: "orchestrator",
      task: { agent: "orchestrator", candidates },
      messages: buildOrchestratorMessages({
        artifacts: {
          spec: state.spec !== undefined,
          frontend: state.frontend !== undefined,
          backend: state.backend !== undefined,
          validation: state.validation ? "current" : state.spec ? "stale" : "none",
        },
        retries,
        maxRetries: state.limits.maxRetries,
        openFindings: state.findings,
        budget: {
          tokensLeft: state.limits.jobTokens - totals.tokens,
          tokenBudget: state.limits.jobTokens,
          usdLeft: state.limits.jobUsd - totals.usd,
        },
        candidates,
      }),
      schema: OrchestratorDecisionSchema,
      schemaName: "route",
      wantedOutputTokens: ROUTING_OUTPUT_TOKENS,
    });
    next = answer.next;
  } catch (error) {
    if (error instanceof GuardrailError && error.layer === "prompt_integrity") {
      return { kind: "fail", reason: `"orchestrator" failed: ${error.message}` };
    }
    // Provider failures, invalid answers and the orchestrator's budget: route deterministically.
    return fallback;
  }
  if (!(candidates as string[]).includes(next)) return fallback;
  // The executors run together whenever the deterministic router would run both.
  if (fallback.agents.includes(next as AgentName)) return fallback;
  return { kind: "run", agents: [next as AgentName] };
}
