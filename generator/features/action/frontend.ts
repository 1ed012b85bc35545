/**
 * The frontend of the `action` feature.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature } from "../../frontend/feature_part.ts";

/** The frontend of the `action` feature (its implementation lands with the behaviour renderers). */
export const actionFrontend: FrontendFeature<FeatureOf<"action">> = {
  typeNames: [],
  apiNames: [],
  render: () => ({ types: [], api: [] }),
};
