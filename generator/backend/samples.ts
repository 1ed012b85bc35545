/**
 * Deterministic sample values for the generated tests: two valid values per
 * field (for create and for update), what an omitted optional field becomes,
 * and values the API must reject.
 *
 * @module
 */
import type { Field } from "../../core/spec.ts";
import { labelOf } from "../../core/words.ts";
import { MAX_LENGTHS } from "./models.ts";
import { pyLiteral, pyStr, type PyValue } from "./python.ts";

/** Which of the two valid values: 0 to create a row, 1 to update it. */
export type Variant = 0 | 1;

const PREFERRED_INTEGERS = [3, 4] as const;
const PREFERRED_NUMBERS = [9.5, 12.25] as const;

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * A valid value of a field, within its bounds and enum values.
 *
 * @param field A spec field.
 * @param variant 0 for the value rows are created with, 1 for updates.
 * @returns A JSON value.
 * @example
 * ```ts
 * import { sampleValue } from "./samples.ts";
 * const stars = { name: "stars", type: "integer", required: true, min: 1, max: 2 } as const;
 * if (sampleValue(stars, 0) !== 2) throw new Error();
 * ```
 */
export function sampleValue(field: Field, variant: Variant): PyValue {
  const words = labelOf(field.name);
  switch (field.type) {
    case "string":
      return `${variant === 0 ? "Sample" : "Changed"} ${words}`;
    case "text":
      return variant === 0 ? `Sample ${words}.\nWith a second line.` : `Changed ${words}.`;
    case "integer":
      return clamp(
        PREFERRED_INTEGERS[variant],
        field.min === undefined ? -Infinity : Math.ceil(field.min),
        field.max === undefined ? Infinity : Math.floor(field.max),
      );
    case "number":
      return clamp(PREFERRED_NUMBERS[variant], field.min ?? -Infinity, field.max ?? Infinity);
    case "boolean":
      return variant === 0;
    case "date":
      return variant === 0 ? "2024-01-15" : "2024-02-20";
    case "datetime":
      return variant === 0 ? "2024-01-15T10:30:00" : "2024-02-20T16:45:00";
    case "email":
      return variant === 0 ? "sample@example.com" : "changed@example.org";
    case "url":
      return variant === 0 ? "https://example.com/sample" : "https://example.org/changed?page=2";
    case "image":
      return variant === 0
        ? "https://picsum.photos/seed/sample/400/300"
        : "https://picsum.photos/seed/changed/400/300";
    case "enum": {
      const values = field.values!;
      // The create value differs from the default (the first value) when it can.
      const first = values[Math.min(1, values.length - 1)]!;
      const other = values.at(-1) === first ? values[0]! : values.at(-1)!;
      return variant === 0 ? first : other;
    }
  }
}

/**
 * What an optional field holds when a create body omits it.
 *
 * @param field An optional spec field.
 * @returns `false` for booleans, the first value for enums, else `null`.
 */
export function omittedValue(field: Field): PyValue {
  if (field.type === "boolean") return false;
  if (field.type === "enum") return field.values![0]!;
  return null;
}

/**
 * Values of a field the API must answer with 422, as Python expressions.
 *
 * @param field A spec field.
 * @returns e.g. `""` and `"x" * 201` for a required string.
 */
export function invalidValues(field: Field): string[] {
  const out: string[] = [];
  const maxLength = MAX_LENGTHS[field.type as keyof typeof MAX_LENGTHS];
  if (maxLength !== undefined) {
    if (field.required) out.push('""');
    out.push(`"x" * ${maxLength + 1}`);
  }
  if (field.type === "integer" || field.type === "number") {
    const integer = field.type === "integer";
    if (field.min !== undefined) {
      out.push(pyLiteral(integer ? Math.ceil(field.min) - 1 : field.min - 1));
    }
    if (field.max !== undefined) {
      out.push(pyLiteral(integer ? Math.floor(field.max) + 1 : field.max + 1));
    }
    out.push(pyStr("not a number"));
  }
  if (field.type === "email") out.push(pyStr("not-an-email"), pyStr("a@b"));
  if (field.type === "url") out.push(pyStr("not a url"), pyStr("ftp://example.com/file"));
  if (field.type === "enum") out.push(pyStr("not_a_value"));
  if (field.type === "date") out.push(pyStr("not-a-date"));
  if (field.type === "datetime") out.push(pyStr("not-a-time"));
  return out;
}
