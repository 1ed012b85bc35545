/**
 * A view's conditions in words, for the lead line of its page: "Loans whose
 * due date is before today and whose returned at is empty."
 *
 * @module
 */
import type { Condition, Value } from "../../../core/behaviours.ts";
import type { Entity } from "../../../core/spec.ts";
import { capitalize, labelOf } from "../../../core/words.ts";

function valueWords(value: Value | undefined): string {
  if (value === undefined || value === null) return "empty";
  if (typeof value === "object") {
    if ("today" in value) {
      const days = value.today;
      if (days === 0) return "today";
      const n = Math.abs(days);
      return days < 0 ? `${n} day${n === 1 ? "" : "s"} ago` : `in ${n} day${n === 1 ? "" : "s"}`;
    }
    if ("now" in value) return "now";
    return `its ${labelOf(value.field)}`;
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  return typeof value === "string" ? `“${labelOf(value) || value}”` : String(value);
}

function dated(entity: Entity, name: string): boolean {
  const type = entity.fields.find((f) => f.name === name)?.type;
  return type === "date" || type === "datetime" || name === "created_at" || name === "updated_at";
}

function conditionWords(entity: Entity, c: Condition): string {
  const field = labelOf(c.field.replace(/_id$/, ""));
  const date = dated(entity, c.field);
  const value = valueWords(c.value);
  switch (c.op) {
    case "is_null":
      return `${field} is empty`;
    case "not_null":
      return `${field} is set`;
    case "eq":
      return `${field} is ${value}`;
    case "ne":
      return `${field} is not ${value}`;
    case "lt":
      return `${field} is ${date ? "before" : "less than"} ${value}`;
    case "le":
      return `${field} is ${date ? "on or before" : "at most"} ${value}`;
    case "gt":
      return `${field} is ${date ? "after" : "more than"} ${value}`;
    case "ge":
      return `${field} is ${date ? "on or after" : "at least"} ${value}`;
  }
}

/**
 * @param entity The entity the view lists.
 * @param where Its conditions.
 * @returns A sentence, e.g. "Loans whose due date is before today and whose returned at is empty."
 */
export function conditionsSentence(entity: Entity, where: readonly Condition[]): string {
  const parts = where.map((c) => `whose ${conditionWords(entity, c)}`);
  return `${capitalize(entity.labelPlural)} ${parts.join(" and ")}.`;
}
