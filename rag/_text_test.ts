import assert from "node:assert/strict";
import { createTokenizer, normalize, STEM_MEMO_LIMIT, withinOneEdit } from "./_text.ts";

Deno.test("normalize() splits snake_case and keeps both forms of hyphenated words", () => {
  assert.equal(normalize("E-commerce due_date, Q&A!"), "e commerce ecommerce due date q a");
});

Deno.test("createTokenizer() stems, drops stop words and repeats", () => {
  const { tokenizer, stems } = createTokenizer();
  assert.deepEqual(tokenizer.tokenize("Build an app with comments and Comment threads"), [
    "comment",
    "thread",
  ]);
  assert.equal(stems.get("comments"), "comment");
  assert.equal(stems.get("with"), "");
});

Deno.test("withinOneEdit() accepts one insertion, deletion, substitution or swap", () => {
  for (
    const [a, b] of [["blog", "bloog"], ["coment", "comment"], ["chat", "chap"], ["stok", "stock"]]
  ) {
    assert.ok(withinOneEdit(a!, b!), `${a} ~ ${b}`);
    assert.ok(withinOneEdit(b!, a!), `${b} ~ ${a}`);
  }
  assert.ok(withinOneEdit("warehuos", "warehous"));
  assert.ok(withinOneEdit("same", "same"));
  assert.ok(!withinOneEdit("chat", "cart"));
  assert.ok(!withinOneEdit("blog", "blogger"));
  assert.ok(!withinOneEdit("abcd", "badc"));
});

Deno.test("createTokenizer() remembers a bounded number of words", () => {
  const { tokenizer, stems } = createTokenizer();
  for (let i = 0; i < STEM_MEMO_LIMIT + 5_000; i++) tokenizer.tokenize(`word${i}x`);
  assert.equal(stems.size, STEM_MEMO_LIMIT);
  assert.deepEqual(tokenizer.tokenize("comments"), ["comment"], "still stems past the limit");
});
