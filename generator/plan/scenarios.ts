/**
 * The building blocks of acceptance scenarios: sample bodies that fit an
 * entity's fields and rules, and the steps that create a row together with
 * the parents it needs, saving their ids for later steps. Every value that
 * must be unique carries `{run}`, so a scenario never collides with data the
 * app already holds.
 *
 * @module
 */
import type { HttpStep, Scenario, Step } from "../../core/behaviours.ts";
import { type Entity, entityByName, type Field, type Spec } from "../../core/spec.ts";
import { labelOf } from "../../core/words.ts";

/** A scenario's first actor in apps with sign-in. */
export const ALICE = "alice";
/** A second user, for privacy and role scenarios. */
export const BOB = "bob";

/** Fields that cap something counted against them. */
const LIMIT_FIELD = /(^|_)(capacity|seats|spots|places|slots|max|maximum|limit|allowance)(_|$)/;
/** Fields that end a span another field starts. */
const END_FIELD = /(^|_)(end|ends|ended|finish|finishes|until|due_back|checkout|return_by|to)(_|$)/;

/**
 * @param field A field.
 * @param variant Which sample (0, 1, …): different variants differ.
 * @returns A value the backend accepts for it.
 */
export function sampleValue(field: Field, variant = 0): unknown {
  const words = labelOf(field.name);
  const tag = variant === 0 ? "" : `-${variant + 1}`;
  switch (field.type) {
    case "string":
      return `${capital(words)} {run}${tag}`;
    case "text":
      return `Some ${words} for {run}${tag}.`;
    case "integer": {
      // A limit (seats, capacity) leaves room for what is counted against it.
      const limit = LIMIT_FIELD.test(field.name) ? 7 : 0;
      const min = field.min === undefined ? 1 : Math.ceil(field.min);
      const max = field.max === undefined ? 1_000 : Math.floor(field.max);
      return Math.min(max, Math.max(min, 3 + limit + variant));
    }
    case "number": {
      const min = field.min ?? 0;
      const max = field.max ?? 100_000;
      return Math.min(max, Math.max(min, 12.5 + variant * 10));
    }
    case "boolean":
      return variant % 2 === 1;
    case "date": {
      // An end comes after its start.
      const day = variant + (END_FIELD.test(field.name) ? 1 : 0);
      return day === 0 ? "{today}" : `{today+${day}}`;
    }
    case "datetime": {
      const hour = 9 + (variant % 8) + (END_FIELD.test(field.name) ? 1 : 0);
      return `{today+${variant}}T${String(hour).padStart(2, "0")}:00:00`;
    }
    case "email":
      return `${field.name.replace(/_/g, "-")}-{run}${tag}@example.com`;
    case "url":
      return `https://example.com/${field.name}/{run}${tag}`;
    case "image":
      return `https://picsum.photos/seed/{run}${tag}/400/300`;
    case "enum":
      return field.values![variant % field.values!.length];
  }
}

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

/** The fields a client sends: stored, not computed. */
export function inputFields(entity: Entity): Field[] {
  return entity.fields.filter((f) => f.computed === undefined);
}

/**
 * A body that creates a row of `entity`: every required input field, the
 * optional ones with a value, and the given relation ids.
 *
 * @param entity The entity.
 * @param parents Placeholders of parent ids by relation field, e.g. `{"book_id": "{book}"}`.
 * @param set Values that override the samples.
 * @param variant Which sample values.
 * @returns The body.
 */
export function sampleBody(
  entity: Entity,
  parents: Record<string, string> = {},
  set: Record<string, unknown> = {},
  variant = 0,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of inputFields(entity)) body[field.name] = sampleValue(field, variant);
  for (const relation of entity.relations) {
    if (parents[relation.field] !== undefined) body[relation.field] = parents[relation.field];
  }
  return { ...body, ...set };
}

/** What {@link createSteps} was asked to make. */
export interface CreateOptions {
  /** The actor the steps run as (default: the scenario's first). */
  as?: string;
  /** Field values that override the samples. */
  set?: Record<string, unknown>;
  /** Parent ids already saved, by relation field (placeholders). */
  parents?: Record<string, string>;
  variant?: number;
  /** The expected status (default 201). */
  status?: number;
  /** Add stock first when the row takes from a stock that cannot go negative (default true). */
  stock?: boolean;
}

/**
 * Steps that create a row of `entity` (and, first, one row of each required
 * parent the caller did not give), saving the row's id as `alias`.
 *
 * @param spec The spec.
 * @param entityName The entity.
 * @param alias The name the id is saved under.
 * @param options Actor, values, parents.
 * @returns The steps.
 */
