/**
 * What a feature contributes to the FastAPI backend, and the shape of a
 * feature's backend half (`generator/features/<kind>/backend.ts`). The
 * backend renderer gathers the parts through `generator/features/mod.ts`.
 *
 * @module
 */
import type { Feature } from "../../core/features.ts";
import type { BackendContext } from "./context.ts";

/** A feature's part of the backend. */
export interface BackendPart {
  /** Router modules under `app/routers/`, included before the entities' routers. */
  routers: { module: string; source: string }[];
  /** Test modules under `tests/`. */
  tests: { file: string; source: string }[];
}

/** The backend half of one feature kind. */
export interface BackendFeature<F extends Feature> {
  /** Python module names its routers take (reserved: no entity may use them). */
  routerModules: readonly string[];
  /**
   * @param feature One feature of the spec.
   * @param ctx The backend render context.
   * @returns Its part of the backend.
   */
  render(feature: F, ctx: BackendContext): BackendPart;
}
