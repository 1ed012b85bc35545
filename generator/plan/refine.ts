/**
 * Refining a planned app in plain language: the current spec becomes a
 * draft, the change request is read the way a prompt is (so "add tags to
 * recipes and let me filter by tag" adds a link and a filter with their
 * requirements), and three edits no frame makes are read first: removing an
 * entity or a field, and renaming one. What exists keeps working: fields and
 * relations added to existing entities are optional, existing requirements
 * keep their ids and scenarios (fixed up for renames and removals), and a
 * change the planner cannot map is listed as not implemented.
 *
 * @module
 */
import type { Requirement, Scenario, Step } from "../../core/behaviours.ts";
import { InputError } from "../../core/errors.ts";
import { completeSpec } from "../../core/routes.ts";
import { type Entity, type Spec, SpecSchema } from "../../core/spec.ts";
import {
  capitalize,
  labelOf,
  pluralize,
  singularize,
  snakeCase,
  withArticle,
} from "../../core/words.ts";
import {
  type Draft,
  type DraftEntity,
  entityName,
  findEntity,
  newDraft,
  require,
  sentence,
} from "./draft.ts";
import { readUncovered } from "./frames/uncovered.ts";
import { AUTH_PATTERN, PEOPLE } from "./lexicon.ts";
import { proveCrud } from "./proofs.ts";
import { parsePrompt } from "./nlp.ts";
import { finalize, type PlanInput, readPrompt, requirementsOf, summarize } from "./plan.ts";
import { createSteps, itemPath, sampleValue, scenario } from "./scenarios.ts";

/** What {@link refineOffline} reads. */
export interface RefineInput {
  /** The app's current spec. */
  spec: Spec;
  /** The change request, sanitised. */
  change: string;
  /** Patterns retrieved for the change, best first. */
  hits: PlanInput["hits"];
  /** The whole pattern library. */
  library: PlanInput["library"];
}

const LEAD = String
  .raw`^(?:please\s+|also\s+|and\s+|then\s+|now\s+|(?:can|could) you\s+|i want to\s+|let'?s\s+)*`;
