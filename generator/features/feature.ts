/**
 * What one feature module of the offline generator contributes to a
 * generated app: backend routers and tests, and frontend types, API client
 * functions and home-page parts. Renderers gather these through
 * `generator/features/mod.ts`, never from a feature directly.
 *
 * @module
 */
import type { Feature } from "../../core/features.ts";
import type { BackendContext } from "../backend/context.ts";
import type { EntityModel, FrontendModel } from "../frontend/model.ts";

/** A feature's part of the backend. */
export interface BackendPart {
  /** Router modules under `app/routers/`, included before the entities' routers. */
  routers: { module: string; source: string }[];
  /** Test modules under `tests/`. */
  tests: { file: string; source: string }[];
}

/** A feature's part of the home page. */
export interface HomePart {
  /** Import lines the page needs. */
  imports: string[];
  /** Statements at the top of the page component (making it a client component). */
  hooks: string[];
  /** JSX after the lead paragraph. */
  top: string[];
  /** A JSX expression shown before an entity's name on its card, if any. */
  cardBadge?: (m: EntityModel) => string;
}

/** A feature's part of the frontend. */
export interface FrontendPart {
  /** Declarations appended to `lib/types.ts`. */
  types: string[];
  /** Functions of `lib/api.ts`, before the auth and entity functions. */
  api: string[];
  home?: HomePart;
}

/** One feature kind's implementation. */
export interface FeatureModule<F extends Feature> {
  /** Python module names the feature's routers take (reserved: no entity may use them). */
  routerModules: readonly string[];
  /** TypeScript names the feature may declare (reserved: no entity may use them). */
  typeNames: readonly string[];
  apiNames: readonly string[];
  backend(feature: F, ctx: BackendContext): BackendPart;
  frontend(feature: F, model: FrontendModel): FrontendPart;
}
