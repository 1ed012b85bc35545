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
import {
  renderAuthStore,
  renderFormat,
  renderLabels,
  renderLookup,
  renderUseLoad,
} from "./_lib.ts";
import { buildModel, type FrontendModel, modelOf } from "./model.ts";
import { renderDetailPage } from "./_detail_page.ts";
import { renderHome } from "./_home.ts";
import { pageFilePath } from "../../core/routes.ts";
import { notePage, renderListPage } from "./_pages.ts";
import { renderProject } from "./_project.ts";
import { renderErrorMessage, renderLoadable, renderPercent } from "./_components.ts";
import { renderPermissions, renderSession, renderSignedIn } from "./_session.ts";
import { frontendParts } from "../features/mod.ts";
import type { FrontendPart } from "./feature_part.ts";
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
  const parts = frontendParts(model);
  const files: GeneratedFile[] = [
    ...renderProject(model),
    renderStyles(),
    renderIcon(),
    renderLayout(model),
    renderNav(model, parts),
    renderErrorMessage(model),
    renderLoadable(),
    renderTypes(model, parts),
    renderApi(model, parts),
    renderFormat(),
    renderLabels(model),
    renderUseLoad(),
    renderLookup(),
  ];
  if (spec.auth) {
    files.push(
      renderAuthStore(),
      renderAuthStatus(model),
      renderSession(model),
      renderPermissions(model),
      renderSignedIn(model),
    );
  }
  if (spec.entities.some((e) => e.fields.some((f) => f.computed?.kind === "percent"))) {
    files.push(renderPercent());
  }
  for (const m of model.entities) files.push(renderForm(model, m), renderTable(model, m, parts));
  files.push(...parts.flatMap((p) => p.files ?? []));
  files.push(...renderPages(model, parts, new Set(files.map((f) => f.path))));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function renderPages(
  model: FrontendModel,
  parts: readonly FrontendPart[],
  written: ReadonlySet<string>,
): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  for (const page of model.spec.pages) {
    const m = page.entity === undefined ? undefined : modelOf(model, page.entity);
    switch (page.kind) {
      case "home":
        out.push(renderHome(model, pageFilePath(page.route), parts));
        break;
      case "login":
      case "register":
        out.push(renderAuthPage(model, page));
        break;
      case "view":
        // A view's page comes from the view feature; a page naming no known view gets a note.
        if (!written.has(pageFilePath(page.route))) {
          out.push({
            path: pageFilePath(page.route),
            content: notePage(page.title, "This page names no view of the app to show."),
          });
        }
        break;
      case "list":
      case "detail":
        if (m === undefined) {
          out.push({
            path: pageFilePath(page.route),
            content: notePage(page.title, "This page names no entity to show."),
          });
        } else if (page.kind === "list") {
          out.push(renderListPage(model, page, m, parts));
        } else {
          out.push(renderDetailPage(model, page, m, parts));
        }
        break;
    }
  }
  // The app needs a home even when the spec's pages leave it out.
  if (!model.spec.pages.some((p) => p.route === "/")) {
    out.push(renderHome(model, pageFilePath("/"), parts));
  }
  return out;
}
