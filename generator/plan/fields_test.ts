import assert from "node:assert/strict";
import { loadPatterns } from "../../rag/library.ts";
import { createPatternStore } from "../../rag/store.ts";
import { specProblems } from "../../core/spec.ts";
import { fieldOf, readFieldLists } from "./fields.ts";
import { parsePrompt } from "./nlp.ts";
import { planOffline } from "./plan.ts";
import { stagesOf } from "./frames/workflow.ts";

const library = loadPatterns();
const store = await createPatternStore(library);

async function plan(prompt: string) {
  const spec = planOffline({ prompt, hits: await store.search(prompt, 3), library });
  assert.deepEqual(specProblems(spec), [], prompt);
  return spec;
}

const entity = (spec: Awaited<ReturnType<typeof plan>>, name: string) => {
  const found = spec.entities.find((e) => e.name === name);
  assert.ok(found, `${name} not in ${spec.entities.map((e) => e.name)}`);
  return found;
};

Deno.test("fieldOf() types a listed item by what it names", () => {
  const cases: [string, string, string][] = [
    ["date of birth", "date_of_birth", "date"],
    ["vaccinated yes/no", "vaccinated", "boolean"],
    ["weight kg", "weight_kg", "number"],
    ["number of copies", "copies", "integer"],
    ["size: small/medium/large", "size", "enum"],
    ["a cover photo", "cover_photo_url", "image"],
    ["website", "url", "url"],
    ["owner email", "owner_email", "email"],
    ["symptoms", "symptoms", "text"],
    ["breed", "breed", "string"],
  ];
  for (const [item, name, type] of cases) {
    const field = fieldOf(item);
    assert.equal(field?.name, name, item);
    assert.equal(field?.type, type, item);
  }
  assert.equal(fieldOf("size: small/medium/large")?.values?.join(), "small,medium,large");
  // Clauses and pronouns are no fields.
  for (const item of ["tag them", "HR approves", "search by region", "gift..."]) {
    assert.equal(fieldOf(item), undefined, item);
  }
});

Deno.test("readFieldLists() reads brackets, 'with', colons and a list of its own", () => {
  const read = (prompt: string) =>
    readFieldLists(parsePrompt(prompt)).map((l) => [
      l.thing.join(" "),
      l.fields.map((f) => `${f.name}:${f.type}`).join(","),
    ]);
  assert.deepEqual(read("for every tank I record water tests (date, ph, ammonia ppm, notes)"), [
    ["water test", "date:date,ph:number,ammonia_ppm:number,notes:text"],
  ]);
  assert.deepEqual(read("Kayak rentals with a hull number, seats and a return date."), [
    ["kayak rental", "hull_number:integer,capacity:integer,return_date:date"],
  ]);
  assert.deepEqual(read("The puzzles I own: brand, pieces, missing pieces yes/no."), [
    ["puzzle", "brand:string,pieces:string,missing_pieces:boolean"],
  ]);
  assert.deepEqual(read("Tailoring jobs. Customer name, garment, due date."), [
    ["tailoring job", "customer_name:string,garment:string,due_date:date"],
  ]);
  // Example values and things are not fields.
  assert.deepEqual(read("tag recipes (vegan, quick, dessert...)"), []);
  assert.deepEqual(read("a store with products, a cart and checkout"), []);
});

Deno.test("planOffline() gives a listed thing its fields and keeps pattern fields off it", async () => {
  const spec = await plan(
    "aquarium log: for every tank I record water tests (date, ph, nitrate level, notes)",
  );
  const test = entity(spec, "WaterTest");
  assert.deepEqual(
    test.fields.filter((f) => f.computed === undefined).map((f) => [f.name, f.type]).filter((
      [n],
    ) => n !== test.display),
    [["date", "date"], ["ph", "number"], ["nitrate_level", "number"], ["notes", "text"]],
  );
  assert.ok(test.relations.some((r) => r.target === "Tank"), JSON.stringify(test.relations));
});

