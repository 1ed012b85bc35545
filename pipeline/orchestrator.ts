/**
 * The orchestrator: looks at the job's state, decides which agents run next,
 * runs them (the two executors concurrently), routes validator findings back
 * to the agent responsible, and stops on success, on exhausted retries, on a
 * budget cap, or on cancellation.
 *
 * @module
 */
import { assertNever } from "../core/assert_never.ts";
import { GuardrailError } from "../guardrails/errors.ts";
import { type AgentName, BudgetExceededError, ledgerTotals } from "../core/budget.ts";
import type { JobRun } from "./call.ts";
import { runExecutor } from "./agents/executor.ts";
import type { JobState } from "../core/job_state.ts";
import { type PlannerDeps, runPlanner } from "./agents/planner.ts";
import { ProviderError } from "../core/provider.ts";
import { decideNext, routeWithModel } from "./agents/routing.ts";

export { decideNext, type Decision } from "./agents/routing.ts";
import { runValidator, type ValidatorDeps } from "./agents/validator/validator.ts";

/** Everything the orchestrator needs. */
export type OrchestratorDeps = PlannerDeps & ValidatorDeps & {
  /** Let the orchestrator model choose the next step (deterministic fallback). */
  llmRouting?: boolean;
  /**
   * Called with a copy of the state after each step, so a queue can save
   * progress and another worker can resume from the last finished step.
   */
  onStep?: (state: JobState) => void | Promise<void>;
  /**
   * The wall time the job may take (`JOB_TIMEOUT_MS`): then its calls in
   * flight are abandoned and it fails, saying so. Default: no limit.
   */
  jobTimeoutMs?: number;
};

/**
 * Runs a job to its end. The returned state says how it ended (`succeeded`,
 * `failed` with a reason, or `cancelled`) and holds everything produced so
 * far, so a failed job still yields a partial report.
 *
 * @param initial The job's state (new, or resumed from a queue message).
 * @param deps Provider, guardrails, pattern store, toolchain, events, clock.
 * @returns The final state.
 */
export async function runJob(initial: JobState, outer: OrchestratorDeps): Promise<JobState> {
  const run: JobRun = { state: structuredClone(initial) };
  const started = outer.now();
  // The job's wall time is bounded: at the limit every call in flight is abandoned.
  const timeout = new AbortController();
  const timer = outer.jobTimeoutMs === undefined
    ? undefined
    : setTimeout(() => timeout.abort(), outer.jobTimeoutMs);
  const signals = [outer.signal, timeout.signal].filter((s) => s !== undefined);
  const deps: OrchestratorDeps = { ...outer, signal: AbortSignal.any(signals) };
  const timedOut = () => timeout.signal.aborted && !outer.signal?.aborted;
  try {
    return await loop(run, deps, started, timedOut, outer.jobTimeoutMs ?? 0);
  } finally {
    clearTimeout(timer);
  }
}

async function loop(
  run: JobRun,
  deps: OrchestratorDeps,
  started: number,
  timedOut: () => boolean,
  timeoutMs: number,
): Promise<JobState> {
  deps.bus.emit({
    type: "job_started",
    jobId: run.state.jobId,
    userId: run.state.userId,
    provider: run.state.provider,
  });
  const timeoutReason = (running: string) =>
    `Job timed out after ${Math.round(timeoutMs / 1000)} s (JOB_TIMEOUT_MS=${timeoutMs})${
      running ? `: ${running} did not finish` : ""
    }`;
  while (run.state.status === "running") {
    if (timedOut()) {
      finish(run.state, "failed", timeoutReason(""));
      break;
    }
    if (deps.signal?.aborted) {
      finish(run.state, "cancelled", "cancelled by the caller");
      break;
    }
    let decision = decideNext(run.state);
    if (deps.llmRouting && decision.kind === "run") {
      decision = await routeWithModel(run, deps, decision);
    }
    // A deterministic provider answers a retry with the same files: when only
    // acceptance scenarios fail, the app is kept and those requirements are
    // reported unproven instead of retried in vain.
    const validation = run.state.validation;
    const onlyScenarios = validation !== undefined && !validation.passed &&
      validation.findings.filter((f) => f.severity === "error").every((f) =>
        f.check === "acceptance_scenarios"
      );
    if (
      decision.kind === "run" && deps.provider.deterministic === true && validation &&
      !validation.passed
    ) {
      decision = onlyScenarios ? { kind: "done" } : {
        kind: "fail",
        reason:
          `validation failed and "${deps.provider.name}" is deterministic, so a retry would give the same files: ${
            validation.findings.filter((f) => f.severity === "error").slice(0, 3).map((f) =>
              f.message
            ).join("; ")
          }`,
      };
    }
    if (decision.kind === "done") {
      const missing = (run.state.spec?.requirements ?? []).filter((r) =>
        r.status === "not_implemented"
      );
      const failing = onlyScenarios
        ? [
          ...new Set(
            validation!.findings.map((f) => f.message.match(/^(r\d+)\b/)?.[1]).filter((id) =>
              id !== undefined
            ),
          ),
        ]
        : [];
      if (missing.length === 0 && failing.length === 0) finish(run.state, "succeeded");
      else {
        finish(
          run.state,
          "partial",
          [
            missing.length > 0
              ? `${missing.length} requirement(s) not implemented: ${
                missing.map((r) => `${r.id} ${JSON.stringify(r.text)}`).join("; ")
              }`
              : "",
            failing.length > 0
              ? `${failing.length} requirement(s) fail their acceptance scenarios: ${
                failing.join(", ")
              }`
              : "",
          ].filter(Boolean).join("; "),
        );
      }
    } else if (decision.kind === "fail") {
      finish(run.state, "failed", decision.reason);
    } else {
      routeFindings(run.state, decision.agents);
      await Promise.all(decision.agents.map((agent) => runAgent(run, deps, agent)));
      if (timedOut()) {
        // The calls it abandoned read as cancelled; the job failed on its clock.
        run.state.status = "running";
        finish(run.state, "failed", timeoutReason(decision.agents.join(" and ")));
      }
      await deps.onStep?.(structuredClone(run.state));
    }
  }
  const totals = ledgerTotals(run.state.ledger);
  deps.bus.emit({
    type: "job_finished",
    jobId: run.state.jobId,
    status: run.state.status as "succeeded" | "partial" | "failed" | "cancelled",
    ...(run.state.reason ? { reason: run.state.reason } : {}),
    durationMs: deps.now() - started,
    tokens: totals.tokens,
    usd: totals.usd,
  });
  return run.state;
}

