/**
 * The frontend of the `redirect` feature: the full short link of each row
 * (the backend's base URL + `/<prefix>/<code>`), shown as a link beside the
 * row and on its page, opening in a new tab (the counter goes up there; the
 * page reloads its data when the tab regains focus).
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature } from "../../frontend/feature_part.ts";
import { modelOf } from "../../frontend/model.ts";

/** The frontend of the `redirect` feature. */
export const redirectFrontend: FrontendFeature<FeatureOf<"redirect">> = {
  typeNames: [],
  apiNames: [],
  render: ({ redirect }, model) => {
    const m = modelOf(model, redirect.entity);
    const code = m.entity.fields.find((f) => f.name === redirect.code);
    const nullable = code === undefined || code.computed !== undefined || !code.required;
    const url = (row: string) =>
      `\`\${API_URL}/${redirect.prefix}/\${encodeURIComponent(${row}.${redirect.code})}\``;
    return {
      types: [],
      api: [],
      values: [{
        entity: m.entity.name,
        label: "Short link",
        imports: [["@/lib/api", ["API_URL"]]],
        view: (row) => {
          const link = `<a href={${url(row)}} target="_blank" rel="noreferrer">
  {${url(row)}}
</a>`;
          return nullable
            ? `{${row}.${redirect.code} === null ? "—" : (\n  ${link.replace(/\n/g, "\n  ")}\n)}`
            : link;
        },
      }],
    };
  },
};
