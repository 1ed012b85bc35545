import assert from "node:assert/strict";
import { loadPatterns } from "../../rag/library.ts";
import { createPatternStore } from "../../rag/store.ts";
import { InputError } from "../../core/errors.ts";
import { type Spec, specProblems } from "../../core/spec.ts";
import { PROMPTS } from "../../tests/helpers.ts";
import { planOffline } from "./plan.ts";

const library = loadPatterns();
const store = await createPatternStore(library);

async function plan(prompt: string) {
  return planOffline({ prompt, hits: await store.search(prompt, 3), library });
}

Deno.test("planOffline() gives each fixture prompt the entities a reader expects", async (t) => {
  for (const fixture of PROMPTS) {
    await t.step(fixture.id, async () => {
      const spec = await plan(fixture.prompt);
      const names = spec.entities.map((e) => e.name);
      for (const expected of fixture.entities) {
        assert.ok(names.includes(expected), `${fixture.prompt}: ${expected} not in ${names}`);
      }
      assert.equal(spec.auth, fixture.auth);
      if (fixture.pattern !== null) assert.equal(spec.patterns[0], fixture.pattern);
      for (const [entity, fields] of Object.entries(fixture.fields ?? {})) {
        const found = spec.entities.find((e) => e.name === entity)!;
        for (const field of fields) {
          assert.ok(found.fields.some((f) => f.name === field), `${entity}.${field} missing`);
        }
      }
      assert.deepEqual(specProblems(spec), []);
      assert.ok(spec.entities.length <= 8);
    });
  }
});

Deno.test("planOffline() hangs children introduced with 'with' or 'for each' off their parent", async () => {
  const plants = await plan("track my houseplants with watering logs and photos");
  const log = plants.entities.find((e) => e.name === "WateringLog")!;
  assert.deepEqual(log.relations, [{
    target: "Houseplant",
    field: "houseplant_id",
    required: true,
  }]);
  assert.ok(
    plants.entities.find((e) => e.name === "Houseplant")!.fields.some((f) =>
      f.name === "image_url"
    ),
  );
  const habits = await plan("a habit tracker where I record daily check-ins for each habit");
  assert.equal(habits.entities.find((e) => e.name === "Checkin")?.relations[0]?.target, "Habit");
});

Deno.test("planOffline() makes personal data private when the app has sign-in", async () => {
  const spec = await plan("a todo app with login where users keep their own tasks");
  assert.equal(spec.auth, true);
  assert.equal(spec.entities[0]?.access, "private");
  const open = await plan("a todo app");
  assert.ok(open.entities.every((e) => e.access === "public"));
});

Deno.test("planOffline() turns attribute words into typed fields", async () => {
  const spec = await plan("a reading list of books with ratings, notes and a due date");
  const book = spec.entities.find((e) => e.name === "Book")!;
  const byName = Object.fromEntries(book.fields.map((f) => [f.name, f]));
  assert.deepEqual(byName.rating, {
    name: "rating",
    type: "integer",
    required: false,
    min: 1,
    max: 5,
  });
  assert.equal(byName.notes?.type, "text");
  assert.equal(byName.due_date?.type, "date");
});

Deno.test("planOffline() refuses a prompt that names nothing an app would keep, saying what to describe", async () => {
  for (const prompt of ["build something simple", "asdf", "hello"]) {
    await assert.rejects(() => plan(prompt), (error: Error) => {
      assert.ok(error instanceof InputError, prompt);
      assert.match(
        error.message,
        /^Cannot plan an app from .*: describe the app: what it keeps track of/,
      );
      return true;
    });
  }
});

Deno.test("planOffline() is deterministic", async () => {
  for (const fixture of PROMPTS) {
    assert.deepEqual(await plan(fixture.prompt), await plan(fixture.prompt));
  }
});

