/**
 * The values of a scenario run: placeholders in paths, bodies, expected
 * answers and headers (`{name}` saved by an earlier step, `{today}`,
 * `{today+3}`, `{now}`, `{run}`), and values saved from answers by path
 * (`id`, `user.id`, `0.id`).
 *
 * @module
 */

/** What placeholders resolve against. */
export interface ScenarioContext {
  /** Values saved by earlier steps of the same scenario. */
  saved: ReadonlyMap<string, unknown>;
  /** A token unique to this scenario's run (lower-case letters and digits). */
  run: string;
  /** The current time. */
  now: Date;
}

/** A placeholder that has no value: the scenario is wrong, or an earlier `save` failed. */
export class PlaceholderError extends Error {
  override name = "PlaceholderError";
}

/** Names a `save` may not use: they are the built-in placeholders. */
export const RESERVED_PLACEHOLDERS: readonly string[] = ["today", "now", "run"];

const PLACEHOLDER = /\{(today(?:[+-]\d{1,4})?|now|run|[a-z][a-z0-9_]*)\}/g;
const WHOLE = /^\{(today(?:[+-]\d{1,4})?|now|run|[a-z][a-z0-9_]*)\}$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * A date as the server's `date.today()` gives it: the local calendar day.
 *
 * @param now The current time.
 * @param days Whole days to add (negative: earlier).
 * @returns `YYYY-MM-DD`.
 * @example
 * ```ts
 * import { localDate } from "./scenario_values.ts";
 * if (localDate(new Date(2026, 1, 28, 12), 1) !== "2026-03-01") throw new Error();
 * ```
 */
export function localDate(now: Date, days = 0): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, 12);
  return `${pad(day.getFullYear(), 4)}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** `{now}`: UTC to the second, as the generated backend's own `now()` writes it. */
function isoNow(now: Date): string {
  return `${now.toISOString().slice(0, 19)}+00:00`;
}

function valueOf(name: string, context: ScenarioContext): unknown {
  if (name === "now") return isoNow(context.now);
  if (name === "run") return context.run;
  const today = /^today(?:([+-]\d+))?$/.exec(name);
  if (today) return localDate(context.now, Number(today[1] ?? 0));
  if (!context.saved.has(name)) {
    throw new PlaceholderError(
      `no value for "{${name}}": no earlier step saved "${name}"${
        context.saved.size ? ` (saved: ${[...context.saved.keys()].join(", ")})` : ""
      }`,
    );
  }
  return context.saved.get(name);
}

/**
 * Resolves the placeholders of a value: in every string of it, however deep.
 * A string that is exactly one placeholder becomes the saved value itself,
 * with its type (`"{loan_id}"` → `7`); inside longer text it is written out.
 *
 * @param value A path, body, `expect` or header value.
 * @param context Saved values, the run token and the clock.
 * @returns The resolved value.
 * @throws {PlaceholderError} When a `{name}` was never saved.
 * @example
 * ```ts
 * import { resolvePlaceholders } from "./scenario_values.ts";
 * const context = { saved: new Map([["loan_id", 7]]), run: "r1", now: new Date() };
 * const body = resolvePlaceholders({ loan_id: "{loan_id}", note: "loan {loan_id}" }, context);
 * if ((body as { loan_id: number }).loan_id !== 7) throw new Error();
 * ```
 */
export function resolvePlaceholders(value: unknown, context: ScenarioContext): unknown {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole) return valueOf(whole[1]!, context);
    return value.replace(PLACEHOLDER, (_, name: string) => {
      const resolved = valueOf(name, context);
      return typeof resolved === "string" ? resolved : JSON.stringify(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolvePlaceholders(item, context));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolvePlaceholders(v, context)]),
    );
  }
  return value;
}

/**
 * The names of the saved-value placeholders a value uses (not the built-in ones).
 *
 * @param value A path, body, `expect` or header value.
 * @returns The names, in order of appearance, without repeats.
 */
export function placeholdersIn(value: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      for (const m of v.matchAll(PLACEHOLDER)) {
        const name = m[1]!;
        if (!RESERVED_PLACEHOLDERS.includes(name) && !name.startsWith("today")) names.add(name);
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return [...names];
}

/**
 * The value at a `save` path of an answer: keys and array indexes joined by dots.
 *
 * @param answer The parsed JSON answer.
 * @param path e.g. `id`, `user.id`, `0.id`, `transfers.0.amount`.
 * @returns The value, or undefined when the path leads nowhere.
 * @example
 * ```ts
 * import { valueAtPath } from "./scenario_values.ts";
 * if (valueAtPath([{ id: 4 }], "0.id") !== 4) throw new Error();
 * ```
 */
export function valueAtPath(answer: unknown, path: string): unknown {
  let current: unknown = answer;
  for (const segment of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (current !== null && typeof current === "object" && !Array.isArray(current)) {
      current = Object.hasOwn(current, segment)
        ? (current as Record<string, unknown>)[segment]
        : undefined;
    } else return undefined;
  }
  return current;
}

/**
 * A token unique to one scenario run: lower-case letters and digits, so it
 * fits in emails, names and codes.
 *
 * @returns e.g. `m9x2k7q4a1`.
 */
export function runToken(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return `${Date.now().toString(36)}${random[0]!.toString(36)}${random[1]!.toString(36)}`.slice(
    0,
    16,
  );
}
