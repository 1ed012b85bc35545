/**
 * The inputs of the generated entity forms: the JSX control of each field
 * type and relation, and how a row value becomes input text and back.
 *
 * @module
 */
import type { Field, Relation } from "../../core/spec.ts";
import { capitalize, labelOf } from "../../core/words.ts";
import { fieldLabel, indent, js, relationLabel, tsType } from "./model.ts";

/**
 * @param state A state variable name, e.g. `postIdOptions`.
 * @returns Its setter's name, e.g. `setPostIdOptions`.
 */
export function setter(state: string): string {
  return `set${state[0]!.toUpperCase()}${state.slice(1)}`;
}

/**
 * @param field A field.
 * @returns The type of its value in the form state (text for numbers and dates).
 */
export function valueType(field: Field): string {
  if (field.type === "boolean") return "boolean";
  if (field.type === "enum") return field.required ? tsType(field) : `${tsType(field)} | ""`;
  return "string";
}

/**
 * @param field A field.
 * @returns The expression of its form value from `row` (possibly undefined).
 */
export function initialValue(field: Field): string {
  const value = `row?.${field.name}`;
  switch (field.type) {
    case "boolean":
      return `${value} ?? false`;
    case "integer":
    case "number":
      return `toText(${value})`;
    case "datetime":
      return `toDatetimeLocal(${value})`;
    case "enum":
      return `${value} ?? ${field.required ? js(field.values?.[0] ?? "") : '""'}`;
    default:
      return `${value} ?? ""`;
  }
}

/**
 * @param field A field.
 * @returns The expression of its request-body value from `values`.
 */
export function inputValue(field: Field): string {
  const value = `values.${field.name}`;
  if (field.type === "boolean") return value;
  let converted = value;
  if (field.type === "integer" || field.type === "number") converted = `Number(${value})`;
  if (field.type === "datetime") converted = `fromDatetimeLocal(${value})`;
  if (field.required) return converted;
  return `${value} === "" ? null : ${converted}`;
}

const INPUT_TYPES: Partial<Record<Field["type"], string>> = {
  string: "text",
  integer: "number",
  number: "number",
  date: "date",
  datetime: "datetime-local",
  email: "email",
  url: "url",
};

/**
 * The labelled control of a field, with the `name` browser tests use.
 *
 * @param field A field.
 * @returns JSX.
 */
export function fieldInput(field: Field): string {
  const id = `{\`\${uid}-${field.name}\`}`;
  const hintId = `\`\${uid}-${field.name}-hint\``;
  const hint = field.description === undefined
    ? ""
    : `\n  <p className="hint" id={${hintId}}>{${js(field.description)}}</p>`;
  const described = field.description === undefined ? "" : ` aria-describedby={${hintId}}`;
  const label = `{${js(fieldLabel(field.name))}}${
    field.required ? "" : ' <span className="optional">(optional)</span>'
  }`;
  const name = `name="${field.name}"`;
  if (field.type === "boolean") {
    return `<div className="field field-check">
  <input id=${id} ${name} type="checkbox"${described} checked={values.${field.name}} onChange={(event) => update("${field.name}", event.target.checked)} />
  <label htmlFor=${id}>${label}</label>${hint}
</div>`;
  }
  const required = field.required ? " required" : "";
  const common = `id=${id} ${name}${required}${described} value={values.${field.name}}`;
  let control: string;
  if (field.type === "text") {
    control =
      `<textarea ${common} rows={5} onChange={(event) => update("${field.name}", event.target.value)} />`;
  } else if (field.type === "enum") {
    const options = (field.values ?? []).map((v) =>
      `  <option value=${js(v)}>{${js(capitalize(labelOf(v)))}}</option>`
    );
    if (!field.required) options.unshift(`  <option value="">—</option>`);
    control =
      `<select ${common} onChange={(event) => update("${field.name}", event.target.value as Values["${field.name}"])}>
${options.join("\n")}
</select>`;
  } else {
    const bounds = field.type === "integer" || field.type === "number"
      ? `${field.type === "integer" ? " step={1}" : ' step="any"'}${
        field.min === undefined ? "" : ` min={${field.min}}`
      }${field.max === undefined ? "" : ` max={${field.max}}`}`
      : "";
    control = `<input ${common} type="${
      INPUT_TYPES[field.type] ?? "text"
    }"${bounds} onChange={(event) => update("${field.name}", event.target.value)} />`;
  }
  return `<div className="field">
  <label htmlFor=${id}>${label}</label>
${indent(control, 2)}${hint}
</div>`;
}

/**
 * The control of a relation: a select of the parent's rows, a number input
 * when the parent cannot be listed, a hidden input when the page fixes it.
 *
 * @param relation The relation.
 * @param options The options state and the parent's label function, when listable.
 * @returns A JSX child expression.
 */
export function relationInput(
  relation: Relation,
  options: { state: string; labelFn: string } | undefined,
): string {
  const f = relation.field;
  const id = `{\`\${uid}-${f}\`}`;
  const label = `{${js(relationLabel(relation))}}${
    relation.required ? "" : ' <span className="optional">(optional)</span>'
  }`;
  const required = relation.required ? " required" : "";
  const onChange = `onChange={(event) => update("${f}", event.target.value)}`;
  // Without a list endpoint for the parent there is nothing to choose from: take an id.
  const control = options === undefined
    ? `<input id=${id} name="${f}" type="number" step={1} min={1}${required} value={values.${f}} ${onChange} />`
    : `<select id=${id} name="${f}"${required} value={values.${f}} ${onChange}>
  <option value="">{${js(relation.required ? "Choose…" : "None")}}</option>
  {values.${f} !== "" && !${options.state}.some((option) => String(option.id) === values.${f}) ? (
    <option value={values.${f}}>#{values.${f}}</option>
  ) : null}
  {${options.state}.map((option) => (
    <option key={option.id} value={String(option.id)}>
      {${options.labelFn}(option)}
    </option>
  ))}
</select>`;
  return `{fixed?.${f} !== undefined ? (
  <input type="hidden" name="${f}" value={values.${f}} />
) : (
  <div className="field">
    <label htmlFor=${id}>${label}</label>
${indent(control, 4)}
  </div>
)}`;
}
