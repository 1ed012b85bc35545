import assert from "node:assert/strict";
import { BEHAVIOUR_SPECS } from "../../../tests/fixtures/behaviour_specs.ts";
import { renderFrontend } from "../../frontend/mod.ts";

Deno.test("redirectFrontend shows each row's full short link with its counter", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.link!);
  const short = "`${API_URL}/r/${encodeURIComponent(row.code)}`";
  const table = files.find((f) => f.path === "frontend/components/LinkTable.tsx")!.content;
  assert.match(table, /<th scope="col">\{"Short link"\}<\/th>/);
  assert.ok(table.includes(`<a href={${short}} target="_blank" rel="noreferrer">`));
  assert.match(table, /<th scope="col">\{"Clicks"\}<\/th>/);
  const detail = files.find((f) => f.path === "frontend/app/links/[id]/page.tsx")!.content;
  assert.ok(detail.includes(short));
  // The home page's notice gives the link just made.
  const home = files.find((f) => f.path === "frontend/app/page.tsx")!.content;
  assert.ok(home.includes("`${API_URL}/r/${encodeURIComponent(created.code)}`"));
  // The redirect route is followed by the browser, never fetched.
  for (const file of files) assert.doesNotMatch(file.content, /apiFetch<[^>]*>\("GET", [`"]\/r\//);
});
