/**
 * The feature modules of the offline generator, one per kind of
 * {@link FEATURE_KINDS}, and what the renderers call to gather their parts.
 * The table is typed over every kind and {@link moduleOf} switches
 * exhaustively, so a new kind fails to compile until it has a module.
 *
 * @module
 */
import { assertNever } from "../../core/assert_never.ts";
import { type Feature, type FeatureKind, type FeatureOf, featuresOf } from "../../core/features.ts";
import type { Spec } from "../../core/spec.ts";
import type { BackendContext } from "../backend/context.ts";
import type { FrontendModel } from "../frontend/model.ts";
import type { BackendPart, FeatureModule, FrontendPart } from "./feature.ts";
import { statsFeature } from "./stats.ts";

export type { BackendPart, FeatureModule, FrontendPart, HomePart } from "./feature.ts";

const MODULES: { readonly [K in FeatureKind]: FeatureModule<FeatureOf<K>> } = {
  stats: statsFeature,
};

/** Names every feature module may declare, reserved whether or not an app has the feature. */
export const FEATURE_NAMES = {
  routerModules: Object.values(MODULES).flatMap((m) => m.routerModules),
  types: Object.values(MODULES).flatMap((m) => m.typeNames),
  api: Object.values(MODULES).flatMap((m) => m.apiNames),
};

/** A feature with its module, typed together. */
function backendOf(feature: Feature, ctx: BackendContext): BackendPart {
  switch (feature.kind) {
    case "stats":
      return MODULES.stats.backend(feature, ctx);
    default:
      return assertNever(feature.kind, "feature kind");
  }
}

function frontendOf(feature: Feature, model: FrontendModel): FrontendPart {
  switch (feature.kind) {
    case "stats":
      return MODULES.stats.frontend(feature, model);
    default:
      return assertNever(feature.kind, "feature kind");
  }
}

/**
 * @param ctx The backend render context.
 * @returns Each feature's part of the backend, in the spec's feature order.
 */
export function backendParts(ctx: BackendContext): BackendPart[] {
  return featuresOf(ctx.spec).map((f) => backendOf(f, ctx));
}

/**
 * @param model The frontend model.
 * @returns Each feature's part of the frontend, in the spec's feature order.
 */
export function frontendParts(model: FrontendModel): FrontendPart[] {
  return featuresOf(model.spec).map((f) => frontendOf(f, model));
}

/**
 * @param spec A spec.
 * @returns The endpoints its features serve (the frontend gives them no generic function).
 */
export function featureEndpoints(spec: Spec): string[] {
  return featuresOf(spec).map((f) => f.endpoint.id);
}