Deno.test("planOffline() turns a verb into a record linking the entities around it", async () => {
  const library = await plan("a library system to lend books to members");
  assert.deepEqual(library.entities.map((e) => e.name).sort(), ["Book", "Loan", "Member"]);
  assert.deepEqual(
    library.entities.find((e) => e.name === "Loan")!.relations.map((r) => r.target),
    ["Book", "Member"],
  );
  const jobs = await plan("job board where companies post jobs and candidates apply");
  assert.deepEqual(
    jobs.entities.find((e) => e.name === "Application")?.relations.map((r) => r.target),
    ["Job", "Candidate"],
  );
});

Deno.test("planOffline() does not read descriptors and app words as entities", async () => {
  for (
    const [prompt, expected] of [
      ["a kanban board for my team with projects, issues and labels", [
        "Issue",
        "Label",
        "Project",
      ]],
      ["simple notes app", ["Note"]],
      ["a school portal for students, courses and grades", ["Course", "Grade", "Student"]],
    ] as const
  ) {
    const spec = await plan(prompt);
    assert.deepEqual(spec.entities.map((e) => e.name).sort(), expected, prompt);
  }
});

Deno.test("planOffline() reads 'a recipe book' as the app, not a Book entity", async () => {
  const spec = await plan("a recipe book with ingredients");
  assert.ok(!spec.entities.some((e) => e.name === "Book"));
  assert.ok(spec.entities.some((e) => e.name === "Recipe"));
  const library = await plan("a library of books and authors");
  assert.ok(library.entities.some((e) => e.name === "Book"));
});

Deno.test("planOffline() names pattern entities with the user's own words", async () => {
  const desk = await plan(
    "a help desk where customers open support tickets and agents add replies",
  );
  const ticket = desk.entities.find((e) => e.name === "Ticket");
  assert.ok(ticket, desk.entities.map((e) => e.name).join());
  assert.equal(ticket.plural, "tickets");
  for (const entity of desk.entities) {
    for (const relation of entity.relations) {
      assert.notEqual(relation.target, "Issue");
      assert.notEqual(relation.field, "issue_id");
    }
  }
  assert.deepEqual(specProblems(desk), []);
});

Deno.test("planOffline() never leaves a cycle of required relations", async () => {
  const spec = await plan(
    "job board where companies post openings and candidates apply with a cover letter",
  );
  const byName = new Map(spec.entities.map((e) => [e.name, e]));
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
    from === to ||
    (!seen.has(from) && (seen.add(from), true) &&
      (byName.get(from)?.relations ?? []).some((r) => r.required && reaches(r.target, to, seen)));
  for (const entity of spec.entities) {
    for (const r of entity.relations.filter((r) => r.required)) {
      assert.ok(!reaches(r.target, entity.name), `${entity.name} -> ${r.target} closes a cycle`);
    }
  }
  assert.ok(spec.entities.some((e) => e.name === "Application"));
});

Deno.test("planOffline() gives the 10 evaluation prompts the entities a reader expects", async () => {
  const fixtures = JSON.parse(
    Deno.readTextFileSync(new URL("../../tests/fixtures/eval_prompts.json", import.meta.url)),
  ) as { prompt: string; entities: string[]; auth: boolean }[];
  for (const fixture of fixtures) {
    const spec = await plan(fixture.prompt);
    const names = spec.entities.map((e) => e.name);
    for (const expected of fixture.entities) {
      assert.ok(names.includes(expected), `${fixture.prompt}: ${expected} not in ${names}`);
    }
    assert.equal(spec.auth, fixture.auth, fixture.prompt);
    assert.deepEqual(specProblems(spec), []);
  }
});

Deno.test("planOffline() links things handed to someone, made by someone, or recorded about something", async () => {
  const parents = (spec: Spec, name: string) =>
    spec.entities.find((e) => e.name === name)?.relations.map((r) => r.target);
  const chores = await plan("chore chart where we assign chores to the kids");
  assert.deepEqual(parents(chores, "Chore"), ["Kid"]);
  const jobs = await plan("job board where companies post jobs and candidates apply");
  assert.deepEqual(parents(jobs, "Job"), ["Company"]);
  const vet = await plan(
    "vet clinic where owners register their pets and make appointments with a doctor",
  );
  assert.ok(parents(vet, "Appointment")?.includes("Pet"), JSON.stringify(vet.entities));
  const desk = await plan("help desk: customers open tickets and agents add replies");
  assert.deepEqual(parents(desk, "Reply"), ["Ticket"]);
  assert.deepEqual(parents(desk, "Ticket") ?? [], []);
});

