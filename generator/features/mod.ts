/**
 * The feature modules of the offline generator, one folder per kind of
 * {@link FEATURE_KINDS}, and what the renderers call to gather their parts.
 * The table is typed over every kind and the dispatch switches exhaustively,
 * so a new kind fails to compile until it has a module.
 *
 * @module
 */
import { assertNever } from "../../core/assert_never.ts";
import { type Feature, type FeatureKind, type FeatureOf, featuresOf } from "../../core/features.ts";
import type { Spec } from "../../core/spec.ts";
import type { BackendContext } from "../backend/context.ts";
import type { BackendPart } from "../backend/feature_part.ts";
import type { FrontendPart } from "../frontend/feature_part.ts";
import type { FrontendModel } from "../frontend/model.ts";
import { actionBackend } from "./action/backend.ts";
import { actionFrontend } from "./action/frontend.ts";
import type { FeatureModule } from "./feature.ts";
import { redirectBackend } from "./redirect/backend.ts";
import { redirectFrontend } from "./redirect/frontend.ts";
import { ruleBackend } from "./rule/backend.ts";
import { ruleFrontend } from "./rule/frontend.ts";
import { statsBackend } from "./stats/backend.ts";
import { statsFrontend } from "./stats/frontend.ts";
import { viewBackend } from "./view/backend.ts";
import { viewFrontend } from "./view/frontend.ts";

export type { FeatureModule } from "./feature.ts";

const MODULES: { readonly [K in FeatureKind]: FeatureModule<FeatureOf<K>> } = {
  stats: { backend: statsBackend, frontend: statsFrontend },
  action: { backend: actionBackend, frontend: actionFrontend },
  rule: { backend: ruleBackend, frontend: ruleFrontend },
  view: { backend: viewBackend, frontend: viewFrontend },
  redirect: { backend: redirectBackend, frontend: redirectFrontend },
};

/** Names every feature module may declare, reserved whether or not an app has the feature. */
export const FEATURE_NAMES = {
  routerModules: Object.values(MODULES).flatMap((m) => m.backend.routerModules),
  types: Object.values(MODULES).flatMap((m) => m.frontend.typeNames),
  api: Object.values(MODULES).flatMap((m) => m.frontend.apiNames),
};

function backendOf(feature: Feature, ctx: BackendContext): BackendPart {
  switch (feature.kind) {
    case "stats":
      return MODULES.stats.backend.render(feature, ctx);
    case "action":
      return MODULES.action.backend.render(feature, ctx);
    case "rule":
      return MODULES.rule.backend.render(feature, ctx);
    case "view":
      return MODULES.view.backend.render(feature, ctx);
    case "redirect":
      return MODULES.redirect.backend.render(feature, ctx);
    default:
      return assertNever(feature, "feature");
  }
}

function frontendOf(feature: Feature, model: FrontendModel): FrontendPart {
  switch (feature.kind) {
    case "stats":
      return MODULES.stats.frontend.render(feature, model);
    case "action":
      return MODULES.action.frontend.render(feature, model);
    case "rule":
      return MODULES.rule.frontend.render(feature, model);
    case "view":
      return MODULES.view.frontend.render(feature, model);
    case "redirect":
      return MODULES.redirect.frontend.render(feature, model);
    default:
      return assertNever(feature, "feature");
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
  return featuresOf(spec).flatMap((f) => {
    switch (f.kind) {
      case "stats":
      case "action":
      case "redirect":
        return [f.endpoint.id];
      case "view":
        return [f.endpoint.id, ...(f.settle ? [f.settle.id] : [])];
      case "rule":
        return [];
      default:
        return assertNever(f, "feature");
    }
  });
}
