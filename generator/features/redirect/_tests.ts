/**
 * The generated tests of one redirect: where it sends, what it counts, 404.
 *
 * @module
 */
import type { Redirect } from "../../../core/behaviours.ts";
import type { Endpoint } from "../../../core/spec.ts";
import { type BackendContext, canCreate, planOf } from "../../backend/context.ts";
import { pyStr } from "../../backend/python.ts";
import { testFunction } from "../../backend/pytest.ts";

/**
 * @param ctx The render context.
 * @param redirect The redirect.
 * @param endpoint Its route.
 * @returns Test functions.
 */
export function redirectTests(
  ctx: BackendContext,
  redirect: Redirect,
  endpoint: Endpoint,
): string[] {
  const plan = planOf(ctx.entities, redirect.entity);
  const base = endpoint.path.replace(/\{[a-z0-9_]+\}$/, "");
  const missing = [
    testFunction(`test_redirect_${redirect.prefix}_unknown_code_is_404`, [
      `    response = client.get(${pyStr(`${base}no-such-code`)}, follow_redirects=False)`,
      "    assert response.status_code == 404",
    ]),
  ];
  if (!canCreate(plan, ctx.entities) || plan.routes.get === undefined) return missing;
  const who = ctx.auth ? ", alice" : "";
  const read = plan.access === "private" ? ", headers=alice" : "";
  const code = pyStr(redirect.code);
  return [
    testFunction(`test_redirect_${redirect.prefix}_sends_to_the_${redirect.target}`, [
      `    row = api.create(${pyStr(plan.plural)}${who})`,
      `    path = f${pyStr(base)} + row[${code}]`,
      "    for visit in (1, 2):",
      "        response = client.get(path, follow_redirects=False)",
      `        assert response.status_code == ${endpoint.status}`,
      `        assert response.headers["location"] == row[${pyStr(redirect.target)}]`,
      ...(redirect.counter
        ? [
          `    item = f${
            pyStr(plan.routes.get.path.replace(/\{[a-z0-9_]+\}$/, ""))
          } + str(row["id"])`,
          `    assert client.get(item${read}).json()[${pyStr(redirect.counter)}] == 2`,
        ]
        : []),
    ]),
    ...missing,
  ];
}
