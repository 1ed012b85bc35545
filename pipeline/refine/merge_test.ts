import assert from "node:assert/strict";
import { hasConflictMarkers, mergeText } from "./merge.ts";

const BASE = "import a\n\ndef one():\n    return 1\n\ndef two():\n    return 2\n";

Deno.test("mergeText() keeps the user's edit and takes stackforge's change elsewhere", () => {
  const ours = BASE.replace("return 1", "return 1  # mine");
  const theirs = BASE + "\ndef three():\n    return 3\n";
  const merged = mergeText(BASE, ours, theirs);
  assert.equal(merged.conflicts, 0);
  assert.equal(merged.content, ours + "\ndef three():\n    return 3\n");
});

Deno.test("mergeText() takes the same change made on both sides once", () => {
  const both = BASE.replace("return 2", "return 22");
  assert.deepEqual(mergeText(BASE, both, both), { content: both, conflicts: 0 });
});

Deno.test("mergeText() marks different changes to the same line as a conflict", () => {
  const merged = mergeText(
    BASE,
    BASE.replace("return 2", "return 20"),
    BASE.replace("return 2", "return 200"),
  );
  assert.equal(merged.conflicts, 1);
  assert.match(
    merged.content,
    /<<<<<<< yours\n {4}return 20\n=======\n {4}return 200\n>>>>>>> stackforge\n/,
  );
  assert.ok(hasConflictMarkers(merged.content));
  assert.ok(!hasConflictMarkers(BASE));
});

Deno.test("mergeText() keeps CRLF line ends of a user's file saved on Windows", () => {
  const ours = BASE.replace("return 1", "return 10").replace(/\n/g, "\r\n");
  const theirs = BASE.replace("return 2", "return 20");
  const merged = mergeText(BASE, ours, theirs);
  assert.equal(merged.conflicts, 0);
  assert.equal(
    merged.content,
    BASE.replace("return 1", "return 10").replace("return 2", "return 20").replace(/\n/g, "\r\n"),
  );
});
