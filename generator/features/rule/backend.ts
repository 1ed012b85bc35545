/**
 * The backend of the `rule` feature.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";

/** The backend of the `rule` feature (its implementation lands with the behaviour renderers). */
export const ruleBackend: BackendFeature<FeatureOf<"rule">> = {
  routerModules: [],
  render: () => ({ routers: [], tests: [] }),
};
