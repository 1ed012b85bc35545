import assert from "node:assert/strict";
import { InputError } from "../../core/errors.ts";
import { type Spec, specProblems } from "../../core/spec.ts";
import { loadPatterns } from "../../rag/library.ts";
import { createPatternStore } from "../../rag/store.ts";
import { planOffline } from "./plan.ts";
import { refineOffline } from "./refine.ts";

const library = loadPatterns();
const store = await createPatternStore(library);

async function plan(prompt: string): Promise<Spec> {
  return planOffline({ prompt, hits: await store.search(prompt, 3), library });
}

async function refine(spec: Spec, change: string): Promise<Spec> {
  return refineOffline({ spec, change, hits: await store.search(change, 3), library });
}

const newRequirements = (before: Spec, after: Spec) => {
  const old = new Set((before.requirements ?? []).map((r) => r.id));
  return (after.requirements ?? []).filter((r) => !old.has(r.id));
};

Deno.test("refineOffline() adds a link and a filter, keeping every old requirement and its id", async () => {
  const before = await plan("a recipe box for my family recipes with their ingredients");
  const after = await refine(before, "add tags to recipes and let me filter by tag");
  assert.deepEqual(specProblems(after), []);
  const recipe = after.entities.find((e) => e.name === "Recipe")!;
  assert.ok(recipe.links?.some((l) => l.target === "Tag" && l.field === "tag_ids"));
  assert.ok(after.entities.some((e) => e.name === "Tag"));
  for (const old of before.requirements ?? []) {
    assert.deepEqual(after.requirements?.find((r) => r.id === old.id), old, old.id);
  }
  const added = newRequirements(before, after);
  assert.ok(added.some((r) => r.kinds.includes("many_to_many") && r.status === "implemented"));
  assert.ok(added.every((r) => r.status === "not_implemented" || r.scenarios.length > 0));
});

Deno.test("refineOffline() removes an entity, its relations and the requirements about it", async () => {
  const before = await plan("a blog with posts and comments");
  assert.ok(before.entities.some((e) => e.name === "Comment"));
  const after = await refine(before, "remove comments");
  assert.deepEqual(specProblems(after), []);
  assert.ok(!after.entities.some((e) => e.name === "Comment"));
  assert.ok(!after.endpoints.some((e) => e.path.includes("comments")));
  assert.ok(
    !(after.requirements ?? []).some((r) =>
      JSON.stringify(r).includes("/api/comments") &&
      r.scenarios.some((s) => s.steps.some((st) => "status" in st && st.status !== 404))
    ),
  );
  const gone = newRequirements(before, after).find((r) => r.text === "Remove comments")!;
  assert.equal(gone.status, "implemented");
  assert.deepEqual(gone.scenarios[0]!.steps.at(-1), {
    method: "GET",
    path: "/api/stats",
    status: 200,
    expect: { comments: { $absent: true } },
  });
});

Deno.test("refineOffline() renames an entity everywhere: relations, columns, paths and requirement texts", async () => {
  const before = await plan(
    "lending library for our community center: books, members, and loans with due dates",
  );
  const after = await refine(before, "rename members to patrons");
  assert.deepEqual(specProblems(after), []);
  const names = after.entities.map((e) => e.name);
  assert.ok(names.includes("Patron") && !names.includes("Member"), names.join());
  const loan = after.entities.find((e) => e.name === "Loan")!;
  assert.ok(loan.relations.some((r) => r.target === "Patron" && r.field === "patron_id"));
  const json = JSON.stringify(
    after.requirements?.filter((r) => r.text !== "Rename members to patrons"),
  );
  assert.doesNotMatch(json, /\/api\/members\b|\bmember_id\b|\bMember\b/);
});

Deno.test("refineOffline() removes and renames a field, and old scenarios follow", async () => {
  const before = await plan("expense tracker for my own spending");
  const expense = before.entities.find((e) => e.name === "Expense")!;
  assert.ok(expense.fields.some((f) => f.name === "notes"));
  const removed = await refine(before, "remove the notes field from expenses");
  assert.deepEqual(specProblems(removed), []);
  assert.ok(
    !removed.entities.find((e) => e.name === "Expense")!.fields.some((f) => f.name === "notes"),
  );
  const old = removed.requirements?.filter((r) => before.requirements?.some((b) => b.id === r.id));
  assert.doesNotMatch(JSON.stringify(old), /"notes"/);
  const proof = newRequirements(before, removed)[0]!;
  const last = proof.scenarios[0]!.steps.at(-1)!;
  assert.ok("method" in last && last.status === 422, JSON.stringify(last));

  const renamed = await refine(before, "rename the merchant field to shop");
  const fields = renamed.entities.find((e) => e.name === "Expense")!.fields.map((f) => f.name);
  assert.ok(fields.includes("shop") && !fields.includes("merchant"), fields.join());
});

Deno.test("refineOffline() restricts deleting to a staff role when asked", async () => {
  const before = await plan("a wiki for our office with pages anyone can edit");
  const after = await refine(before, "only admins should be able to delete pages");
  assert.deepEqual(specProblems(after), []);
  assert.ok(after.auth);
  assert.deepEqual(after.roles?.map((r) => r.name), ["member", "admin"]);
  assert.deepEqual(after.entities.find((e) => e.name === "Page")!.permissions, {
    delete: ["admin"],
  });
});

Deno.test("refineOffline() lists a change it cannot map as not implemented, and refuses an empty one", async () => {
  const before = await plan("a todo list");
  const after = await refine(before, "make it feel more cheerful");
  const added = newRequirements(before, after);
  assert.equal(added.length, 1);
  assert.equal(added[0]!.status, "not_implemented");
  assert.deepEqual(after.entities, before.entities);
  assert.throws(
    () => refineOffline({ spec: before, change: "  ", hits: [], library }),
    (e: Error) => e instanceof InputError && /say what to change/.test(e.message),
  );
});

Deno.test("refineOffline() gives a consistent spec for every refine tuning case", async () => {
  const cases = JSON.parse(
    Deno.readTextFileSync(new URL("../../tests/fixtures/behaviour/refine.json", import.meta.url)),
  ) as { id: string; prompt: string; change: string }[];
  for (const c of cases) {
    const after = await refine(await plan(c.prompt), c.change);
    assert.deepEqual(specProblems(after), [], c.id);
    const ids = (after.requirements ?? []).map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, c.id);
  }
});
