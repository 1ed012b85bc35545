import assert from "node:assert/strict";
import { blogSpec } from "../tests/fixtures/sample_specs.ts";
import { fieldProblem, rowProblems } from "./shapes.ts";

const post = blogSpec.entities[0]!;
const row = {
  id: 1,
  title: "Hello",
  body: "Text",
  author: "Ann",
  published: true,
  published_on: "2026-01-15",
  created_at: "2026-01-15T10:00:00",
  updated_at: "2026-01-15T10:00:00",
};

Deno.test("rowProblems() accepts a row with every field of its type", () => {
  assert.deepEqual(rowProblems(post, row), []);
  assert.deepEqual(rowProblems(post, { ...row, published_on: null }), []);
});

Deno.test("rowProblems() names missing fields, null required ones and bad dates", () => {
  const { body: _body, ...noBody } = row;
  assert.deepEqual(rowProblems(post, noBody), [`Post: "body" is missing`]);
  assert.deepEqual(rowProblems(post, { ...row, title: null }), [
    `Post: "title" is null but the field is required`,
  ]);
  assert.deepEqual(rowProblems(post, { ...row, published_on: "15/01/2026" }), [
    `Post: "published_on" is "15/01/2026", not a date (YYYY-MM-DD)`,
  ]);
  assert.deepEqual(rowProblems(post, [row]), ["Post: expected an object, got array"]);
});

Deno.test("fieldProblem() checks enum values and integer bounds of types", () => {
  const field = { name: "level", type: "enum" as const, required: true, values: ["a", "b"] };
  assert.equal(fieldProblem(field, "a"), undefined);
  assert.match(fieldProblem(field, "c") ?? "", /not one of a, b/);
  const count = { name: "count", type: "integer" as const, required: true };
  assert.match(fieldProblem(count, 1.5) ?? "", /not an integer/);
  assert.equal(fieldProblem({ ...count, type: "datetime" }, "2026-01-15T10:00:00Z"), undefined);
});
