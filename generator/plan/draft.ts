/**
 * The spec being planned: entities as the planner names them (with the
 * user's words for each), the behaviours found so far, and the requirements
 * they answer. Frames (`frames/`) read the prompt and add to a draft;
 * `plan.ts` turns it into a spec.
 *
 * @module
 */
import type {
  Action,
  Redirect,
  RequirementKind,
  Role,
  Rule,
  Scenario,
  View,
} from "../../core/behaviours.ts";
import {
  type Entity,
  type Field,
  type Relation,
  RESERVED_FIELD_NAMES,
  type Spec,
} from "../../core/spec.ts";
import { labelOf, pascalCase, pluralize, snakeCase } from "../../core/words.ts";
import type { ParsedPrompt } from "./nlp.ts";

/** An entity being planned. */
export interface DraftEntity extends Entity {
  /** Lower-case singular words the user names it by. */
  words: string[];
  /** The clauses that mention it, by index. */
  clauses: number[];
  /** Only implied by the app's name ("a diary" keeps entries): gives way to a thing the prompt lists. */
  implied?: boolean;
  /** A person kind (members, friends, players): has a name, may be the user. */
  person?: boolean;
  /** The prompt listed its fields: no pattern adds fields the user did not ask for. */
  listed?: boolean;
}

/** A requirement being planned; its scenarios are built once the spec is complete. */
export interface DraftRequirement {
  text: string;
  kinds: RequirementKind[];
  /** What implements it: `entity:Loan`, `action:Loan.return`, … */
  by: string[];
  status: "implemented" | "not_implemented";
  reason?: string;
  /** The clause it came from, to merge requirements of one clause. */
  clause?: number;
  /** Builds its acceptance scenarios from the finished spec. */
  prove?: (spec: Spec) => Scenario[];
  /** Made by a refine's edit (an added, removed or renamed entity or field): always listed. */
  edit?: boolean;
}

/** A spec being planned. */
export interface Draft {
  parsed: ParsedPrompt;
  /** In order of importance: the first is the app's main entity. */
  entities: DraftEntity[];
  auth: boolean;
  /** The user keeps their own data ("my", "I did", "private"): rows are private to their owner. */
  personal: boolean;
  roles: Role[];
  actions: Action[];
  rules: Rule[];
  views: View[];
  redirects: Redirect[];
  requirements: DraftRequirement[];
  /** Clauses fully handled by a frame (not read again for plain entities). */
  consumed: Set<number>;
  /** Patterns the plan drew on, by id. */
  patterns: string[];
}

/**
 * @param parsed The parsed prompt.
 * @returns An empty draft.
 */
export function newDraft(parsed: ParsedPrompt): Draft {
  return {
    parsed,
    entities: [],
    auth: false,
    personal: false,
    roles: [],
    actions: [],
    rules: [],
    views: [],
    redirects: [],
    requirements: [],
    consumed: new Set(),
    patterns: [],
  };
}

/** Display-field names by head word: a task has a title, a person a name. */
const TITLED = new Set(
  `task todo note post article story entry issue ticket bug event job course lesson episode
  chapter song album movie film book recipe question answer idea goal project campaign
  announcement page poll survey quiz review report request chore card opening listing
  exhibit photo picture video item bill expense show setlist gig class shift ride session`
    .split(/\s+/),
);

/**
 * @param words Lower-case singular words, e.g. `["watering", "log"]`.
 * @returns The entity name, e.g. `WateringLog`.
 */
export function entityName(words: readonly string[]): string {
  return pascalCase(words.join(" "));
}

/** Options of {@link ensureEntity}. */
export interface EntityOptions {
  /** Extra words the user may call it by. */
  aliases?: string[];
  display?: string;
  description?: string;
  person?: boolean;
  /** Insert it first (the app's main entity). */
  first?: boolean;
  clause?: number;
}

/**
 * Finds the entity the user calls by `words`, or adds it.
 *
 * @param draft The draft.
 * @param words Lower-case singular words naming it, e.g. `["loan"]`.
 * @param options Aliases, display field, description.
 * @returns The entity.
 */
export function ensureEntity(
  draft: Draft,
  words: readonly string[],
  options: EntityOptions = {},
): DraftEntity {
  const phrase = words.join(" ");
  const found = findEntity(draft, phrase) ??
    (options.aliases ?? []).map((a) => findEntity(draft, a)).find((e) => e !== undefined) ??
    draft.entities.find((e) => e.name === entityName(words));
  if (found !== undefined) {
    for (const word of [phrase, ...(options.aliases ?? [])]) {
      if (!found.words.includes(word)) found.words.push(word);
    }
    if (options.clause !== undefined && !found.clauses.includes(options.clause)) {
      found.clauses.push(options.clause);
    }
    if (options.person) found.person = true;
    return found;
  }
  const name = entityName(words);
  const label = labelOf(name);
  const head = words.at(-1) ?? "item";
  const display = options.display ??
    (options.person ? "name" : TITLED.has(head) ? "title" : "name");
  const entity: DraftEntity = {
    name,
    plural: snakeCase(pluralize(label)),
    label,
    labelPlural: pluralize(label),
    description: options.description ?? `A ${label} of the app.`,
    display,
    fields: [{ name: display, type: "string", required: true }],
    relations: [],
    access: "public",
    words: [phrase, ...(options.aliases ?? [])],
    clauses: options.clause === undefined ? [] : [options.clause],
    ...(options.person ? { person: true } : {}),
  };
  if (options.first) draft.entities.unshift(entity);
  else draft.entities.push(entity);
  return entity;
}

