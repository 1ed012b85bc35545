/**
 * The generated app's home page: it leads with the app's main action (the
 * first entity's create form) and that entity's latest rows with their
 * actions, then a card per other part of the app and per view, one click
 * away, with what the features show there (the `stats` feature: counts).
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { capitalize } from "../../core/words.ts";
import type { FrontendPart } from "./feature_part.ts";
import { type FrontendModel, indent, js, routeExpr } from "./model.ts";
import { assemblePage } from "./_pages.ts";
import { type Block, createBlock, rowsBlock } from "./_list_blocks.ts";

/** How many of the main entity's rows the home page shows. */
const LATEST = 10;

/**
 * Renders the home page.
 *
 * @param model The frontend model.
 * @param path Where the page goes (`frontend/app/page.tsx` for `/`).
 * @param parts The features' parts.
 * @returns The file.
 */
export function renderHome(
  model: FrontendModel,
  path: string,
  parts: readonly FrontendPart[],
): GeneratedFile {
  const { spec } = model;
  const main = model.entities[0]!;
  const homeParts = parts.flatMap((f) => f.home ? [f.home] : []);
  const blocks: Block[] = [];
  const rows = main.fns.list === undefined ? undefined : rowsBlock(model, main, {
    heading: `Latest ${main.entity.labelPlural}`,
    limit: LATEST,
    filters: false,
  });
  if (main.fns.create) {
    blocks.push(createBlock(model, main, parts, rows ? "void rows.reload();" : ""));
  }
  if (rows) {
    if (main.listRoute !== undefined) {
      rows.jsx = rows.jsx.replace(
        /\n<\/section>$/,
        `\n  <p>\n    <Link href=${js(main.listRoute)}>{${
          js(`All ${main.entity.labelPlural} →`)
        }}</Link>\n  </p>\n</section>`,
      );
      rows.imports.push(["next/link", []]);
    }
    blocks.push(rows);
  }
  const cards = [
    ...model.entities.slice(main.fns.create || main.fns.list ? 1 : 0).map((m) => {
      const badges = homeParts.flatMap((p) => p.cardBadge ? [p.cardBadge(m)] : []);
      const title = `${
        badges.map((b) => `<span className="stat-count">${b}</span> `).join("")
      }<span>{${js(capitalize(m.entity.labelPlural))}}</span>`;
      return `<li className="card stat">
  <h3>
    ${
        m.listRoute === undefined
          ? title
          : `<Link href={${routeExpr(m.listRoute, "")}}>${title}</Link>`
      }
  </h3>
  <p className="muted">{${js(m.entity.description)}}</p>
</li>`;
    }),
    ...parts.flatMap((p) => p.nav ?? []).map((n) =>
      `<li className="card stat">
  <h3>
    <Link href=${js(n.href)}>{${js(n.label)}}</Link>
  </h3>
</li>`
    ),
  ];
  if (cards.length > 0) {
    blocks.push({
      imports: [["next/link", []]],
      hooks: [],
      jsx: `<section aria-labelledby="more-heading">
  <h2 id="more-heading">{${js(`More in ${spec.title}`)}}</h2>
  <ul className="cards">
${indent(cards.join("\n"), 4)}
  </ul>
</section>`,
      after: [],
    });
  }
  const head = `<h1>{${js(spec.title)}}</h1>
<p className="lead">{${js(spec.summary)}}</p>${
    homeParts.flatMap((p) => p.top).map((jsx) => `\n${jsx}`).join("")
  }`;
  const extra = homeParts.flatMap((p) => p.imports);
  const content = assemblePage(
    `${spec.title}: the main thing to do first, then a way into each part.`,
    [{ imports: extra, hooks: homeParts.flatMap((p) => p.hooks), jsx: "", after: [] }, ...blocks],
    head,
  );
  return { path, content };
}
