/**
 * The frontend of the `rule` feature. A rule is the server's to enforce:
 * the forms and action buttons that write the rule's entity show the
 * server's message when it refuses (409 or 422, as `detail`) beside the
 * control that sent the write, so the rule needs nothing of its own here.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature } from "../../frontend/feature_part.ts";

/** The frontend of the `rule` feature. */
export const ruleFrontend: FrontendFeature<FeatureOf<"rule">> = {
  typeNames: [],
  apiNames: [],
  render: () => ({ types: [], api: [] }),
};
