/**
 * The frontend of the `action` feature: a client function per action
 * (`POST /api/<plural>/{id}/<name>`), the entity's actions component
 * (buttons beside each row and on its page, see `_component.ts`) and
 * `lib/conditions.ts`, which tells whether an action's `when` holds for a row.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature } from "../../frontend/feature_part.ts";
import { docText, type FrontendModel, modelOf } from "../../frontend/model.ts";
import { bodyFields, bodyType } from "./_body.ts";
import { renderActionsComponent } from "./_component.ts";

/** The frontend of the `action` feature. */
export const actionFrontend: FrontendFeature<FeatureOf<"action">> = {
  typeNames: [],
  apiNames: [],
  render: ({ action, endpoint }, model) => {
    const m = modelOf(model, action.entity);
    const a = m.actions.find((x) => x.action === action);
    if (a === undefined) return { types: [], api: [] };
    const child = action.kind === "record" && action.child !== undefined
      ? model.entities.find((e) => e.entity.name === action.child)
      : undefined;
    const result = `T.${child?.type ?? m.type}`;
    const body = bodyFields(model, m, action);
    const takesBody = action.kind === "record" || action.kind === "move";
    const param = takesBody
      ? `, body: { ${
        body.map((b) => `${b.name}${b.required ? "" : "?"}: ${bodyType(b)}`).join("; ")
      } }`
      : "";
    const path = "`" + endpoint.path.replace("{id}", "${id}") + "`";
    const api = `/** ${docText(endpoint.summary)} (\`${endpoint.id}\`). */
export function ${a.fn}(id: number${param}): Promise<${result}> {
  return apiFetch<${result}>("POST", ${path}, ${takesBody ? "body" : "{}"});
}`;
    const files: GeneratedFile[] = [];
    if (m.actions[0] === a) files.push(renderActionsComponent(model, m));
    if (firstAction(model) === a) files.push(renderConditions());
    return { types: [], api: [api], files };
  },
};

function firstAction(model: FrontendModel) {
  return model.entities.flatMap((m) => m.actions)[0];
}

/**
 * Renders `frontend/lib/conditions.ts`.
 *
 * @returns The file.
 */
function renderConditions(): GeneratedFile {
  const content =
    `/** Whether an action's conditions hold for a row, so pages hide what cannot run. */

/** A condition on one field of a row, as the spec writes it. */
export interface Condition {
  field: string;
  op: "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "is_null" | "not_null";
  /** A literal, or another field of the row. */
  value?: string | number | boolean | null | { field: string };
}

/** True when every condition holds for \`row\`; comparisons with an empty value fail. */
export function holds(row: object, conditions: readonly Condition[]): boolean {
  const values = row as Record<string, unknown>;
  return conditions.every((condition) => {
    const left = values[condition.field];
    const raw = condition.value;
    const right = raw !== null && typeof raw === "object" ? values[raw.field] : raw;
    const empty = (value: unknown) => value === null || value === undefined;
    switch (condition.op) {
      case "is_null":
        return empty(left);
      case "not_null":
        return !empty(left);
      case "eq":
        return empty(left) && empty(right) ? true : left === right;
      case "ne":
        return empty(left) && empty(right) ? false : left !== right;
    }
    if (empty(left) || empty(right)) return false;
    const a = left as number | string;
    const b = right as number | string;
    switch (condition.op) {
      case "lt":
        return a < b;
      case "le":
        return a <= b;
      case "gt":
        return a > b;
      case "ge":
        return a >= b;
      default:
        return false;
    }
  });
}
`;
  return { path: "frontend/lib/conditions.ts", content };
}
