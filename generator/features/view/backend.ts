/**
 * The backend of the `view` feature.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";

/** The backend of the `view` feature (its implementation lands with the behaviour renderers). */
export const viewBackend: BackendFeature<FeatureOf<"view">> = {
  routerModules: [],
  render: () => ({ routers: [], tests: [] }),
};
