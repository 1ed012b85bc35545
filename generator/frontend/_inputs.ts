/**
 * The inputs of the generated entity forms: the JSX control of each field
 * type and relation, and how a row value becomes input text and back.
 *
 * @module
 */
import type { Link } from "../../core/behaviours.ts";
import type { Field, Relation } from "../../core/spec.ts";
import { fieldControl, labelHead } from "./controls.ts";
import { indent, js, linkLabel, relationLabel, tsType } from "./model.ts";

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

/**
 * The labelled control of a field, with the `name` browser tests use.
 *
 * @param field A field.
 * @returns JSX.
 */
export function fieldInput(field: Field): string {
  return fieldControl(field, {
    key: field.name,
    value: `values.${field.name}`,
    set: (value) => `update("${field.name}", ${value})`,
    name: true,
    cast: `Values["${field.name}"]`,
  });
}

/**
 * The control of a link: a toggle button per row of the target (pressed when
 * linked), in a group named by the link's label.
 *
 * @param link The link.
 * @param options The options state and the target's label function, when listable.
 * @returns JSX.
 */
export function linkInput(
  link: Link,
  options: { state: string; labelFn: string } | undefined,
): string {
  const f = link.field;
  const legend = `<legend>{${js(linkLabel(link))}}</legend>`;
  if (options === undefined) {
    return `<fieldset className="field choices">
  ${legend}
  <p className="hint">{${js(`Nothing to choose from: this app cannot list them.`)}}</p>
</fieldset>`;
  }
  return `<fieldset className="field choices">
  ${legend}
  {${options.state}.length === 0 ? <p className="hint">Nothing to choose from yet.</p> : null}
  <div className="chips">
    {${options.state}.map((option) => (
      <button
        key={option.id}
        type="button"
        className="chip"
        aria-pressed={values.${f}.includes(option.id)}
        onClick={() => toggle("${f}", option.id)}
      >
        {${options.labelFn}(option)}
      </button>
    ))}
  </div>
</fieldset>`;
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
${indent(labelHead(id, relationLabel(relation), relation.required), 4)}
${indent(control, 4)}
  </div>
)}`;
}
