/**
 * The features a generated app can have beyond CRUD, as the spec holds them.
 * Each kind is implemented by one module of the offline generator
 * (`generator/features/<kind>.ts`); renderers and the verifier switch
 * exhaustively over {@link FEATURE_KINDS}, so a new kind fails to compile
 * until every one of them handles it.
 *
 * @module
 */
import type { Endpoint, Spec } from "./spec.ts";

/** The kinds of feature. */
export const FEATURE_KINDS = ["stats"] as const;

/** One of {@link FEATURE_KINDS}. */
export type FeatureKind = typeof FEATURE_KINDS[number];

/** One feature of an app, with the spec elements it is made of. */
export type Feature =
  /** Row counts per entity for the home page (`GET /api/stats`). */
  { kind: "stats"; endpoint: Endpoint };

/** The feature of one kind. */
export type FeatureOf<K extends FeatureKind> = Extract<Feature, { kind: K }>;

/**
 * The features a spec has, in render order.
 *
 * @param spec A spec.
 * @returns Its features.
 * @example
 * ```ts
 * import { featuresOf } from "./features.ts";
 * import { blogSpec } from "../tests/fixtures/sample_specs.ts";
 * if (featuresOf(blogSpec)[0]?.kind !== "stats") throw new Error();
 * ```
 */
export function featuresOf(spec: Spec): Feature[] {
  const features: Feature[] = [];
  const stats = spec.endpoints.find((e) => e.action === "stats");
  if (stats !== undefined) features.push({ kind: "stats", endpoint: stats });
  return features;
}
