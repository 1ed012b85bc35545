/**
 * The generated app's home page: title, summary and a card per entity with
 * its row count.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import { capitalize } from "../../core/words.ts";
import { docText, type FrontendModel, indent, js, routeExpr } from "./_model.ts";

/**
 * Renders the home page: title, summary and a card per entity with its row
 * count from `GET /api/stats`.
 *
 * @param model The frontend model.
 * @param path Where the page goes (`frontend/app/page.tsx` for `/`).
 * @returns The file.
 */
export function renderHome(model: FrontendModel, path: string): GeneratedFile {
  const { spec, api } = model;
  const cards = model.entities.map((m) => {
    const count = api.stats ? `{stats.data?.${m.entity.plural} ?? "…"}` : "";
    const title = `${count ? `<span className="stat-count">${count}</span> ` : ""}<span>{${
      js(capitalize(m.entity.labelPlural))
    }}</span>`;
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
  const content = `${api.stats ? '"use client";\n\n' : ""}${
    usesLink ? 'import Link from "next/link";\n' : ""
  }${
    api.stats
      ? `import { ErrorMessage } from "@/components/ErrorMessage";
import { getStats } from "@/lib/api";
import { useLoad } from "@/lib/use_load";
`
      : ""
  }
/** ${docText(spec.title)}: what the app holds, with a way into each part. */
export default function Page() {
${api.stats ? "  const stats = useLoad(getStats);\n" : ""}  return (
    <>
      <h1>{${js(spec.title)}}</h1>
      <p className="lead">{${js(spec.summary)}}</p>${
    api.stats ? "\n      <ErrorMessage error={stats.error} />" : ""
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
