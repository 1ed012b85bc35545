/**
 * The generated app's home page: title, summary and a card per entity, with
 * what the app's features show there (the `stats` feature: its row count).
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { capitalize } from "../../core/words.ts";
import { docText, type FrontendModel, indent, js, routeExpr } from "./model.ts";
import { frontendParts } from "../features/mod.ts";

/**
 * Renders the home page: title, summary and a card per entity, with the
 * features' parts (imports, hooks, badges on the cards).
 *
 * @param model The frontend model.
 * @param path Where the page goes (`frontend/app/page.tsx` for `/`).
 * @returns The file.
 */
export function renderHome(model: FrontendModel, path: string): GeneratedFile {
  const { spec } = model;
  const parts = frontendParts(model).flatMap((f) => f.home ? [f.home] : []);
  const hooks = parts.flatMap((p) => p.hooks);
  const cards = model.entities.map((m) => {
    const badges = parts.flatMap((p) => p.cardBadge ? [p.cardBadge(m)] : []);
    const title = `${
      badges.map((b) => `<span className="stat-count">${b}</span> `).join("")
    }<span>{${js(capitalize(m.entity.labelPlural))}}</span>`;
    return `<li className="card stat">
  <h2>
    ${
      m.listRoute === undefined
        ? title
        : `<Link href={${routeExpr(m.listRoute, "")}}>${title}</Link>`
    }
  </h2>
  <p className="muted">{${js(m.entity.description)}}</p>
</li>`;
  });
  const usesLink = model.entities.some((m) => m.listRoute !== undefined);
  const imports = parts.flatMap((p) => p.imports);
  const content = `${hooks.length > 0 ? '"use client";\n\n' : ""}${
    usesLink ? 'import Link from "next/link";\n' : ""
  }${imports.map((line) => `${line}\n`).join("")}
/** ${docText(spec.title)}: what the app holds, with a way into each part. */
export default function Page() {
${hooks.map((line) => `  ${line}\n`).join("")}  return (
    <>
      <h1>{${js(spec.title)}}</h1>
      <p className="lead">{${js(spec.summary)}}</p>${
    parts.flatMap((p) => p.top).map((jsx) => `\n      ${jsx}`).join("")
  }
      <ul className="cards">
${indent(cards.join("\n"), 8)}
      </ul>
    </>
  );
}
`;
  return { path, content };
}
