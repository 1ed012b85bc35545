/**
 * The frontend of the `rule` feature.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature } from "../../frontend/feature_part.ts";

/** The frontend of the `rule` feature (its implementation lands with the behaviour renderers). */
export const ruleFrontend: FrontendFeature<FeatureOf<"rule">> = {
  typeNames: [],
  apiNames: [],
  render: () => ({ types: [], api: [] }),
};