/** Words for the same thing: an app keeps one entity for all of them. */
const SYNONYMS: readonly string[][] = [
  ["job", "opening", "position", "vacancy", "posting", "job posting"],
  ["photo", "picture", "image", "pic"],
  ["post", "article"],
  ["entry", "journal entry"],
  ["card", "kanban card"],
];

/**
 * @param draft The draft.
 * @param phrase Lower-case singular words.
 * @returns The entity the user calls by them (or a synonym), if any.
 */
export function findEntity(draft: Draft, phrase: string): DraftEntity | undefined {
  const same = SYNONYMS.find((group) => group.includes(phrase)) ?? [phrase];
  const found = draft.entities.find((e) =>
    same.some((word) => e.words.includes(word) || e.label === word)
  );
  if (found !== undefined) return found;
  // "maintenance requests … requests", "job tickets … jobs": one thing named
  // in full, then by its head (or, for a generic record, by what it is about).
  const parts = phrase.split(" ");
  return draft.entities.find((e) =>
    !e.person && e.words.some((w) => {
      const own = w.split(" ");
      if (parts.length === 1 && own.length === 2) {
        return own[1] === phrase || (own[0] === phrase && RECORD_WORDS.has(own[1]!));
      }
      return parts.length === 2 && own.length === 1 && parts[1] === w;
    })
  );
}

/** Heads that name a record of something: a "job ticket" is the job's. */
const RECORD_WORDS = new Set(["ticket", "entry", "record", "log", "item", "card", "request"]);

/**
 * Adds a field unless the entity has one of that name (or a relation column).
 *
 * @param entity The entity.
 * @param field The field.
 * @returns The entity's field of that name.
 */
export function addField(entity: DraftEntity, field: Field): Field {
  const existing = entity.fields.find((f) => f.name === field.name);
  // A display field named before its type was known ("due_date" of a loan) takes it now.
  if (
    existing !== undefined && existing.type === "string" && field.type !== "string" &&
    existing.computed === undefined && field.computed === undefined && field.type !== "enum"
  ) {
    existing.type = field.type;
    for (const key of ["min", "max"] as const) {
      if (field[key] !== undefined) existing[key] = field[key];
    }
  }
  if (existing !== undefined) return existing;
  if (entity.relations.some((r) => r.field === field.name)) return field;
  const copy = structuredClone(field);
  entity.fields.push(copy);
  return copy;
}

/**
 * Links `child` to `parent` (many-to-one) unless it already is.
 *
 * @param child The entity that points.
 * @param parent The entity pointed at.
 * @param options The column name (default `<parent>_id`) and whether it is required.
 * @returns The relation.
 */
export function relate(
  child: DraftEntity,
  parent: DraftEntity,
  options: { field?: string; required?: boolean } = {},
): Relation {
  const plain = `${snakeCase(parent.name)}_id`;
  // An entity called Owner: `owner_id` is the column of the signed-in owner.
  const field = options.field ??
    (RESERVED_FIELD_NAMES.includes(plain) ? `${snakeCase(child.name)}_${plain}` : plain);
  const existing = child.relations.find((r) => r.field === field);
  if (existing !== undefined) return existing;
  const relation: Relation = { target: parent.name, field, required: options.required ?? true };
  child.fields = child.fields.filter((f) => f.name !== field);
  child.relations.push(relation);
  return relation;
}

/**
 * Records a requirement; one clause's requirements merge into one.
 *
 * @param draft The draft.
 * @param requirement The requirement.
 */
export function require(draft: Draft, requirement: DraftRequirement): void {
  const same = requirement.clause === undefined
    ? undefined
    : draft.requirements.find((r) =>
      r.clause === requirement.clause && r.status === requirement.status &&
      r.status === "implemented"
    );
  if (same === undefined) {
    draft.requirements.push(requirement);
    return;
  }
  for (const kind of requirement.kinds) if (!same.kinds.includes(kind)) same.kinds.push(kind);
  for (const ref of requirement.by) if (!same.by.includes(ref)) same.by.push(ref);
  const [a, b] = [same.prove, requirement.prove];
  if (b !== undefined) same.prove = a === undefined ? b : (spec) => [...a(spec), ...b(spec)];
}

/**
 * @param text A clause as written.
 * @returns It as a requirement sentence: trimmed, first letter upper-case, no final period.
 */
export function sentence(text: string): string {
  const trimmed = text.replace(/\s+/g, " ").replace(/^[\s,;:.!-]+|[\s,;:.!]+$/g, "").trim();
  return trimmed.length === 0 ? trimmed : trimmed[0]!.toUpperCase() + trimmed.slice(1);
}
