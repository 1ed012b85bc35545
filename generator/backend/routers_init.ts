/**
 * Renders `app/routers/__init__.py`: every router, in the order the app
 * includes them (features first, then auth, then one per entity).
 *
 * @module
 */
import type { BackendContext } from "./context.ts";
import { pyFromImport, pyModule, wrapCall } from "./python.ts";

/**
 * Renders `backend/app/routers/__init__.py`: every router, in the order the
 * app includes them.
 *
 * @param ctx The render context.
 * @param featureModules The router modules of the app's features.
 * @returns The module source.
 */
export function renderRoutersInit(ctx: BackendContext, featureModules: readonly string[]): string {
  const modules = [
    ...featureModules,
    ...(ctx.auth ? ["auth"] : []),
    ...ctx.entities.map((e) => e.plural),
  ];
  return pyModule([
    [
      '"""The routers of the API, in the order the app includes them."""',
      pyFromImport("app.routers", modules),
      "",
      wrapCall("", "ROUTERS = ", modules.map((m) => `${m}.router`), "", "()"),
    ].join("\n"),
  ]);
}
