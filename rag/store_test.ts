import assert from "node:assert/strict";
import { loadPatterns } from "./library.ts";
import type { Pattern } from "./pattern.ts";
import { createPatternStore, type Embedder, type PatternHit } from "./store.ts";

/** Ideas as users type them, and the pattern each should find first. */
const IDEAS: [string, string][] = [
  ["build a blog with comments", "blog"],
  ["an online shop with a shopping cart and checkout", "ecommerce"],
  ["book appointments with a hairdresser", "booking"],
  ["team chat with channels", "chat"],
  ["track stock across warehouses", "inventory"],
  ["manage sales leads and deals", "crm"],
  ["discussion board with threads", "forum"],
  ["admin dashboard with charts of KPIs", "dashboard"],
  ["todo list", "todo"],
  ["login and signup", "auth"],
  ["a kanban board for bugs and sprints", "kanban"],
  ["a recipe book with ingredients and meal planning", "recipes"],
  ["track my monthly spending and budgets", "expenses"],
  ["event RSVPs with a guest list", "events"],
  ["to-do app", "todo"],
  ["a restaurant table reservation system", "booking"],
  ["a simple website where I can write articles", "blog"],
  ["messaging app like slack", "chat"],
  ["Q&A community for developers", "forum"],
  ["a store for selling handmade jewelry", "ecommerce"],
  ["users can register and edit their profile", "auth"],
  ["warehouse management with suppliers and purchase orders", "inventory"],
  ["a CRM for my small business to track customers", "crm"],
  ["monitor KPIs with graphs", "dashboard"],
  ["a checklist app with reminders and due dates", "todo"],
  ["trello clone", "kanban"],
];

const summary = (hits: PatternHit[]) => hits.map((h) => `${h.pattern.id} ${h.score}`).join(", ");

/** Hashed bag of words: deterministic, and `synonyms` let a test fake "meaning". */
function fakeEmbedder(dimensions = 256, synonyms: Record<string, string> = {}): Embedder & {
  calls: string[][];
} {
  const calls: string[][] = [];
  return {
    dimensions,
    calls,
    embed(texts) {
      calls.push(texts);
      return Promise.resolve(texts.map((text) => {
        const vector = new Array<number>(dimensions).fill(0);
        for (const raw of text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)) {
          const word = synonyms[raw] ?? raw;
          let hash = 2166136261;
          for (const c of word) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
          vector[hash % dimensions]! += 1;
        }
        return vector;
      }));
    },
  };
}

Deno.test('createPatternStore() ranks "blog" first for "build a blog with comments"', async () => {
  const store = await createPatternStore();
  const hits = await store.search("build a blog with comments");
  assert.equal(hits[0]?.pattern.id, "blog", summary(hits));
  assert.deepEqual(hits[0]?.matched, ["blog", "comments"]);
});

Deno.test("createPatternStore() ranks the expected pattern first for realistic ideas", async (t) => {
  const store = await createPatternStore();
  for (const [idea, id] of IDEAS) {
    await t.step(`"${idea}" → ${id}`, async () => {
      const hits = await store.search(idea);
      assert.equal(hits[0]?.pattern.id, id, summary(hits));
    });
  }
});

Deno.test("createPatternStore() still finds the pattern when words are misspelt", async (t) => {
  const store = await createPatternStore();
  const cases: [string, string, string[]][] = [
    ["bloog with coments", "blog", ["bloog", "coments"]],
    ["an onlin stroe with a shoping cart", "ecommerce", ["onlin", "shoping", "cart"]],
    ["tem chat with chanels", "chat", ["chat", "chanels"]],
    ["invetory of stok in warehuoses", "inventory", ["invetory", "stok", "warehuoses"]],
    ["dashbord with kpis", "dashboard", ["dashbord", "kpis"]],
  ];
  for (const [idea, id, matched] of cases) {
    await t.step(`"${idea}" → ${id}`, async () => {
      const hits = await store.search(idea);
      assert.equal(hits[0]?.pattern.id, id, summary(hits));
      for (const word of matched) assert.ok(hits[0]!.matched.includes(word), word);
    });
  }
});

Deno.test("createPatternStore() does not let a typo match unrelated words", async () => {
  // "chat" is one edit from "chart" and "cart": only unknown words are corrected.
  const store = await createPatternStore();
  const hits = await store.search("team chat with channels", 14);
  assert.ok(!hits.some((h) => h.pattern.id === "dashboard" || h.pattern.id === "ecommerce"));
});

