import assert from "node:assert/strict";
import { createLruCache } from "./_lru_cache.ts";

const text = (s: string) => s.length;

Deno.test("createLruCache() stays within its byte limit over 10,000 values", () => {
  const cache = createLruCache<string>({ maxBytes: 100_000, sizeOf: text });
  for (let i = 0; i < 10_000; i++) {
    cache.set(`job${i}`, "x".repeat(1_000 + (i % 7) * 1_000));
    assert.ok(cache.bytes <= 100_000, `${cache.bytes} bytes after ${i + 1} values`);
  }
  assert.ok(cache.size > 0 && cache.size <= 100);
  assert.equal(cache.get("job9999")?.length, 1_000 + (9999 % 7) * 1_000, "the newest is kept");
  assert.equal(cache.get("job0"), undefined, "the oldest is gone");
});

Deno.test("createLruCache() stays within its entry limit", () => {
  const cache = createLruCache<string>({ maxBytes: 1_000_000, maxEntries: 3, sizeOf: text });
  for (const key of ["a", "b", "c", "d"]) cache.set(key, key);
  assert.equal(cache.size, 3);
  assert.equal(cache.bytes, 3);
  assert.equal(cache.get("a"), undefined);
});

Deno.test("createLruCache() drops the least recently used value, not the oldest", () => {
  const cache = createLruCache<string>({ maxBytes: 2, sizeOf: text });
  cache.set("a", "1");
  cache.set("b", "2");
  assert.equal(cache.get("a"), "1");
  cache.set("c", "3");
  assert.deepEqual([cache.get("a"), cache.get("b"), cache.get("c")], ["1", undefined, "3"]);
});

Deno.test("createLruCache() counts a replaced or deleted value's bytes only once", () => {
  const cache = createLruCache<string>({ maxBytes: 10, sizeOf: text });
  cache.set("a", "12345");
  cache.set("a", "123");
  assert.equal(cache.bytes, 3);
  cache.delete("a");
  cache.delete("a");
  assert.deepEqual([cache.size, cache.bytes], [0, 0]);
});

Deno.test("createLruCache() does not keep a value heavier than the whole cache", () => {
  const cache = createLruCache<string>({ maxBytes: 4, sizeOf: text });
  cache.set("small", "abc");
  cache.set("big", "abcdefgh");
  assert.equal(cache.get("big"), undefined);
  assert.equal(cache.get("small"), "abc", "a value too big to keep evicts nothing");
});

Deno.test("createLruCache() rejects invalid limits", () => {
  assert.throws(() => createLruCache({ maxBytes: -1, sizeOf: text }), RangeError);
  assert.throws(() => createLruCache({ maxBytes: 1.5, sizeOf: text }), RangeError);
  assert.throws(() => createLruCache({ maxBytes: 1, maxEntries: 0, sizeOf: text }), RangeError);
});