const REMOVE = new RegExp(
  `${LEAD}(?:remove|delete|drop|get rid of)\\s+(?:the\\s+|all\\s+|any\\s+)?(.+?)(?:\\s+(?:field|column|attribute))?(?:\\s+(?:from|of|on)\\s+(?:the\\s+|each\\s+|every\\s+)?(.+?))?$`,
  "i",
);
const NO_MORE =
  /^(?:we |i )?(?:don'?t|do not) need (?:the\s+|any\s+)?(.+?)(?: anymore| any more)?$/i;
const RENAME = new RegExp(
  `${LEAD}rename\\s+(?:the\\s+)?(.+?)(?:\\s+(?:field|column))?(?:\\s+(?:of|on|in)\\s+(?:the\\s+)?(.+?))?\\s+(?:to|as|into)\\s+(?:be\\s+)?["']?(.+?)["']?$`,
  "i",
);

/**
 * Plans the change of an app's spec.
 *
 * @param input The current spec, the change request and the retrieved patterns.
 * @returns The new spec, with requirements for what changed (old ones keep their ids).
 * @throws {InputError} When the change is empty (`empty_change`).
 * @example
 * ```ts
 * import { planOffline } from "./plan.ts";
 * import { refineOffline } from "./refine.ts";
 * const spec = planOffline({ prompt: "a blog with posts and comments", hits: [], library: [] });
 * const next = refineOffline({ spec, change: "remove comments", hits: [], library: [] });
 * if (next.entities.some((e) => e.name === "Comment")) throw new Error();
 * ```
 */
export function refineOffline(input: RefineInput): Spec {
  const change = input.change.trim();
  if (change === "") {
    throw new InputError(
      "empty_change",
      "The change request is empty",
      'say what to change, e.g. "add tags to recipes and let me filter by tag"',
    );
  }
  const old = SpecSchema.parse(input.spec);
  const draft = draftOf(old, parsePrompt(change));
  const existing = new Set(old.entities.map((e) => e.name));
  const oldFields = new Map(
    old.entities.map((e) => [e.name, new Set(e.fields.map((f) => f.name))]),
  );
  const oldRelations = new Map(
    old.entities.map((e) => [e.name, new Set(e.relations.map((r) => r.field))]),
  );
  const fixes: ScenarioFix[] = [];
  const removed = { entities: new Set<string>(), fields: new Set<string>() };
  readEdits(draft, fixes, removed);
  const wasPersonal = old.entities.some((e) => e.access === "private");
  const access = new Map(old.entities.map((e) => [e.name, e.access]));
  readPrompt(
    draft,
    { prompt: change, hits: input.hits, library: input.library },
    false,
    (entity) => !existing.has(entity.name),
  );
  // Sign-in is added only when the change asks for it or for roles, never
  // because it says "my" ("let me choose my own code").
  if (!old.auth && draft.auth && !AUTH_PATTERN.test(change) && draft.roles.length === 0) {
    draft.auth = false;
    draft.personal = false;
  }
  draft.auth ||= old.auth;
  if (draft.roles.length === 0 && old.roles !== undefined) draft.roles = old.roles;
  readUncovered(draft);
  // What existed keeps its shape: additions to it are optional.
  for (const entity of draft.entities) {
    if (!existing.has(entity.name)) continue;
    for (const field of entity.fields) {
      if (!oldFields.get(entity.name)?.has(field.name)) field.required = false;
    }
    for (const relation of entity.relations) {
      if (!oldRelations.get(entity.name)?.has(relation.field)) relation.required = false;
    }
  }
  requireNewFields(draft, existing, oldFields);
  finalize(draft);
  if (!(draft.personal && !wasPersonal)) {
    for (const entity of draft.entities) {
      const before = access.get(entity.name);
      if (before !== undefined) entity.access = before;
    }
  }
  const entities: Entity[] = draft.entities.map((
    { words: _w, clauses: _c, person: _p, ...entity },
  ) => entity);
  const base: Omit<Spec, "endpoints" | "pages"> = {
    name: old.name,
    title: old.title,
    summary: summarize(old.title, entities, draft.auth),
    patterns: [...new Set([...old.patterns, ...draft.patterns])],
    auth: draft.auth,
    entities,
    ...(draft.roles.length > 0 ? { roles: draft.roles } : {}),
    ...(draft.actions.length > 0 ? { actions: draft.actions } : {}),
    ...(draft.rules.length > 0 ? { rules: draft.rules } : {}),
    ...(draft.views.length > 0 ? { views: draft.views } : {}),
    ...(draft.redirects.length > 0 ? { redirects: draft.redirects } : {}),
  };
  const spec = SpecSchema.parse(completeSpec(base));
  const kept = (old.requirements ?? [])
    .filter((r) => !touchesRemoved(r, removed))
    .map((r) => fixRequirement(r, fixes))
    .map((r) => reproved(r, spec, old.auth));
  const edits = new Set(draft.requirements.filter((r) => r.edit).map((r) => r.text));
  const added = requirementsOf(draft, spec).filter((r) =>
    edits.has(r.text) || !restates(r, old, kept)
  );
  if (added.length === 0 && sameShape(old, spec)) {
    added.push({
      id: "r1",
      text: sentence(change).slice(0, 300),
      kinds: ["unsupported"],
      status: "not_implemented",
      reason:
        "the offline planner found nothing in this change to add, remove or rename; a model provider may build it",
      by: [],
      scenarios: [],
    });
  }
  // New ids follow every old one, removed ones included, so no id changes meaning.
  let next = Math.max(0, ...(old.requirements ?? []).map((r) => Number(r.id.slice(1)))) + 1;
  const requirements = [...kept, ...added.map((r) => ({ ...r, id: `r${next++}` }))].slice(0, 40);
  return { ...spec, requirements };
}

/** A spec as a draft of a change request. */
function draftOf(spec: Spec, parsed: ReturnType<typeof parsePrompt>): Draft {
  const draft = newDraft(parsed);
  draft.entities = spec.entities.map((entity): DraftEntity => {
    const copy = structuredClone(entity);
    const words = [
      ...new Set([entity.label, singularize(entity.labelPlural)].map((w) => w.toLowerCase())),
    ];
    return {
      ...copy,
      words,
      clauses: [],
      ...(PEOPLE.has(entity.label.split(" ").at(-1)!) ? { person: true } : {}),
    };
  });
  draft.auth = spec.auth;
  draft.personal = spec.entities.some((e) => e.access === "private");
  draft.roles = structuredClone(spec.roles ?? []);
  draft.actions = structuredClone(spec.actions ?? []);
  draft.rules = structuredClone(spec.rules ?? []);
  draft.views = structuredClone(spec.views ?? []);
  draft.redirects = structuredClone(spec.redirects ?? []);
  draft.patterns = [...spec.patterns];
  return draft;
}

/**
 * A field the change adds to an existing entity that no requirement names
 * ("add a priority (low, normal, high)") is a requirement of its own.
 */
function requireNewFields(
  draft: Draft,
  existing: ReadonlySet<string>,
  oldFields: ReadonlyMap<string, ReadonlySet<string>>,
): void {
  const named = new Set(draft.requirements.flatMap((r) => r.by));
  for (const entity of draft.entities) {
    if (!existing.has(entity.name)) continue;
    for (const field of entity.fields) {
      if (oldFields.get(entity.name)?.has(field.name) || field.computed !== undefined) continue;
      if (named.has(`field:${entity.name}.${field.name}`)) continue;
      const words = field.name.replace(/_/g, " ");
      const clause = draft.parsed.clauses.findIndex((c) => c.text.toLowerCase().includes(words));
      const name = entity.name;
      const fieldName = field.name;
      require(draft, {
        text: clause >= 0
          ? sentence(draft.parsed.clauses[clause]!.text)
          : `${capitalize(withArticle(entity.label))} has ${withArticle(words)}`,
        kinds: ["crud"],
        by: [`field:${name}.${fieldName}`],
        status: "implemented",
        edit: true,
        ...(clause >= 0 ? { clause } : {}),
        prove: (s) => {
          const f = s.entities.find((e) => e.name === name)!.fields.find((x) =>
            x.name === fieldName
          )!;
          const value = sampleValue(f, 1);
          return [scenario(s, `${withArticle(entity.label)} keeps its ${words}`, [
            ...createSteps(s, name, "row", { set: { [fieldName]: value } }),
            {
              method: "GET",
              path: itemPath(s, name, "row"),
              status: 200,
              expect: { [fieldName]: value },
            },
          ])];
        },
      });
    }
  }
}

// ─── Removing and renaming ──────────────────────────────────────────────────

/** How existing scenarios follow a rename or a removal. */
type ScenarioFix =
  | { kind: "rename_entity"; from: Entity; to: Entity }
  | { kind: "rename_field"; entity: Entity; from: string; to: string }
  | { kind: "remove_field"; entity: Entity; field: string };

function readEdits(
  draft: Draft,
  fixes: ScenarioFix[],
  removed: { entities: Set<string>; fields: Set<string> },
): void {
  draft.parsed.clauses.forEach((clause, index) => {
    const text = clause.text.trim().replace(/[.!]+$/, "");
    const rename = text.match(RENAME);
    if (rename !== null) {
      if (renameSomething(draft, rename[1]!, rename[2], rename[3]!, index, fixes)) {
        draft.consumed.add(index);
      }
      return;
    }
    const remove = text.match(REMOVE) ?? text.match(NO_MORE);
    if (remove === null) return;
    if (removeSomething(draft, remove[1]!, remove[2], index, fixes, removed)) {
      draft.consumed.add(index);
    }
  });
}

function entityNamed(draft: Draft, phrase: string | undefined): DraftEntity | undefined {
  if (phrase === undefined) return undefined;
  const words = phrase.toLowerCase().replace(/[^a-z ]/g, " ").trim().split(/\s+/);
  const singular = words.map((w, i) => (i === words.length - 1 ? singularize(w) : w)).join(" ");
  return findEntity(draft, singular) ?? findEntity(draft, words.join(" ")) ??
    draft.entities.find((e) =>
      e.plural === snakeCase(phrase) || e.name.toLowerCase() === words.join("")
    );
}

function fieldNamed(entity: DraftEntity, phrase: string): string | undefined {
  const name = snakeCase(phrase.replace(/[^A-Za-z0-9 _]/g, " ").trim());
  if (entity.fields.some((f) => f.name === name)) return name;
  const singular = snakeCase(singularize(phrase.trim()));
  return entity.fields.find((f) => f.name === singular)?.name;
}

function removeSomething(
  draft: Draft,
  what: string,
  from: string | undefined,
  clause: number,
  fixes: ScenarioFix[],
  removed: { entities: Set<string>; fields: Set<string> },
): boolean {
  const owner = entityNamed(draft, from);
  const candidates = owner !== undefined ? [owner] : draft.entities;
  for (const entity of candidates) {
    const field = fieldNamed(entity, what);
    if (field === undefined || field === entity.display && entity.fields.length === 1) continue;
    dropField(draft, entity, field);
    removed.fields.add(`${entity.name}.${field}`);
    fixes.push({ kind: "remove_field", entity: structuredClone(entity), field });
    require(draft, {
      text: sentence(draft.parsed.clauses[clause]!.text),
      kinds: ["crud"],
      by: [`entity:${entity.name}`],
      status: "implemented",
      clause,
      edit: true,
      prove: (s) => proveFieldGone(s, entity.name, field),
    });
    return true;
  }
  const target = owner === undefined ? entityNamed(draft, what) : undefined;
  if (target === undefined || draft.entities.length === 1) return false;
  dropEntity(draft, target);
  removed.entities.add(target.name);
  require(draft, {
    text: sentence(draft.parsed.clauses[clause]!.text),
    kinds: ["crud"],
    by: [],
    status: "implemented",
    clause,
    edit: true,
    prove: (s) => [scenario(s, `${target.labelPlural} are gone`, [
      {
        method: "GET",
        path: "/api/stats",
        status: 200,
        expect: { [target.plural]: { $absent: true } },
      },
    ])],
  });
  return true;
}

function dropField(draft: Draft, entity: DraftEntity, field: string): void {
  entity.fields = entity.fields.filter((f) => f.name !== field);
  // Computed fields made from it go too.
  const uses = (f: Entity["fields"][number]) => {
    const c = f.computed;
    if (c === undefined) return false;
    return JSON.stringify(c).includes(`"${field}"`) && c.kind !== "aggregate";
  };
  entity.fields = entity.fields.filter((f) => !uses(f));
  if (entity.display === field) {
    entity.display = entity.fields.find((f) => f.type === "string" && !f.computed)?.name ??
      entity.fields[0]!.name;
  }
  if (entity.order?.field === field) delete entity.order;
  if (entity.search) entity.search = entity.search.filter((f) => f !== field);
  if (entity.filters) entity.filters = entity.filters.filter((f) => f !== field);
  if (entity.publicWhere) entity.publicWhere = entity.publicWhere.filter((c) => c.field !== field);
  const mentions = (value: unknown) => JSON.stringify(value).includes(`"${field}"`);
  draft.actions = draft.actions.filter((a) => a.entity !== entity.name || !mentions(a));
  draft.rules = draft.rules.filter((r) => r.entity !== entity.name || !mentions(r));
  draft.views = draft.views.filter((v) => v.entity !== entity.name || !mentions(v));
  draft.redirects = draft.redirects.filter((r) => r.entity !== entity.name || !mentions(r));
  for (const other of draft.entities) {
    other.fields = other.fields.filter((f) =>
      !(f.computed?.kind === "aggregate" && f.computed.entity === entity.name &&
        f.computed.field === field)
    );
  }
}

function dropEntity(draft: Draft, target: DraftEntity): void {
  draft.entities = draft.entities.filter((e) => e !== target);
  for (const entity of draft.entities) {
    entity.relations = entity.relations.filter((r) => r.target !== target.name);
    if (entity.links) entity.links = entity.links.filter((l) => l.target !== target.name);
    entity.fields = entity.fields.filter((f) =>
      !(f.computed?.kind === "aggregate" && f.computed.entity === target.name)
    );
  }
  const about = (value: unknown) => JSON.stringify(value).includes(`"${target.name}"`);
  draft.actions = draft.actions.filter((a) => !about(a));
  draft.rules = draft.rules.filter((r) => !about(r));
  draft.views = draft.views.filter((v) => !about(v));
  draft.redirects = draft.redirects.filter((r) => !about(r));
}

function renameSomething(
  draft: Draft,
  what: string,
  of: string | undefined,
  to: string,
  clause: number,
  fixes: ScenarioFix[],
): boolean {
  const owner = entityNamed(draft, of);
  for (const entity of owner !== undefined ? [owner] : draft.entities) {
    const field = fieldNamed(entity, what);
    if (field === undefined) continue;
    const name = snakeCase(to.replace(/[^A-Za-z0-9 _]/g, " ").trim());
    if (!/^[a-z][a-z0-9_]*$/.test(name) || entity.fields.some((f) => f.name === name)) return false;
    const before = structuredClone(entity);
    renameField(draft, entity, field, name);
    fixes.push({ kind: "rename_field", entity: before, from: field, to: name });
    require(draft, {
      text: sentence(draft.parsed.clauses[clause]!.text),
      kinds: ["crud"],
      by: [`field:${entity.name}.${name}`],
      status: "implemented",
      clause,
      edit: true,
      prove: (s) => proveRenamedField(s, entity.name, name),
    });
    return true;
  }
  const target = owner === undefined ? entityNamed(draft, what) : undefined;
  if (target === undefined) return false;
  const words = to.toLowerCase().replace(/[^a-z ]/g, " ").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return false;
  const singular = [...words.slice(0, -1), singularize(words.at(-1)!)];
  const name = entityName(singular);
  if (draft.entities.some((e) => e.name === name)) return false;
  const before = structuredClone(target);
  renameEntity(draft, target, name);
  target.words = [singular.join(" ")];
  fixes.push({ kind: "rename_entity", from: before, to: structuredClone(target) });
  require(draft, {
    text: sentence(draft.parsed.clauses[clause]!.text),
    kinds: ["crud"],
    by: [`entity:${name}`],
    status: "implemented",
    clause,
    edit: true,
    prove: (s) => [scenario(s, `${target.labelPlural} replace ${before.labelPlural}`, [
      ...createSteps(s, name, "row"),
      { method: "GET", path: itemPath(s, name, "row"), status: 200 },
      {
        method: "GET",
        path: "/api/stats",
        status: 200,
        expect: { [before.plural]: { $absent: true } },
      },
    ])],
  });
  return true;
}

/** Renames an entity and every reference to it; its relation columns follow (`member_id` → `patron_id`). */
function renameEntity(draft: Draft, entity: DraftEntity, name: string): void {
  const old = entity.name;
  const oldColumn = `${snakeCase(old)}_id`;
  const column = `${snakeCase(name)}_id`;
  entity.name = name;
  entity.label = labelOf(name);
  entity.labelPlural = pluralize(entity.label);
  entity.plural = snakeCase(entity.labelPlural);
  entity.description = entity.description.replace(
    new RegExp(`\\b${before(old)}\\b`, "gi"),
    entity.label,
  );
  const swap = <T>(value: T): T =>
    JSON.parse(
      JSON.stringify(value)
        .replace(new RegExp(`"${old}"`, "g"), `"${name}"`)
        .replace(new RegExp(`"${oldColumn}"`, "g"), `"${column}"`),
    );
  for (const other of draft.entities) {
    for (const relation of other.relations) {
      if (relation.target !== old) continue;
      relation.target = name;
      if (relation.field === oldColumn) relation.field = column;
    }
    for (const link of other.links ?? []) if (link.target === old) link.target = name;
    other.fields = swap(other.fields);
  }
  draft.actions = swap(draft.actions);
  draft.rules = swap(draft.rules);
  draft.views = swap(draft.views);
  draft.redirects = swap(draft.redirects);
}

/** The words of a PascalCase name as a pattern: `DogWalk` → `dog walk`. */
function before(name: string): string {
  return labelOf(name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function renameField(draft: Draft, entity: DraftEntity, from: string, to: string): void {
  for (const field of entity.fields) if (field.name === from) field.name = to;
  const swap = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replace(new RegExp(`"${from}"`, "g"), `"${to}"`));
  entity.fields = swap(entity.fields);
  if (entity.display === from) entity.display = to;
  if (entity.order?.field === from) entity.order.field = to;
  if (entity.search) entity.search = entity.search.map((f) => (f === from ? to : f));
  if (entity.filters) entity.filters = entity.filters.map((f) => (f === from ? to : f));
  if (entity.publicWhere) entity.publicWhere = swap(entity.publicWhere);
  draft.actions = draft.actions.map((a) => (a.entity === entity.name ? swap(a) : a));
  draft.rules = draft.rules.map((r) => (r.entity === entity.name ? swap(r) : r));
  draft.views = draft.views.map((v) => (v.entity === entity.name ? swap(v) : v));
  draft.redirects = draft.redirects.map((r) => (r.entity === entity.name ? swap(r) : r));
}

function proveFieldGone(spec: Spec, name: string, field: string): Scenario[] {
  const entity = spec.entities.find((e) => e.name === name)!;
  const steps = createSteps(spec, name, "row");
  const create = steps.findLast((s): s is Extract<Step, { method: string }> =>
    "method" in s && s.method === "POST" && s.path === `/api/${entity.plural}`
  );
  if (create === undefined) return [];
  return [
    scenario(spec, `${withArticle(entity.label)} has no ${field.replace(/_/g, " ")} any more`, [
      ...steps,
      {
        method: "GET",
        path: itemPath(spec, name, "row"),
        status: 200,
        expect: { [field]: { $absent: true } },
      },
      {
        ...(create.as !== undefined ? { as: create.as } : {}),
        method: "POST",
        path: create.path,
        body: { ...(create.body as Record<string, unknown>), [field]: "x" },
        status: 422,
      },
    ]),
  ];
}

function proveRenamedField(spec: Spec, name: string, field: string): Scenario[] {
  const entity = spec.entities.find((e) => e.name === name)!;
  return [scenario(spec, `${withArticle(entity.label)} shows its ${field.replace(/_/g, " ")}`, [
    ...createSteps(spec, name, "row"),
    {
      method: "GET",
      path: itemPath(spec, name, "row"),
      status: 200,
      expect: { [field]: { $ne: { $absent: true } } },
    },
  ])];
}

// ─── Old requirements ───────────────────────────────────────────────────────

/**
 * An old requirement under the new spec: "I can add, edit and delete X" is
 * proven again (who may write may have changed), and a scenario written for
 * an app without sign-in signs in when the app now has it.
 */
function reproved(requirement: Requirement, spec: Spec, hadAuth: boolean): Requirement {
  const entity = requirement.by[0]?.startsWith("entity:") ? requirement.by[0].slice(7) : undefined;
  if (
    requirement.status === "implemented" && requirement.kinds.length === 1 &&
    requirement.kinds[0] === "crud" && /^I can add, edit and delete /.test(requirement.text) &&
    entity !== undefined && spec.entities.some((e) => e.name === entity)
  ) {
    const scenarios = proveCrud(spec, entity);
    if (scenarios.length > 0) return { ...requirement, scenarios };
  }
  if (hadAuth || !spec.auth) return requirement;
  return {
    ...requirement,
    scenarios: requirement.scenarios.map((s) => s.actors ? s : { ...s, actors: { alice: {} } }),
  };
}

function touchesRemoved(
  requirement: Requirement,
  removed: { entities: Set<string>; fields: Set<string> },
): boolean {
  for (const ref of requirement.by) {
    const [, target = ""] = ref.split(":");
    const entity = target.split(".")[0]!;
    if (removed.entities.has(entity)) return true;
    if (ref.startsWith("field:") && removed.fields.has(target)) return true;
  }
  return false;
}

/** An old requirement after renames and removals: texts, paths and keys follow. */
function fixRequirement(requirement: Requirement, fixes: readonly ScenarioFix[]): Requirement {
  let value: Requirement = structuredClone(requirement);
  for (const fix of fixes) {
    if (fix.kind === "rename_entity") {
      const json = JSON.stringify(value)
        .replace(new RegExp(`/api/${fix.from.plural}\\b`, "g"), `/api/${fix.to.plural}`)
        .replace(new RegExp(`"${fix.from.name}([".])`, "g"), `"${fix.to.name}$1`)
        .replace(new RegExp(`:${fix.from.name}\\b`, "g"), `:${fix.to.name}`)
        .replace(
          new RegExp(`\\b${snakeCase(fix.from.name)}_id\\b`, "g"),
          `${snakeCase(fix.to.name)}_id`,
        )
        .replace(
          new RegExp(`\\b${before(fix.from.name)}s?\\b`, "gi"),
          (word) =>
            sameCase(
              word,
              /s$/i.test(word) && !/s$/i.test(fix.from.label) ? fix.to.labelPlural : fix.to.label,
            ),
        );
      value = JSON.parse(json);
    } else {
      const plural = fix.entity.plural;
      value.by = value.by.map((ref) =>
        fix.kind === "rename_field" && ref === `field:${fix.entity.name}.${fix.from}`
          ? `field:${fix.entity.name}.${fix.to}`
          : ref
      );
      value.scenarios = value.scenarios.map((s) => ({
        ...s,
        steps: s.steps.map((step) => {
          if (!("method" in step) || !step.path.startsWith(`/api/${plural}`)) return step;
          const edit = (o: unknown) => editKeys(o, fix);
          return {
            ...step,
            ...(step.body !== undefined ? { body: edit(step.body) } : {}),
            ...(step.expect !== undefined ? { expect: edit(step.expect) } : {}),
          };
        }),
      }));
    }
  }
  return value;
}

function editKeys(value: unknown, fix: Extract<ScenarioFix, { entity: Entity }>): unknown {
  if (Array.isArray(value)) return value.map((v) => editKeys(v, fix));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (fix.kind === "remove_field" && key === fix.field) continue;
    out[fix.kind === "rename_field" && key === fix.from ? fix.to : key] = editKeys(item, fix);
  }
  return out;
}

function sameCase(word: string, replacement: string): string {
  return /^[A-Z]/.test(word) ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;
}

/** A generated requirement that only restates what the old spec already had. */
function restates(requirement: Requirement, old: Spec, kept: readonly Requirement[]): boolean {
  if (kept.some((r) => r.text === requirement.text)) return true;
  const generic = requirement.kinds.every((k) =>
    k === "crud" || k === "relation" || k === "many_to_many" || k === "owner_private"
  );
  if (!generic || requirement.by.length === 0) return false;
  return requirement.by.every((ref) => {
    const [kind, target = ""] = ref.split(":");
    const [name = "", field = ""] = target.split(".");
    const entity = old.entities.find((e) => e.name === name);
    switch (kind) {
      case "entity":
        return entity !== undefined;
      case "field":
        return entity !== undefined && (
          entity.fields.some((f) => f.name === field) ||
          entity.relations.some((r) => r.field === field) ||
          (entity.links ?? []).some((l) => l.field === field)
        );
      case "endpoint": {
        const plural = target.match(/\/api\/([a-z0-9_]+)/)?.[1];
        return old.entities.some((e) => e.plural === plural);
      }
      default:
        return false;
    }
  });
}

function sameShape(a: Spec, b: Spec): boolean {
  const shape = (s: Spec) =>
    JSON.stringify([s.auth, s.entities, s.roles, s.actions, s.rules, s.views, s.redirects]);
  return shape(a) === shape(b);
}
