/**
 * Runs a requirement's acceptance scenarios against a running app, with the
 * semantics `core/behaviours.ts` documents: in auth apps the actors sign up
 * first (`POST /api/auth/register`), each HTTP step is sent with `fetch` as
 * its actor, redirects are not followed, placeholders are resolved, and the
 * answer's status, JSON (`expect`, with every `$` matcher) and `headers` are
 * checked before `save` keeps values for later steps. UI steps go to a
 * {@link UiDriver} (Chromium, see `scenario_ui.ts`); without one they are
 * dropped, as the validator and the generated pytest suite drop them.
 *
 * A failure names the requirement, the scenario, the step, what was
 * expected and what came back, and who must fix it: the planner when the
 * scenario cannot be right for the spec, else the executor whose code the
 * step exercises.
 *
 * @module
 */
import type { HttpStep, Requirement, Scenario, UiStep } from "../core/behaviours.ts";
import type { Spec } from "../core/spec.ts";
import { mismatch, shown } from "../pipeline/agents/validator/scenario_match.ts";
import {
  isHttpStep,
  specScenarioProblems,
} from "../pipeline/agents/validator/scenario_problems.ts";
import {
  PlaceholderError,
  resolvePlaceholders,
  runToken,
  type ScenarioContext,
  valueAtPath,
} from "../pipeline/agents/validator/scenario_values.ts";

/** Who must fix a failing scenario. */
export type ScenarioAgent = "planner" | "be_executor" | "fe_executor";

/** How one scenario went: the line format of the generated `tests/scenarios.py`, plus why it did not run. */
export interface ScenarioRun {
  requirement: string;
  scenario: string;
  ok: boolean;
  /** The failing step's index in the scenario's `steps`, or null (actor sign-up, or no failure). */
  step: number | null;
  /** What was expected and what came back. */
  error: string | null;
  /** Set when the scenario did not run here, with why (then `ok` is false). */
  skipped?: string;
  /** Who must fix it, for a failure. */
  agent?: ScenarioAgent;
}

/** An actor's sign-in, for the UI's login page. */
export interface Credentials {
  email: string;
  password: string;
}

/** Drives the UI for the UI steps of a scenario. */
export interface UiDriver {
  /**
   * Signs in through the UI's own login page, or signs out (`null`).
   *
   * @throws {Error} When it cannot; the message says what the page showed.
   */
  signIn(credentials: Credentials | null): Promise<void>;
  /**
   * Runs one UI step, placeholders resolved.
   *
   * @throws {Error} When the step fails; the message says what was expected and what the page showed.
   */
  run(step: UiStep): Promise<void>;
}

/** Options of {@link runScenario}. */
export interface ScenarioOptions {
  /** The running backend. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Drives the UI steps; without it they are dropped. */
  ui?: UiDriver;
  /** The backend's `STAFF_SIGNUP_CODE`, for actors with a role. */
  staffCode?: string;
  /** The clock, for `{today}` and `{now}`. */
  now?: () => Date;
  /** Makes `{run}` (default: random). */
  runToken?: () => string;
  /** Longest wait for one answer (default 15 s). */
  timeoutMs?: number;
}

/** Why one step failed. */
class StepFailure extends Error {
  override name = "StepFailure";
}

/** `alice` → `Alice`, `staff_member` → `Staff Member`, as the generated runner names them. */
export function actorName(actor: string): string {
  return actor.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");
}

/**
 * The sign-up of an actor: email, password and name from the actor and the
 * run token, plus its role and the staff code when it has a role.
 *
 * @param actor The actor's name.
 * @param info Its role, if any.
 * @param run The scenario run's token.
 * @param staffCode The backend's staff sign-up code.
 * @returns The body of `POST /api/auth/register`.
 * @example
 * ```ts
 * import { signUpBody } from "./scenarios.ts";
 * const body = signUpBody("alice", {}, "k3", "code");
 * if (body.email !== "alice-k3@example.com" || body.password !== "alice-Pass-k3") throw new Error();
 * ```
 */
export function signUpBody(
  actor: string,
  info: { role?: string },
  run: string,
  staffCode = "",
): Record<string, string> {
  return {
    email: `${actor}-${run}@example.com`,
    password: `${actor}-Pass-${run}`,
    name: actorName(actor),
    ...(info.role !== undefined ? { role: info.role, staff_code: staffCode } : {}),
  };
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  isJson: boolean;
}

function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

async function send(
  options: ScenarioOptions,
  method: string,
  path: string,
  body: unknown,
  token: string | undefined,
): Promise<Answer> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(new URL(path, options.baseUrl), {
      method,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new StepFailure(`${method} ${path}: no answer: ${(error as Error).message}`);
  }
  const text = await response.text();
  let json: unknown = undefined;
  let isJson = false;
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
      isJson = true;
    } catch {
      // Not JSON: an `expect` on it fails below.
    }
  }
  return { status: response.status, headers: response.headers, text, json, isJson };
}

