import assert from "node:assert/strict";
import { mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { resolveOutputDir } from "./output_dir.ts";

function root(): string {
  const base = realpathSync(Deno.makeTempDirSync({ prefix: "stackforge-out-" }));
  mkdirSync(join(base, "root"));
  return join(base, "root");
}

Deno.test("resolveOutputDir() places a relative or absolute folder inside the output root", () => {
  const r = root();
  assert.equal(resolveOutputDir(r, "blog"), join(r, "blog"));
  assert.equal(resolveOutputDir(r, "apps/blog/"), join(r, "apps/blog"));
  assert.equal(resolveOutputDir(r, join(r, "crm")), join(r, "crm"));
  assert.equal(resolveOutputDir(r, "a/../b"), join(r, "b"));
});

Deno.test("resolveOutputDir() blocks folders outside the root, saying what to do instead", async (t) => {
  const r = root();
  mkdirSync(join(r, "..", "root-evil"));
  symlinkSync(join(r, ".."), join(r, "escape"));
  const cases: [string, RegExp][] = [
    ["../elsewhere", /outside STACKFORGE_MCP_OUTPUT_ROOT; give a folder inside it/],
    ["/etc", /outside STACKFORGE_MCP_OUTPUT_ROOT/],
    [join(r, "..", "root-evil", "x"), /outside STACKFORGE_MCP_OUTPUT_ROOT/],
    ["escape/x", /leads outside STACKFORGE_MCP_OUTPUT_ROOT through a symbolic link/],
    ["escape", /leads outside STACKFORGE_MCP_OUTPUT_ROOT through a symbolic link/],
    [".", /it is the output root itself/],
    [r, /it is the output root itself/],
    ["bad\0name", /contains a NUL byte/],
    ["  ", /it is empty/],
  ];
  for (const [given, message] of cases) {
    await t.step(JSON.stringify(given), () => {
      assert.throws(
        () => resolveOutputDir(r, given),
        (e: Error) =>
          e instanceof RangeError && /^Cannot use output_dir "/.test(e.message) &&
          message.test(e.message),
      );
    });
  }
});

Deno.test("resolveOutputDir() without STACKFORGE_MCP_OUTPUT_ROOT refuses any output_dir", () => {
  assert.throws(
    () => resolveOutputDir(undefined, "blog"),
    /^RangeError: Cannot use output_dir: this server has no STACKFORGE_MCP_OUTPUT_ROOT; leave output_dir out/,
  );
});
