/**
 * The backend of the `redirect` feature.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";

/** The backend of the `redirect` feature (its implementation lands with the behaviour renderers). */
export const redirectBackend: BackendFeature<FeatureOf<"redirect">> = {
  routerModules: [],
  render: () => ({ routers: [], tests: [] }),
};
