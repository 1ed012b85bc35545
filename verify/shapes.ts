/**
 * Checks API responses against the spec: the fields an entity row must have,
 * with the JSON types the spec's field types map to.
 *
 * @module
 */
import type { Entity, Field } from "../core/spec.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** Why a value does not fit a field type, or undefined when it fits. */
export function fieldProblem(field: Field, value: unknown): string | undefined {
  const shown = JSON.stringify(value);
  if (value === null || value === undefined) {
    return field.required
      ? `"${field.name}" is ${typeOf(value)} but the field is required`
      : undefined;
  }
  switch (field.type) {
    case "string":
    case "text":
    case "email":
    case "url":
      return typeof value === "string"
        ? undefined
        : `"${field.name}" is ${typeOf(value)}, not a string`;
    case "integer":
      return Number.isInteger(value) ? undefined : `"${field.name}" is ${shown}, not an integer`;
    case "number":
      return typeof value === "number" ? undefined : `"${field.name}" is ${shown}, not a number`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `"${field.name}" is ${shown}, not a boolean`;
    case "date":
      return typeof value === "string" && DATE.test(value)
        ? undefined
        : `"${field.name}" is ${shown}, not a date (YYYY-MM-DD)`;
    case "datetime":
      return typeof value === "string" && DATETIME.test(value)
        ? undefined
        : `"${field.name}" is ${shown}, not an ISO date-time`;
    case "enum":
      return typeof value === "string" && (field.values ?? []).includes(value)
        ? undefined
        : `"${field.name}" is ${shown}, not one of ${(field.values ?? []).join(", ")}`;
  }
}

/**
 * Problems of one row of an entity: missing fields, wrong JSON types.
 *
 * @param entity The entity the row should be.
 * @param row The parsed JSON.
 * @returns One message per problem; empty when the row fits.
 * @example
 * ```ts
 * import { rowProblems } from "./shapes.ts";
 * const entity = {
 *   name: "Task", plural: "tasks", label: "task", labelPlural: "tasks", description: "",
 *   display: "title", access: "public" as const, relations: [],
 *   fields: [{ name: "title", type: "string" as const, required: true }],
 * };
 * const row = { id: 1, title: "x", created_at: "2026-01-01T00:00:00", updated_at: "2026-01-01T00:00:00" };
 * if (rowProblems(entity, row).length !== 0) throw new Error("should fit");
 * ```
 */
export function rowProblems(entity: Entity, row: unknown): string[] {
  if (typeOf(row) !== "object") return [`${entity.name}: expected an object, got ${typeOf(row)}`];
  const record = row as Record<string, unknown>;
  const problems: string[] = [];
  if (!Number.isInteger(record.id)) {
    problems.push(`"id" is ${JSON.stringify(record.id)}, not an integer`);
  }
  for (const name of ["created_at", "updated_at"]) {
    if (typeof record[name] !== "string") problems.push(`"${name}" is missing or not a string`);
  }
  for (const field of entity.fields) {
    if (!(field.name in record)) {
      problems.push(`"${field.name}" is missing`);
      continue;
    }
    const problem = fieldProblem(field, record[field.name]);
    if (problem) problems.push(problem);
  }
  for (const relation of entity.relations) {
    const value = record[relation.field];
    if (!(relation.field in record)) problems.push(`"${relation.field}" is missing`);
    else if (value === null ? relation.required : !Number.isInteger(value)) {
      problems.push(`"${relation.field}" is ${JSON.stringify(value)}, not an id`);
    }
  }
  return problems.map((p) => `${entity.name}: ${p}`);
}

/**
 * Whether a returned value holds what was sent (dates and numbers compared loosely).
 *
 * @param sent The body sent.
 * @param row The row returned.
 * @returns One message per field that differs.
 */
export function echoProblems(
  entity: Entity,
  sent: Record<string, unknown>,
  row: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const got = row[name];
    if (value === null || got === undefined) continue;
    const same = typeof value === "string" && typeof got === "string"
      ? got === value || got.startsWith(value) || value.startsWith(got)
      : got === value;
    if (!same) {
      problems.push(
        `${entity.name}: sent "${name}" ${JSON.stringify(value)}, got ${JSON.stringify(got)}`,
      );
    }
  }
  return problems;
}
