import assert from "node:assert/strict";
import { type Entity, type Spec, specProblems, SpecSchema } from "../core/spec.ts";
import { completeSpec } from "../core/routes.ts";
import { singularize, snakeCase } from "../core/words.ts";
import { loadPatterns, parsePattern, PATTERN_FILES, patternProblems } from "./library.ts";
import type { Pattern, PatternEntity } from "./pattern.ts";

const REQUIRED_IDS = [
  "auth",
  "blog",
  "booking",
  "chat",
  "crm",
  "dashboard",
  "ecommerce",
  "forum",
  "inventory",
  "todo",
];

function blog(): Pattern {
  return structuredClone(loadPatterns().find((p) => p.id === "blog")!);
}

function entity(p: Pattern, name: string): PatternEntity {
  return p.entities.find((e) => e.name === name)!;
}

/** The spec the planner would build from these entities of a pattern. */
function specOf(p: Pattern, entities: readonly PatternEntity[]): Spec {
  const names = new Set(entities.map((e) => e.name));
  const specEntities: Entity[] = entities.map(({ core: _core, aliases: _aliases, ...e }) => ({
    ...e,
    relations: e.relations.filter((r) => names.has(r.target)),
  }));
  return completeSpec({
    name: snakeCase(p.id),
    title: p.title,
    summary: p.description,
    patterns: [p.id],
    auth: p.auth,
    entities: specEntities,
  });
}

Deno.test("loadPatterns() loads every JSON file of rag/patterns", () => {
  const files = [...Deno.readDirSync(new URL("./patterns/", import.meta.url))]
    .filter((f) => f.isFile && f.name.endsWith(".json"))
    .map((f) => f.name)
    .sort();
  assert.deepEqual(Object.keys(PATTERN_FILES).sort(), files);
  assert.deepEqual(loadPatterns().map((p) => `${p.id}.json`), files);
});

Deno.test("loadPatterns() has the patterns the planner relies on, and at least 12", () => {
  const ids = loadPatterns().map((p) => p.id);
  for (const id of REQUIRED_IDS) assert.ok(ids.includes(id), `missing pattern "${id}"`);
  assert.ok(ids.length >= 12, `only ${ids.length} patterns`);
});

Deno.test("loadPatterns() returns fresh objects on every call", () => {
  const first = loadPatterns();
  first[0]!.title = "changed";
  assert.notEqual(loadPatterns()[0]!.title, "changed");
});

Deno.test("parsePattern() accepts every pattern file unchanged", async (t) => {
  for (const [file, raw] of Object.entries(PATTERN_FILES)) {
    await t.step(file, () => {
      // Equal to the raw JSON: no key was dropped or defaulted on the way.
      assert.deepEqual(parsePattern(raw, file), raw);
    });
  }
});

Deno.test("patternProblems() finds no problem in any pattern file", async (t) => {
  for (const p of loadPatterns()) {
    await t.step(p.id, () => assert.deepEqual(patternProblems(p), []));
  }
});

Deno.test("loadPatterns() patterns are complete descriptions of their kind of app", async (t) => {
  for (const p of loadPatterns()) {
    await t.step(p.id, () => {
      const min = p.id === "auth" ? 1 : 2;
      assert.ok(p.entities.length >= min && p.entities.length <= 6, "1-6 entities (2+ but auth)");
      assert.ok(p.notes.length >= 3 && p.notes.length <= 6, "3-6 notes");
      assert.ok(p.pages.length >= 3, "3+ pages");
      assert.ok(p.endpoints.length >= 3, "3+ endpoints");
      assert.ok(p.keywords.length >= 5, "5+ keywords");
      if (p.id !== "auth") assert.ok(p.entities.some((e) => e.core), "a core entity");
      for (const e of p.entities) {
        for (const alias of e.aliases) {
          const last = alias.split(" ").at(-1)!;
          assert.equal(singularize(last), last, `alias "${alias}" of ${e.name} is singular`);
        }
        // A row needs a title, except in join entities (two required links).
        const display = e.fields.find((f) => f.name === e.display)!;
        const join = e.relations.filter((r) => r.required).length >= 2;
        assert.ok(display.required || join, `display field of ${e.name} is required`);
      }
    });
  }
});

