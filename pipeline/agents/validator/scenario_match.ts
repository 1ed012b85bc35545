/**
 * Matching an answer against a scenario step's `expect`, with the
 * semantics `core/behaviours.ts` documents for `HttpStepSchema`: objects
 * match key by key (other keys ignored), arrays item by item with the same
 * length, numbers within 0.01, and the `$` matchers.
 *
 * @module
 */

/** Numbers closer than this are equal (money rounded to cents, percents to one decimal). */
export const NUMBER_TOLERANCE = 0.01;
// Float noise on top of the tolerance: 0.1 + 0.2 vs 0.31.
const EPSILON = 1e-9;

/** The matchers an `expect` object may use. */
export const MATCHERS = [
  "$len",
  "$has",
  "$lacks",
  "$sorted",
  "$gte",
  "$lte",
  "$type",
  "$absent",
  "$ne",
  "$contains",
] as const;

/** One of {@link MATCHERS}. */
export type Matcher = typeof MATCHERS[number];

const TYPES = ["string", "number", "integer", "boolean", "array", "object", "null"] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Whether a value of an `expect` is a matcher object: a non-empty object
 * whose keys all start with `$`.
 *
 * @param value A value of an `expect`.
 * @returns True for `{"$len": 2}`, false for `{"id": 2}` and `{}`.
 */
export function isMatcherObject(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith("$"));
}

/**
 * Problems of an `expect` value itself (not of an answer): unknown
 * matchers, objects mixing matchers and keys, matcher arguments of the
 * wrong type. A scenario with such a problem cannot pass against any app.
 *
 * @param expected An `expect` value.
 * @param path Where it sits, for the message.
 * @returns One message per problem.
 * @example
 * ```ts
 * import { expectProblems } from "./scenario_match.ts";
 * if (expectProblems({ rows: { $length: 2 } }).length !== 1) throw new Error();
 * ```
 */
export function expectProblems(expected: unknown, path = "$"): string[] {
  if (Array.isArray(expected)) {
    return expected.flatMap((item, i) => expectProblems(item, `${path}[${i}]`));
  }
  if (!isPlainObject(expected)) return [];
  const keys = Object.keys(expected);
  const dollar = keys.filter((k) => k.startsWith("$"));
  if (dollar.length > 0 && dollar.length < keys.length) {
    return [`${path}: mixes matchers (${dollar.join(", ")}) with keys of the answer`];
  }
  if (dollar.length === 0) {
    return keys.flatMap((k) => expectProblems(expected[k], `${path}.${k}`));
  }
  const problems: string[] = [];
  // The contract's special objects have one key each, and so do the runners
  // that read them (the generated tests/scenarios.py among them).
  if (dollar.length > 1) {
    problems.push(`${path}: one matcher per object, not ${dollar.join(" and ")}`);
  }
  for (const key of dollar) {
    const arg = expected[key];
    switch (key as Matcher) {
      case "$len":
        if (!Number.isInteger(arg) || (arg as number) < 0) {
          problems.push(`${path}: "$len" needs a whole number`);
        }
        break;
      case "$gte":
      case "$lte":
        if (typeof arg !== "number") problems.push(`${path}: "${key}" needs a number`);
        break;
      case "$type":
        if (!TYPES.includes(arg as typeof TYPES[number])) {
          problems.push(`${path}: "$type" must be one of ${TYPES.join(", ")}`);
        }
        break;
      case "$absent":
        if (typeof arg !== "boolean") problems.push(`${path}: "$absent" needs true or false`);
        break;
      case "$contains":
        if (typeof arg !== "string") problems.push(`${path}: "$contains" needs a string`);
        break;
      case "$sorted": {
        const ok = isPlainObject(arg) && typeof arg.field === "string" &&
          (arg.direction === "asc" || arg.direction === "desc");
        if (!ok) {
          problems.push(`${path}: "$sorted" needs {"field": name, "direction": "asc"|"desc"}`);
        }
        break;
      }
      case "$has":
      case "$lacks":
      case "$ne":
        problems.push(...expectProblems(arg, `${path}.${key}`));
        break;
      default:
        problems.push(`${path}: unknown matcher "${key}" (known: ${MATCHERS.join(", ")})`);
    }
  }
  return problems;
}

/** JSON of a value for a message, shortened. */
export function shown(value: unknown, max = 160): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function typeName(value: unknown): typeof TYPES[number] | "undefined" {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "string" || typeof value === "boolean") return typeof value as "string";
  return "object";
}

function hasType(value: unknown, type: string): boolean {
  const actual = typeName(value);
  return actual === type || (type === "number" && actual === "integer");
}

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= NUMBER_TOLERANCE + EPSILON;
}

/** Compares two sort keys; undefined when they cannot be ordered against each other. */
function compareKeys(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return undefined;
}

function sortedProblem(
  actual: unknown[],
  field: string,
  direction: "asc" | "desc",
  path: string,
): string | undefined {
  const values = actual.map((item) => (isPlainObject(item) ? item[field] : undefined));
  const firstNull = values.findIndex((v) => v === null || v === undefined);
  if (firstNull >= 0) {
    const later = values.findIndex((v, i) => i > firstNull && v !== null && v !== undefined);
    if (later >= 0) {
      return `${path}: not sorted by "${field}" ${direction} (nulls last): item ${firstNull} has no value but item ${later} has ${
        shown(values[later])
      }`;
    }
  }
  const present = firstNull >= 0 ? values.slice(0, firstNull) : values;
  for (let i = 1; i < present.length; i++) {
    const order = compareKeys(present[i - 1], present[i]);
    if (order === undefined) {
      return `${path}: cannot order "${field}" values ${shown(present[i - 1])} and ${
        shown(present[i])
      }`;
    }
    if (direction === "asc" ? order > 0 : order < 0) {
      return `${path}: not sorted by "${field}" ${direction}: item ${i - 1} has ${
        shown(present[i - 1])
      }, item ${i} has ${shown(present[i])}`;
    }
  }
  return undefined;
}

