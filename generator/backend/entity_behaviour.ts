/**
 * What an entity does beyond CRUD, as the backend renderer sees it: which
 * fields a client sends and which the server computes (stored or derived on
 * read, in dependency order), its many-to-many links, list order, filters,
 * search, visibility and permissions. Part of the render context.
 *
 * @module
 */
import type { Computed, Condition, Link, Order, Permissions } from "../../core/behaviours.ts";
import type { Entity, Field, Spec } from "../../core/spec.ts";
import { entityByName } from "../../core/spec.ts";
import { capitalize, snakeCase } from "../../core/words.ts";

/** Computed kinds the server stores in a column and sets itself. */
export const STORED_KINDS: ReadonlySet<Computed["kind"]> = new Set([
  "counter",
  "state",
  "stamp",
  "slug",
  "code",
]);

/** A many-to-many link with the names of its join table. */
export interface LinkPlan {
  link: Link;
  target: Entity;
  /** Capitalized singular label of the target, for error messages. */
  targetLabel: string;
  /** The join table, e.g. `recipes_tags`. */
  table: string;
  /** Its column naming this entity's row, e.g. `recipe_id`. */
  column: string;
  /** Its column naming the linked row, e.g. `tag_id`. */
  targetColumn: string;
  /** The list endpoint's query parameter filtering by one linked id, e.g. `tag_id`. */
  param: string;
  /** True when only the caller's own target rows may be linked. */
  ownOnly: boolean;
}

/** An integer field that `swap` actions move, numbered by the server when left empty. */
export interface Swapped {
  field: string;
  within?: string;
}

/** The behaviour of one entity. */
export interface EntityBehaviour {
  /** Names of the fields a client sends (no computed ones). */
  inputNames: string[];
  /** Computed fields stored in columns: counter, state, stamp, slug, code. */
  storedComputed: Field[];
  /** Computed fields derived on read, in dependency order. */
  derived: Field[];
  links: LinkPlan[];
  /** The list order, or undefined for newest first. */
  order?: Order;
  /** True when the order is by a derived field (sorted in Python). */
  orderDerived: boolean;
  filters: string[];
  search: string[];
  publicWhere?: Condition[];
  permissions: Permissions;
  swapped: Swapped[];
  /** True when rows need work on read (derived fields or links). */
  completes: boolean;
}

/**
 * Derives the behaviour of an entity.
 *
 * @param spec The spec.
 * @param entity The entity.
 * @param isPublic True when the entity is public as enforced (apps without auth).
 * @returns Its behaviour.
 */
export function entityBehaviour(
  spec: Spec,
  entity: Entity,
  access: Entity["access"],
): EntityBehaviour {
  const computed = entity.fields.filter((f) => f.computed !== undefined);
  const storedComputed = computed.filter((f) => STORED_KINDS.has(f.computed!.kind));
  const derived = dependencyOrder(computed.filter((f) => !STORED_KINDS.has(f.computed!.kind)));
  const singular = snakeCase(entity.name);
  const links = (entity.links ?? []).map((link): LinkPlan => {
    const target = entityByName(spec, link.target);
    const targetColumn = link.field.replace(/s$/, "");
    const column = `${singular}_id`;
    const targetAccess = spec.auth ? target.access : "public";
    return {
      link,
      target,
      targetLabel: capitalize(target.label),
      table: `${entity.plural}_${link.name}`,
      column,
      targetColumn: targetColumn === column ? "linked_id" : targetColumn,
      param: targetColumn,
      ownOnly: targetAccess === "private" && access !== "public",
    };
  });
  const derivedNames = new Set(derived.map((f) => f.name));
  const swapped: Swapped[] = [];
  for (const action of spec.actions ?? []) {
    if (action.entity !== entity.name || action.kind !== "swap" || action.field === undefined) {
      continue;
    }
    if (swapped.some((s) => s.field === action.field)) continue;
    const field = entity.fields.find((f) => f.name === action.field);
    if (field === undefined || field.computed !== undefined) continue;
    swapped.push({ field: action.field, ...(action.within ? { within: action.within } : {}) });
  }
  return {
    inputNames: entity.fields.filter((f) => f.computed === undefined).map((f) => f.name),
    storedComputed,
    derived,
    links,
    ...(entity.order ? { order: entity.order } : {}),
    orderDerived: entity.order !== undefined && derivedNames.has(entity.order.field),
    filters: entity.filters ?? [],
    search: entity.search ?? [],
    ...(entity.publicWhere && spec.auth && access === "owner_write"
      ? { publicWhere: entity.publicWhere }
      : {}),
    permissions: spec.auth ? entity.permissions ?? {} : {},
    swapped,
    completes: derived.length > 0 || links.length > 0,
  };
}

/** The fields of this row a derived field reads. */
export function sameRowInputs(c: Computed): string[] {
  switch (c.kind) {
    case "remaining":
      return [c.from, c.minus];
    case "percent":
      return [c.part, ...(typeof c.whole === "string" ? [c.whole] : [c.whole.via])];
    case "date_plus":
      return [c.from, c.days];
    default:
      return [];
  }
}

/** Derived fields sorted so that each comes after the fields it reads. */
function dependencyOrder(fields: Field[]): Field[] {
  const names = new Set(fields.map((f) => f.name));
  const done = new Set<string>();
  const out: Field[] = [];
  const visit = (field: Field, path: string[]) => {
    if (done.has(field.name) || path.includes(field.name)) return;
    const reads = sameRowInputs(field.computed!);
    const whole = field.computed!.kind === "percent" && typeof field.computed!.whole !== "string"
      ? [field.computed!.whole.siblings]
      : [];
    for (const name of [...reads, ...whole]) {
      const dep = fields.find((f) => f.name === name);
      if (dep !== undefined && names.has(name)) visit(dep, [...path, field.name]);
    }
    done.add(field.name);
    out.push(field);
  };
  for (const field of fields) visit(field, []);
  return out;
}
