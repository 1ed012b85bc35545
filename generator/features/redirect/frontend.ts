/**
 * The frontend of the `redirect` feature.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature } from "../../frontend/feature_part.ts";

/** The frontend of the `redirect` feature (its implementation lands with the behaviour renderers). */
export const redirectFrontend: FrontendFeature<FeatureOf<"redirect">> = {
  typeNames: [],
  apiNames: [],
  render: () => ({ types: [], api: [] }),
};
