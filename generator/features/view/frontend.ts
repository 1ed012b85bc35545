/**
 * The frontend of the `view` feature.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature } from "../../frontend/feature_part.ts";

/** The frontend of the `view` feature (its implementation lands with the behaviour renderers). */
export const viewFrontend: FrontendFeature<FeatureOf<"view">> = {
  typeNames: [],
  apiNames: [],
  render: () => ({ types: [], api: [] }),
};