export function createSteps(
  spec: Spec,
  entityName: string,
  alias: string,
  options: CreateOptions = {},
): Step[] {
  const entity = entityByName(spec, entityName);
  const steps: Step[] = [];
  const parents: Record<string, string> = { ...options.parents };
  // Parents of parents first, so a parent that shares one with this row
  // points at the same one (a vote's option belongs to the vote's poll).
  const depth = (name: string, seen = new Set<string>()): number => {
    if (seen.has(name)) return 0;
    seen.add(name);
    const e = entityByName(spec, name);
    return 1 +
      Math.max(0, ...e.relations.filter((r) => r.required).map((r) => depth(r.target, seen)));
  };
  const relations = [...entity.relations].sort((a, b) => depth(a.target) - depth(b.target));
  for (const relation of relations) {
    if (parents[relation.field] !== undefined || options.set?.[relation.field] !== undefined) {
      continue;
    }
    if (!relation.required) continue;
    const parentAlias = `${alias}_${relation.field.replace(/_id$/, "")}`;
    // A given parent that points at the same kind of row decides it: the
    // vote's poll is its option's poll.
    const via = entity.relations.find((given) => {
      if (options.parents?.[given.field] === undefined) return false;
      return entityByName(spec, given.target).relations.some((r) => r.target === relation.target);
    });
    if (via !== undefined) {
      const field = entityByName(spec, via.target).relations.find((r) =>
        r.target === relation.target
      )!.field;
      steps.push({
        ...(options.as ? { as: options.as } : {}),
        method: "GET",
        path: `${collectionPath(spec, via.target)}/${options.parents![via.field]}`,
        status: 200,
        save: { [parentAlias]: field },
      });
      parents[relation.field] = `{${parentAlias}}`;
      continue;
    }
    const target = entityByName(spec, relation.target);
    const shared: Record<string, string> = {};
    for (const r of target.relations) {
      const mine = entity.relations.find((m) =>
        m.target === r.target && parents[m.field] !== undefined
      );
      if (mine !== undefined) shared[r.field] = parents[mine.field]!;
    }
    const as = creatorOf(spec, target) ?? options.as;
    steps.push(...createSteps(spec, relation.target, parentAlias, {
      ...(as ? { as } : {}),
      parents: shared,
    }));
    parents[relation.field] = `{${parentAlias}}`;
  }
  const endpoint = spec.endpoints.find((e) => e.entity === entity.name && e.action === "create");
  if (endpoint === undefined) return steps;
  if (options.stock !== false && (options.status ?? 201) < 300) {
    steps.push(...stockFirst(spec, entity, parents, alias, options.as));
  }
  const as = options.as ?? creatorOf(spec, entity);
  const body = distinct(
    entity,
    sampleBody(entity, parents, options.set, options.variant),
    alias,
    options.set,
  );
  // An end the caller did not set comes after the start it did.
  for (const rule of spec.rules ?? []) {
    if (rule.kind !== "order" || rule.entity !== entity.name) continue;
    const first = options.set?.[rule.first!];
    if (first !== undefined && options.set?.[rule.then!] === undefined && rule.then! in body) {
      body[rule.then!] = later(first);
    }
  }
  const step: HttpStep = {
    ...(as ? { as } : {}),
    method: "POST",
    path: endpoint.path,
    body,
    status: options.status ?? 201,
    ...(options.status === undefined || options.status < 300 ? { save: { [alias]: "id" } } : {}),
  };
  steps.push(step);
  return steps;
}

/**
 * A row taken from a stock that cannot go negative (a usage of a supply)
 * needs stock first: a row of what adds to it (a delivery) for the same parent.
 */
function stockFirst(
  spec: Spec,
  entity: Entity,
  parents: Record<string, string>,
  alias: string,
  as: string | undefined,
): Step[] {
  const steps: Step[] = [];
  for (const rule of spec.rules ?? []) {
    if (rule.kind !== "non_negative" || rule.entity !== entity.name) continue;
    const parentId = parents[rule.via!];
    const relation = entity.relations.find((r) => r.field === rule.via);
    if (parentId === undefined || relation === undefined) continue;
    const parent = entityByName(spec, relation.target);
    const left = parent.fields.find((f) => f.name === rule.field)?.computed;
    if (left?.kind !== "remaining") continue;
    const from = parent.fields.find((f) => f.name === left.from)?.computed;
    if (from?.kind !== "aggregate" || from.entity === entity.name || from.field === undefined) {
      continue;
    }
    steps.push(...createSteps(spec, from.entity, `${alias}_stock`, {
      ...(as ? { as } : {}),
      parents: { [from.via]: parentId },
      set: { [from.field]: 1000 },
    }));
  }
  return steps;
}

