import assert from "node:assert/strict";
import { followOutput, newLines } from "./follow.ts";

Deno.test("newLines() shows each complete line once, also after the kept tail dropped its start", () => {
  let shown = "";
  const seen: string[] = [];
  const step = (tail: string) => {
    const next = newLines(tail, shown);
    shown = next.shown;
    seen.push(...next.lines);
  };
  const log = Array.from({ length: 400 }, (_, i) => `line ${i}\n`).join("");
  step(log.slice(0, 1_003)); // ends inside a line
  step(log.slice(0, 2_000));
  // The child keeps only its last characters: the start is gone, the end moved on.
  step(log.slice(1_500, 3_000));
  step(log.slice(2_000));
  const expected = log.trimEnd().split("\n");
  assert.deepEqual(seen, expected, "every line once, in order");
  // Nothing shown can be found again (too much output between two looks): the whole tail.
  step("seven\neight\n");
  assert.deepEqual(seen.slice(expected.length), ["seven", "eight"]);
  step("seven\neight\n");
  assert.equal(seen.length, expected.length + 2, "nothing twice");
});

Deno.test("followOutput() prefixes each line with the server's name and flushes on stop", async () => {
  let text = "";
  const lines: string[] = [];
  const stop = followOutput({ output: () => text }, (l) => lines.push(l), "backend  │ ", 10);
  text = "INFO: started\n";
  await new Promise((r) => setTimeout(r, 40));
  text += "INFO: GET /api 200\n";
  stop();
  assert.deepEqual(lines, ["backend  │ INFO: started", "backend  │ INFO: GET /api 200"]);
});
