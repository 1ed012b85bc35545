/**
 * What is wrong with a spec's acceptance scenarios themselves, before any
 * app runs them: a step calling an endpoint the spec lacks, a status the
 * spec contradicts, an actor never declared, a `{name}` no earlier step
 * saved, an unknown matcher, a page the spec does not have. Such a scenario
 * cannot pass against any app, so its failure is the planner's to fix, not
 * an executor's.
 *
 * @module
 */
import type { HttpStep, Scenario, Step, UiStep } from "../../../core/behaviours.ts";
import type { Endpoint, Spec } from "../../../core/spec.ts";
import { expectProblems } from "./scenario_match.ts";
import { placeholdersIn, RESERVED_PLACEHOLDERS } from "./scenario_values.ts";

/** A problem of one scenario. */
export interface ScenarioProblem {
  requirement: string;
  scenario: string;
  /** The step's index in the scenario's steps, or null for the scenario as a whole. */
  step: number | null;
  message: string;
}

/** Whether a step is an HTTP step (the others are UI steps). */
export function isHttpStep(step: Step): step is HttpStep {
  return "method" in step;
}

/** The steps of a scenario that run without a browser, with their index in `steps`. */
export function httpSteps(scenario: Scenario): { step: HttpStep; index: number }[] {
  return scenario.steps.flatMap((step, index) => (isHttpStep(step) ? [{ step, index }] : []));
}

const PARAM = /^\{[a-z0-9_]+\}$/;
const HAS_PLACEHOLDER = /\{[a-z][a-z0-9_+-]*\}/;

function segments(path: string): string[] {
  return path.split("?")[0]!.split("/").filter((s) => s !== "");
}

/**
 * The spec endpoint an HTTP step calls. A path segment holding a
 * placeholder (`{loan_id}`) matches a path parameter or any literal;
 * literal segments weigh more, so `/api/loans/overdue` finds the view, not
 * `GET /api/loans/{id}`.
 *
 * @param spec The spec.
 * @param method The step's method.
 * @param path The step's path (placeholders unresolved, query string allowed).
 * @returns The endpoint, or undefined when the spec has none that fits.
 * @example
 * ```ts
 * import { stepEndpoint } from "./scenario_problems.ts";
 * import { blogSpec } from "../../../tests/fixtures/sample_specs.ts";
 * if (stepEndpoint(blogSpec, "GET", "/api/posts/{post}")?.id !== "GET /api/posts/{id}") {
 *   throw new Error();
 * }
 * ```
 */
export function stepEndpoint(
  spec: Pick<Spec, "endpoints">,
  method: string,
  path: string,
): Endpoint | undefined {
  const wanted = segments(path);
  let best: { endpoint: Endpoint; score: number } | undefined;
  for (const endpoint of spec.endpoints) {
    if (endpoint.method !== method) continue;
    const template = segments(endpoint.path);
    if (template.length !== wanted.length) continue;
    let score = 0;
    let fits = true;
    for (let i = 0; i < template.length && fits; i++) {
      const t = template[i]!;
      const s = wanted[i]!;
      if (PARAM.test(t)) continue;
      if (t === s) score++;
      else if (!HAS_PLACEHOLDER.test(s)) fits = false;
    }
    if (fits && (best === undefined || score > best.score)) best = { endpoint, score };
  }
  return best?.endpoint;
}

/**
 * Whether a UI path is one of the spec's pages (`/loans/7` fits `/loans/[id]`).
 *
 * @param spec The spec.
 * @param path A `goto` path, placeholders unresolved.
 * @returns True when a page route fits.
 */
export function pageFits(spec: Pick<Spec, "pages">, path: string): boolean {
  const wanted = segments(path);
  return spec.pages.some((page) => {
    const route = segments(page.route);
    return route.length === wanted.length &&
      route.every((r, i) => r === "[id]" || r === wanted[i] || HAS_PLACEHOLDER.test(wanted[i]!));
  });
}

