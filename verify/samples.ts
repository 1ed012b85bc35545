/**
 * Values that satisfy a spec field, for API bodies and UI forms alike.
 *
 * @module
 */
import type { Entity, Field, Spec } from "../core/spec.ts";

/** A JSON value for a field; `variant` 1 gives a different valid value (for updates). */
export function sampleValue(field: Field, tag: string, variant = 0): unknown {
  switch (field.type) {
    case "string":
      return `${field.name.replaceAll("_", " ")} ${tag}${variant ? " v2" : ""}`;
    case "text":
      return `Some ${field.name.replaceAll("_", " ")} for ${tag}${variant ? " (edited)" : ""}`;
    case "integer":
      return inRange(field, variant, true);
    case "number":
      return inRange(field, variant, false);
    case "boolean":
      return variant === 0;
    case "date":
      return variant ? "2026-03-02" : "2026-01-15";
    case "datetime":
      return variant ? "2026-03-02T09:15:00" : "2026-01-15T10:30:00";
    case "email":
      return `${tag.toLowerCase().replace(/[^a-z0-9]/g, "")}${variant ? "2" : ""}@example.com`;
    case "url":
      return `https://example.com/${tag.toLowerCase().replace(/[^a-z0-9]/g, "")}${
        variant ? "/2" : ""
      }`;
    case "image":
      return `https://example.com/${tag.toLowerCase().replace(/[^a-z0-9]/g, "")}${
        variant ? "-2" : ""
      }.png`;
    case "enum": {
      const values = field.values ?? [];
      return values[Math.min(variant, values.length - 1)] ?? values[0];
    }
  }
}

function inRange(field: Field, variant: number, integer: boolean): number {
  const low = field.min ?? (field.max !== undefined ? Math.min(0, field.max) : 0);
  const high = field.max ?? low + 100;
  let value = low + (high - low) * (variant ? 0.75 : 0.5);
  value = integer ? Math.round(value) : Math.round(value * 100) / 100;
  if (integer && value < low) value = Math.ceil(low);
  if (integer && value > high) value = Math.floor(high);
  return value;
}

/** The fields a client sends: stored, not computed by the server. */
export function inputFields(entity: Entity): Field[] {
  return entity.fields.filter((f) => f.computed === undefined);
}

/**
 * The entities ordered so that each comes after the entities it points at
 * (self-relations and cycles are ignored).
 *
 * @param spec The spec.
 * @returns Parents first.
 */
export function parentsFirst(spec: Spec): Entity[] {
  const order: Entity[] = [];
  const seen = new Set<string>();
  const visiting = new Set<string>();
  const visit = (entity: Entity) => {
    if (seen.has(entity.name) || visiting.has(entity.name)) return;
    visiting.add(entity.name);
    for (const relation of entity.relations) {
      const target = spec.entities.find((e) => e.name === relation.target);
      if (target && target.name !== entity.name) visit(target);
    }
    visiting.delete(entity.name);
    seen.add(entity.name);
    order.push(entity);
  };
  for (const entity of spec.entities) visit(entity);
  return order;
}

/**
 * A create/update body for an entity.
 *
 * @param entity The entity.
 * @param parents Ids created earlier, by entity name.
 * @param tag Text that makes the values unique.
 * @param variant 0 for create, 1 for update.
 * @returns The body, or a message naming a required parent that does not exist.
 */
export function sampleBody(
  entity: Entity,
  parents: ReadonlyMap<string, number>,
  tag: string,
  variant = 0,
): Record<string, unknown> | string {
  const body: Record<string, unknown> = {};
  // Computed fields are the server's: a body naming one is refused.
  for (const field of inputFields(entity)) body[field.name] = sampleValue(field, tag, variant);
  for (const relation of entity.relations) {
    const id = relation.target === entity.name ? undefined : parents.get(relation.target);
    if (id === undefined && relation.required) {
      return `no ${relation.target} to point "${relation.field}" at`;
    }
    body[relation.field] = id ?? null;
  }
  return body;
}

/**
 * Moves a sample's `then` after its `first` where an `order` rule asks for it
 * (an end after its start), in place.
 *
 * @param spec The spec whose rules apply.
 * @param entity The entity the body is for.
 * @param body The sample body.
 * @returns The same body.
 */
export function fitOrderRules<T>(spec: Spec, entity: Entity, body: T): T {
  if (typeof body !== "object" || body === null) return body;
  const row = body as Record<string, unknown>;
  for (const rule of spec.rules ?? []) {
    if (rule.kind !== "order" || rule.entity !== entity.name || !rule.first || !rule.then) {
      continue;
    }
    const first = row[rule.first];
    const then = row[rule.then];
    if (typeof first !== "string" || typeof then !== "string" || then > first) continue;
    const later = new Date(`${first.length === 10 ? `${first}T00:00:00` : first}Z`);
    if (Number.isNaN(later.getTime())) continue;
    later.setUTCHours(later.getUTCHours() + (first.length === 10 ? 24 : 1));
    row[rule.then] = later.toISOString().slice(0, first.length === 10 ? 10 : 19);
  }
  return body;
}
