/**
 * The deterministic FastAPI backend renderer: from a {@link Spec} to a
 * SQLite-backed FastAPI app with its pytest suite, runnable on Pydantic 1.10
 * and 2. The same spec always gives byte-identical files.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { Spec } from "../../core/spec.ts";
import { backendContext } from "./context.ts";
import { renderAuthModule, renderAuthRouter } from "./auth.ts";
import { renderAuthTests } from "./access_tests.ts";
import { renderDb } from "./database.ts";
import { renderChecks, renderSchemas } from "./models.ts";
import {
  GITIGNORE,
  PYTEST_INI,
  renderEnvExample,
  renderMain,
  renderPackageInit,
  renderReadme,
  REQUIREMENTS,
} from "./project.ts";
import { renderEntityRouter } from "./routers.ts";
import { renderRoutersInit } from "./routers_init.ts";
import { renderConftest, renderSupport } from "./tests.ts";
import { backendParts, FEATURE_NAMES } from "../features/mod.ts";
import { renderEntityTests } from "./entity_tests.ts";
import { CONDITIONS_MODULE } from "./conditions.ts";
import { LISTING_MODULE } from "./listing.ts";
import { LINKS_MODULE } from "./links.ts";
import { hasComputedModule, renderComputed } from "./computed.ts";
import { checkedEntities, renderRules } from "./rules_module.ts";
import { mergeRoutes, mergeTests } from "./merge_parts.ts";
import { renderAcceptance } from "./acceptance.ts";
import { SECURITY_MODULE } from "./security.ts";
import { renderSettings } from "./settings.ts";
import { THROTTLE_MODULE } from "./throttle.ts";
import { renderExploits } from "./exploits.ts";

/**
 * Renders the backend of an app.
 *
 * @param spec A spec without {@link specProblems}.
 * @returns The files, paths relative to the job's output folder, all under
 *   `backend/`, in a stable order.
 * @throws {RangeError} When a name of the spec would clash with a name the
 *   generated code uses itself (a `stats` entity, a `users` table with auth,
 *   a `BaseModel` entity), or required relations form a cycle.
 * @example
 * ```ts
 * import { renderBackend } from "./mod.ts";
 * import { blogSpec } from "../../tests/fixtures/sample_specs.ts";
 * const files = renderBackend(blogSpec);
 * if (!files.some((f) => f.path === "backend/app/routers/posts.py")) throw new Error();
 * ```
 */
export function renderBackend(spec: Spec): GeneratedFile[] {
  const ctx = backendContext(spec, FEATURE_NAMES.routerModules);
  const parts = backendParts(ctx);
  const checks = parts.flatMap((p) => p.writeChecks ?? []);
  const checked = checkedEntities(ctx, checks);
  const rules = renderRules(ctx, checks);
  const shared = mergeRoutes(parts.flatMap((p) => p.routes ?? []));
  const routers = [...parts.flatMap((p) => p.routers), ...shared];
  const helpers = new Map<string, string>();
  for (const m of parts.flatMap((p) => p.modules ?? [])) {
    if (!helpers.has(m.path)) helpers.set(m.path, m.source);
  }
  const needsConditions = (spec.actions ?? []).length > 0 || (spec.views ?? []).length > 0 ||
    (spec.rules ?? []).length > 0 ||
    spec.entities.some((e) =>
      e.publicWhere !== undefined ||
      e.fields.some((f) => f.computed?.kind === "aggregate" && (f.computed.where ?? []).length > 0)
    );
  const file = (path: string, content: string): [string, string] => [path, content];
  const files: [string, string][] = [
    file("requirements.txt", REQUIREMENTS),
    file("pytest.ini", PYTEST_INI),
    file(".env.example", renderEnvExample(ctx)),
    file(".gitignore", GITIGNORE),
    file("README.md", renderReadme(ctx)),
    file("app/__init__.py", renderPackageInit(ctx)),
    file("app/main.py", renderMain(ctx)),
    file("app/settings.py", renderSettings(ctx)),
    file("app/security.py", SECURITY_MODULE),
    file("app/db.py", renderDb(ctx)),
    file("app/schemas.py", renderSchemas(ctx)),
    file("app/checks.py", renderChecks()),
    file("app/listing.py", LISTING_MODULE),
    ...(needsConditions ? [file("app/conditions.py", CONDITIONS_MODULE)] : []),
    ...(ctx.entities.some((e) => e.behaviour.links.length > 0)
      ? [file("app/links.py", LINKS_MODULE)]
      : []),
    ...(hasComputedModule(ctx) ? [file("app/computed.py", renderComputed(ctx))] : []),
    ...(rules === undefined ? [] : [file("app/rules.py", rules)]),
    ...[...helpers].map(([path, source]) => file(`app/${path}`, source)),
    ...(ctx.auth ? [file("app/auth.py", renderAuthModule(ctx))] : []),
    ...(ctx.auth ? [file("app/throttle.py", THROTTLE_MODULE)] : []),
    file("app/routers/__init__.py", renderRoutersInit(ctx, routers.map((r) => r.module))),
    ...routers.map((r) => file(`app/routers/${r.module}.py`, r.source)),
    ...(ctx.auth ? [file("app/routers/auth.py", renderAuthRouter(ctx))] : []),
    ...ctx.entities.map((e) =>
      file(`app/routers/${e.plural}.py`, renderEntityRouter(ctx, e, checked))
    ),
    file("tests/__init__.py", '"""The test suite of the API."""\n'),
    file("tests/support.py", renderSupport(ctx)),
    file("tests/conftest.py", renderConftest(ctx)),
    ...(ctx.auth ? [file("tests/test_auth.py", renderAuthTests(ctx))] : []),
    ...mergeTests(parts.flatMap((p) => p.tests)).map((t) => file(`tests/${t.file}`, t.source)),
    ...ctx.entities.map((e) => file(`tests/test_${e.plural}.py`, renderEntityTests(ctx, e))),
    ...renderExploits(ctx).map((f) => file(f.path, f.content)),
    ...renderAcceptance(ctx).map((f) => file(f.path, f.content)),
  ];
  return files.map(([path, content]) => ({ path: `backend/${path}`, content }));
}
