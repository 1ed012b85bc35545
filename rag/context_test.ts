import assert from "node:assert/strict";
import { formatRagContext, NO_PATTERNS_TEXT } from "./context.ts";
import { loadPatterns } from "./library.ts";
import type { PatternHit } from "./store.ts";

const patterns = loadPatterns();
function hit(id: string, score = 12.345, matched = ["blog"]): PatternHit {
  return { pattern: patterns.find((p) => p.id === id)!, score, matched };
}

Deno.test("formatRagContext() says no similar patterns were found when there are no hits", () => {
  assert.equal(formatRagContext([]), NO_PATTERNS_TEXT);
  assert.match(NO_PATTERNS_TEXT, /^No similar patterns found/);
});

Deno.test("formatRagContext() names the pattern, its score and the words that matched", () => {
  const text = formatRagContext([hit("blog", 12.345, ["blog", "comments"])]);
  assert.ok(text.includes("### 1. Blog (id: blog; score 12.35; matched: blog, comments)"), text);
  assert.ok(text.includes(patterns.find((p) => p.id === "blog")!.description));
  assert.ok(text.includes("Sign-in: yes (auth: true)"));
});

Deno.test("formatRagContext() says a vector-only hit matched by meaning", () => {
  assert.ok(formatRagContext([hit("blog", 0.4, [])]).includes("score 0.4; matched by meaning)"));
});

Deno.test("formatRagContext() lists entities with typed fields and relations", () => {
  const text = formatRagContext([hit("blog")]);
  for (
    const line of [
      "- Post (core, owner_write, table posts, display title): ",
      "  aka: post, article, entry, story, blog post",
      "title: string, slug: string, excerpt?: text, body: text, status: enum(draft|published|archived), published_at?: datetime, cover_image_url?: url",
      "  relations: category_id → Category (optional)",
      "  relations: post_id → Post, parent_id → Comment (optional)",
      "- Tag (optional, owner_write, table tags, display name): ",
    ]
  ) assert.ok(text.includes(line), line);
  const shop = formatRagContext([hit("ecommerce")]);
  assert.ok(shop.includes("rating: integer[1..5]"));
  assert.ok(shop.includes("price: number[0..]"));
});

Deno.test("formatRagContext() includes pages, endpoints and notes", () => {
  const blog = patterns.find((p) => p.id === "blog")!;
  const text = formatRagContext([hit("blog")]);
  for (const line of [...blog.pages, ...blog.endpoints, ...blog.notes]) {
    assert.ok(text.includes(`- ${line}`), line);
  }
});

Deno.test("formatRagContext() keeps within maxChars and never cuts inside a pattern", () => {
  const hits = [hit("ecommerce"), hit("blog"), hit("crm")];
  const full = formatRagContext(hits, 100_000);
  for (let max = 200; max <= full.length + 100; max += 97) {
    const text = formatRagContext(hits, max);
    assert.ok(text.length <= max, `${text.length} > ${max}`);
    for (const block of text.split("\n\n### ").slice(1)) {
      // A block is either whole or the short form: its heading line is never cut.
      assert.match(block, /^\d\. .+ \(id: [a-z-]+; score [\d.]+; matched: blog\)\n/);
    }
  }
  assert.equal(formatRagContext(hits, full.length), full);
});

Deno.test("formatRagContext() shortens, then leaves out, the patterns that do not fit", () => {
  const hits = [hit("ecommerce"), hit("blog"), hit("crm")];
  const text = formatRagContext(hits, 6000);
  assert.ok(text.includes("Notes:\n- Never trust prices"), "the best pattern is whole");
  assert.ok(text.includes("### 2. Blog"), "the next one is there");
  const tight = formatRagContext(hits, 1200);
  assert.ok(tight.includes("### 1. Online shop"), tight);
  assert.ok(!tight.includes("Pages:"), "short form only");
  assert.match(tight, /\(Left out to fit the limit: .*crm\.\)$/);
});

Deno.test("formatRagContext() rejects a maxChars that is not a positive integer", () => {
  assert.throws(() => formatRagContext([hit("blog")], 0), RangeError);
  assert.throws(() => formatRagContext([hit("blog")], 10.5), RangeError);
});
