/**
 * The result of every acceptance scenario of a job, read back from its
 * validation: a failing scenario is a finding of the `acceptance_scenarios`
 * check whose message starts with the requirement id and the scenario's
 * name (so the result travels wherever the job state goes), a skipped check
 * means nothing ran, and a scenario without HTTP steps is left to `verify`.
 *
 * @module
 */
import type { Requirement, Scenario } from "../../../core/behaviours.ts";
import type { CheckResult, Finding } from "../../../core/findings.ts";
import type { Spec } from "../../../core/spec.ts";
import { httpSteps } from "./scenario_problems.ts";

/** The check that runs the scenarios. */
export const ACCEPTANCE_CHECK = "acceptance_scenarios";
/** The check that imports the backend. */
export const IMPORTS_CHECK = "python_imports";

/** How a scenario finding that means "it has no result" starts its text. */
export const NOT_RUN = "not run: ";

/** How one scenario went. */
export interface ScenarioOutcome {
  name: string;
  status: "passed" | "failed" | "not_run";
  /** Why it failed or did not run. */
  detail?: string;
}

/** How one requirement stands. */
export interface RequirementOutcome {
  requirement: Requirement;
  scenarios: ScenarioOutcome[];
  /** Implemented, no scenario failed, and at least one passed. */
  proven: boolean;
}

const PREFIX = /^(r\d{1,3}) ("(?:[^"\\]|\\.)*"): /;

/**
 * The message of a finding about one scenario.
 *
 * @param requirement The requirement's id.
 * @param scenario The scenario's name.
 * @param text What is wrong.
 * @returns e.g. `r2 "Returning a loan": fails at step 2 of 3 …`.
 * @example
 * ```ts
 * import { scenarioFindingMessage, scenarioOfMessage } from "./scenario_results.ts";
 * const message = scenarioFindingMessage("r2", 'A "quoted" name', "fails");
 * if (scenarioOfMessage(message)?.scenario !== 'A "quoted" name') throw new Error();
 * ```
 */
export function scenarioFindingMessage(
  requirement: string,
  scenario: string,
  text: string,
): string {
  return `${requirement} ${JSON.stringify(scenario)}: ${text}`;
}

/**
 * @param message A finding's message.
 * @returns The requirement and scenario it is about, or undefined when it is about no one scenario.
 */
export function scenarioOfMessage(
  message: string,
): { requirement: string; scenario: string; text: string } | undefined {
  const m = PREFIX.exec(message);
  if (!m) return undefined;
  try {
    return {
      requirement: m[1]!,
      scenario: JSON.parse(m[2]!) as string,
      text: message.slice(m[0].length),
    };
  } catch {
    return undefined;
  }
}

/** Whether the validator runs a scenario (it needs an HTTP step; UI steps are dropped). */
export function runsInValidator(scenario: Scenario): boolean {
  return httpSteps(scenario).length > 0;
}

/** What the reports need of a job's validation. */
export interface ValidationLike {
  checks: readonly Pick<CheckResult, "check" | "status" | "detail">[];
  findings: readonly Pick<Finding, "check" | "message" | "severity">[];
}

/**
 * How each requirement of a spec stands after the validation.
 *
 * @param spec The spec.
 * @param validation The job's validation, or undefined when it never ran.
 * @returns One outcome per requirement, in spec order.
 */
export function requirementOutcomes(
  spec: Spec,
  validation: ValidationLike | undefined,
): RequirementOutcome[] {
  const check = validation?.checks.find((c) => c.check === ACCEPTANCE_CHECK);
  const failures = new Map<string, string>();
  let global: string | undefined;
  for (const finding of validation?.findings ?? []) {
    if (finding.check !== ACCEPTANCE_CHECK || finding.severity !== "error") continue;
    const about = scenarioOfMessage(finding.message);
    if (about === undefined) global ??= finding.message;
    else {
      const key = `${about.requirement}\n${about.scenario}`;
      failures.set(key, failures.has(key) ? `${failures.get(key)}; ${about.text}` : about.text);
    }
  }
  return (spec.requirements ?? []).map((requirement) => {
    const scenarios = requirement.scenarios.map((scenario): ScenarioOutcome => {
      const name = scenario.name;
      if (requirement.status !== "implemented") {
        return { name, status: "not_run", detail: "not implemented" };
      }
      const failure = failures.get(`${requirement.id}\n${name}`);
      if (failure?.startsWith(NOT_RUN)) {
        return { name, status: "not_run", detail: failure.slice(NOT_RUN.length) };
      }
      if (failure !== undefined) return { name, status: "failed", detail: failure };
      if (!runsInValidator(scenario)) {
        return { name, status: "not_run", detail: "UI steps only: `verify` runs it in Chromium" };
      }
      if (validation === undefined) {
        return { name, status: "not_run", detail: "the validator did not run" };
      }
      if (check === undefined) {
        return { name, status: "not_run", detail: "the validator has no scenario check" };
      }
      if (check.status === "skipped") return { name, status: "not_run", detail: check.detail };
      if (check.status === "failed" && global !== undefined) {
        return { name, status: "not_run", detail: global };
      }
      if (check.status === "failed" && failures.size === 0) {
        return { name, status: "not_run", detail: check.detail };
      }
      return { name, status: "passed" };
    });
    const proven = requirement.status === "implemented" &&
      scenarios.some((s) => s.status === "passed") &&
      !scenarios.some((s) => s.status === "failed");
    return { requirement, scenarios, proven };
  });
}
