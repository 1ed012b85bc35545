/**
 * One feature kind's implementation in the offline generator: its backend
 * half and its frontend half (`generator/features/<kind>/`), whose shapes
 * the two renderers define (`backend/feature_part.ts`,
 * `frontend/feature_part.ts`).
 *
 * @module
 */
import type { Feature } from "../../core/features.ts";
import type { BackendFeature } from "../backend/feature_part.ts";
import type { FrontendFeature } from "../frontend/feature_part.ts";

/** One feature kind's implementation. */
export interface FeatureModule<F extends Feature> {
  backend: BackendFeature<F>;
  frontend: FrontendFeature<F>;
}
