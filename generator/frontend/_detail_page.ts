/**
 * The generated app's detail pages: every value of one row (computed ones
 * read-only, relations and links by name), its actions, links to its views,
 * edit (behind a button) and delete for whoever may, and for each child
 * entity its rows with their actions and a form to add one. A change
 * anywhere on the page reloads all of it, so computed values stay current.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { Page } from "../../core/spec.ts";
import type { FrontendPart } from "./feature_part.ts";
import {
  childModels,
  docText,
  type EntityModel,
  fieldLabel,
  type FrontendModel,
  indent,
  js,
  linkLabel,
  namedImports,
  relationLabel,
  sortImports,
} from "./model.ts";
import { pageFilePath } from "../../core/routes.ts";
import { notePage, pageLinks } from "./_pages.ts";
import { addsRows, childSection } from "./_child_section.ts";
import {
  fieldView,
  type Imports,
  linkView,
  lookupHooks,
  relationView,
  usesLink,
} from "./values.ts";

/**
 * Renders the detail page of an entity.
 *
 * @param model The frontend model.
 * @param page The spec page (kind `detail`, route with `[id]`).
 * @param m The entity.
 * @param parts The features' parts.
 * @returns The file.
 */
export function renderDetailPage(
  model: FrontendModel,
  page: Page,
  m: EntityModel,
  parts: readonly FrontendPart[],
): GeneratedFile {
  const { entity, fns } = m;
  if (fns.get === undefined || !page.route.includes("[id]")) {
    const why = fns.get === undefined
      ? `This app has no endpoint that reads one ${entity.label}.`
      : `This page needs an [id] in its route to know which ${entity.label} to show.`;
    return { path: pageFilePath(page.route), content: notePage(page.title, why) };
  }
  const auth = model.spec.auth;
  const children = childModels(model, m).filter(({ child }) => child.fns.list !== undefined);
  // With two add forms or more, each opens from its own button, so no two forms
  // on the page show the same labels at once.
  const forms = children.filter(({ child }) => addsRows(child)).length;
  const sections = children.map(({ child, relation }) =>
    childSection(model, child, relation, forms > 1)
  );
  const details = detailsComponent(model, m, parts);
  const backRoute = m.listRoute ?? "/";
  const actions = m.actions.length > 0;
  const links = pageLinks(parts, m, "detail", "row.id");
  const imports: Imports = [
    ["next/link", []],
    ["next/navigation", ["useParams", ...(fns.remove ? ["useRouter"] : [])]],
    ["react", ["useCallback", "useState"]],
    ["@/components/ErrorMessage", fns.remove ? ["ErrorMessage"] : []],
    ["@/components/Loadable", ["Loadable"]],
    ["@/components/" + m.form, fns.update ? [m.form] : []],
    ["@/components/" + m.actionsComponent, actions ? [m.actionBar, m.actionsComponent] : []],
    ...sections.flatMap((s) => s.imports),
    ...details.imports,
    ["@/lib/api", [fns.get, fns.update, fns.remove].filter((f) => f !== undefined)],
    ["@/lib/labels", [m.labelFn]],
    ["@/lib/use_load", ["useLoad"]],
  ];
  const guard = (kind: "update" | "delete") =>
    auth ? `mayWrite(session, ${js(entity.name)}, "${kind}", row)` : "";
  if (auth && (fns.update || fns.remove)) {
    imports.push(["@/lib/permissions", ["mayWrite"]], ["@/lib/session", ["useSession"]]);
  }
  const body = [
    `const params = useParams<{ id: string }>();`,
    `const id = Number(params.id);`,
    ...(fns.remove ? [`const router = useRouter();`] : []),
    ...(auth && (fns.update || fns.remove) ? ["const session = useSession();"] : []),
    `// Bumped by every change on the page, so the row and its children reload.`,
    `const [version, setVersion] = useState(0);`,
    `const changed = useCallback(() => setVersion((current) => current + 1), []);`,
    `// eslint-disable-next-line react-hooks/exhaustive-deps`,
    `const loadRow = useCallback(() => ${fns.get}(id), [id, version]);`,
    `const item = useLoad(loadRow);`,
    ...(fns.update ? [`const [editing, setEditing] = useState(false);`] : []),
    ...(sections.some((s) => s.collapsed)
      ? [
        "// The child section whose add form is open (one at a time).",
        "const [adding, setAdding] = useState<string | null>(null);",
      ]
      : []),
  ];
  if (fns.remove) body.push(`const [actionError, setActionError] = useState<unknown>(null);`);
  if (fns.update) {
    body.push(`
async function save(input: T.${m.input}): Promise<void> {
  item.setData(await ${fns.update}(id, input));
}`);
  }
  if (fns.remove) {
    body.push(`
async function remove(): Promise<void> {
  setActionError(null);
  try {
    await ${fns.remove}(id);
    router.push(${js(backRoute)});
  } catch (caught) {
    setActionError(caught);
  }
}`);
  }
  const buttons: string[] = [];
  if (fns.update) {
    const b =
      `<button type="button" className="secondary" aria-expanded={editing} onClick={() => setEditing(!editing)}>
  {${js(`Edit ${entity.label}`)}}
</button>`;
    buttons.push(auth ? `{${guard("update")} ? (\n${indent(b, 2)}\n) : null}` : b);
  }
  if (fns.remove) {
    const b =
      `<button type="button" className="danger" data-testid="${entity.plural}-delete" onClick={() => void remove()}>
  {${js(`Delete ${entity.label}`)}}
</button>`;
    buttons.push(auth ? `{${guard("delete")} ? (\n${indent(b, 2)}\n) : null}` : b);
  }
  const blocks = [`<h1>{${m.labelFn}(row)}</h1>`, `<Details row={row} />`];
  if (actions) {
    blocks.push(`<${m.actionBar}>
  <${m.actionsComponent} row={row} onDone={changed} />
</${m.actionBar}>`);
  }
  if (links !== "") blocks.push(links);
  if (buttons.length > 0) {
    blocks.push(`<div className="toolbar">
${indent(buttons.join("\n"), 2)}
</div>`);
  }
  if (fns.remove) blocks.push(`<ErrorMessage error={actionError} />`);
  if (fns.update) {
    blocks.push(`{editing ? (
  <section className="card" aria-labelledby="edit-heading">
    <h2 id="edit-heading">{${js(`Edit ${entity.label}`)}}</h2>
    <${m.form}
      key={row.id}
      testId="${entity.plural}-edit-form"
      initial={row}
      submitLabel="Save changes"
      onSubmit={save}
    />
  </section>
) : null}`);
  }
  for (const s of sections) {
    const open = s.collapsed
      ? ` adding={adding === "${s.name}"} onAdd={() => setAdding(adding === "${s.name}" ? null : "${s.name}")}`
      : "";
    blocks.push(`<${s.name} parentId={row.id} version={version} onChanged={changed}${open} />`);
  }
  const backLabel = m.listRoute === undefined ? "Home" : `All ${entity.labelPlural}`;
  const lines = [
    ...(usesLink(imports) ? ['import Link from "next/link";'] : []),
    ...namedImports(sortImports(imports.filter(([from]) => from !== "next/link"))),
    'import type * as T from "@/lib/types";',
  ];
  const content = `"use client";

${lines.join("\n")}

/** ${docText(page.title)}: one ${
    docText(entity.label)
  }, what can be done with it, and its related rows. */
export default function Page() {
${indent(body.join("\n"), 2)}

  return (
    <>
      <p className="back">
        <Link href={${js(backRoute)}}>{${js(`← ${backLabel}`)}}</Link>
      </p>
      <p className="eyebrow">{${js(page.title)}}</p>
      <Loadable state={item} loading={${js(`Loading ${entity.label}…`)}}>
        {(row) => (
          <>
${indent(blocks.join("\n"), 12)}
          </>
        )}
      </Loadable>
    </>
  );
}

${details.code}
${sections.map((s) => "\n" + s.code).join("")}`;
  return { path: pageFilePath(page.route), content };
}

