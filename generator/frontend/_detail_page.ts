/**
 * The generated app's detail pages: every value of one row, an edit form,
 * delete, and for each child entity its rows with a form to add one.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { Page, Relation } from "../../core/spec.ts";
import { capitalize, pascalCase } from "../../core/words.ts";
import {
  childModels,
  docText,
  type EntityModel,
  fieldLabel,
  type FrontendModel,
  indent,
  js,
  modelOf,
  namedImports,
  relationLabel,
  withArticle,
} from "./model.ts";
import { pageFilePath } from "../../core/routes.ts";
import { notePage } from "./_pages.ts";
import { formatNames, relationView, valueView } from "./_tables.ts";

/**
 * Renders the detail page of an entity.
 *
 * @param model The frontend model.
 * @param page The spec page (kind `detail`, route with `[id]`).
 * @param m The entity.
 * @returns The file.
 */
export function renderDetailPage(model: FrontendModel, page: Page, m: EntityModel): GeneratedFile {
  const { entity, fns } = m;
  if (fns.get === undefined || !page.route.includes("[id]")) {
    const why = fns.get === undefined
      ? `This app has no endpoint that reads one ${entity.label}.`
      : `This page needs an [id] in its route to know which ${entity.label} to show.`;
    return { path: pageFilePath(page.route), content: notePage(page.title, why) };
  }
  const children = childModels(model, m).filter(({ child }) => child.fns.list !== undefined);
  const sections = children.map(({ child, relation }) => childSection(model, child, relation));
  const backRoute = m.listRoute ?? "/";
  const imports = [
    `import Link from "next/link";`,
    ...namedImports([
      ["next/navigation", ["useParams", ...(fns.remove ? ["useRouter"] : [])]],
      ["react", ["useCallback", ...(fns.remove || sections.length > 0 ? ["useState"] : [])]],
      ["@/components/ErrorMessage", fns.remove ? ["ErrorMessage"] : []],
      ["@/components/Loadable", ["Loadable"]],
      ["@/components/" + m.form, fns.update ? [m.form] : []],
      ...sections.flatMap((s) => s.imports),
      ["@/lib/api", [fns.get, fns.update, fns.remove].filter((f) => f !== undefined)],
      ["@/lib/format", ["formatDatetime", ...formatNames(entity.fields)]],
      ["@/lib/labels", [m.labelFn]],
      ["@/lib/use_load", ["useLoad"]],
    ] as [string, string[]][]),
    `import type * as T from "@/lib/types";`,
  ];
  const details = [
    ...entity.fields.map((f) =>
      `<dt>{${js(fieldLabel(f.name))}}</dt>
<dd${f.type === "text" ? ' className="long"' : ""}>${valueView(f, "row")}</dd>`
    ),
    ...entity.relations.map((r) =>
      `<dt>{${js(relationLabel(r))}}</dt>
<dd>${relationView(model, r, "row")}</dd>`
    ),
    `<dt>Created</dt>
<dd>{formatDatetime(row.created_at)}</dd>
<dt>Updated</dt>
<dd>{formatDatetime(row.updated_at)}</dd>`,
  ];
  const body = [
    `const params = useParams<{ id: string }>();`,
    `const id = Number(params.id);`,
    ...(fns.remove ? [`const router = useRouter();`] : []),
    `const loadRow = useCallback(() => ${fns.get}(id), [id]);`,
    `const item = useLoad(loadRow);`,
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
  const blocks = [`<h1>{${m.labelFn}(row)}</h1>
<dl className="details">
${indent(details.join("\n"), 2)}
</dl>`];
  if (fns.remove) {
    blocks.push(`<ErrorMessage error={actionError} />
<p>
  <button type="button" className="danger" data-testid="${entity.plural}-delete" onClick={() => void remove()}>
    {${js(`Delete ${entity.label}`)}}
  </button>
</p>`);
  }
  if (fns.update) {
    blocks.push(`<section className="card" aria-labelledby="edit-heading">
  <h2 id="edit-heading">{${js(`Edit ${entity.label}`)}}</h2>
  <${m.form}
    key={row.id}
    testId="${entity.plural}-edit-form"
    initial={row}
    submitLabel="Save changes"
    onSubmit={save}
  />
</section>`);
  }
  for (const s of sections) blocks.push(`<${s.name} parentId={row.id} />`);
  const backLabel = m.listRoute === undefined ? "Home" : `All ${entity.labelPlural}`;
  const content = `"use client";

${imports.join("\n")}

/** ${docText(page.title)}: one ${docText(entity.label)} and its related rows. */
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
${sections.map((s) => "\n" + s.code).join("")}`;
  return { path: pageFilePath(page.route), content };
}

/** A child entity's rows on its parent's page, as a local component. */
function childSection(
  model: FrontendModel,
  child: EntityModel,
  relation: Relation,
): { name: string; imports: [string, string[]][]; code: string } {
  const { entity, fns } = child;
  const name = `${child.pluralPascal}By${pascalCase(relation.field)}Section`;
  const f = relation.field;
  const twice = child.entity.relations.filter((r) => r.target === relation.target).length > 1;
  const heading = capitalize(entity.labelPlural) + (twice ? ` (${relationLabel(relation)})` : "");
  const imports: [string, string[]][] = [
    ["react", ["useCallback", "useState"]],
    ["@/components/ErrorMessage", ["ErrorMessage"]],
    ["@/components/" + child.form, fns.create ? [child.form] : []],
    ["@/components/" + child.table, [child.table]],
    ["@/lib/api", [fns.list!, fns.create, fns.remove].filter((x) => x !== undefined)],
  ];
  const onDelete = fns.remove ? " onDelete={(row) => void remove(row)}" : "";
  const parent = modelOf(model, relation.target).entity.label;
  const code = `/** ${docText(heading)} of this ${docText(parent)}, with a form to add one. */
function ${name}({ parentId }: { parentId: number }) {
  const loadRows = useCallback(() => ${fns.list}({ ${f}: parentId }), [parentId]);
  const rows = useLoad(loadRows);
  const [actionError, setActionError] = useState<unknown>(null);
${
    fns.create
      ? `
  async function create(input: T.${child.input}): Promise<void> {
    await ${fns.create}(input);
    setActionError(null);
    await rows.reload();
  }
`
      : ""
  }${
    fns.remove
      ? `
  async function remove(row: T.${child.type}): Promise<void> {
    setActionError(null);
    try {
      await ${fns.remove}(row.id);
      await rows.reload();
    } catch (caught) {
      setActionError(caught);
    }
  }
`
      : ""
  }
  return (
    <section className="card" aria-label={${js(heading)}}>
      <h2>{${js(heading)}}</h2>
      <ErrorMessage error={actionError} />
      <Loadable state={rows} loading={${js(`Loading ${entity.labelPlural}…`)}} empty={${
    js(`No ${entity.labelPlural} yet.`)
  }}>
        {(data) => <${child.table} rows={data} hide={["${f}"]}${onDelete} />}
      </Loadable>${
    fns.create
      ? `
      <h3>{${js(`Add ${withArticle(entity.label)}`)}}</h3>
      <${child.form}
        testId="${entity.plural}-form"
        submitLabel={${js(`Add ${entity.label}`)}}
        fixed={{ ${f}: parentId }}
        resetOnSuccess
        onSubmit={create}
      />`
      : ""
  }
    </section>
  );
}
`;
  return { name, imports, code };
}