Deno.test("stagesOf() reads stages written as arrows, 'from … to …' and a list", () => {
  assert.deepEqual(stagesOf("Orders go: placed -> baking -> ready -> handed over."), [
    "placed",
    "baking",
    "ready",
    "handed_over",
  ]);
  assert.deepEqual(stagesOf("staff move claims from submitted to reviewed to paid"), [
    "submitted",
    "reviewed",
    "paid",
  ]);
  assert.deepEqual(stagesOf("Stages: applied, interviewed, hired."), [
    "applied",
    "interviewed",
    "hired",
  ]);
  assert.equal(stagesOf("a list of books, films and games"), undefined);
});

Deno.test("planOffline() turns written stages into one button per stage, in order", async () => {
  const spec = await plan(
    "Laptop repair tickets with customer name and fault. Tickets go received -> diagnosed -> fixed -> returned. Record the time it was fixed.",
  );
  const ticket = spec.entities.find((e) => e.label.endsWith("ticket"))!;
  assert.ok(ticket.fields.some((f) => f.name === "fault"), JSON.stringify(ticket.fields));
  assert.ok(!spec.entities.some((e) => e.name === "Fault"));
  const status = ticket.fields.find((f) => f.computed?.kind === "state");
  assert.deepEqual(status?.values, ["received", "diagnosed", "fixed", "returned"]);
  const actions = (spec.actions ?? []).filter((a) => a.entity === ticket.name);
  assert.deepEqual(actions.map((a) => a.name), ["mark_diagnosed", "mark_fixed", "mark_returned"]);
  assert.deepEqual(actions[1]!.when, [{ field: "status", op: "eq", value: "diagnosed" }]);
  assert.ok(ticket.fields.some((f) => f.name === "fixed_at" && f.computed?.kind === "stamp"));
  const requirement = (spec.requirements ?? []).find((r) =>
    r.by.includes(`action:${ticket.name}.mark_fixed`)
  );
  assert.equal(requirement?.status, "implemented");
  const steps = requirement!.scenarios[0]!.steps.filter((s) =>
    "method" in s && s.method === "POST"
  );
  // Skipping a stage and repeating one are refused.
  assert.ok(steps.filter((s) => "status" in s && s.status === 409).length >= 2);
});

Deno.test("planOffline() keeps ratings as rows with their range, once per person", async () => {
  const spec = await plan(
    "wine club tastings: members score each wine 0-20, one score per member per wine, show the average score of each wine",
  );
  const score = entity(spec, "Score");
  const value = score.fields.find((f) => f.name === "score")!;
  assert.deepEqual([value.type, value.min, value.max], ["integer", 0, 20]);
  assert.ok(score.relations.some((r) => r.target === "Wine"));
  assert.ok(
    (spec.rules ?? []).some((r) => r.kind === "unique" && r.entity === "Score"),
    JSON.stringify(spec.rules),
  );
});

Deno.test("planOffline() makes a named button a one-click change that records when", async () => {
  const spec = await plan(
    "dry cleaning tickets: customer, garment, price. a 'collected' button on each ticket",
  );
  const action = (spec.actions ?? []).find((a) => a.name === "mark_collected");
  assert.ok(action, JSON.stringify(spec.actions));
  const owner = entity(spec, action.entity);
  assert.ok(owner.fields.some((f) => f.name === "collected_at" && f.computed?.kind === "stamp"));
  assert.ok(!spec.entities.some((e) => e.name === "Collected"));
});

Deno.test("planOffline() reads teams people join as things with room for more", async () => {
  const spec = await plan(
    "pub quiz league: players join teams, max 6 per team, list teams that still have space",
  );
  const team = entity(spec, "Team");
  assert.ok(team.fields.some((f) => f.name === "capacity" || f.name === "max_players"));
  assert.ok((spec.actions ?? []).some((a) => a.entity === "Team" && a.kind === "record"));
  assert.ok(!spec.entities.some((e) => e.name === "Space"));
});

Deno.test("planOffline() lists a figure it keeps nothing for as not implemented", async () => {
  const spec = await plan(
    "seed library: seed packets (variety, year). need a list of packets by year, a 'taken' button, and average germination per variety",
  );
  const missing = (spec.requirements ?? []).filter((r) => r.status === "not_implemented");
  assert.ok(
    missing.some((r) => /germination/i.test(r.text)),
    JSON.stringify(spec.requirements?.map((r) => [r.text, r.status])),
  );
});
