import assert from "node:assert/strict";
import { SCRIPT_TREE_LIMIT, scriptTree, syntaxErrors } from "./script_tree.ts";

Deno.test("scriptTree() parses a file once for its readers, and again when path or text differ", () => {
  const text = "export const a = <div>{1}</div>;\n";
  const first = scriptTree("app/a.tsx", text);
  assert.equal(scriptTree("app/a.tsx", text), first);
  assert.deepEqual(syntaxErrors(first), []);
  // As .ts the same text is not JSX: another tree, with syntax errors.
  const asTs = scriptTree("app/a.ts", text);
  assert.notEqual(asTs, first);
  assert.ok(syntaxErrors(asTs).length > 0);
  assert.notEqual(scriptTree("app/a.tsx", text + "\n"), first);
});

Deno.test("scriptTree() keeps only the most recent trees", () => {
  const kept = scriptTree("keep.ts", "export const keep = 1;\n");
  const dropped = scriptTree("drop.ts", "export const drop = 1;\n");
  for (let i = 0; i < SCRIPT_TREE_LIMIT - 1; i++) {
    scriptTree(`f${i}.ts`, `export const f${i} = ${i};\n`);
    // Used all along: stays.
    assert.equal(scriptTree("keep.ts", "export const keep = 1;\n"), kept);
  }
  assert.notEqual(scriptTree("drop.ts", "export const drop = 1;\n"), dropped);
});
