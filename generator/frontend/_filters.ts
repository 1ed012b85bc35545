/**
 * The filters of a list page: a search box when the entity has search
 * fields (`q`), a select per relation and link (its rows by name) and an
 * input or select per `filters` field, each a list query parameter.
 *
 * @module
 */
import { labelOf } from "../../core/words.ts";
import {
  type EntityModel,
  fieldLabel,
  type FrontendModel,
  js,
  linkParam,
  modelOf,
} from "./model.ts";
import type { Imports } from "./values.ts";

/** A filter of a list page: its key, label, query parameter and control. */
export interface Filter {
  key: string;
  label: string;
  /** The expression of its query value from `filters.<key>` (text), or undefined when empty. */
  value: string;
  control: (id: string) => string;
}

/**
 * @param model The frontend model.
 * @param m The entity.
 * @returns Its filters, their imports, and the statements loading the choices.
 */
export function filtersOf(
  model: FrontendModel,
  m: EntityModel,
): { filters: Filter[]; imports: Imports; choices: string[] } {
  const { entity } = m;
  const imports: Imports = [];
  const choices: string[] = [];
  const filters: Filter[] = [];
  const text = (key: string) => `filters.${key}.trim()`;
  if ((entity.search ?? []).length > 0) {
    filters.push({
      key: "q",
      label: "Search",
      value: text("q"),
      control: (id) =>
        `<input id=${id} type="search" value={filters.q} onChange={(event) => setFilter("q", event.target.value)} />`,
    });
  }
  const choiceSelect = (key: string, target: EntityModel) => {
    const state = `${key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Choices`;
    choices.push(
      `const [${state}, set${state[0]!.toUpperCase()}${
        state.slice(1)
      }] = useState<T.${target.type}[]>([]);
useEffect(() => {
  ${target.fns.list}({ limit: 500 }).then(set${state[0]!.toUpperCase()}${state.slice(1)}, () => {});
}, []);`,
    );
    imports.push(["react", ["useEffect"]], ["@/lib/api", [target.fns.list!]], ["@/lib/labels", [
      target.labelFn,
    ]]);
    return (id: string) =>
      `<select id=${id} value={filters.${key}} onChange={(event) => setFilter("${key}", event.target.value)}>
  <option value="">All</option>
  {${state}.map((option) => (
    <option key={option.id} value={String(option.id)}>
      {${target.labelFn}(option)}
    </option>
  ))}
</select>`;
  };
  for (const r of entity.relations) {
    const target = modelOf(model, r.target);
    if (target.fns.list === undefined) continue;
    filters.push({
      key: r.field,
      label: `Filter by ${labelOf(r.field.replace(/_id$/, ""))}`,
      value: `Number(filters.${r.field})`,
      control: choiceSelect(r.field, target),
    });
  }
  for (const l of m.links) {
    const target = modelOf(model, l.target);
    if (target.fns.list === undefined) continue;
    const key = linkParam(l);
    filters.push({
      key,
      label: `Filter by ${labelOf(key.replace(/_id$/, ""))}`,
      value: `Number(filters.${key})`,
      control: choiceSelect(key, target),
    });
  }
  for (const name of entity.filters ?? []) {
    const field = entity.fields.find((f) => f.name === name);
    if (field === undefined || filters.some((f) => f.key === name)) continue;
    const label = `Filter by ${fieldLabel(name).toLowerCase()}`;
    const onChange = `onChange={(event) => setFilter("${name}", event.target.value)}`;
    if (field.type === "enum" || field.type === "boolean") {
      const options = field.type === "boolean"
        ? [["true", "Yes"], ["false", "No"]]
        : (field.values ?? []).map((v) => [v, fieldLabel(v)]);
      filters.push({
        key: name,
        label,
        value: field.type === "boolean"
          ? `filters.${name} === "true"`
          : `filters.${name} as NonNullable<T.${m.query}[${js(name)}]>`,
        control: (id) =>
          `<select id=${id} value={filters.${name}} ${onChange}>
  <option value="">All</option>
${options.map(([v, t]) => `  <option value=${js(v!)}>{${js(t!)}}</option>`).join("\n")}
</select>`,
      });
      continue;
    }
    const numeric = field.type === "integer" || field.type === "number";
    const type = field.type === "date" ? "date" : numeric ? "number" : "text";
    filters.push({
      key: name,
      label,
      value: numeric ? `Number(filters.${name})` : text(name),
      control: (id) => `<input id=${id} type="${type}" value={filters.${name}} ${onChange} />`,
    });
  }
  return { filters, imports, choices };
}
