/**
 * The generated app's row lists: `components/<Entity>Table.tsx`, the rows of
 * a list page, a view or a parent's page, with the linked rows' names, the
 * computed values, the features' values (a short link) and, per row, the
 * entity's action buttons and delete. An entity with an image field lists
 * its rows as a gallery of cards instead of a table.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { capitalize } from "../../core/words.ts";
import type { FrontendPart } from "./feature_part.ts";
import {
  docText,
  type EntityModel,
  fieldLabel,
  type FrontendModel,
  indent,
  js,
  linkLabel,
  namedImports,
  relationLabel,
  routeExpr,
  sortImports,
} from "./model.ts";
import {
  columnFields,
  fieldView,
  type Imports,
  linkView,
  lookupHooks,
  relationView,
  usesLink,
} from "./values.ts";

/** Most value columns a table shows besides the title, so rows stay readable. */
const MAX_COLUMNS = 5;

/** One column: heading, cell, and whether the `hide` prop can drop it. */
interface Column {
  label: string;
  cell: string;
  hideKey?: string;
  /** Long text, clipped to a few lines. */
  long?: boolean;
}

/**
 * Renders `frontend/components/<Entity>Table.tsx`.
 *
 * @param model The frontend model.
 * @param m The entity.
 * @param parts The features' parts (their values of the entity's rows).
 * @returns The file.
 */
export function renderTable(
  model: FrontendModel,
  m: EntityModel,
  parts: readonly FrontendPart[],
): GeneratedFile {
  const { entity } = m;
  const imports: Imports = [["@/lib/labels", [m.labelFn]]];
  const jsx = (view: { jsx: string; imports: Imports }) => {
    imports.push(...view.imports);
    return view.jsx;
  };
  const image = m.stored.find((f) => f.type === "image");
  const title = m.detailRoute === undefined
    ? `{${m.labelFn}(row)}`
    : `<Link href={${routeExpr(m.detailRoute, "row.id")}}>{${m.labelFn}(row)}</Link>`;
  if (m.detailRoute !== undefined) imports.push(["next/link", []]);
  const alt = `${m.labelFn}(row)`;
  if (image !== undefined) imports.push(["@/lib/format", ["safeHref"]]);
  const columns: Column[] = [
    ...columnFields(entity, MAX_COLUMNS).filter((f) => f !== image).map((f) => ({
      label: fieldLabel(f.name),
      cell: jsx(fieldView(f, "row", alt)),
      long: f.type === "text",
    })),
    ...parts.flatMap((p) => p.values ?? []).filter((v) => v.entity === entity.name).map((v) => {
      imports.push(...v.imports);
      return { label: v.label, cell: v.view("row") };
    }),
    ...entity.relations.map((r) => ({
      label: relationLabel(r),
      cell: jsx(relationView(model, r, "row")),
      hideKey: r.field,
    })),
    ...m.links.map((l) => ({ label: linkLabel(l), cell: jsx(linkView(model, l, "row")) })),
  ];
  const hides = entity.relations.map((r) => r.field);
  const lookups = lookupHooks(
    model,
    m,
    (field, many) =>
      many
        ? `rows.flatMap((row) => row.${field} ?? [])`
        : hides.includes(field)
        ? `hide.includes("${field}") ? [] : rows.map((row) => row.${field})`
        : undefined,
  );
  imports.push(...lookups.imports);
  const actions = m.actions.length > 0;
  if (actions) imports.push([`@/components/${m.actionsComponent}`, [m.actionsComponent]]);
  const guarded = model.spec.auth && m.fns.remove !== undefined;
  if (guarded) {
    imports.push(["@/lib/permissions", ["mayWrite"]], ["@/lib/session", ["useSession"]]);
  }
  const hasControls = actions
    ? "onDelete !== undefined || onChanged !== undefined"
    : "onDelete !== undefined";
  const controls = [
    ...(actions
      ? [
        `{onChanged === undefined ? null : <${m.actionsComponent} row={row} onDone={onChanged} />}`,
      ]
      : []),
    `{onDelete === undefined${
      guarded ? ` || !mayWrite(session, ${js(entity.name)}, "delete", row)` : ""
    } ? null : (
  <button type="button" className="danger" data-testid="${entity.plural}-delete" onClick={() => onDelete(row)}>
    Delete
  </button>
)}`,
  ];
  const hooks = [...lookups.lines, ...(guarded ? ["const session = useSession();"] : [])];
  const body = image === undefined
    ? tableBody(m, columns, title, controls, hasControls)
    : galleryBody(m, columns, title, controls, hasControls, image.name, alt);
  const lines = [
    ...(usesLink(imports) ? [`import Link from "next/link";`] : []),
    ...namedImports(sortImports(imports.filter(([from]) => from !== "next/link"))),
    `import type * as T from "@/lib/types";`,
  ];
  const hideProp = hides.length > 0
    ? `  /** Relation columns to leave out, e.g. the parent's on the parent's own page. */
  hide?: readonly (${hides.map(js).join(" | ")})[];
`
    : "";
  const props = [
    "rows",
    "onDelete",
    ...(actions ? ["onChanged"] : []),
    ...(hides.length > 0 ? ["hide = []"] : []),
  ];
  const content = `${lines.join("\n")}

/** Props of {@link ${m.table}}. */
export interface ${m.table}Props {
  rows: readonly T.${m.type}[];
  /** Deletes a row; without it the rows have no delete buttons. */
  onDelete?: (row: T.${m.type}) => void;
${
    actions
      ? `  /** Runs after an action changed a row (reload the rows); without it the rows have no action buttons. */
  onChanged?: () => void | Promise<void>;
`
      : ""
  }${hideProp}}

/** ${docText(capitalize(entity.labelPlural))} ${
    image === undefined ? "as a table, one row each" : "as a gallery, one card each"
  }. */
export function ${m.table}({ ${props.join(", ")} }: ${m.table}Props) {
${hooks.map((h) => `  ${h}\n`).join("")}  return (
${indent(body, 4)}
  );
}
`;
  return { path: `frontend/components/${m.table}.tsx`, content };
}

