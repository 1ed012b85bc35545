/**
 * The generated app's list pages (rows, a create form, delete per row), the
 * path of a page file, and the note page for pages the spec leaves empty.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { pageFilePath } from "../../core/routes.ts";
import type { Page } from "../../core/spec.ts";
import { docText, type EntityModel, indent, js, namedImports } from "./model.ts";

/**
 * Renders the list page of an entity.
 *
 * @param page The spec page (kind `list`).
 * @param m The entity.
 * @returns The file.
 */
export function renderListPage(page: Page, m: EntityModel): GeneratedFile {
  const { entity, fns } = m;
  const imports = namedImports([
    ["react", ["useState", ...(fns.list ? ["useCallback"] : [])]],
    ["@/components/ErrorMessage", ["ErrorMessage"]],
    ["@/components/Loadable", fns.list ? ["Loadable"] : []],
    ["@/components/" + m.form, fns.create ? [m.form] : []],
    ["@/components/" + m.table, fns.list ? [m.table] : []],
    ["@/lib/api", [fns.list, fns.create, fns.remove].filter((f) => f !== undefined)],
    ["@/lib/use_load", fns.list ? ["useLoad"] : []],
  ]);
  const body: string[] = [];
  if (fns.list) {
    body.push(`const loadRows = useCallback(() => ${fns.list}(), []);`);
    body.push("const rows = useLoad(loadRows);");
  }
  body.push("const [actionError, setActionError] = useState<unknown>(null);");
  if (fns.create) {
    body.push(`
async function create(input: T.${m.input}): Promise<void> {
  await ${fns.create}(input);
  setActionError(null);${fns.list ? "\n  await rows.reload();" : ""}
}`);
  }
  if (fns.remove) {
    body.push(`
async function remove(row: T.${m.type}): Promise<void> {
  setActionError(null);
  try {
    await ${fns.remove}(row.id);${fns.list ? "\n    await rows.reload();" : ""}
  } catch (caught) {
    setActionError(caught);
  }
}`);
  }
  const sections: string[] = [];
  if (fns.create) {
    sections.push(`<section className="card" aria-labelledby="create-heading">
  <h2 id="create-heading">{${js(`New ${entity.label}`)}}</h2>
  <${m.form}
    testId="${entity.plural}-form"
    submitLabel={${js(`Create ${entity.label}`)}}
    resetOnSuccess
    onSubmit={create}
  />
</section>`);
  }
  const onDelete = fns.remove ? " onDelete={(row) => void remove(row)}" : "";
  sections.push(`<section aria-labelledby="rows-heading">
  <h2 id="rows-heading">{${js(`All ${entity.labelPlural}`)}}</h2>
  <ErrorMessage error={actionError} />
${
    indent(
      fns.list
        ? `<Loadable state={rows} loading={${js(`Loading ${entity.labelPlural}…`)}} empty={${
          js(`No ${entity.labelPlural} yet.`)
        }}>
  {(data) => <${m.table} rows={data}${onDelete} />}
</Loadable>`
        : `<p className="muted">{${
          js(`This app has no endpoint that lists ${entity.labelPlural}.`)
        }}</p>`,
      2,
    )
  }
</section>`);
  const typesImport = fns.create || fns.remove ? `import type * as T from "@/lib/types";\n` : "";
  const content = `"use client";

${imports.join("\n")}
${typesImport}
/** ${docText(page.title)}: every ${docText(entity.label)}, a form to add one. */
export default function Page() {
${indent(body.join("\n"), 2)}

  return (
    <>
      <h1>{${js(page.title)}}</h1>
      <p className="lead">{${js(entity.description)}}</p>
${indent(sections.join("\n"), 6)}
    </>
  );
}
`;
  return { path: pageFilePath(page.route), content };
}

/**
 * A page that only explains why it has nothing to show (when the spec lacks
 * what the page kind needs).
 *
 * @param title The page title.
 * @param text The explanation.
 * @returns The file's content.
 */
export function notePage(title: string, text: string): string {
  return `/** A page the spec names but gives nothing to show. */
export default function Page() {
  return (
    <>
      <h1>{${js(title)}}</h1>
      <p className="muted">{${js(text)}}</p>
    </>
  );
}
`;
}
