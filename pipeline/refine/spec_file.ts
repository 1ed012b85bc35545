/**
 * Reads a spec a user wrote or edited by hand (`--spec my-spec.json`, an
 * app's `spec.json`, the MCP `regenerate_app` tool): JSON, the spec schema,
 * then the consistency checks, with every problem named by its JSON path
 * (`entities[0].fields[2].type`). Endpoints and pages may be left out: they
 * are derived from the entities and behaviours, as for the planner's spec.
 *
 * @module
 */
import { PlannerAnswerSchema } from "../../core/answers.ts";
import { InputError } from "../../core/errors.ts";
import { completeSpec } from "../../core/routes.ts";
import { type Spec, specProblems, SpecSchema } from "../../core/spec.ts";

/** How many problems a message lists before it says how many more there are. */
const SHOWN = 5;

/**
 * A JSON path as a user reads it.
 *
 * @param path Keys and indexes from the root.
 * @returns e.g. `entities[0].fields[2].type`, or `(root)`.
 */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(key))) out += `${out ? "." : ""}${String(key)}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || "(root)";
}

/**
 * Where in the spec a consistency problem is, from the names it quotes.
 *
 * @param spec The spec.
 * @param problem A message of `specProblems()`.
 * @returns Its JSON path, or undefined when the message names no element.
 */
export function problemPath(spec: Spec, problem: string): string | undefined {
  const quoted = (prefix: string) => problem.match(new RegExp(`^${prefix} "([^"]+)"`))?.[1];
  const index = <T>(list: readonly T[] | undefined, found: (item: T) => boolean, name: string) => {
    const i = (list ?? []).findIndex(found);
    return i < 0 ? undefined : `${name}[${i}]`;
  };
  const entity = quoted("Entity");
  if (entity !== undefined) {
    const at = index(spec.entities, (e) => e.name === entity, "entities");
    const e = spec.entities.find((x) => x.name === entity);
    if (at === undefined || e === undefined) return undefined;
    const field = problem.match(/: (?:computed )?field "([^"]+)"/)?.[1];
    const fieldAt = field === undefined
      ? undefined
      : index(e.fields, (f) => f.name === field, "fields");
    if (fieldAt !== undefined) return `${at}.${fieldAt}`;
    const relation = problem.match(/: (?:relation|column) "([^"]+)"/)?.[1];
    const relationAt = relation === undefined
      ? undefined
      : index(e.relations, (r) => r.field === relation, "relations");
    if (relationAt !== undefined) return `${at}.${relationAt}`;
    const key = ["display", "search", "publicWhere", "permissions", "links"].find((k) =>
      new RegExp(`\\b${k}\\b`).test(problem)
    );
    return key === undefined ? at : `${at}.${key}`;
  }
  const action = quoted("Action");
  if (action !== undefined) {
    return index(spec.actions, (a) => `${a.entity}.${a.name}` === action, "actions");
  }
  const rule = problem.match(/^Rule (\w+) on "([^"]+)"/);
  if (rule) {
    return index(spec.rules, (r) => r.kind === rule[1] && r.entity === rule[2], "rules");
  }
  const view = quoted("View");
  if (view !== undefined) return index(spec.views, (v) => v.name === view, "views");
  const redirect = quoted("Redirect");
  if (redirect !== undefined) {
    return index(spec.redirects, (r) => `/${r.prefix}` === redirect, "redirects");
  }
  const requirement = quoted("Requirement");
  if (requirement !== undefined) {
    return index(spec.requirements, (r) => r.id === requirement, "requirements");
  }
  const endpoint = quoted("Endpoint");
  if (endpoint !== undefined) return index(spec.endpoints, (e) => e.id === endpoint, "endpoints");
  const page = quoted("Page");
  if (page !== undefined) return index(spec.pages, (p) => p.route === page, "pages");
  if (/^(Roles|A role)\b/.test(problem)) return "roles";
  return undefined;
}

function refuseProblems(source: string, spec: Spec, problems: readonly string[]): void {
  if (problems.length === 0) return;
  refuse(
    source,
    problems.map((p) => {
      const at = problemPath(spec, p);
      return at === undefined ? p : `${at}: ${p}`;
    }),
  );
}

function refuse(source: string, problems: readonly string[]): never {
  const listed = problems.slice(0, SHOWN).join("; ");
  const more = problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : "";
  throw new InputError(
    "invalid_spec",
    `${source} is not a valid spec: ${problems.length} problem(s): ${listed}${more}`,
    "fix them and try again",
  );
}

/**
 * Parses and checks a spec.
 *
 * @param text The JSON text.
 * @param source How to name it in messages, e.g. `"my-spec.json"`.
 * @returns The spec, with endpoints and pages derived.
 * @throws {InputError} `invalid_spec`, naming each problem with its JSON path.
 * @example
 * ```ts
 * import { parseSpecText } from "./spec_file.ts";
 * try {
 *   parseSpecText('{"name": "Blog"}', '"my-spec.json"');
 *   throw new Error("accepted");
 * } catch (error) {
 *   if (!String(error).includes("name: must be snake_case")) throw error;
 * }
 * ```
 */
export function parseSpecText(text: string, source: string): Spec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    refuse(source, [`it is not JSON (${(error as Error).message})`]);
  }
  const answer = PlannerAnswerSchema.safeParse(value);
  if (!answer.success) {
    refuse(source, answer.error.issues.map((i) => `${jsonPath(i.path)}: ${i.message}`));
  }
  const { endpoints: _endpoints, pages: _pages, ...base } = answer.data;
  // Consistency first: deriving the routes of a spec that names unknown
  // entities would fail on the first one without naming the others.
  const bare = { ...base, endpoints: [], pages: [] } as Spec;
  refuseProblems(source, bare, specProblems(bare));
  let complete: Spec;
  try {
    complete = completeSpec(base);
  } catch (error) {
    return refuse(source, [(error as Error).message]);
  }
  const parsed = SpecSchema.safeParse(complete);
  if (!parsed.success) {
    refuse(source, parsed.error.issues.map((i) => `${jsonPath(i.path)}: ${i.message}`));
  }
  const spec = parsed.data;
  refuseProblems(source, spec, specProblems(spec));
  return spec;
}
