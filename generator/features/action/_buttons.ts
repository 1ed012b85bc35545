/**
 * The button of one action for one row: shown when the row's conditions
 * hold and the user's role may run it, with its inputs beside it (a move's
 * target, a choice among this row's children), or one button per target
 * when a move has a few.
 *
 * @module
 */
import type { Condition } from "../../../core/behaviours.ts";
import { fieldControl, rowSelect } from "../../frontend/controls.ts";
import { type ActionModel, indent, js, withArticle } from "../../frontend/model.ts";
import { type BodyField, bodyValue } from "./_body.ts";

/**
 * The conditions of an action the browser can check from the row alone:
 * those comparing with a literal or another field (not with today or now,
 * whose reading the server owns).
 *
 * @param when The action's conditions.
 * @returns The checkable ones.
 */
export function staticConditions(when: readonly Condition[] | undefined): Condition[] {
  return (when ?? []).filter((c) =>
    c.value === undefined || c.value === null || typeof c.value !== "object" ||
    "field" in c.value
  );
}

/**
 * @param a An action.
 * @returns The name of the constant holding its checkable conditions.
 */
export function whenConst(a: ActionModel): string {
  return `WHEN_${a.action.name.toUpperCase()}`;
}

/**
 * The labelled input of a body field.
 *
 * @param b The body field.
 * @param values The state holding its value (`values`, `rowValues`).
 * @param set The state's setter.
 * @param options The expression of the rows a relation offers.
 * @returns JSX.
 */
export function control(b: BodyField, values: string, set: string, options?: string): string {
  const state = {
    key: b.key,
    value: `${values}.${b.key}`,
    set: (value: string) => `${set}("${b.key}", ${value})`,
    label: b.label,
  };
  if (b.field !== undefined) return fieldControl(b.field, state);
  const t = b.target!;
  const rows = options ??
    `(shared?.choices.${t.entity.name[0]!.toLowerCase()}${t.entity.name.slice(1)} ?? [])`;
  return t.fns.list === undefined
    ? fieldControl({ name: b.name, type: "integer", required: b.required, min: 1 }, state)
    : rowSelect(state, rows, t.labelFn, b.required);
}

/** Most choices a move offers as one button each; more become a select. */
const MAX_CHOICE_BUTTONS = 6;

/**
 * @param a The action.
 * @param body Its body fields.
 * @param roleChecks Whether the app checks roles.
 * @returns The JSX of its button (or buttons), and statements the component needs first.
 */
export function actionButton(
  a: ActionModel,
  body: BodyField[],
  roleChecks: boolean,
): { jsx: string; pre: string[] } {
  const { action } = a;
  const show: string[] = [];
  if (staticConditions(action.when).length > 0) show.push(`holds(row, ${whenConst(a)})`);
  if (roleChecks && (action.roles ?? []).length > 0) {
    show.push(`hasRole(session, [${(action.roles ?? []).map(js).join(", ")}])`);
  }
  const usesBar = body.some((b) => b.place === "bar");
  if (usesBar) show.push("shared !== null");
  const rowBody = body.filter((b) => b.place === "row");
  const controls = rowBody.map((b) => {
    const t = b.target;
    const choices = t === undefined
      ? undefined
      : `(shared?.choices.${t.entity.name[0]!.toLowerCase()}${t.entity.name.slice(1)} ?? [])${
        b.narrow === undefined
          ? ""
          : `.filter((option) => option.${b.narrow.theirs} === row.${b.narrow.mine})`
      }`;
    return control(b, "rowValues", "updateRow", choices);
  });
  const entries = body.map((b) =>
    `${b.name}: ${
      bodyValue(b, b.place === "bar" ? `shared.values.${b.key}` : `rowValues.${b.key}`)
    }`
  );
  const args = [
    "row.id",
    ...(action.kind === "record" || action.kind === "move"
      ? [entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`]
      : []),
  ];
  const guards = rowBody
    .filter((b) => b.required && b.relation !== undefined && b.initial === '""')
    .map((b) =>
      `if (missing(rowValues.${b.key}, ${js(withArticle(b.label.toLowerCase()))})) return;\n`
    );
  const call = usesBar
    ? `() => {
  ${guards.join("  ")}if (shared === null) return;
  void run(() => ${a.fn}(${args.join(", ")}), true);
}`
    : guards.length > 0
    ? `() => {
  ${guards.join("  ")}void run(() => ${a.fn}(${args.join(", ")}));
}`
    : `() => void run(() => ${a.fn}(${args.join(", ")}))`;
  const buttonJsx = `<button type="button" disabled={busy} onClick={${call}}>
  {${js(action.label)}}
</button>`;
  let inner = controls.length === 0 ? buttonJsx : `<div className="inline-form">
${indent([...controls, buttonJsx].join("\n"), 2)}
</div>`;
  const pre: string[] = [];
  // A move to one of a few places (another column) is a button per place.
  const only = action.kind === "move" && body.length === 1 ? body[0]! : undefined;
  const choices = only === undefined ? undefined : only.target?.fns.list !== undefined
    ? {
      list: `(shared?.choices.${only.target.entity.name[0]!.toLowerCase()}${
        only.target.entity.name.slice(1)
      } ?? [])${
        only.narrow === undefined
          ? ""
          : `.filter((option) => option.${only.narrow.theirs} === row.${only.narrow.mine})`
      }.filter((option) => option.id !== row.${only.name})`,
      key: "option.id",
      value: "option.id",
      text: `${only.target.labelFn}(option)`,
    }
    : only.field?.type === "enum"
    ? {
      list: `${
        JSON.stringify(only.field.values ?? [])
      }.filter((option) => option !== row.${only.name})`,
      key: "option",
      value: "option",
      text: "formatEnum(option)",
    }
    : undefined;
  if (choices !== undefined && only !== undefined) {
    const name = `${only.key}Choices`;
    pre.push(`const ${name} = ${choices.list};`);
    inner = `{${name}.length <= ${MAX_CHOICE_BUTTONS} ? (
  ${name}.map((option) => (
    <button key={${choices.key}} type="button" disabled={busy} onClick={() => void run(() => ${a.fn}(row.id, { ${only.name}: ${choices.value} }))}>
      {${js(`${action.label} to `)} + ${choices.text}}
    </button>
  ))
) : (
${indent(inner, 2)}
)}`;
  }
  return {
    jsx: show.length === 0 ? inner : `{${show.join(" && ")} ? (
${
      indent(
        inner.startsWith("{")
          ? `<>
${indent(inner, 2)}
</>`
          : inner,
        2,
      )
    }
) : null}`,
    pre,
  };
}
