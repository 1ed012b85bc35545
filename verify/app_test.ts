import assert from "node:assert/strict";
import { join } from "node:path";
import { blogSpec } from "../tests/fixtures/sample_specs.ts";
import { AppFolderError, loadApp } from "./app.ts";
import { verifyApp } from "./mod.ts";

function fakeApp(files: Record<string, string>): string {
  const dir = Deno.makeTempDirSync();
  for (const [name, text] of Object.entries(files)) {
    Deno.mkdirSync(join(dir, name, ".."), { recursive: true });
    Deno.writeTextFileSync(join(dir, name), text);
  }
  return dir;
}

const LAYOUT = { "backend/app/main.py": "", "frontend/package.json": "{}" };

Deno.test("loadApp() rejects a folder that is not a generated app", () => {
  const dir = fakeApp({ "README.md": "hi" });
  assert.throws(
    () => loadApp(dir),
    (error: unknown) =>
      error instanceof AppFolderError && error.code === "not_an_app" &&
      error.message.includes("missing backend/app/main.py, frontend/package.json"),
  );
  assert.throws(() => loadApp(join(dir, "nope")), /no such folder/);
});

Deno.test("loadApp() reports a missing spec", () => {
  const dir = fakeApp(LAYOUT);
  assert.throws(
    () => loadApp(dir),
    (error: unknown) =>
      error instanceof AppFolderError && error.code === "missing_spec" &&
      /missing spec \(no spec\.json/.test(error.message),
  );
});

Deno.test("loadApp() reports a spec that does not parse or fit the schema", () => {
  assert.throws(() => loadApp(fakeApp({ ...LAYOUT, "spec.json": "{" })), /Cannot read/);
  assert.throws(
    () => loadApp(fakeApp({ ...LAYOUT, "spec.json": JSON.stringify({ name: "x" }) })),
    /not a valid spec/,
  );
});

Deno.test("loadApp() reads a generated app with its spec", () => {
  const app = loadApp(fakeApp({ ...LAYOUT, "spec.json": JSON.stringify(blogSpec) }));
  assert.equal(app.spec.name, "blog");
  assert.ok(app.backendDir.endsWith("backend"));
});

Deno.test("verifyApp() returns the folder problem instead of throwing, and runs nothing", async () => {
  const dir = fakeApp(LAYOUT);
  const result = await verifyApp(dir);
  assert.equal(result.ok, false);
  assert.match(result.error ?? "", /missing spec/);
  assert.deepEqual(result.stages, []);
});