Deno.test("planOffline() totals and averages the quantity each row keeps", async () => {
  const reading = await plan("log reading sessions for each book and show total pages per book");
  const book = reading.entities.find((e) => e.name === "Book")!;
  const total = book.fields.find((f) => f.computed?.kind === "aggregate");
  assert.deepEqual(total?.computed, {
    kind: "aggregate",
    op: "sum",
    entity: "ReadingSession",
    via: "book_id",
    field: "pages",
  });
  assert.ok(
    reading.entities.find((e) => e.name === "ReadingSession")!.fields.some((f) =>
      f.name === "pages" && f.type === "integer"
    ),
  );
  // Nothing to average: said, not faked.
  const wine = await plan("wine cellar: my bottles, with the average rating per bottle");
  const missing = wine.requirements?.find((r) => /average rating/i.test(r.text));
  assert.equal(missing?.status, "not_implemented", JSON.stringify(wine.requirements));
});

Deno.test("planOffline() gives sign-in and roles to apps where two kinds of people act", async () => {
  const school = await plan(
    "school portal: teachers create courses, students enroll, teachers enter grades",
  );
  assert.equal(school.auth, true);
  assert.deepEqual(school.roles?.map((r) => [r.name, r.staff]), [
    ["student", false],
    ["teacher", true],
  ]);
  // One kind of person acting is not two kinds of user.
  const club = await plan("book club where members pick books and write reviews");
  assert.deepEqual(club.roles ?? [], []);
});

Deno.test("planOffline() gives things that happen a time, and things named after a number that number", async () => {
  const band = await plan("band app: songs we know, gigs we play, and a setlist for each gig");
  const gig = band.entities.find((e) => e.name === "Gig")!;
  assert.ok(gig.fields.some((f) => f.name === "starts_at" && f.type === "datetime"));
  const school = await plan("gradebook where teachers enter grades for students");
  const grade = school.entities.find((e) => e.name === "Grade")!;
  assert.ok(
    grade.fields.some((f) => f.name === "grade" && f.type === "number"),
    JSON.stringify(grade),
  );
});

Deno.test("planOffline() lets a list hold several of the things it lists", async () => {
  for (
    const [prompt, list, item] of [
      ["band app: songs we know, and a setlist for each gig", "Setlist", "Song"],
      ["each person keeps a wishlist of gifts", "Wishlist", "Gift"],
    ] as const
  ) {
    const spec = await plan(prompt);
    const entity = spec.entities.find((e) => e.name === list)!;
    assert.deepEqual(entity.links?.map((l) => l.target), [item], prompt);
    assert.ok(!entity.relations.some((r) => r.target === item), prompt);
  }
});

Deno.test("planOffline() sums what people earn on the records given to them", async () => {
  const spec = await plan("we assign chores to the kids and they earn points");
  const kid = spec.entities.find((e) => e.name === "Kid")!;
  assert.deepEqual(kid.fields.find((f) => f.name === "total_points")?.computed, {
    kind: "aggregate",
    op: "sum",
    entity: "Chore",
    via: "kid_id",
    field: "points",
  });
});

Deno.test("planOffline() asks for a party's size only where people sit", async () => {
  const gifts = await plan("gift registry: guests reserve gifts");
  assert.ok(gifts.entities.every((e) => !e.fields.some((f) => f.name === "party_size")));
  const tables = await plan("restaurant table reservations for guests");
  assert.ok(tables.entities.some((e) => e.fields.some((f) => f.name === "party_size")));
});