function uiStepProblem(step: UiStep): string | undefined {
  const needs: Record<UiStep["ui"], (keyof UiStep)[]> = {
    goto: ["path"],
    fill: ["label", "value"],
    select: ["label", "value"],
    click: ["role", "name"],
    see: ["text"],
    not_see: ["text"],
  };
  const missing = needs[step.ui].filter((key) => step[key] === undefined);
  return missing.length === 0
    ? undefined
    : `"${step.ui}" needs ${missing.map((k) => `"${k}"`).join(" and ")}`;
}

function scenarioProblems(
  spec: Spec,
  scenario: Scenario,
): { step: number | null; message: string }[] {
  const out: { step: number | null; message: string }[] = [];
  const note = (step: number | null, message: string) => out.push({ step, message });
  const actors = Object.keys(scenario.actors ?? {});
  const saved = new Set<string>();
  scenario.steps.forEach((step, index) => {
    if (step.as !== undefined && step.as !== "anonymous" && !actors.includes(step.as)) {
      note(
        index,
        `acts as "${step.as}", who is not one of the scenario's actors (${
          actors.length ? actors.join(", ") : "none"
        })`,
      );
    }
    const used = isHttpStep(step)
      ? placeholdersIn([step.path, step.body, step.expect, step.headers])
      : placeholdersIn([step.path, step.value, step.text, step.name, step.label]);
    for (const name of used) {
      if (!saved.has(name)) note(index, `uses "{${name}}", which no earlier step saves`);
    }
    if (isHttpStep(step)) {
      const endpoint = stepEndpoint(spec, step.method, step.path);
      if (endpoint === undefined) {
        note(index, `calls ${step.method} ${step.path}, which is not an endpoint of the spec`);
      } else if (
        step.status >= 200 && step.status < 300 && endpoint.status >= 200 &&
        endpoint.status < 300 && step.status !== endpoint.status
      ) {
        note(
          index,
          `expects ${step.status} from ${endpoint.id}, which answers ${endpoint.status} in the spec`,
        );
      }
      for (const problem of expectProblems(step.expect)) note(index, `expect ${problem}`);
      for (const name of Object.keys(step.save ?? {})) {
        if (RESERVED_PLACEHOLDERS.includes(name)) {
          note(index, `saves under "${name}", which is a built-in placeholder`);
        }
        saved.add(name);
      }
    } else {
      const problem = uiStepProblem(step);
      if (problem !== undefined) note(index, problem);
      if (step.ui === "goto" && step.path !== undefined && !pageFits(spec, step.path)) {
        note(index, `opens ${step.path}, which is not a page of the spec`);
      }
    }
  });
  return out;
}

/**
 * The problems of every scenario of a spec's implemented requirements.
 *
 * @param spec The spec.
 * @returns One entry per problem, in requirement and step order.
 * @example
 * ```ts
 * import { specScenarioProblems } from "./scenario_problems.ts";
 * import { blogSpec } from "../../../tests/fixtures/sample_specs.ts";
 * const problems = specScenarioProblems({
 *   ...blogSpec,
 *   requirements: [{
 *     id: "r1", text: "Posts can be liked", kinds: ["action_increment"], status: "implemented",
 *     by: [], scenarios: [{ name: "like", steps: [{ method: "POST", path: "/api/posts/1/like", status: 200 }] }],
 *   }],
 * });
 * if (!problems[0]?.message.includes("not an endpoint")) throw new Error();
 * ```
 */
export function specScenarioProblems(spec: Spec): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  for (const requirement of spec.requirements ?? []) {
    if (requirement.status !== "implemented") continue;
    for (const scenario of requirement.scenarios) {
      for (const { step, message } of scenarioProblems(spec, scenario)) {
        problems.push({ requirement: requirement.id, scenario: scenario.name, step, message });
      }
    }
  }
  return problems;
}
