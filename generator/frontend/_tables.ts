/**
 * The generated app's row tables and detail lists: `components/<Entity>Table.tsx`
 * (the rows of a list page or of a parent's page) and the `<dl>` of every
 * value on a detail page.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { Field, Relation } from "../../core/spec.ts";
import { capitalize } from "../../core/words.ts";
import {
  docText,
  type EntityModel,
  fieldLabel,
  type FrontendModel,
  indent,
  js,
  modelOf,
  relationLabel,
  routeExpr,
} from "./model.ts";

/** Most value columns a table shows besides the title, so rows stay readable. */
const MAX_COLUMNS = 4;

/**
 * Renders `frontend/components/<Entity>Table.tsx`.
 *
 * @param model The frontend model.
 * @param m The entity.
 * @returns The file.
 */
export function renderTable(model: FrontendModel, m: EntityModel): GeneratedFile {
  const { entity } = m;
  const columns = entity.fields
    .filter((f) => f.name !== entity.display && f.type !== "text")
    .slice(0, MAX_COLUMNS);
  const relations = entity.relations;
  const hasRelations = relations.length > 0;
  const hidden = (r: Relation) => `hide.includes("${r.field}")`;

  const heads = [
    `<th scope="col">{${js(fieldLabel(entity.display))}}</th>`,
    ...columns.map((f) => `<th scope="col">{${js(fieldLabel(f.name))}}</th>`),
    ...relations.map((r) =>
      `{${hidden(r)} ? null : <th scope="col">{${js(relationLabel(r))}}</th>}`
    ),
    `{onDelete === undefined ? null : (
  <th scope="col">
    <span className="visually-hidden">Actions</span>
  </th>
)}`,
  ];
  const title = m.detailRoute === undefined
    ? `{${m.labelFn}(row)}`
    : `<Link href={${routeExpr(m.detailRoute, "row.id")}}>{${m.labelFn}(row)}</Link>`;
  const cells = [
    `<td>${title}</td>`,
    ...columns.map((f) => `<td>${valueView(f, "row")}</td>`),
    ...relations.map((r) => `{${hidden(r)} ? null : <td>${relationView(model, r, "row")}</td>}`),
    `{onDelete === undefined ? null : (
  <td className="actions">
    <button
      type="button"
      className="danger"
      data-testid="${entity.plural}-delete"
      aria-label={${js(`Delete ${entity.label} `)} + ${m.labelFn}(row)}
      onClick={() => onDelete(row)}
    >
      Delete
    </button>
  </td>
)}`,
  ];
  const usesLink = m.detailRoute !== undefined ||
    relations.some((r) => modelOf(model, r.target).detailRoute !== undefined);
  const formatImports = formatNames(columns);
  const imports = [
    usesLink ? `import Link from "next/link";` : "",
    formatImports.length > 0 ? `import { ${formatImports.join(", ")} } from "@/lib/format";` : "",
    `import { ${m.labelFn} } from "@/lib/labels";`,
    `import type * as T from "@/lib/types";`,
  ].filter((line) => line !== "");
  const hideProp = hasRelations
    ? `  /** Relation columns to leave out, e.g. the parent's on the parent's own page. */
  hide?: readonly (${relations.map((r) => js(r.field)).join(" | ")})[];
`
    : "";
  const content = `${imports.join("\n")}

/** Props of {@link ${m.table}}. */
export interface ${m.table}Props {
  rows: readonly T.${m.type}[];
  /** Deletes a row; without it the table has no delete buttons. */
  onDelete?: (row: T.${m.type}) => void;
${hideProp}}

/** ${docText(capitalize(entity.labelPlural))} as a table, one row each. */
export function ${m.table}({ rows, onDelete${
    hasRelations ? ", hide = []" : ""
  } }: ${m.table}Props) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
${indent(heads.join("\n"), 12)}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="${entity.plural}-item">
${indent(cells.join("\n"), 14)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
`;
  return { path: `frontend/components/${m.table}.tsx`, content };
}

/**
 * The names `valueView` needs from `@/lib/format` for these fields.
 *
 * @param fields Fields shown with {@link valueView}.
 * @returns Sorted import names.
 */
export function formatNames(fields: readonly Field[]): string[] {
  const names = new Set<string>();
  for (const f of fields) {
    if (f.type === "datetime") names.add("formatDatetime");
    else names.add("formatValue");
    if (f.type === "url") names.add("safeHref");
  }
  return [...names].sort();
}

/**
 * JSX showing one field of a row.
 *
 * @param field The field.
 * @param row The expression of the row, e.g. `row`.
 * @returns A JSX child expression.
 */
export function valueView(field: Field, row: string): string {
  const value = `${row}.${field.name}`;
  if (field.type === "datetime") return `{formatDatetime(${value})}`;
  if (field.type === "url") {
    return `{safeHref(${value}) === undefined ? formatValue(${value}) : (
  <a href={safeHref(${value})} rel="noreferrer">{${value}}</a>
)}`;
  }
  return `{formatValue(${value})}`;
}

/**
 * JSX showing a relation of a row: the parent's id, linked to its page when it has one.
 *
 * @param model The frontend model.
 * @param relation The relation.
 * @param row The expression of the row.
 * @returns A JSX child expression.
 */
export function relationView(model: FrontendModel, relation: Relation, row: string): string {
  const value = `${row}.${relation.field}`;
  const route = modelOf(model, relation.target).detailRoute;
  const shown = route === undefined
    ? `{"#" + ${value}}`
    : `<Link href={${routeExpr(route, value)}}>#{${value}}</Link>`;
  if (relation.required) return shown;
  return `{${value} === null ? "—" : ${route === undefined ? `"#" + ${value}` : shown}}`;
}
