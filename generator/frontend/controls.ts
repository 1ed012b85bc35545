/**
 * The labelled form controls of the generated app, for the entity forms and
 * for the features' inline inputs (an action's body fields, a move's
 * target): every control has a visible `<label>` whose text is the field's
 * label, so it is found by that label; "(optional)" sits beside the label,
 * not in it.
 *
 * @module
 */
import type { Field } from "../../core/spec.ts";
import { capitalize, labelOf } from "../../core/words.ts";
import { fieldLabel, indent, js } from "./model.ts";

const INPUT_TYPES: Partial<Record<Field["type"], string>> = {
  string: "text",
  integer: "number",
  number: "number",
  date: "date",
  datetime: "datetime-local",
  email: "email",
  url: "url",
  image: "url",
};

/**
 * A label and, for an optional value, the "(optional)" note beside it.
 *
 * @param id The JSX attribute value of the control's id, e.g. ``{`${uid}-name`}``.
 * @param label The label text.
 * @param required Whether a value is required.
 * @returns JSX.
 */
export function labelHead(id: string, label: string, required: boolean): string {
  const tag = `<label htmlFor=${id}>{${js(label)}}</label>`;
  return required ? tag : `<div className="field-head">
  ${tag}
  <span className="optional">(optional)</span>
</div>`;
}

/** Where a control's value lives. */
export interface ControlState {
  /** Suffix of its id (after the component's `uid`) and of its hint's id. */
  key: string;
  /** The expression of its value (text; a boolean for checkboxes). */
  value: string;
  /**
   * @param value The expression of the new value.
   * @returns The statement storing it.
   */
  set: (value: string) => string;
  /** Gives the control `name="<field>"` (the entity forms, for browser tests). */
  name?: boolean;
  /** The type an enum's text is cast to when stored. */
  cast?: string;
  /** The label, when not the field's. */
  label?: string;
}

/**
 * The labelled control of a field, by type: a checkbox, textarea, select of
 * an enum's values, or an input (an image is a URL input with a preview).
 *
 * @param field The field.
 * @param state Where its value lives.
 * @returns JSX of a `.field` block.
 */
export function fieldControl(field: Field, state: ControlState): string {
  const id = `{\`\${uid}-${state.key}\`}`;
  const hintId = `\`\${uid}-${state.key}-hint\``;
  const hint = field.description === undefined
    ? ""
    : `\n  <p className="hint" id={${hintId}}>{${js(field.description)}}</p>`;
  const described = field.description === undefined ? "" : ` aria-describedby={${hintId}}`;
  const name = state.name ? ` name="${field.name}"` : "";
  const label = state.label ?? fieldLabel(field.name);
  if (field.type === "boolean") {
    return `<div className="field field-check">
  <input id=${id}${name} type="checkbox"${described} checked={${state.value}} onChange={(event) => ${
      state.set("event.target.checked")
    }} />
  <label htmlFor=${id}>{${js(label)}}</label>${hint}
</div>`;
  }
  const required = field.required ? " required" : "";
  const common = `id=${id}${name}${required}${described} value={${state.value}}`;
  let control: string;
  if (field.type === "text") {
    control = `<textarea ${common} rows={5} onChange={(event) => ${
      state.set("event.target.value")
    }} />`;
  } else if (field.type === "enum") {
    const options = (field.values ?? []).map((v) =>
      `  <option value=${js(v)}>{${js(capitalize(labelOf(v)))}}</option>`
    );
    if (!field.required) options.unshift(`  <option value="">—</option>`);
    const value = state.cast === undefined
      ? "event.target.value"
      : `event.target.value as ${state.cast}`;
    control = `<select ${common} onChange={(event) => ${state.set(value)}}>
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
    }"${bounds} onChange={(event) => ${state.set("event.target.value")}} />`;
    if (field.type === "image") {
      control += `
{safeHref(${state.value}) === undefined ? null : (
  <img className="preview" src={safeHref(${state.value})} alt="Preview of the image" />
)}`;
    }
  }
  return `<div className="field">
${indent(labelHead(id, label, field.required), 2)}
${indent(control, 2)}${hint}
</div>`;
}

/**
 * A labelled select of rows (a relation's choices outside the entity forms).
 *
 * @param state Where its value (the chosen id as text) lives; `label` is required.
 * @param options The expression of the rows to offer.
 * @param labelFn The rows' title function.
 * @param required Whether a choice is required.
 * @returns JSX of a `.field` block.
 */
export function rowSelect(
  state: ControlState & { label: string },
  options: string,
  labelFn: string,
  required: boolean,
): string {
  const id = `{\`\${uid}-${state.key}\`}`;
  return `<div className="field">
${indent(labelHead(id, state.label, required), 2)}
  <select id=${id}${required ? " required" : ""} value={${state.value}} onChange={(event) => ${
    state.set("event.target.value")
  }}>
    <option value="">{${js(required ? "Choose…" : "None")}}</option>
    {${options}.map((option) => (
      <option key={option.id} value={String(option.id)}>
        {${labelFn}(option)}
      </option>
    ))}
  </select>
</div>`;
}
