/**
 * The features a generated app can have beyond CRUD, as the spec holds them:
 * the home page's row counts, and each action, rule, view and redirect of
 * the spec's behaviours. Each kind is implemented by one folder of the
 * offline generator (`generator/features/<kind>/`); renderers and the
 * verifier switch exhaustively over {@link FEATURE_KINDS}, so a new kind
 * fails to compile until every one of them handles it.
 *
 * @module
 */
import type { Action, Redirect, Rule, View } from "./behaviours.ts";
import type { Endpoint, Spec } from "./spec.ts";

/** The kinds of feature. */
export const FEATURE_KINDS = ["stats", "action", "rule", "view", "redirect"] as const;

/** One of {@link FEATURE_KINDS}. */
export type FeatureKind = typeof FEATURE_KINDS[number];

/** One feature of an app, with the spec elements it is made of. */
export type Feature =
  /** Row counts per entity for the home page (`GET /api/stats`). */
  | { kind: "stats"; endpoint: Endpoint }
  /** A one-click operation and its endpoint. */
  | { kind: "action"; action: Action; endpoint: Endpoint }
  /** A rule the server enforces on writes. */
  | { kind: "rule"; rule: Rule; index: number }
  /** A computed list, its endpoint and (balances with payments) its settle-up endpoint. */
  | { kind: "view"; view: View; endpoint: Endpoint; settle?: Endpoint }
  /** A non-/api route that redirects. */
  | { kind: "redirect"; redirect: Redirect; endpoint: Endpoint };

/** The feature of one kind. */
export type FeatureOf<K extends FeatureKind> = Extract<Feature, { kind: K }>;

/**
 * The features a spec has, in render order: stats, actions, rules, views,
 * redirects. Behaviours whose endpoint the spec lacks are left out (the
 * validator reports the endpoint missing).
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
  const find = (action: Endpoint["action"], entity: string, behaviour: string) =>
    spec.endpoints.find((e) =>
      e.action === action && e.entity === entity && e.behaviour === behaviour
    );
  for (const action of spec.actions ?? []) {
    const endpoint = find("action", action.entity, action.name);
    if (endpoint !== undefined) features.push({ kind: "action", action, endpoint });
  }
  (spec.rules ?? []).forEach((rule, index) => features.push({ kind: "rule", rule, index }));
  for (const view of spec.views ?? []) {
    const endpoint = find("view", view.entity, view.name);
    const settle = find("settle", view.entity, view.name);
    if (endpoint !== undefined) {
      features.push({ kind: "view", view, endpoint, ...(settle ? { settle } : {}) });
    }
  }
  for (const redirect of spec.redirects ?? []) {
    const endpoint = spec.endpoints.find((e) =>
      e.action === "redirect" && e.entity === redirect.entity
    );
    if (endpoint !== undefined) features.push({ kind: "redirect", redirect, endpoint });
  }
  return features;
}