Deno.test("createPatternStore() returns no hits for nonsense or empty queries", async () => {
  const store = await createPatternStore();
  assert.deepEqual(await store.search("qwzx plorbt vlemk"), []);
  assert.deepEqual(await store.search("hello world"), []);
  assert.deepEqual(await store.search("   "), []);
  assert.deepEqual(await store.search("a the with and"), []);
});

Deno.test("createPatternStore() gives the same hits and scores every time", async () => {
  const [a, b] = [await createPatternStore(), await createPatternStore()];
  for (const [idea] of IDEAS.slice(0, 8)) {
    const first = await a.search(idea, 14);
    assert.deepEqual(await a.search(idea, 14), first);
    assert.deepEqual(await b.search(idea, 14), first);
  }
});

Deno.test("createPatternStore() orders hits by score, then by id", async () => {
  const todo = loadPatterns().find((p) => p.id === "todo")!;
  const twins: Pattern[] = ["todo-c", "todo-a", "todo-b"].map((id) => ({ ...todo, id }));
  const store = await createPatternStore(twins);
  const hits = await store.search("todo list");
  assert.deepEqual(hits.map((h) => h.pattern.id), ["todo-a", "todo-b", "todo-c"]);
  assert.equal(new Set(hits.map((h) => h.score)).size, 1);

  const all = await (await createPatternStore()).search("list of tasks and orders", 14);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.score >= all[i]!.score);
});

Deno.test("createPatternStore() returns at most k hits", async () => {
  const store = await createPatternStore();
  assert.equal(store.size, loadPatterns().length);
  assert.equal((await store.search("list", 2)).length, 2);
  assert.ok((await store.search("list")).length <= 3);
  assert.deepEqual(await store.search("list", 0), []);
  await assert.rejects(() => store.search("list", -1), RangeError);
  await assert.rejects(() => store.search("list", 1.5), RangeError);
});

Deno.test("createPatternStore() keeps its own frozen copy of the patterns", async () => {
  const patterns = loadPatterns();
  const store = await createPatternStore(patterns);
  patterns.find((p) => p.id === "blog")!.title = "Changed";
  const [hit] = await store.search("blog");
  assert.equal(hit?.pattern.title, "Blog");
  assert.ok(Object.isFrozen(hit?.pattern) && Object.isFrozen(hit?.pattern.entities[0]));
});

Deno.test("createPatternStore() refuses two patterns with one id", async () => {
  const blog = loadPatterns().find((p) => p.id === "blog")!;
  await assert.rejects(() => createPatternStore([blog, blog]), /"blog": the id is used twice/);
});

Deno.test("createPatternStore() with an embedder runs hybrid search", async (t) => {
  const embedder = fakeEmbedder(256, { weblog: "blog", storefront: "shop" });
  const store = await createPatternStore(undefined, { embedder, similarity: 0.1 });
  assert.equal(store.hybrid, true);
  assert.equal(embedder.calls[0]?.length, store.size);

  await t.step("ranks by words and vectors together", async () => {
    const hits = await store.search("build a blog with comments");
    assert.equal(hits[0]?.pattern.id, "blog", summary(hits));
    assert.ok(hits[0]!.score > 0 && hits[0]!.score <= 1);
  });
  await t.step("finds a pattern by meaning when no word matches", async () => {
    const hits = await store.search("my weblog", 1);
    assert.equal(hits[0]?.pattern.id, "blog", summary(hits));
    assert.deepEqual(hits[0]?.matched, []);
    const text = await (await createPatternStore()).search("my weblog");
    assert.deepEqual(text, []);
  });
  await t.step("is deterministic", async () => {
    const again = await createPatternStore(undefined, { embedder, similarity: 0.1 });
    for (const idea of ["team chat with channels", "storefront", "qwzx"]) {
      assert.deepEqual(await again.search(idea, 14), await store.search(idea, 14));
    }
  });
  await t.step("returns nothing when neither words nor vectors match", async () => {
    assert.deepEqual(await store.search("qwzx plorbt"), []);
  });
});

Deno.test("createPatternStore() rejects an embedder with the wrong vector size", async () => {
  const embedder: Embedder = { ...fakeEmbedder(8), dimensions: 16 };
  await assert.rejects(() => createPatternStore(undefined, { embedder }), RangeError);
});

Deno.test("createPatternStore() rejects out-of-range hybrid options", async () => {
  const embedder = fakeEmbedder(8);
  await assert.rejects(
    () => createPatternStore(undefined, { embedder, similarity: 2 }),
    RangeError,
  );
  await assert.rejects(
    () => createPatternStore(undefined, { embedder, hybridWeights: { text: 1, vector: 0 } }),
    /both must be above 0/,
  );
});