async function runHttpStep(
  step: HttpStep,
  context: ScenarioContext & { saved: Map<string, unknown> },
  token: string | undefined,
  options: ScenarioOptions,
): Promise<void> {
  const path = String(resolvePlaceholders(step.path, context));
  const body = step.body === undefined ? undefined : resolvePlaceholders(step.body, context);
  const answer = await send(options, step.method, path, body, token);
  const at = `${step.method} ${path}`;
  if (answer.status !== step.status) {
    throw new StepFailure(
      `${at}: expected status ${step.status}, got ${answer.status}${
        answer.text ? `: ${excerpt(answer.text)}` : ""
      }`,
    );
  }
  if (step.expect !== undefined) {
    if (!answer.isJson) {
      throw new StepFailure(
        `${at}: expected a JSON answer matching ${shown(step.expect)}, got ${
          answer.text ? excerpt(answer.text, 160) : "an empty body"
        }`,
      );
    }
    const problem = mismatch(resolvePlaceholders(step.expect, context), answer.json);
    if (problem !== undefined) throw new StepFailure(`${at}: ${problem}`);
  }
  for (const [name, value] of Object.entries(step.headers ?? {})) {
    const want = String(resolvePlaceholders(value, context));
    const got = answer.headers.get(name);
    if (got !== want) {
      throw new StepFailure(
        `${at}: header "${name}": expected ${JSON.stringify(want)}, got ${
          got === null ? "none" : JSON.stringify(got)
        }`,
      );
    }
  }
  for (const [name, where] of Object.entries(step.save ?? {})) {
    const value = valueAtPath(answer.json, where);
    if (value === undefined) {
      throw new StepFailure(
        `${at}: cannot save "${name}": the answer has nothing at "${where}" (${
          shown(answer.json)
        })`,
      );
    }
    context.saved.set(name, value);
  }
}

function resolveUiStep(step: UiStep, context: ScenarioContext): UiStep {
  const out: UiStep = { ...step };
  for (const key of ["path", "label", "value", "name", "text"] as const) {
    if (out[key] !== undefined) out[key] = String(resolvePlaceholders(out[key], context));
  }
  return out;
}

/** A short description of a step, for messages. */
export function describeStep(step: Scenario["steps"][number]): string {
  if (isHttpStep(step)) return `${step.method} ${step.path}`;
  switch (step.ui) {
    case "goto":
      return `open ${step.path}`;
    case "fill":
      return `fill "${step.label}" with ${JSON.stringify(step.value)}`;
    case "select":
      return `choose ${JSON.stringify(step.value)} in "${step.label}"`;
    case "click":
      return `click ${step.role} "${step.name}"${step.n ? ` #${step.n + 1}` : ""}`;
    case "see":
      return `see ${JSON.stringify(step.text)}`;
    case "not_see":
      return `not see ${JSON.stringify(step.text)}`;
  }
}

/**
 * Runs one scenario.
 *
 * @param spec The app's spec (for auth and to know a scenario that cannot be right).
 * @param requirement The requirement the scenario proves.
 * @param scenario The scenario.
 * @param options Where the backend listens, the UI driver, the staff code.
 * @returns How it went; never throws for a failing app.
 */
