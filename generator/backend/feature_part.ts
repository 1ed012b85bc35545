/**
 * What a feature contributes to the FastAPI backend, and the shape of a
 * feature's backend half (`generator/features/<kind>/backend.ts`). The
 * backend renderer gathers the parts through `generator/features/mod.ts`
 * and merges the pieces several features share (one router module per
 * kind, one test module per kind, one rules function per entity).
 *
 * @module
 */
import type { Feature } from "../../core/features.ts";
import type { BackendContext } from "./context.ts";
import type { PyImports } from "./python.ts";

/**
 * Route functions in a router module shared by the features of one kind
 * (`app/routers/<module>.py`); pieces with the same module are merged in
 * order, their imports united.
 */
export interface RoutePiece {
  module: string;
  /** The module docstring's text (the first piece's is kept). */
  doc: string;
  /** The OpenAPI tag of its router. */
  tag: string;
  imports: PyImports;
  /** Top-level blocks: constants, body models, route functions. */
  blocks: string[];
}

/**
 * Lines run after a row of `entity` is written and before it is committed
 * (creates, updates, and actions that write its rows), in the entity's
 * `check_<singular>(db, row)` of `app/rules.py`; they raise to refuse the
 * write, which is then rolled back.
 */
export interface WriteCheck {
  entity: string;
  imports: PyImports;
  /** Statements, indented for the function body. */
  lines: string[];
}

/** Test functions in a test module shared by features (`tests/<file>`), merged in order. */
export interface TestPiece {
  file: string;
  /** The module docstring's text (the first piece's is kept). */
  doc: string;
  functions: string[];
}

/** A feature's part of the backend. */
export interface BackendPart {
  /** Whole router modules under `app/routers/`, included before the entities' routers. */
  routers: { module: string; source: string }[];
  /** Route functions of shared router modules, included likewise. */
  routes?: RoutePiece[];
  /** Helper modules under `app/` (`path` relative to `app/`); the same path means the same file. */
  modules?: { path: string; source: string }[];
  /** Checks on writes of an entity's rows. */
  writeChecks?: WriteCheck[];
  /** Test functions. */
  tests: TestPiece[];
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
