/**
 * The generated app's list pages (links to the entity's views, a create
 * form, search and filters, the rows with their actions and delete), and
 * the note page for pages the spec leaves empty.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { pageFilePath } from "../../core/routes.ts";
import type { Page } from "../../core/spec.ts";
import type { FrontendPart } from "./feature_part.ts";
import {
  docText,
  type EntityModel,
  type FrontendModel,
  indent,
  js,
  namedImports,
  sortImports,
} from "./model.ts";
import { type Block, createBlock, rowsBlock } from "./_list_blocks.ts";
import { type Imports, usesLink } from "./values.ts";

/**
 * Assembles a client page from blocks: imports (with `Link` and the session
 * when a block uses them), the component's statements and JSX.
 *
 * @param doc The page's doc comment text.
 * @param blocks The blocks, in page order.
 * @param head JSX before the blocks (heading, lead).
 * @param extra Imports the head needs.
 * @returns The file's content.
 */
export function assemblePage(
  doc: string,
  blocks: Block[],
  head: string,
  extra: Imports = [],
): string {
  const imports: Imports = [...extra, ...blocks.flatMap((b) => b.imports)];
  // What the rows load comes first: a create form reloads them.
  const hooks = [
    ...blocks.filter((b) => b.first).flatMap((b) => b.hooks),
    ...blocks.filter((b) => !b.first).flatMap((b) => b.hooks),
  ];
  const jsx = [head, ...blocks.map((b) => b.jsx)].filter((j) => j !== "");
  const session = [...hooks, ...jsx].some((text) => /\bsession\./.test(text));
  if (session) imports.push(["@/lib/session", ["useSession"]]);
  const lines = [
    ...(usesLink(imports) ? ['import Link from "next/link";'] : []),
    ...namedImports(sortImports(imports.filter(([from]) => from !== "next/link"))),
    'import type * as T from "@/lib/types";',
  ];
  const body = [...(session ? ["const session = useSession();"] : []), ...hooks];
  const after = blocks.flatMap((b) => b.after);
  return `"use client";

${lines.join("\n")}

/** ${docText(doc)} */
export default function Page() {
${indent(body.join("\n"), 2)}

  return (
    <>
${indent(jsx.join("\n"), 6)}
    </>
  );
}
${after.map((a) => `\n${a}\n`).join("")}`;
}

/**
 * Links to the pages features give an entity (its views), as a small nav.
 *
 * @param parts The features' parts.
 * @param m The entity.
 * @param page Which of its pages.
 * @param idExpr The expression of the row's id, on a detail page.
 * @returns JSX, or "" when there is none.
 */
export function pageLinks(
  parts: readonly FrontendPart[],
  m: EntityModel,
  page: "list" | "detail",
  idExpr = "",
): string {
  const links = parts.flatMap((p) => p.links ?? []).filter((l) =>
    l.entity === m.entity.name && l.page === page
  );
  if (links.length === 0) return "";
  const href = (route: string) =>
    route.includes("[id]") ? "`" + route.replaceAll("[id]", "${" + idExpr + "}") + "`" : js(route);
  return `<nav className="page-links" aria-label={${js(`More about ${m.entity.labelPlural}`)}}>
  <ul>
${
    links.map((l) =>
      `    <li>
      <Link href={${href(l.route)}}>{${js(`${l.label} →`)}}</Link>
    </li>`
    ).join("\n")
  }
  </ul>
</nav>`;
}

/**
 * Renders the list page of an entity.
 *
 * @param model The frontend model.
 * @param page The spec page (kind `list`).
 * @param m The entity.
 * @param parts The features' parts.
 * @returns The file.
 */
export function renderListPage(
  model: FrontendModel,
  page: Page,
  m: EntityModel,
  parts: readonly FrontendPart[],
): GeneratedFile {
  const { entity, fns } = m;
  const blocks: Block[] = [];
  const rows = fns.list === undefined
    ? undefined
    : rowsBlock(model, m, { heading: `All ${entity.labelPlural}`, filters: true });
  if (fns.create) {
    blocks.push(createBlock(model, m, parts, rows ? "void rows.reload();" : ""));
  }
  if (rows) blocks.push(rows);
  else {
    blocks.push({
      imports: [],
      hooks: [],
      jsx: `<p className="muted">{${
        js(`This app has no endpoint that lists ${entity.labelPlural}.`)
      }}</p>`,
      after: [],
    });
  }
  const links = pageLinks(parts, m, "list");
  const head = `<h1>{${js(page.title)}}</h1>
<p className="lead">{${js(entity.description)}}</p>${links === "" ? "" : `\n${links}`}`;
  const content = assemblePage(
    `${page.title}: every ${entity.label}, a form to add one.`,
    blocks,
    head,
    links === "" ? [] : [["next/link", []]],
  );
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
