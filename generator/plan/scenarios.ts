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
      const min = field.min === undefined ? 1 : Math.ceil(field.min);
      const max = field.max === undefined ? 1_000 : Math.floor(field.max);
      return Math.min(max, Math.max(min, 3 + variant));
    }
    case "number": {
      const min = field.min ?? 0;
      const max = field.max ?? 100_000;
      return Math.min(max, Math.max(min, 12.5 + variant * 10));
    }
    case "boolean":
      return variant % 2 === 1;
    case "date":
      return variant === 0 ? "{today}" : `{today+${variant}}`;
    case "datetime":
      return `{today+${variant}}T${String(9 + (variant % 8)).padStart(2, "0")}:00:00`;
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
  for (const relation of entity.relations) {
    if (parents[relation.field] !== undefined || options.set?.[relation.field] !== undefined) {
      continue;
    }
    if (!relation.required) continue;
    const parentAlias = `${alias}_${relation.field.replace(/_id$/, "")}`;
    steps.push(...createSteps(spec, relation.target, parentAlias, {
      ...(options.as ? { as: options.as } : {}),
    }));
    parents[relation.field] = `{${parentAlias}}`;
  }
  const endpoint = spec.endpoints.find((e) => e.entity === entity.name && e.action === "create");
  if (endpoint === undefined) return steps;
  const step: HttpStep = {
    ...(options.as ? { as: options.as } : {}),
    method: "POST",
    path: endpoint.path,
    body: sampleBody(entity, parents, options.set, options.variant),
    status: options.status ?? 201,
    ...(options.status === undefined || options.status < 300 ? { save: { [alias]: "id" } } : {}),
  };
  steps.push(step);
  return steps;
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
  const who = actors ?? defaultActors(spec);
  return { name, ...(who ? { actors: who } : {}), steps };
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
