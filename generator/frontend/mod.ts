/**
 * The deterministic Next.js frontend renderer: from a {@link Spec} to the
 * files of a Next.js 15 (App Router) + React 19 + TypeScript app under
 * `frontend/`, with a page file for every spec page and a typed client that
 * calls only the spec's endpoints. The same spec always gives the same bytes.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { Spec } from "../../core/spec.ts";
import { renderApi, renderTypes } from "./_api_client.ts";
import { renderAuthPage } from "./_auth_pages.ts";
import { renderForm } from "./_forms.ts";
import { renderAuthStore, renderFormat, renderLabels, renderUseLoad } from "./_lib.ts";
import { buildModel, type FrontendModel, modelOf } from "./model.ts";
import { renderDetailPage } from "./_detail_page.ts";
import { renderHome } from "./_home.ts";
import { pageFilePath } from "../../core/routes.ts";
import { notePage, renderListPage } from "./_pages.ts";
import { renderProject } from "./_project.ts";
import { renderErrorMessage, renderLoadable } from "./_components.ts";
import { renderAuthStatus, renderLayout, renderNav } from "./_shell.ts";
import { renderIcon, renderStyles } from "./_styles.ts";
import { renderTable } from "./_tables.ts";

export { FRONTEND_VERSIONS } from "./_project.ts";

/**
 * Renders the Next.js frontend of an app.
 *
 * @param spec A spec that parsed with `SpecSchema` and has no `specProblems`.
 * @returns The files, paths relative to the job's output folder (all under
 *   `frontend/`), sorted by path.
 * @throws {RangeError} When two entities would produce the same generated name.
 * @example
 * ```ts
 * import { renderFrontend } from "./mod.ts";
 * import { blogSpec } from "../../tests/fixtures/sample_specs.ts";
 * const paths = renderFrontend(blogSpec).map((f) => f.path);
 * if (!paths.includes("frontend/app/posts/[id]/page.tsx")) throw new Error("no detail page");
 * ```
 */
export function renderFrontend(spec: Spec): GeneratedFile[] {
  const model = buildModel(spec);
  const files: GeneratedFile[] = [
    ...renderProject(model),
    renderStyles(),
    renderIcon(),
    renderLayout(model),
    renderNav(model),
    renderErrorMessage(model),
    renderLoadable(),
    renderTypes(model),
    renderApi(model),
    renderFormat(),
    renderLabels(model),
    renderUseLoad(),
  ];
  if (spec.auth) files.push(renderAuthStore(), renderAuthStatus(model));
  for (const m of model.entities) files.push(renderForm(model, m), renderTable(model, m));
  files.push(...renderPages(model));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function renderPages(model: FrontendModel): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  for (const page of model.spec.pages) {
    const m = page.entity === undefined ? undefined : modelOf(model, page.entity);
    switch (page.kind) {
      case "home":
        out.push(renderHome(model, pageFilePath(page.route)));
        break;
      case "login":
      case "register":
        out.push(renderAuthPage(model, page));
        break;
      case "list":
      case "detail":
        if (m === undefined) {
          out.push({
            path: pageFilePath(page.route),
            content: notePage(page.title, "This page names no entity to show."),
          });
        } else if (page.kind === "list") {
          out.push(renderListPage(page, m));
        } else {
          out.push(renderDetailPage(model, page, m));
        }
        break;
    }
  }
  // The app needs a home even when the spec's pages leave it out.
  if (!model.spec.pages.some((p) => p.route === "/")) {
    out.push(renderHome(model, pageFilePath("/")));
  }
  return out;
}
