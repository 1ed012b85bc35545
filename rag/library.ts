/**
 * The pattern library: the JSON files of `rag/patterns/`, validated.
 *
 * The files are imported statically, so the library loads wherever this
 * module is imported from and needs no read permission. A new pattern file
 * must be added to {@link PATTERN_FILES} (a test fails when one is missing).
 *
 * @module
 */
import { type Pattern, PatternSchema } from "./pattern.ts";
import auth from "./patterns/auth.json" with { type: "json" };
import blog from "./patterns/blog.json" with { type: "json" };
import booking from "./patterns/booking.json" with { type: "json" };
import chat from "./patterns/chat.json" with { type: "json" };
import crm from "./patterns/crm.json" with { type: "json" };
import dashboard from "./patterns/dashboard.json" with { type: "json" };
import ecommerce from "./patterns/ecommerce.json" with { type: "json" };
import events from "./patterns/events.json" with { type: "json" };
import expenses from "./patterns/expenses.json" with { type: "json" };
import forum from "./patterns/forum.json" with { type: "json" };
import inventory from "./patterns/inventory.json" with { type: "json" };
import kanban from "./patterns/kanban.json" with { type: "json" };
import recipes from "./patterns/recipes.json" with { type: "json" };
import todo from "./patterns/todo.json" with { type: "json" };

/** The raw contents of every pattern file, by file name. */
export const PATTERN_FILES: Readonly<Record<string, unknown>> = {
  "auth.json": auth,
  "blog.json": blog,
  "booking.json": booking,
  "chat.json": chat,
  "crm.json": crm,
  "dashboard.json": dashboard,
  "ecommerce.json": ecommerce,
  "events.json": events,
  "expenses.json": expenses,
  "forum.json": forum,
  "inventory.json": inventory,
  "kanban.json": kanban,
  "recipes.json": recipes,
  "todo.json": todo,
};

/**
 * Validates one pattern against {@link PatternSchema}.
 *
 * @param raw The parsed JSON of a pattern file.
 * @param source Where it came from, for the error message, e.g. `blog.json`.
 * @returns The pattern, fresh (no object shared with `raw`).
 * @throws {TypeError} When `raw` does not match the schema; the message names
 *   `source` and each problem with its path.
 * @example
 * ```ts
 * import { parsePattern } from "./library.ts";
 * try {
 *   parsePattern({ id: "Bad Id" }, "bad.json");
 * } catch (e) {
 *   if (!String(e).includes('Invalid pattern "bad.json": id: ')) throw e;
 * }
 * ```
 */
export function parsePattern(raw: unknown, source: string): Pattern {
  const result = PatternSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const at = issue.path.map((key, i) =>
        typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`
      ).join("");
      return `${at === "" ? "(root)" : at}: ${issue.message}`;
    });
    throw new TypeError(`Invalid pattern "${source}": ${problems.join("; ")}`, {
      cause: result.error,
    });
  }
  return result.data;
}

/**
 * Checks what {@link PatternSchema} alone cannot: entity names and plurals are
 * unique, fields and relation columns are unique per entity, `display` names a
 * field, relations target earlier entities of the pattern (or the entity
 * itself, optionally), a core entity's relation to a non-core entity is
 * optional, `access` other than `public` comes with `auth`, min ≤ max only on
 * numbers, aliases belong to one entity.
 *
 * @param p A pattern that parsed with {@link PatternSchema}.
 * @returns One message per problem; empty when the pattern is consistent.
 * @example
 * ```ts
 * import { loadPatterns, patternProblems } from "./library.ts";
 * for (const p of loadPatterns()) {
 *   if (patternProblems(p).length !== 0) throw new Error(p.id);
 * }
 * ```
 */
export function patternProblems(p: Pattern): string[] {
  const problems: string[] = [];
  const byName = new Map<string, Pattern["entities"][number]>();
  const plurals = new Set<string>();
  const aliasOwner = new Map<string, string>();
  for (const entity of p.entities) {
    if (byName.has(entity.name)) problems.push(`Entity "${entity.name}" is defined twice`);
    if (plurals.has(entity.plural)) problems.push(`Plural "${entity.plural}" is used twice`);
    byName.set(entity.name, entity);
    plurals.add(entity.plural);
    for (const alias of entity.aliases) {
      const owner = aliasOwner.get(alias);
      if (owner !== undefined && owner !== entity.name) {
        problems.push(`Alias "${alias}" belongs to both "${owner}" and "${entity.name}"`);
      }
      aliasOwner.set(alias, entity.name);
    }
  }
  const seen = new Set<string>();
  for (const entity of p.entities) {
    const at = `Entity "${entity.name}"`;
    if (entity.access !== "public" && !p.auth) {
      problems.push(`${at}: access "${entity.access}" needs auth in the pattern`);
    }
    const columns = new Set<string>();
    for (const field of entity.fields) {
      if (columns.has(field.name)) problems.push(`${at}: field "${field.name}" is defined twice`);
      columns.add(field.name);
      const numeric = field.type === "integer" || field.type === "number";
      if (!numeric && (field.min !== undefined || field.max !== undefined)) {
        problems.push(`${at}: field "${field.name}" of type "${field.type}" cannot have min/max`);
      }
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
        problems.push(`${at}: field "${field.name}" has min ${field.min} above max ${field.max}`);
      }
    }
    if (!entity.fields.some((f) => f.name === entity.display)) {
      problems.push(`${at}: display field "${entity.display}" is not a field`);
    }
    for (const relation of entity.relations) {
      const rel = `${at}: relation "${relation.field}"`;
      const target = byName.get(relation.target);
      if (columns.has(relation.field)) problems.push(`${rel} is also a field or relation`);
      columns.add(relation.field);
      if (target === undefined) {
        problems.push(`${rel} points at unknown entity "${relation.target}"`);
      } else if (target === entity) {
        if (relation.required) problems.push(`${rel} to itself must be optional`);
      } else if (!seen.has(target.name)) {
        problems.push(`${rel} points at "${target.name}", which must come before it`);
      }
      if (target !== undefined && entity.core && !target.core && relation.required) {
        problems.push(`${rel} to non-core "${target.name}" must be optional in a core entity`);
      }
    }
    seen.add(entity.name);
  }
  return problems;
}

/**
 * Loads every pattern of `rag/patterns/`, validated and checked.
 *
 * @returns The patterns, sorted by id; fresh objects on every call.
 * @throws {TypeError} When a file does not match {@link PatternSchema}, is not
 *   named after its id, repeats an id, or has {@link patternProblems}; the
 *   message names the file.
 * @example
 * ```ts
 * import { loadPatterns } from "./library.ts";
 * const blog = loadPatterns().find((p) => p.id === "blog");
 * if (blog === undefined || !blog.entities.some((e) => e.name === "Post")) throw new Error();
 * ```
 */
export function loadPatterns(): Pattern[] {
  const patterns: Pattern[] = [];
  const ids = new Set<string>();
  for (const [file, raw] of Object.entries(PATTERN_FILES)) {
    const pattern = parsePattern(raw, file);
    if (file !== `${pattern.id}.json`) {
      throw new TypeError(`Invalid pattern "${file}": id "${pattern.id}" does not match the file`);
    }
    if (ids.has(pattern.id)) throw new TypeError(`Invalid pattern "${file}": duplicate id`);
    ids.add(pattern.id);
    const problems = patternProblems(pattern);
    if (problems.length > 0) {
      throw new TypeError(`Invalid pattern "${file}": ${problems.join("; ")}`);
    }
    patterns.push(pattern);
  }
  return patterns.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
