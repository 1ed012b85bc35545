/**
 * Sample data the generated tests create rows with, made to satisfy the
 * spec's rules: an end after its start, a party no larger than the table,
 * unique names, the induction a booking needs, the stock a usage takes.
 *
 * @module
 */
import type { Rule } from "../../core/behaviours.ts";
import type { BackendContext, EntityPlan, PyField } from "./context.ts";
import { planOf } from "./context.ts";
import type { PyValue } from "./python.ts";
import { sampleValue, type Variant } from "./samples.ts";

function rulesOf(ctx: BackendContext, plan: EntityPlan): Rule[] {
  return (ctx.spec.rules ?? []).filter((r) => r.entity === plan.entity.name);
}

/**
 * Moves a date, datetime or number forward.
 *
 * @param value A sample value.
 * @param type Its field type.
 * @param steps Hours for datetimes, days for dates, units for numbers.
 * @returns The later value.
 */
export function later(value: PyValue, type: string, steps = 1): PyValue {
  if (typeof value === "number") return value + steps;
  if (typeof value !== "string") return value;
  if (type === "datetime") {
    const d = new Date(`${value}Z`);
    d.setUTCHours(d.getUTCHours() + steps);
    return d.toISOString().slice(0, 19);
  }
  if (type === "date") {
    const d = new Date(`${value}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + steps);
    return d.toISOString().slice(0, 10);
  }
  return value;
}

/**
 * A valid sample of a field that the entity's rules accept.
 *
 * @param ctx The render context.
 * @param plan The entity.
 * @param f One of its input fields.
 * @param variant 0 to create, 1 to update.
 * @returns The value.
 */
export function ruleSample(
  ctx: BackendContext,
  plan: EntityPlan,
  f: PyField,
  variant: Variant,
): PyValue {
  for (const rule of rulesOf(ctx, plan)) {
    if (rule.kind === "order" && rule.then === f.name) {
      const first = plan.inputs.find((i) => i.name === rule.first);
      if (first !== undefined) return later(ruleSample(ctx, plan, first, variant), f.field.type);
    }
    // A row's own size never exceeds its parent's limit (`max_parent`), nor
    // does the measure a `capacity` sums: the update test changes it on the
    // same parent, which the create sample's limit has to hold.
    const limited = (rule.kind === "max_parent" && rule.field === f.name) ||
      (rule.kind === "capacity" && rule.measure === f.name);
    if (limited) {
      const link = plan.parents.find((p) => p.relation.field === rule.via);
      const limit = link === undefined
        ? undefined
        : planOf(ctx.entities, link.parent.name).inputs.find((i) => i.name === rule.limit);
      const value = sampleValue(f.field, variant);
      const cap = limit === undefined ? undefined : sampleValue(limit.field, 0);
      if (typeof value === "number" && typeof cap === "number") return Math.min(value, cap);
    }
  }
  return sampleValue(f.field, variant);
}

/**
 * @param ctx The render context.
 * @param plan The entity.
 * @returns Text fields tests make unique per row (unique fields, and the
 *   fields of unique rules that do not involve a parent or an owner).
 */
export function uniqueFields(ctx: BackendContext, plan: EntityPlan): string[] {
  const out = plan.inputs.filter((f) => f.field.unique).map((f) => f.name);
  for (const rule of rulesOf(ctx, plan)) {
    if (rule.kind !== "unique") continue;
    const fields = rule.fields ?? [];
    const scoped = fields.some((n) =>
      n === "owner_id" || plan.parents.some((p) => p.relation.field === n)
    );
    if (scoped) continue;
    for (const name of fields) {
      const f = plan.inputs.find((i) => i.name === name);
      if (f !== undefined && ["string", "text", "email"].includes(f.field.type)) out.push(name);
    }
  }
  return [...new Set(out)];
}

/**
 * @returns For each `same_parent` rule: the field set from the parent row's field.
 */
export function sameParents(
  ctx: BackendContext,
  plan: EntityPlan,
): { field: string; source: string; sourcePlural: string; column: string }[] {
  return rulesOf(ctx, plan).flatMap((r) => {
    if (r.kind !== "same_parent" || !r.field || !r.equals || !r.parent) return [];
    const link = plan.parents.find((p) => p.relation.field === r.field);
    if (link === undefined) return [];
    return [{
      field: r.equals,
      source: r.field,
      sourcePlural: link.parent.plural,
      column: r.parent,
    }];
  });
}

/** For each `requires` rule: the other entity and its fields from this row's. */
export function requiredRows(
  ctx: BackendContext,
  plan: EntityPlan,
): { other: string; pairs: [string, string][] }[] {
  return rulesOf(ctx, plan).flatMap((r) => {
    if (r.kind !== "requires" || !r.other) return [];
    return [{
      other: planOf(ctx.entities, r.other).plural,
      pairs: (r.match ?? []) as [string, string][],
    }];
  });
}

/**
 * For each `non_negative` rule over a `remaining` field whose `from` sums
 * rows of another entity: that entity and a large row to create first.
 */
export function feeds(
  ctx: BackendContext,
  plan: EntityPlan,
): { via: string; feeder: string; feederVia: string; values: Record<string, PyValue> }[] {
  return rulesOf(ctx, plan).flatMap((r) => {
    if (r.kind !== "non_negative" || !r.via || !r.field) return [];
    const link = plan.parents.find((p) => p.relation.field === r.via);
    if (link === undefined) return [];
    const parent = planOf(ctx.entities, link.parent.name);
    const field = parent.fields.find((f) => f.name === r.field)?.field.computed;
    if (field?.kind !== "remaining") return [];
    const from = parent.fields.find((f) => f.name === field.from)?.field.computed;
    if (from?.kind !== "aggregate" || from.entity === plan.entity.name) return [];
    const feeder = planOf(ctx.entities, from.entity);
    const measure = feeder.inputs.find((f) => f.name === from.field);
    const big = measure?.field.max !== undefined ? Math.min(1000, measure.field.max) : 1000;
    return [{
      via: r.via,
      feeder: feeder.plural,
      feederVia: from.via,
      values: measure === undefined ? {} : { [measure.name]: big },
    }];
  });
}
