/**
 * What a feature contributes to the Next.js frontend, and the shape of a
 * feature's frontend half (`generator/features/<kind>/frontend.ts`). The
 * frontend renderer gathers the parts through `generator/features/mod.ts`.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { Feature } from "../../core/features.ts";
import type { EntityModel, FrontendModel } from "./model.ts";

/** A feature's part of the home page. */
export interface HomePart {
  /** Module and names pairs the page needs. */
  imports: [string, string[]][];
  /** Statements at the top of the page component (making it a client component). */
  hooks: string[];
  /** JSX after the lead paragraph. */
  top: string[];
  /** A JSX expression shown before an entity's name on its card, if any. */
  cardBadge?: (m: EntityModel) => string;
}

/** A value a feature shows for every row of an entity: a table column and a detail line. */
export interface ValuePart {
  /** The entity, by name. */
  entity: string;
  /** The column heading and detail term, e.g. "Short link". */
  label: string;
  /** Module and names pairs the JSX needs. */
  imports: [string, string[]][];
  /**
   * @param row The expression of the row, e.g. `row`.
   * @returns A JSX child expression.
   */
  view: (row: string) => string;
}

/** A link a feature puts on an entity's pages (to a view's page). */
export interface PageLink {
  /** The entity, by name. */
  entity: string;
  /** On its list page, or on the detail page of each row (`[id]` is the row's id). */
  page: "list" | "detail";
  route: string;
  label: string;
}

/** A feature's part of the frontend. */
export interface FrontendPart {
  /** Declarations appended to `lib/types.ts`. */
  types: string[];
  /** Functions of `lib/api.ts`, before the auth and entity functions. */
  api: string[];
  home?: HomePart;
  /** Whole files: components, `lib/` modules, and the page files of the spec pages it serves. */
  files?: GeneratedFile[];
  /** Links of the site navigation, after the entities' list pages. */
  nav?: { href: string; label: string }[];
  values?: ValuePart[];
  links?: PageLink[];
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
