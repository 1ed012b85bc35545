import assert from "node:assert/strict";
import { hashText, manifestOf, readManifest } from "./manifest.ts";
import { planUpdate } from "./update_plan.ts";

const enc = (text: string) => new TextEncoder().encode(text);

/** A folder as a map, its manifest made from what stackforge generated before. */
function plan(
  before: Record<string, string>,
  disk: Record<string, string>,
  after: Record<string, string>,
  mode: "merge" | "replace" = "merge",
) {
  const previous = manifestOf(Object.entries(before).map(([path, content]) => ({ path, content })));
  const bases = new Map(Object.values(before).map((c) => [hashText(c), c]));
  return planUpdate({
    generated: Object.entries(after).map(([path, content]) => ({ path, content })),
    previous,
    read: (path) => (path in disk ? enc(disk[path]!) : undefined),
    base: (sha) => bases.get(sha),
    mode,
  });
}

Deno.test("planUpdate() gives each kind of path its outcome", () => {
  const result = plan(
    {
      "a.py": "a\n",
      "edited.py": "x\ny\n",
      "kept.py": "k\n",
      "deleted.py": "d\n",
      "deleted_changed.py": "e\n",
      "stale.py": "s\n",
      "stale_edited.py": "t\n",
    },
    {
      "a.py": "a\n",
      "edited.py": "X\ny\n",
      "kept.py": "mine\n",
      "stale.py": "s\n",
      "stale_edited.py": "mine\n",
      "mine.py": "my own\n",
      "new_here.py": "my own\n",
    },
    {
      "a.py": "a2\n",
      "edited.py": "x\ny\nz\n",
      "kept.py": "k\n",
      "deleted.py": "d\n",
      "deleted_changed.py": "e2\n",
      "new.py": "n\n",
      "new_here.py": "generated\n",
    },
  );
  assert.deepEqual(Object.fromEntries(result.files.map((f) => [f.path, f.outcome])), {
    "a.py": "updated",
    "deleted.py": "left_deleted",
    "deleted_changed.py": "restored",
    "edited.py": "merged",
    "kept.py": "kept",
    "new.py": "added",
    "new_here.py": "in_the_way",
    "stale.py": "removed",
    "stale_edited.py": "orphaned",
  });
  assert.deepEqual(result.writes.map((f) => [f.path, f.content]), [
    ["a.py", "a2\n"],
    ["deleted_changed.py", "e2\n"],
    ["edited.py", "X\ny\nz\n"],
    ["new.py", "n\n"],
  ]);
  assert.deepEqual(result.deletes, ["stale.py"]);
  // The next merge's base is what stackforge generated, not the user's version.
  assert.equal(result.manifest.files["edited.py"]?.sha256, hashText("x\ny\nz\n"));
  assert.equal(result.manifest.files["new_here.py"], undefined, "the user's path stays the user's");
  assert.equal(result.manifest.files["stale_edited.py"], undefined);
  assert.ok(result.manifest.files["deleted.py"], "still stackforge's, still deleted");
});

Deno.test("planUpdate() in replace mode writes over stackforge's files and keeps the rest", () => {
  const result = plan(
    { "a.py": "a\n", "old.py": "o\n" },
    { "a.py": "edited\n", "old.py": "o\n", "notes.md": "mine\n", "b.py": "mine\n" },
    { "a.py": "a2\n", "b.py": "b\n" },
    "replace",
  );
  assert.deepEqual(result.writes.map((f) => f.path), ["a.py", "b.py"]);
  assert.deepEqual(result.deletes, ["old.py"]);
  assert.ok(!result.files.some((f) => f.path === "notes.md"));
});

Deno.test("readManifest() refuses a manifest naming a path outside the folder (path traversal)", () => {
  const root = Deno.makeTempDirSync();
  Deno.mkdirSync(`${root}/.stackforge`);
  for (const path of ["../escape.txt", "/etc/passwd", "a/../../b", "a\\\\b"]) {
    const manifest = {
      generator: "stackforge",
      version: 1,
      files: { [path]: { sha256: "0".repeat(64), bytes: 0 } },
    };
    Deno.writeTextFileSync(`${root}/.stackforge/manifest.json`, JSON.stringify(manifest));
    assert.throws(() => readManifest(root), /must be a relative path inside the folder/, path);
  }
  Deno.removeSync(root, { recursive: true });
});
