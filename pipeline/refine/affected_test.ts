import assert from "node:assert/strict";
import { planFileGroups } from "../agents/file_groups.ts";
import { completeSpec } from "../../core/routes.ts";
import { type Spec, SpecSchema } from "../../core/spec.ts";
import { buildFrontendMessages } from "../../prompts/frontend.ts";
import { recipeSpec } from "../../tests/fixtures/behaviour_specs.ts";
import { affectedGroups } from "./affected.ts";

function edit(spec: Spec, change: (base: Omit<Spec, "endpoints" | "pages">) => void): Spec {
  const { endpoints: _e, pages: _p, ...base } = structuredClone(spec);
  change(base);
  return SpecSchema.parse(completeSpec(base));
}

// Small answers: every entity's pages land in their own group.
const TOKENS = 5_000;

Deno.test("affectedGroups() asks again only for the page groups of what the change touches", () => {
  const after = edit(recipeSpec, (s) => {
    s.entities.find((e) => e.name === "Ingredient")!.fields.push({
      name: "grams",
      type: "integer",
      required: false,
    });
  });
  const groups = planFileGroups("fe_executor", after, TOKENS);
  assert.ok(groups.length > 2, groups.map((g) => g.name).join(", "));
  const asked = affectedGroups("fe_executor", groups, recipeSpec, after);
  assert.equal(asked[0], groups[0], "the shared files (API client, types) always");
  const pages = asked.flatMap((g) => g.files);
  assert.ok(pages.some((f) => f.includes("/ingredients")), pages.join(", "));
  assert.ok(asked.length < groups.length, "some groups are left as they are");
  assert.ok(!pages.some((f) => f.includes("/tags")), "Tag's pages do not show ingredients");
});

Deno.test("affectedGroups() asks nothing for an unchanged spec, and only the tests for new requirements", () => {
  const groups = planFileGroups("be_executor", recipeSpec, 4_000);
  assert.deepEqual(
    affectedGroups(
      "fe_executor",
      planFileGroups("fe_executor", recipeSpec, TOKENS),
      recipeSpec,
      recipeSpec,
    ),
    [],
  );
  assert.deepEqual(affectedGroups("be_executor", groups, recipeSpec, recipeSpec), []);
  const more = edit(recipeSpec, (s) => {
    s.requirements = [...(s.requirements ?? []), {
      id: "r99",
      text: "I can list recipes",
      kinds: ["crud"],
      status: "implemented",
      by: ["entity:Recipe"],
      scenarios: [{ name: "list", steps: [{ method: "GET", path: "/api/recipes", status: 200 }] }],
    }];
  });
  assert.deepEqual(affectedGroups("be_executor", groups, recipeSpec, more).map((g) => g.name), [
    "tests",
  ]);
});

Deno.test("buildFrontendMessages() with a change shows it and the current files to rewrite", () => {
  const [, user] = buildFrontendMessages({
    spec: recipeSpec,
    change: "+ entity Tag: fields: name",
    files: [{ path: "frontend/lib/api.ts", content: "export const api = 1;\n" }],
  });
  assert.match(user!.content, /The app exists and its spec changed/);
  assert.match(user!.content, /\+ entity Tag: fields: name/);
  assert.match(
    user!.content,
    /<current_file>\npath: frontend\/lib\/api\.ts\nexport const api = 1;/,
  );
});
