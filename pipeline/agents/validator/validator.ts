/**
 * The validator agent: deterministic checks first, then the model's review.
 * Every finding names the agent that must fix it; errors send the job back
 * to that agent.
 *
 * @module
 */
import { buildValidatorMessages } from "../../../prompts/validator.ts";
import { type CallDeps, callModel, type JobRun } from "../../call.ts";
import { runChecks } from "./checks.ts";
import { ReviewSchema } from "../../../core/answers.ts";
import type { CheckResult, Finding } from "../../../core/findings.ts";
import type { Toolchain } from "./toolchain.ts";

/** The validator's dependencies beyond a model call's. */
export interface ValidatorDeps extends CallDeps {
  toolchain: () => Promise<Toolchain>;
}

/** The validator's verdict. */
export interface Validation {
  checks: CheckResult[];
  findings: Finding[];
  /** True when no finding is an error. */
  passed: boolean;
}

/**
 * Runs the validator once on the job's current spec and files.
 *
 * @param run Holder of the job's state; the ledger is updated in place.
 * @param deps Model call dependencies and the toolchain.
 * @returns The verdict.
 */
export async function runValidator(
  run: JobRun,
  deps: ValidatorDeps,
): Promise<Validation> {
  const { spec, frontend = [], backend = [] } = run.state;
  if (spec === undefined) throw new RangeError(`Cannot run "validator": the job has no spec yet`);
  const deterministic = await runChecks({
    spec,
    frontend,
    backend,
    toolchain: await deps.toolchain(),
    now: deps.now,
    provider: run.state.provider,
  });
  const files = [...frontend, ...backend];
  const review = await callModel(run, deps, {
    agent: "validator",
    task: { agent: "validator", spec, files, checks: deterministic.checks },
    messages: buildValidatorMessages({
      spec,
      files,
      deterministicResults: deterministic.checks.map((c) => ({
        check: c.check,
        passed: c.status !== "failed",
        detail: `${c.status}: ${c.detail}`,
      })),
    }),
    schema: ReviewSchema,
    schemaName: "review",
    wantedOutputTokens: 4_000,
  });
  const findings = [...deterministic.findings, ...review.findings];
  return {
    checks: deterministic.checks,
    findings,
    passed: !findings.some((f) => f.severity === "error"),
  };
}
