/**
 * The backend of the `redirect` feature: `GET /<prefix>/{code}` in
 * `app/routers/redirect_routes.py` (outside /api), counting the visit and
 * answering 307 to the row's URL, and its tests.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import { itemParam, planOf } from "../../backend/context.ts";
import type { BackendFeature } from "../../backend/feature_part.ts";
import { pyAttr, pyDef, pyStr, wrapAligned } from "../../backend/python.ts";
import { redirectTests } from "./_tests.ts";

/** The backend of the `redirect` feature. */
export const redirectBackend: BackendFeature<FeatureOf<"redirect">> = {
  routerModules: ["redirect_routes"],
  render: ({ redirect, endpoint }, ctx) => {
    const plan = planOf(ctx.entities, redirect.entity);
    const name = itemParam(endpoint);
    const param = pyAttr(name);
    const table = pyStr(plan.plural);
    const counter = redirect.counter;
    const block = [
      wrapAligned("", "@router.get", [
        pyStr(endpoint.path),
        `status_code=${endpoint.status}`,
        `summary=${pyStr(endpoint.summary)}`,
        "response_class=RedirectResponse",
      ]),
      pyDef(
        `redirect_${plan.singular}`,
        [
          param === name ? `${param}: str` : `${param}: str = Path(..., alias=${pyStr(name)})`,
          "db: sqlite3.Connection = Depends(get_db)",
        ],
        "RedirectResponse",
        `Sends the visitor to the ${plan.entity.label}'s ${redirect.target}${
          counter ? `, counting it in ${counter}` : ""
        }.`,
      ),
      `    sql = ${pyStr(`SELECT * FROM "${plan.plural}" WHERE "${redirect.code}" = ?`)}`,
      `    row = db.execute(sql, (${param},)).fetchone()`,
      "    if row is None:",
      "        raise HTTPException(",
      `            status_code=404, detail=f${pyStr(`${plan.label} {${param}} not found`)}`,
      "        )",
      ...(counter
        ? [
          wrapAligned("    ", "db.execute", [
            pyStr(`UPDATE "${plan.plural}" SET "${counter}" = "${counter}" + 1 WHERE id = ?`),
            '(row["id"],)',
          ]),
          "    db.commit()",
        ]
        : []),
      `    return RedirectResponse(row[${pyStr(redirect.target)}], status_code=${endpoint.status})`,
    ].join("\n");
    void table;
    return {
      routers: [],
      routes: [{
        module: "redirect_routes",
        doc: "Redirect routes outside /api: short links to their URL.",
        tag: "redirects",
        imports: {
          sqlite3: [],
          fastapi: ["Depends", "HTTPException", ...(param === name ? [] : ["Path"])],
          "fastapi.responses": ["RedirectResponse"],
          "app.db": ["get_db"],
        },
        blocks: [block],
      }],
      tests: [{
        file: "test_redirects.py",
        doc: "Tests of the redirect routes.",
        functions: redirectTests(ctx, redirect, endpoint),
      }],
    };
  },
};
