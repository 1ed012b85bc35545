/**
 * The frontend of the `stats` feature: the `AppStats` type, `getStats()` and
 * the row count on the card of each other part of the app on the home page.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature } from "../../frontend/feature_part.ts";

/** The frontend of the `stats` feature. */
export const statsFrontend: FrontendFeature<FeatureOf<"stats">> = {
  typeNames: ["AppStats"],
  apiNames: ["getStats"],
  render: ({ endpoint }, model) => ({
    types: [`/** Row counts per entity, from \`GET /api/stats\`. */
export interface AppStats {
${model.entities.map((m) => `  ${m.entity.plural}: number;`).join("\n")}
}`],
    api: [`/** Row counts per entity. */
export function getStats(): Promise<T.AppStats> {
  return apiFetch<T.AppStats>("GET", ${JSON.stringify(endpoint.path)});
}`],
    home: {
      imports: [
        ["@/components/ErrorMessage", ["ErrorMessage"]],
        ["@/lib/api", ["getStats"]],
        ["@/lib/use_load", ["useLoad"]],
      ],
      hooks: ["const stats = useLoad(getStats);"],
      top: ["<ErrorMessage error={stats.error} />"],
      cardBadge: (m) => `{stats.data?.${m.entity.plural} ?? "…"}`,
    },
  }),
};
