/**
 * What one deterministic check returns, and the helper most checks build it
 * with. Private to the validator.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";
import type { CheckResult, Finding } from "../../../core/findings.ts";
import type { Spec } from "../../../core/spec.ts";
import type { Toolchain } from "./toolchain.ts";

/** What the checks read. */
export interface CheckInput {
  spec: Spec;
  frontend: readonly GeneratedFile[];
  backend: readonly GeneratedFile[];
  toolchain: Toolchain;
  now: () => number;
  /**
   * Who wrote the code: the offline generator's own templates (`offline`),
   * or a model. Model-written code is scanned before it is run.
   */
  provider?: string;
}

/** One check's result before the runner adds its name, agent and time. */
export type Outcome = { status: CheckResult["status"]; detail: string; findings: Finding[] };

/**
 * @param findings What the check found.
 * @param passDetail The detail when no finding is an error.
 * @returns Passed, or failed with the first errors as its detail.
 */
export function outcome(findings: Finding[], passDetail: string): Outcome {
  const errors = findings.filter((f) => f.severity === "error");
  return errors.length === 0 ? { status: "passed", detail: passDetail, findings } : {
    status: "failed",
    detail: errors.slice(0, 3).map((f) => f.message).join("; ") +
      (errors.length > 3 ? ` (+${errors.length - 3} more)` : ""),
    findings,
  };
}
