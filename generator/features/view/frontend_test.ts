import assert from "node:assert/strict";
import type { GeneratedFile } from "../../../core/artifact.ts";
import { pageFilePath, viewRoute } from "../../../core/routes.ts";
import { BEHAVIOUR_SPECS } from "../../../tests/fixtures/behaviour_specs.ts";
import { renderFrontend } from "../../frontend/mod.ts";

function fileOf(files: GeneratedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  assert.ok(file, `no file "${path}"`);
  return file.content;
}

Deno.test("viewFrontend gives every view its own page, linked from the navigation or its group's page", async (t) => {
  for (const [name, spec] of Object.entries(BEHAVIOUR_SPECS)) {
    if ((spec.views ?? []).length === 0) continue;
    await t.step(name, () => {
      const files = renderFrontend(spec);
      const nav = fileOf(files, "frontend/components/Nav.tsx");
      for (const view of spec.views ?? []) {
        const route = viewRoute(spec, view);
        const page = fileOf(files, pageFilePath(route));
        assert.match(page, new RegExp(`<h1>\\{${JSON.stringify(view.label)}\\}</h1>`));
        assert.doesNotMatch(page, /has nothing to show|names no view/);
        if (route.includes("[id]")) continue;
        assert.ok(
          nav.includes(`href: ${JSON.stringify(route)}, label: ${JSON.stringify(view.label)}`),
        );
      }
    });
  }
});

Deno.test("viewFrontend lists a filter view's rows in the entity's table, with their actions", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.library!);
  const page = fileOf(files, "frontend/app/loans/overdue/page.tsx");
  assert.match(page, /loadOverdueView\(\)/);
  assert.match(page, /<LoanActionBar>/);
  assert.match(page, /<LoanTable rows=\{data\} onChanged=\{rows\.reload\} \/>/);
  assert.match(page, /Loans whose due date is before today and whose returned at is empty\./);
  assert.match(
    fileOf(files, "frontend/lib/api.ts"),
    /apiFetch<T\.Loan\[\]>\("GET", "\/api\/loans\/overdue"\)/,
  );
  assert.match(fileOf(files, "frontend/app/loans/page.tsx"), /\{"Overdue loans →"\}/);
});

Deno.test("viewFrontend sums up a grouped view by its groups' labels, not ids", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.spending!);
  const page = fileOf(files, "frontend/app/expenses/monthly/page.tsx");
  assert.match(page, /<th scope="col">\{"Month"\}<\/th>/);
  assert.match(page, /<th scope="col">\{"Category"\}<\/th>/);
  assert.match(page, /<th scope="col">\{"Total amount"\}<\/th>/);
  assert.match(page, /row\["category_id_label"\]/);
  assert.match(page, /<SignedIn /, "a private entity's view asks to sign in");
  const wins = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.league!),
    "frontend/app/matches/wins/page.tsx",
  );
  assert.match(wins, /row\["winner_id_label"\] \?\? \(row\["winner_id"\] === null \? "None"/);
});

Deno.test("viewFrontend shows a schedule day by day with a way between weeks", () => {
  const page = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.yoga!),
    "frontend/app/yoga-classes/week/page.tsx",
  );
  assert.match(page, /loadWeekView\(\{ from, days: 7 \}\)/);
  for (const label of ["Previous week", "This week", "Next week"]) {
    assert.ok(page.includes(label), label);
  }
  assert.match(page, /<h2>\{dayTitle\(day\)\}<\/h2>/);
  assert.match(page, /<YogaClassActions row=\{row\} onDone=\{rows\.reload\} \/>/);
  // Today is read after the first render, so prerendering and hydration agree.
  assert.match(
    page,
    /useState<string \| null>\(null\);\s*useEffect\(\(\) => setFrom\(today\(\)\), \[\]\);/,
  );
});

Deno.test("viewFrontend shows balances and transfers, with Settle up when the view has payments", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.trip!);
  const page = fileOf(files, "frontend/app/trips/[id]/balances/page.tsx");
  assert.match(page, /loadBalancesView\(id\)/);
  assert.match(page, /settleBalances\(id\)/);
  assert.match(page, /Settle up\s*<\/button>/);
  assert.match(
    page,
    /`\$\{transfer\.from\} pays \$\{transfer\.to\} \$\{formatNumber\(transfer\.amount\)\}`/,
  );
  const api = fileOf(files, "frontend/lib/api.ts");
  assert.match(
    api,
    /apiFetch<T\.Payment\[\]>\("POST", `\/api\/trips\/\$\{id\}\/balances\/settle`, \{\}\)/,
  );
  assert.match(
    fileOf(files, "frontend/app/trips/[id]/page.tsx"),
    /href=\{`\/trips\/\$\{row\.id\}\/balances`\}/,
  );
});