function hidden(column: Column, jsx: string): string {
  return column.hideKey === undefined
    ? jsx
    : `{hide.includes("${column.hideKey}") ? null : ${jsx}}`;
}

function tableBody(
  m: EntityModel,
  columns: Column[],
  title: string,
  controls: string[],
  hasControls: string,
): string {
  const heads = [
    `<th scope="col">{${js(fieldLabel(m.entity.display))}}</th>`,
    ...columns.map((c) => hidden(c, `<th scope="col">{${js(c.label)}}</th>`)),
    `{${hasControls} ? (
  <th scope="col">
    <span className="visually-hidden">Actions</span>
  </th>
) : null}`,
  ];
  const cells = [
    `<td>${title}</td>`,
    ...columns.map((c) =>
      hidden(c, `<td>${c.long ? `<div className="clip">${c.cell}</div>` : c.cell}</td>`)
    ),
    `{${hasControls} ? (
  <td className="actions">
    <div className="cell-actions">
${indent(controls.join("\n"), 6)}
    </div>
  </td>
) : null}`,
  ];
  return `<div className="table-wrap">
  <table>
    <thead>
      <tr>
${indent(heads.join("\n"), 8)}
      </tr>
    </thead>
    <tbody>
      {rows.map((row) => (
        <tr key={row.id} data-testid="${m.entity.plural}-item">
${indent(cells.join("\n"), 10)}
        </tr>
      ))}
    </tbody>
  </table>
</div>`;
}

function galleryBody(
  m: EntityModel,
  columns: Column[],
  title: string,
  controls: string[],
  hasControls: string,
  image: string,
  alt: string,
): string {
  const values = columns.map((c) =>
    hidden(
      c,
      `<div>
  <dt>{${js(c.label)}}</dt>
  <dd>${c.cell}</dd>
</div>`,
    )
  );
  return `<ul className="gallery">
  {rows.map((row) => (
    <li key={row.id} className="tile" data-testid="${m.entity.plural}-item">
      {safeHref(row.${image}) === undefined ? null : (
        <img className="tile-image" src={safeHref(row.${image})} alt={${alt}} />
      )}
      <h3>${title}</h3>
      <dl className="tile-values">
${indent(values.join("\n"), 8)}
      </dl>
      {${hasControls} ? (
        <div className="actions">
${indent(controls.join("\n"), 10)}
        </div>
      ) : null}
    </li>
  ))}
</ul>`;
}
