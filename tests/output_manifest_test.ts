/**
 * Guards refactors that must not change what is generated: the offline
 * provider's output for the 10 fixture prompts is hashed file by file and
 * compared with `tests/fixtures/output_manifest.json`. Regenerate the manifest
 * with `UPDATE_SNAPSHOTS=1` when a change is meant to alter the output.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { PROMPTS } from "./helpers.ts";

const MANIFEST = new URL("./fixtures/output_manifest.json", import.meta.url);

/** SHA-256 of every file of a folder, by relative path. */
function hashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // stackforge's records of what it generated: a hash of the rest.
      if (entry.isDirectory() && entry.name === ".stackforge") continue;
      if (entry.isDirectory()) walk(path);
      else {out[relative(root, path)] = createHash("sha256").update(readFileSync(path)).digest(
          "hex",
        );}
    }
  };
  walk(root);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

Deno.test("generateApp() output for the fixture prompts matches the committed manifest", async () => {
  // No Python: the report's checks do not depend on what this machine has.
  const pipeline = await createPipeline({ toolchain: {} });
  const root = Deno.makeTempDirSync();
  const actual: Record<string, Record<string, string>> = {};
  for (const fixture of PROMPTS) {
    const outDir = join(root, fixture.id);
    const result = await generateApp(fixture.prompt, { pipeline, outDir, jobId: fixture.id });
    assert.equal(result.status, "succeeded", result.reason);
    actual[fixture.id] = hashes(outDir);
  }
  Deno.removeSync(root, { recursive: true });
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") {
    Deno.writeTextFileSync(MANIFEST, JSON.stringify(actual, null, 2) + "\n");
    return;
  }
  const expected = JSON.parse(readFileSync(MANIFEST, "utf8"));
  for (const id of Object.keys(expected)) {
    const want = expected[id] as Record<string, string>;
    const got = actual[id] ?? {};
    assert.deepEqual(Object.keys(got), Object.keys(want), `${id}: the set of files changed`);
    const changed = Object.keys(want).filter((path) => got[path] !== want[path]);
    assert.deepEqual(changed, [], `${id}: these files changed`);
  }
  assert.deepEqual(Object.keys(actual), Object.keys(expected));
});
