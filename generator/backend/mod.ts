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
  const features = backendParts(ctx);
  const files: [string, string][] = [
    ["requirements.txt", REQUIREMENTS],
    ["pytest.ini", PYTEST_INI],
    [".env.example", renderEnvExample()],
    [".gitignore", GITIGNORE],
    ["README.md", renderReadme(ctx)],
    ["app/__init__.py", renderPackageInit(ctx)],
    ["app/main.py", renderMain(ctx)],
    ["app/db.py", renderDb(ctx)],
    ["app/schemas.py", renderSchemas(ctx)],
    ["app/checks.py", renderChecks()],
    ...(ctx.auth ? [["app/auth.py", renderAuthModule()] as [string, string]] : []),
    [
      "app/routers/__init__.py",
      renderRoutersInit(ctx, features.flatMap((f) => f.routers.map((r) => r.module))),
    ],
    ...features.flatMap((f) =>
      f.routers.map((r): [string, string] => [`app/routers/${r.module}.py`, r.source])
    ),
    ...(ctx.auth ? [["app/routers/auth.py", renderAuthRouter(ctx)] as [string, string]] : []),
    ...ctx.entities.map((e): [string, string] => [
      `app/routers/${e.plural}.py`,
      renderEntityRouter(e),
    ]),
    ["tests/__init__.py", '"""The test suite of the API."""\n'],
    ["tests/support.py", renderSupport(ctx)],
    ["tests/conftest.py", renderConftest(ctx)],
    ...(ctx.auth ? [["tests/test_auth.py", renderAuthTests(ctx)] as [string, string]] : []),
    ...features.flatMap((f) => f.tests.map((t): [string, string] => [`tests/${t.file}`, t.source])),
    ...ctx.entities.map((e): [string, string] => [
      `tests/test_${e.plural}.py`,
      renderEntityTests(ctx, e),
    ]),
  ];
  return files.map(([path, content]) => ({ path: `backend/${path}`, content }));
}
