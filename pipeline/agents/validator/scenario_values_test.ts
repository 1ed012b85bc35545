import assert from "node:assert/strict";
import {
  localDate,
  PlaceholderError,
  placeholdersIn,
  resolvePlaceholders,
  runToken,
  valueAtPath,
} from "./scenario_values.ts";

const now = new Date(2026, 0, 31, 15, 4, 5);
const context = {
  saved: new Map<string, unknown>([["loan", 7], ["user", { id: 2 }], ["code", "abc"]]),
  run: "k3x9",
  now,
};

Deno.test("resolvePlaceholders() keeps the type of a value that is exactly one placeholder", () => {
  assert.equal(resolvePlaceholders("{loan}", context), 7);
  assert.deepEqual(resolvePlaceholders("{user}", context), { id: 2 });
  assert.deepEqual(
    resolvePlaceholders({ loan_id: "{loan}", ids: ["{loan}"], n: 3, none: null }, context),
    { loan_id: 7, ids: [7], n: 3, none: null },
  );
});

Deno.test("resolvePlaceholders() writes values out inside longer text", () => {
  assert.equal(resolvePlaceholders("/api/loans/{loan}/return", context), "/api/loans/7/return");
  assert.equal(resolvePlaceholders("/r/{code}?x={loan}", context), "/r/abc?x=7");
  assert.equal(resolvePlaceholders("ann-{run}@example.com", context), "ann-k3x9@example.com");
  assert.equal(
    resolvePlaceholders("no {Placeholder} here {}", context),
    "no {Placeholder} here {}",
  );
});

Deno.test("resolvePlaceholders() gives dates from today and the time now", () => {
  assert.equal(resolvePlaceholders("{today}", context), "2026-01-31");
  assert.equal(resolvePlaceholders("{today+1}", context), "2026-02-01");
  assert.equal(resolvePlaceholders("{today-31}", context), "2025-12-31");
  assert.equal(resolvePlaceholders("{today+3}T09:00:00", context), "2026-02-03T09:00:00");
  assert.match(
    String(resolvePlaceholders("{now}", context)),
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/,
  );
});

Deno.test("resolvePlaceholders() refuses a name no step saved, naming what was saved", () => {
  assert.throws(
    () => resolvePlaceholders({ path: "/api/books/{book}" }, context),
    (error: unknown) =>
      error instanceof PlaceholderError && /no value for "\{book\}"/.test(error.message) &&
      /saved: loan, user, code/.test(error.message),
  );
});

Deno.test("localDate() crosses months and years on the local calendar", () => {
  assert.equal(localDate(new Date(2024, 1, 28), 1), "2024-02-29");
  assert.equal(localDate(new Date(2026, 11, 31, 23, 59), 1), "2027-01-01");
});

Deno.test("placeholdersIn() lists saved-value names, not the built-in ones", () => {
  assert.deepEqual(
    placeholdersIn(["/api/x/{a}", { b: "{b}", c: ["{today+2} {run} {now} {a}"] }]),
    ["a", "b"],
  );
});

Deno.test("valueAtPath() follows keys and array indexes", () => {
  const answer = { user: { id: 3 }, rows: [{ id: 4 }], token: "t" };
  assert.equal(valueAtPath(answer, "user.id"), 3);
  assert.equal(valueAtPath(answer, "rows.0.id"), 4);
  assert.equal(valueAtPath([{ id: 5 }], "0.id"), 5);
  assert.equal(valueAtPath(answer, "token"), "t");
  assert.equal(valueAtPath(answer, "user.name"), undefined);
  assert.equal(valueAtPath(answer, "rows.1.id"), undefined);
  assert.equal(valueAtPath(answer, "token.length"), undefined);
  assert.equal(valueAtPath({ a: 1 }, "constructor"), undefined);
});

Deno.test("runToken() makes distinct lower-case tokens", () => {
  const tokens = new Set(Array.from({ length: 50 }, runToken));
  assert.equal(tokens.size, 50);
  for (const token of tokens) assert.match(token, /^[a-z0-9]{6,16}$/);
});