export async function runScenario(
  spec: Spec,
  requirement: Requirement,
  scenario: Scenario,
  options: ScenarioOptions,
): Promise<ScenarioRun> {
  const base = { requirement: requirement.id, scenario: scenario.name };
  const steps = scenario.steps.map((step, index) => ({ step, index })).filter(({ step }) =>
    options.ui !== undefined || isHttpStep(step)
  );
  if (steps.length === 0) {
    return {
      ...base,
      ok: false,
      step: null,
      error: null,
      skipped: "UI steps only: it runs in the browser",
    };
  }
  const wrong = specScenarioProblems({
    ...spec,
    requirements: [{ ...requirement, scenarios: [scenario] }],
  });
  const fail = (step: number | null, error: string, agent: ScenarioAgent): ScenarioRun => ({
    ...base,
    ok: false,
    step,
    error: wrong.length > 0
      ? `${error} (the scenario cannot pass: ${wrong.map((p) => p.message).join("; ")})`
      : error,
    agent: wrong.length > 0 ? "planner" : agent,
  });
  const run = (options.runToken ?? runToken)();
  const context = {
    saved: new Map<string, unknown>(),
    run,
    now: (options.now ?? (() => new Date()))(),
  };
  const actors = Object.entries(scenario.actors ?? {});
  const tokens = new Map<string, string>();
  const credentials = new Map<string, Credentials>();
  if (spec.auth) {
    for (const [actor, info] of actors) {
      const body = signUpBody(actor, info, run, options.staffCode);
      let answer: Answer;
      try {
        answer = await send(options, "POST", "/api/auth/register", body, undefined);
      } catch (error) {
        return fail(
          null,
          `cannot sign up actor "${actor}": ${(error as Error).message}`,
          "be_executor",
        );
      }
      const token = (answer.json as { token?: unknown } | undefined)?.token;
      if (answer.status !== 201 || typeof token !== "string") {
        return fail(
          null,
          `cannot sign up actor "${actor}"${
            info.role ? ` with role "${info.role}"` : ""
          }: POST /api/auth/register answered ${answer.status}${
            answer.text ? `: ${excerpt(answer.text)}` : ""
          }`,
          "be_executor",
        );
      }
      tokens.set(actor, token);
      credentials.set(actor, { email: body.email!, password: body.password! });
    }
  }
  const firstActor = actors[0]?.[0];
  // Who the browser is signed in as; each scenario starts signed out.
  let uiStarted = false;
  let uiActor: string | undefined;
  for (const { step, index } of steps) {
    const actor = step.as ?? firstActor;
    const who = actor === undefined || actor === "anonymous" ? undefined : actor;
    try {
      if (isHttpStep(step)) {
        if (who !== undefined && spec.auth && !tokens.has(who)) {
          throw new StepFailure(`acts as "${who}", who is not one of the scenario's actors`);
        }
        await runHttpStep(step, context, who === undefined ? undefined : tokens.get(who), options);
      } else {
        const ui = options.ui!;
        if (!uiStarted || uiActor !== who) {
          const signIn = who === undefined ? null : credentials.get(who) ?? null;
          if (who !== undefined && spec.auth && signIn === null) {
            throw new StepFailure(`acts as "${who}", who is not one of the scenario's actors`);
          }
          try {
            await ui.signIn(signIn);
          } catch (error) {
            throw new StepFailure(
              `cannot sign in as "${who}" through the login page: ${(error as Error).message}`,
            );
          }
          uiStarted = true;
          uiActor = who;
        }
        const resolved = resolveUiStep(step, context);
        try {
          await ui.run(resolved);
        } catch (error) {
          throw new StepFailure(`${describeStep(resolved)}: ${(error as Error).message}`);
        }
      }
    } catch (error) {
      if (error instanceof StepFailure || error instanceof PlaceholderError) {
        return fail(index, error.message, isHttpStep(step) ? "be_executor" : "fe_executor");
      }
      throw error;
    }
  }
  return { ...base, ok: true, step: null, error: null };
}

/** Options of {@link runScenarios}. */
export interface RunScenariosOptions extends ScenarioOptions {
  /** Which scenarios to run (default: all of the implemented requirements). */
  only?: (scenario: Scenario) => boolean;
  /** Called after each scenario. */
  onResult?: (run: ScenarioRun) => void;
}

/**
 * Runs the scenarios of every implemented requirement, one after another.
 *
 * @param spec The app's spec.
 * @param options Where the app listens, which scenarios, the UI driver.
 * @returns One run per scenario, in spec order.
 */
export async function runScenarios(
  spec: Spec,
  options: RunScenariosOptions,
): Promise<ScenarioRun[]> {
  const runs: ScenarioRun[] = [];
  for (const requirement of spec.requirements ?? []) {
    if (requirement.status !== "implemented") continue;
    for (const scenario of requirement.scenarios) {
      if (options.only && !options.only(scenario)) continue;
      const run = await runScenario(spec, requirement, scenario, options);
      runs.push(run);
      options.onResult?.(run);
    }
  }
  return runs;
}

/**
 * A scenario run in one line: which requirement and scenario, which step,
 * and what went wrong.
 *
 * @param run A run.
 * @param spec The spec, to quote the failing step.
 * @returns e.g. `r2 "return a loan" failed at step 4 (POST /api/loans/{loan}/return): …`.
 */
export function describeRun(run: ScenarioRun, spec?: Spec): string {
  const name = `${run.requirement} ${JSON.stringify(run.scenario)}`;
  if (run.ok) return `${name} passed`;
  if (run.skipped !== undefined) return `${name} not run: ${run.skipped}`;
  const scenario = spec?.requirements?.find((r) => r.id === run.requirement)?.scenarios.find((s) =>
    s.name === run.scenario
  );
  const step = run.step === null ? undefined : scenario?.steps[run.step];
  const where = run.step === null
    ? "before its first step"
    : `at step ${run.step + 1}${scenario ? ` of ${scenario.steps.length}` : ""}${
      step ? ` (${describeStep(step)})` : ""
    }`;
  return `${name} failed ${where}: ${run.error ?? "no reason given"}`;
}