Deno.test("loadPatterns() patterns become valid specs, with or without optional entities", async (t) => {
  for (const p of loadPatterns()) {
    await t.step(p.id, () => {
      const full = specOf(p, p.entities);
      assert.deepEqual(specProblems(SpecSchema.parse(full)), []);
      const core = p.entities.filter((e) => e.core);
      if (core.length === 0) return;
      const coreOnly = specOf(p, core);
      assert.deepEqual(specProblems(SpecSchema.parse(coreOnly)), []);
      // Only optional relations were dropped with the optional entities.
      const dropped = core.flatMap((e) => e.relations).filter((r) =>
        !core.some((c) => c.name === r.target)
      );
      assert.ok(dropped.every((r) => !r.required));
    });
  }
});

Deno.test("parsePattern() names the file and the path of each problem", () => {
  const raw = blog();
  entity(raw, "Post").fields[0]!.name = "id";
  (raw as { id: string }).id = "Blog Posts";
  assert.throws(() => parsePattern(raw, "blog.json"), (e: unknown) => {
    assert.ok(e instanceof TypeError);
    assert.match(e.message, /^Invalid pattern "blog\.json": /);
    assert.match(e.message, /id: must be kebab-case or snake_case/);
    assert.match(e.message, /entities\[1\]\.fields\[0\]\.name: is reserved by the generated code/);
    return true;
  });
});

Deno.test("parsePattern() rejects a misspelt key instead of dropping it", () => {
  const raw = { ...blog(), keyword: ["x"] };
  assert.throws(() => parsePattern(raw, "x.json"), /\(root\): Unrecognized key: "keyword"/);
  const field = { ...blog() };
  (entity(field, "Post").fields[0] as Record<string, unknown>).maximum = 3;
  assert.throws(() => parsePattern(field, "x.json"), /entities\[1\]\.fields\[0\]: Unrecognized/);
});

Deno.test("parsePattern() rejects page and endpoint lines without a description", () => {
  const raw = { ...blog(), pages: ["/posts"], endpoints: ["PATCH /api/posts/{id} — edit"] };
  assert.throws(() => parsePattern(raw, "x.json"), (e: unknown) => {
    assert.match(String(e), /pages\[0\]: must read "\/route — what it shows"/);
    assert.match(String(e), /endpoints\[0\]: must read "METHOD \/api\/path — what it does"/);
    return true;
  });
});

Deno.test("patternProblems() blocks a core entity requiring an optional one", () => {
  const p = blog();
  entity(p, "Post").relations[0]!.required = true;
  assert.deepEqual(patternProblems(p), [
    'Entity "Post": relation "category_id" to non-core "Category" must be optional in a core entity',
  ]);
  // Optional entities may require each other: PostTag needs Tag.
  assert.equal(entity(p, "PostTag").relations.find((r) => r.target === "Tag")?.required, true);
});

Deno.test("patternProblems() reports dangling and misplaced relations", () => {
  const p = blog();
  entity(p, "Comment").relations.push({ target: "Author", field: "author_id", required: false });
  entity(p, "Category").relations.push({ target: "Post", field: "post_id", required: false });
  entity(p, "Comment").relations[1]!.required = true; // parent_id, to itself
  assert.deepEqual(patternProblems(p), [
    'Entity "Category": relation "post_id" points at "Post", which must come before it',
    'Entity "Comment": relation "parent_id" to itself must be optional',
    'Entity "Comment": relation "author_id" points at unknown entity "Author"',
  ]);
});

Deno.test("patternProblems() reports names, display fields, access and bounds", () => {
  const p = blog();
  p.auth = false;
  p.entities.push({ ...entity(p, "Tag"), aliases: ["tag"] });
  const post = entity(p, "Post");
  post.display = "headline";
  post.fields.push({ name: "title", type: "string", required: false, min: 1 });
  post.fields.push({ name: "score", type: "integer", required: false, min: 5, max: 1 });
  post.relations.push({ target: "Category", field: "slug_id", required: false });
  post.fields.push({ name: "slug_id", type: "integer", required: false });
  const problems = patternProblems(p);
  for (
    const expected of [
      'Entity "Tag" is defined twice',
      'Plural "tags" is used twice',
      'Entity "Post": access "owner_write" needs auth in the pattern',
      'Entity "Post": field "title" is defined twice',
      'Entity "Post": field "title" of type "string" cannot have min/max',
      'Entity "Post": field "score" has min 5 above max 1',
      'Entity "Post": display field "headline" is not a field',
      'Entity "Post": relation "slug_id" is also a field or relation',
    ]
  ) {
    assert.ok(problems.includes(expected), `${expected}\nin ${problems.join("\n")}`);
  }
});

Deno.test("patternProblems() reports an alias shared by two entities", () => {
  const p = blog();
  entity(p, "Tag").aliases.push("article");
  assert.deepEqual(patternProblems(p), ['Alias "article" belongs to both "Post" and "Tag"']);
});