function matcherProblem(
  key: string,
  arg: unknown,
  actual: unknown,
  path: string,
): string | undefined {
  switch (key as Matcher) {
    case "$len": {
      if (!Array.isArray(actual) && typeof actual !== "string") {
        return `${path}: expected an array or string of length ${arg}, got ${shown(actual)}`;
      }
      return actual.length === arg
        ? undefined
        : `${path}: expected length ${arg}, got ${actual.length} (${shown(actual)})`;
    }
    case "$has": {
      if (!Array.isArray(actual)) return `${path}: expected an array, got ${shown(actual)}`;
      return actual.some((item) => mismatch(arg, item) === undefined)
        ? undefined
        : `${path}: no item matches ${shown(arg)} among ${actual.length} (${shown(actual)})`;
    }
    case "$lacks": {
      if (!Array.isArray(actual)) return `${path}: expected an array, got ${shown(actual)}`;
      const index = actual.findIndex((item) => mismatch(arg, item) === undefined);
      return index < 0
        ? undefined
        : `${path}: item ${index} matches ${shown(arg)}, expected none to: ${shown(actual[index])}`;
    }
    case "$sorted": {
      if (!Array.isArray(actual)) return `${path}: expected an array, got ${shown(actual)}`;
      const { field, direction } = arg as { field: string; direction: "asc" | "desc" };
      return sortedProblem(actual, field, direction, path);
    }
    case "$gte":
    case "$lte": {
      if (typeof actual !== "number") return `${path}: expected a number, got ${shown(actual)}`;
      const bound = arg as number;
      const ok = key === "$gte"
        ? actual > bound || sameNumber(actual, bound)
        : actual < bound || sameNumber(actual, bound);
      return ok
        ? undefined
        : `${path}: expected ${key === "$gte" ? "≥" : "≤"} ${bound}, got ${actual}`;
    }
    case "$type":
      return hasType(actual, String(arg))
        ? undefined
        : `${path}: expected a value of type ${arg}, got ${shown(actual)}`;
    case "$absent":
      // Inside an object the caller handles the key; anywhere else a value is present.
      return arg === true && actual !== undefined
        ? `${path}: expected no value, got ${shown(actual)}`
        : arg === false && actual === undefined
        ? `${path}: missing`
        : undefined;
    case "$ne":
      return mismatch(arg, actual) === undefined
        ? `${path}: expected anything but ${shown(arg)}, got ${shown(actual)}`
        : undefined;
    case "$contains":
      if (typeof actual !== "string") return `${path}: expected a string, got ${shown(actual)}`;
      return actual.includes(String(arg))
        ? undefined
        : `${path}: expected text containing ${shown(arg)}, got ${shown(actual)}`;
    default:
      return `${path}: unknown matcher "${key}"`;
  }
}

/**
 * Whether an answer matches an `expect` value.
 *
 * @param expected The step's `expect` (placeholders already resolved).
 * @param actual The parsed JSON answer.
 * @param path Where `actual` sits in the answer, for the message (`$` is the answer).
 * @returns Undefined when it matches, else the first difference with its path,
 *   what was expected and what came back.
 * @example
 * ```ts
 * import { mismatch } from "./scenario_match.ts";
 * if (mismatch({ total: 12.5, rows: { $len: 2 } }, { total: 12.504, rows: [1, 2], x: 0 })) {
 *   throw new Error("should match");
 * }
 * if (mismatch({ status: "closed" }, { status: "open" }) !== '$.status: expected "closed", got "open"') {
 *   throw new Error("should say where");
 * }
 * ```
 */
export function mismatch(expected: unknown, actual: unknown, path = "$"): string | undefined {
  if (isMatcherObject(expected)) {
    for (const [key, arg] of Object.entries(expected)) {
      const problem = matcherProblem(key, arg, actual, path);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return `${path}: expected an object, got ${shown(actual)}`;
    for (const [key, want] of Object.entries(expected)) {
      const where = `${path}.${key}`;
      const present = Object.hasOwn(actual, key);
      if (isMatcherObject(want) && "$absent" in want) {
        if (want.$absent === true && present) {
          return `${where}: expected no such key, got ${shown(actual[key])}`;
        }
        if (want.$absent === false && !present) return `${where}: missing`;
        const { $absent: _, ...rest } = want;
        if (Object.keys(rest).length === 0 || !present) continue;
        const problem = mismatch(rest, actual[key], where);
        if (problem !== undefined) return problem;
        continue;
      }
      // A missing key fails every matcher but `$absent`: there is nothing to compare.
      if (!present) return `${where}: missing (expected ${shown(want)})`;
      const problem = mismatch(want, actual[key], where);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${shown(actual)}`;
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} item(s), got ${actual.length} (${
        shown(actual)
      })`;
    }
    for (let i = 0; i < expected.length; i++) {
      const problem = mismatch(expected[i], actual[i], `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof expected === "number") {
    return typeof actual === "number" && sameNumber(expected, actual)
      ? undefined
      : `${path}: expected ${shown(expected)}, got ${shown(actual)}`;
  }
  return expected === actual
    ? undefined
    : `${path}: expected ${shown(expected)}, got ${shown(actual)}`;
}