/** The `<dl>` of every value of the row, as a local component (it has lookups). */
function detailsComponent(
  model: FrontendModel,
  m: EntityModel,
  parts: readonly FrontendPart[],
): { imports: Imports; code: string } {
  const { entity } = m;
  const imports: Imports = [["@/lib/format", ["formatDatetime"]]];
  const view = (v: { jsx: string; imports: Imports }) => {
    imports.push(...v.imports);
    return v.jsx;
  };
  const alt = `${m.labelFn}(row)`;
  // The heading shows the display text already.
  const shown = entity.fields.filter((f) =>
    f.name !== entity.display || !["string", "text"].includes(f.type) || f.computed !== undefined
  );
  const items = [
    ...shown.map((f) =>
      `<dt>{${js(fieldLabel(f.name))}}</dt>
<dd${f.type === "text" ? ' className="long"' : ""}>${view(fieldView(f, "row", alt))}</dd>`
    ),
    ...parts.flatMap((p) => p.values ?? []).filter((v) => v.entity === entity.name).map((v) => {
      imports.push(...v.imports);
      return `<dt>{${js(v.label)}}</dt>
<dd>${v.view("row")}</dd>`;
    }),
    ...entity.relations.map((r) =>
      `<dt>{${js(relationLabel(r))}}</dt>
<dd>${view(relationView(model, r, "row"))}</dd>`
    ),
    ...m.links.map((l) =>
      `<dt>{${js(linkLabel(l))}}</dt>
<dd>${view(linkView(model, l, "row"))}</dd>`
    ),
    `<dt>Created</dt>
<dd>{formatDatetime(row.created_at)}</dd>
<dt>Updated</dt>
<dd>{formatDatetime(row.updated_at)}</dd>`,
  ];
  if (entity.fields.some((f) => f.type === "image")) imports.push(["@/lib/labels", [m.labelFn]]);
  const lookups = lookupHooks(
    model,
    m,
    (field, many) => many ? `row.${field} ?? []` : `[row.${field}]`,
  );
  imports.push(...lookups.imports);
  const code = `/** Every value of the ${docText(entity.label)}, linked rows by name. */
function Details({ row }: { row: T.${m.type} }) {
${lookups.lines.map((l) => `  ${l}\n`).join("")}  return (
    <dl className="details">
${indent(items.join("\n"), 6)}
    </dl>
  );
}`;
  return { imports, code };
}