/** A date or datetime placeholder a little later: a day, or an hour. */
function later(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const m = value.match(/^\{today([+-]\d+)?\}(?:T(\d\d):(\d\d):(\d\d))?$/);
  if (m === null) return value;
  const days = Number(m[1] ?? 0);
  if (m[2] === undefined) {
    return days + 1 === 0 ? "{today}" : `{today${days + 1 > 0 ? "+" : ""}${days + 1}}`;
  }
  const hour = Number(m[2]);
  const day = hour >= 22 ? days + 1 : days;
  const next = hour >= 22 ? 9 : hour + 1;
  const shift = day === 0 ? "" : day > 0 ? `+${day}` : `${day}`;
  return `{today${shift}}T${String(next).padStart(2, "0")}:${m[3]}:${m[4]}`;
}

/** Unique text fields carry the row's alias, so two rows of one scenario never clash. */
function distinct(
  entity: Entity,
  body: Record<string, unknown>,
  alias: string,
  set: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const field of entity.fields) {
    const value = body[field.name];
    if (!field.unique || set[field.name] !== undefined || typeof value !== "string") continue;
    if (field.type === "string" || field.type === "text") body[field.name] = `${value} ${alias}`;
    else if (field.type === "email") {
      body[field.name] = value.replace("@", `-${alias.replace(/_/g, "-")}@`);
    } else if (field.type === "url") body[field.name] = `${value}/${alias}`;
  }
  return body;
}

/**
 * @param spec The spec.
 * @returns The actors a scenario signs up in an app with sign-in.
 */
export function defaultActors(spec: Spec): Scenario["actors"] | undefined {
  if (!spec.auth) return undefined;
  return { [ALICE]: {} };
}

/**
 * @param spec The spec.
 * @param name What the scenario checks.
 * @param steps Its steps.
 * @param actors Extra or other actors (default: Alice in apps with sign-in).
 * @returns The scenario.
 */
export function scenario(
  spec: Spec,
  name: string,
  steps: Step[],
  actors?: Scenario["actors"],
): Scenario {
  let who = actors ?? defaultActors(spec);
  // Rows only staff may create are created by a staff user.
  const role = (spec.roles ?? []).find((r) => r.staff)?.name;
  if (who !== undefined && role !== undefined && who[STAFF] === undefined) {
    if (steps.some((s) => s.as === STAFF)) who = { ...who, [STAFF]: { role } };
  }
  return { name, ...(who ? { actors: who } : {}), steps: steps.flatMap(oneMatcherEach) };
}

/**
 * A GET expecting several matchers of one list (`$has` and `$lacks`) as one
 * GET per matcher: a special object holds one matcher.
 */
function oneMatcherEach(step: Step): Step[] {
  if (!("method" in step) || step.method !== "GET") return [step];
  const expect = step.expect;
  if (expect === null || typeof expect !== "object" || Array.isArray(expect)) return [step];
  const keys = Object.keys(expect);
  if (keys.length < 2 || !keys.every((k) => k.startsWith("$"))) return [step];
  return keys.map((key, i) => ({
    ...step,
    expect: { [key]: (expect as Record<string, unknown>)[key] },
    ...(i < keys.length - 1 ? { save: undefined } : {}),
  })).map((s) => {
    if (s.save === undefined) delete s.save;
    return s;
  });
}

/** The actor of a staff role in scenarios. */
export const STAFF = "staff";

/**
 * @param spec The spec.
 * @param entity An entity.
 * @returns `staff` when only staff roles may create its rows, else undefined.
 */
export function creatorOf(spec: Spec, entity: Entity): string | undefined {
  const roles = entity.permissions?.create ?? [];
  if (!spec.auth || roles.length === 0) return undefined;
  const staff = (spec.roles ?? []).filter((r) => r.staff && roles.includes(r.name));
  return staff.length > 0 && !roles.includes((spec.roles ?? [])[0]?.name ?? "") ? STAFF : undefined;
}

/**
 * @param spec The spec.
 * @param entityName An entity.
 * @returns Its collection path, e.g. `/api/loans`.
 */
export function collectionPath(spec: Spec, entityName: string): string {
  return `/api/${entityByName(spec, entityName).plural}`;
}

/**
 * @param spec The spec.
 * @param entityName An entity.
 * @param alias The saved id's name.
 * @returns Its item path, e.g. `/api/loans/{loan}`.
 */
export function itemPath(spec: Spec, entityName: string, alias: string): string {
  return `${collectionPath(spec, entityName)}/{${alias}}`;
}
