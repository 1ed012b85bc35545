/**
 * What a feature contributes to the Next.js frontend, and the shape of a
 * feature's frontend half (`generator/features/<kind>/frontend.ts`). The
 * frontend renderer gathers the parts through `generator/features/mod.ts`.
 *
 * @module
 */
import type { Feature } from "../../core/features.ts";
import type { EntityModel, FrontendModel } from "./model.ts";

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

/** The frontend half of one feature kind. */
export interface FrontendFeature<F extends Feature> {
  /** TypeScript type names it may declare (reserved: no entity may use them). */
  typeNames: readonly string[];
  /** Names of `lib/api.ts` it may declare (reserved likewise). */
  apiNames: readonly string[];
  /**
   * @param feature One feature of the spec.
   * @param model The frontend model.
   * @returns Its part of the frontend.
   */
  render(feature: F, model: FrontendModel): FrontendPart;
}
