/**
 * The backend of the `action` feature.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";

/** The backend of the `action` feature (its implementation lands with the behaviour renderers). */
export const actionBackend: BackendFeature<FeatureOf<"action">> = {
  routerModules: [],
  render: () => ({ routers: [], tests: [] }),
};