function finish(state: JobState, status: JobState["status"], reason?: string): void {
  state.status = status;
  if (reason !== undefined) state.reason = reason;
}

/** Before agents re-run after a failed validation, hand them its errors. */
function routeFindings(state: JobState, agents: AgentName[]): void {
  if (state.validation === undefined || state.validation.passed) return;
  state.findings = state.validation.findings.filter((f) => f.severity === "error");
  if (agents.includes("planner")) {
    delete state.frontend;
    delete state.backend;
  }
}

async function runAgent(
  run: JobRun,
  deps: OrchestratorDeps,
  agent: AgentName,
): Promise<void> {
  const { state } = run;
  state.attempts[agent] += 1;
  const attempt = state.attempts[agent];
  deps.bus.emit({ type: "agent_started", jobId: state.jobId, agent, attempt });
  try {
    switch (agent) {
      case "planner": {
        const { spec, hits } = await runPlanner(run, deps);
        state.spec = spec;
        state.patterns = hits.map((h) => ({ id: h.pattern.id, score: h.score }));
        delete state.frontend;
        delete state.backend;
        delete state.partial;
        delete state.validation;
        state.findings = state.findings.filter((f) => f.agent !== "planner");
        break;
      }
      case "fe_executor":
      case "be_executor": {
        const files = await runExecutor(run, deps, agent);
        if (agent === "fe_executor") state.frontend = files;
        else state.backend = files;
        delete state.validation;
        state.findings = state.findings.filter((f) => f.agent !== agent);
        break;
      }
      case "validator":
        state.validation = await runValidator(run, deps);
        break;
      case "orchestrator":
        // Routing is the orchestrator's own call (routeWithModel), never a step.
        throw new RangeError(`Cannot run "orchestrator" as a step: it only routes`);
      default:
        assertNever(agent, "agent");
    }
    state.steps.push({ agent, attempt, outcome: "ok" });
  } catch (error) {
    handleFailure(state, deps, agent, attempt, error);
  }
}

function handleFailure(
  state: JobState,
  deps: OrchestratorDeps,
  agent: AgentName,
  attempt: number,
  error: unknown,
): void {
  const message = error instanceof Error ? error.message : String(error);
  if (deps.signal?.aborted) {
    finish(state, "cancelled", "cancelled by the caller");
    return;
  }
  if (error instanceof BudgetExceededError) {
    state.steps.push({ agent, attempt, outcome: "budget_exceeded", detail: message });
    if (state.status === "running") finish(state, "failed", message);
    return;
  }
  const retryable = error instanceof GuardrailError
    ? error.layer !== "prompt_integrity"
    : error instanceof ProviderError
    ? error.retryable
    : false;
  const outcome = error instanceof GuardrailError && error.layer === "output_validation"
    ? "invalid_output"
    : "error";
  state.steps.push({ agent, attempt, outcome, detail: message });
  if (error instanceof GuardrailError) {
    deps.bus.emit({
      type: "guardrail",
      jobId: state.jobId,
      layer: error.layer,
      action: "blocked",
      detail: message,
    });
  }
  if (!retryable) {
    if (state.status === "running") finish(state, "failed", `"${agent}" failed: ${message}`);
    return;
  }
  deps.bus.emit({ type: "agent_retry", jobId: state.jobId, agent, attempt, reason: message });
}
