import assert from "node:assert/strict";
import { expectProblems, isMatcherObject, MATCHERS, mismatch } from "./scenario_match.ts";

const ok = (expected: unknown, actual: unknown) =>
  assert.equal(mismatch(expected, actual), undefined, JSON.stringify({ expected, actual }));
const bad = (expected: unknown, actual: unknown, message: RegExp) =>
  assert.match(mismatch(expected, actual) ?? "(matched)", message);

Deno.test("mismatch() matches objects key by key and ignores other keys", () => {
  ok({ status: "closed" }, { status: "closed", id: 3 });
  ok({ user: { name: "Ann" } }, { token: "t", user: { name: "Ann", id: 1 } });
  bad({ status: "closed" }, { status: "open" }, /^\$\.status: expected "closed", got "open"$/);
  bad({ user: { id: 2 } }, { user: { id: 1 } }, /^\$\.user\.id: expected 2, got 1$/);
  bad({ id: 1 }, [{ id: 1 }], /^\$: expected an object, got \[/);
});

Deno.test("mismatch() fails a missing key for every matcher but $absent", () => {
  bad({ returned_at: { $type: "string" } }, { id: 1 }, /\$\.returned_at: missing/);
  bad({ status: { $ne: "closed" } }, {}, /\$\.status: missing/);
  bad({ note: null }, {}, /\$\.note: missing \(expected null\)/);
});

Deno.test("mismatch() matches arrays item by item with the same length", () => {
  ok([{ id: 1 }, { id: 2 }], [{ id: 1, x: 0 }, { id: 2 }]);
  bad([{ id: 1 }], [{ id: 1 }, { id: 2 }], /^\$: expected 1 item\(s\), got 2/);
  bad([{ id: 1 }, { id: 3 }], [{ id: 1 }, { id: 2 }], /^\$\[1\]\.id: expected 3, got 2$/);
  bad([1], { 0: 1 }, /expected an array/);
});

Deno.test("mismatch() compares numbers within 0.01 and other values exactly", () => {
  ok(33.33, 33.333);
  ok(12.5, 12.51);
  ok(0.3, 0.1 + 0.2);
  bad(12.5, 12.52, /expected 12\.5, got 12\.52/);
  bad(3, "3", /expected 3, got "3"/);
  ok(true, true);
  bad(false, null, /expected false, got null/);
  ok(null, null);
  bad("a", "A", /expected "a", got "A"/);
});

Deno.test("mismatch() $len: arrays and strings of a length", () => {
  ok({ $len: 2 }, [1, 2]);
  ok({ code: { $len: 7 } }, { code: "abc1234" });
  bad({ $len: 2 }, [1], /expected length 2, got 1/);
  bad({ $len: 2 }, 12, /expected an array or string of length 2/);
});

Deno.test("mismatch() $has and $lacks: an item matching, none matching", () => {
  ok({ $has: { id: 2 } }, [{ id: 1 }, { id: 2, name: "b" }]);
  bad({ $has: { id: 3 } }, [{ id: 1 }], /no item matches \{"id":3\} among 1/);
  bad({ $has: 1 }, "1", /expected an array/);
  ok({ $lacks: { id: 3 } }, [{ id: 1 }, { id: 2 }]);
  ok({ $lacks: { id: 3 } }, []);
  bad({ $lacks: { id: 2 } }, [{ id: 1 }, { id: 2 }], /item 1 matches \{"id":2\}/);
});

Deno.test("mismatch() $sorted: ascending or descending by a field, nulls last", () => {
  ok({ $sorted: { field: "due", direction: "asc" } }, [{ due: "2026-01-01" }, {
    due: "2026-02-01",
  }]);
  ok({ $sorted: { field: "likes", direction: "desc" } }, [{ likes: 5 }, { likes: 5 }, {
    likes: 1,
  }]);
  ok({ $sorted: { field: "at", direction: "desc" } }, [{ at: 3 }, { at: null }, { at: null }]);
  ok({ $sorted: { field: "at", direction: "asc" } }, []);
  bad(
    { $sorted: { field: "likes", direction: "desc" } },
    [{ likes: 1 }, { likes: 5 }],
    /not sorted by "likes" desc: item 0 has 1, item 1 has 5/,
  );
  bad(
    { $sorted: { field: "at", direction: "asc" } },
    [{ at: null }, { at: 2 }],
    /nulls last/,
  );
  bad({ $sorted: { field: "x", direction: "asc" } }, [{ x: 1 }, { x: "a" }], /cannot order/);
});

Deno.test("mismatch() $gte and $lte: numbers at or beyond a bound", () => {
  ok({ $gte: 1 }, 1);
  ok({ $gte: 1 }, 1.005);
  ok({ $gte: 1, $lte: 5 }, 3);
  bad({ $gte: 2 }, 1, /expected ≥ 2, got 1/);
  bad({ $lte: 2 }, 3, /expected ≤ 2, got 3/);
  bad({ $gte: 0 }, "5", /expected a number/);
});

Deno.test("mismatch() $type: JSON types, integers apart from numbers", () => {
  for (
    const [type, value] of [
      ["string", "x"],
      ["number", 1.5],
      ["number", 2],
      ["integer", 2],
      ["boolean", false],
      ["array", []],
      ["object", {}],
      ["null", null],
    ] as const
  ) ok({ $type: type }, value);
  bad({ $type: "integer" }, 1.5, /type integer, got 1\.5/);
  bad({ $type: "object" }, [], /type object/);
  bad({ $type: "null" }, 0, /type null/);
});

Deno.test("mismatch() $absent: a key that is missing, or present with $absent false", () => {
  ok({ password_hash: { $absent: true } }, { id: 1 });
  bad({ password_hash: { $absent: true } }, { password_hash: "x" }, /expected no such key/);
  ok({ id: { $absent: false } }, { id: null });
  bad({ id: { $absent: false } }, {}, /\$\.id: missing/);
  bad({ $absent: true }, [1], /expected no value/);
});

Deno.test("mismatch() $ne and $contains", () => {
  ok({ status: { $ne: "closed" } }, { status: "open" });
  bad({ status: { $ne: "closed" } }, { status: "closed" }, /anything but "closed"/);
  ok({ $ne: { id: 1 } }, { id: 2 });
  ok({ detail: { $contains: "already" } }, { detail: "This loan was already returned" });
  bad({ detail: { $contains: "full" } }, { detail: "ok" }, /containing "full"/);
  bad({ $contains: "1" }, 1, /expected a string/);
});

Deno.test("mismatch() nests matchers inside objects and arrays", () => {
  const answer = {
    balances: [{ name: "Ann", net: 12.5 }, { name: "Bob", net: -12.5 }],
    transfers: [{ from: "Bob", to: "Ann", amount: 12.5 }],
  };
  ok({
    balances: { $len: 2, $has: { name: "Bob", net: { $lte: 0 } } },
    transfers: [{ from: "Bob", amount: { $gte: 12.49 } }],
  }, answer);
  bad(
    { transfers: [{ amount: 10 }] },
    answer,
    /^\$\.transfers\[0\]\.amount: expected 10, got 12\.5$/,
  );
});

Deno.test("isMatcherObject() needs every key to be a matcher", () => {
  assert.ok(isMatcherObject({ $len: 1 }));
  assert.ok(!isMatcherObject({}));
  assert.ok(!isMatcherObject({ id: 1 }));
  assert.ok(!isMatcherObject([{ $len: 1 }]));
});

Deno.test("expectProblems() names unknown matchers, mixed objects and bad arguments", () => {
  assert.deepEqual(expectProblems({ rows: { $len: 2 }, x: [{ $has: { id: 1 } }] }), []);
  assert.match(
    expectProblems({ rows: { $length: 2 } })[0]!,
    /\$\.rows: unknown matcher "\$length"/,
  );
  assert.match(expectProblems({ $len: 1, id: 2 })[0]!, /mixes matchers/);
  assert.match(
    expectProblems({ $gte: 1, $lte: 5 })[0]!,
    /one matcher per object, not \$gte and \$lte/,
  );
  assert.match(expectProblems({ $len: "2" })[0]!, /"\$len" needs a whole number/);
  assert.match(expectProblems({ $type: "date" })[0]!, /"\$type" must be one of/);
  assert.match(expectProblems({ $sorted: { field: "x" } })[0]!, /"\$sorted" needs/);
  assert.match(expectProblems({ $has: { $nope: 1 } })[0]!, /\$\.\$has: unknown matcher "\$nope"/);
  for (const matcher of MATCHERS) {
    assert.doesNotMatch(
      expectProblems({ [matcher]: 1 }).join(),
      /unknown matcher/,
      `${matcher} is known`,
    );
  }
});
