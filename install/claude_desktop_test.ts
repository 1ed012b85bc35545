import assert from "node:assert/strict";
import { join } from "node:path";
import {
  chooseForm,
  claudeDesktopConfig,
  isNpxCache,
  serveArgs,
  stableDenoPath,
  which,
} from "./claude_desktop.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const IS_POSIX = Deno.build.os !== "windows";

Deno.test("serveArgs() runs the serve task's flags with an absolute script and --config", () => {
  const task = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))).tasks.serve as string;
  const args = serveArgs(ROOT);
  const [, ...words] = task.split(/\s+/); // "run", the flags, "server/main.ts", "--stdio"
  const script = words.indexOf("server/main.ts");
  assert.deepEqual(args, [
    ...words.slice(0, script),
    "--config",
    join(ROOT, "deno.json"),
    join(ROOT, "server/main.ts"),
    ...words.slice(script + 1),
  ]);
  assert.equal(args.at(-1), "--stdio");
});

Deno.test("claudeDesktopConfig() writes absolute paths only: a GUI app starts it from anywhere", () => {
  const config = claudeDesktopConfig({ root: ROOT, form: "deno", deno: "/opt/homebrew/bin/deno" });
  const server = config.mcpServers.stackforge!;
  assert.equal(server.command, "/opt/homebrew/bin/deno");
  assert.equal(server.env.STACKFORGE_JOBS_DIR, join(ROOT, ".stackforge", "jobs"));
  for (const arg of server.args.filter((a) => !a.startsWith("-") && a !== "run")) {
    assert.ok(arg.startsWith("/"), arg);
  }
  assert.throws(
    () => claudeDesktopConfig({ root: ROOT, form: "deno", deno: "deno" }),
    /The deno path "deno" is not absolute: see `which deno`/,
  );
  assert.throws(
    () => claudeDesktopConfig({ root: ROOT, form: "deno", deno: "/d", jobsDir: "jobs" }),
    /The jobs folder "jobs" is not an absolute path/,
  );
});

Deno.test("claudeDesktopConfig() npx form: npx by its path, node's folder first on PATH, the pinned Deno", () => {
  const config = claudeDesktopConfig({
    root: ROOT,
    form: "npx",
    npx: "/opt/homebrew/bin/npx",
    nodeDir: "/opt/homebrew/bin",
  });
  const server = config.mcpServers.stackforge!;
  assert.equal(server.command, "/opt/homebrew/bin/npx");
  assert.deepEqual(server.args.slice(0, 3), ["-y", "deno@2.9.6", "run"]);
  assert.equal(server.env.PATH, "/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin");
});

Deno.test({
  name:
    "stableDenoPath() writes the PATH entry leading to deno, not the versioned folder it resolves to",
  ignore: !IS_POSIX,
  fn() {
    const dir = Deno.makeTempDirSync();
    try {
      // As Homebrew lays it out: bin/deno → ../Cellar/deno/2.9.6/bin/deno.
      const cellar = join(dir, "Cellar", "deno", "2.9.6", "bin");
      Deno.mkdirSync(cellar, { recursive: true });
      Deno.writeTextFileSync(join(cellar, "deno"), "#!/bin/sh\n");
      Deno.chmodSync(join(cellar, "deno"), 0o755);
      Deno.mkdirSync(join(dir, "bin"));
      Deno.symlinkSync("../Cellar/deno/2.9.6/bin/deno", join(dir, "bin", "deno"));
      const path = [join(dir, "elsewhere"), join(dir, "bin")].join(":");
      assert.equal(stableDenoPath(join(cellar, "deno"), path), join(dir, "bin", "deno"));
      assert.equal(stableDenoPath(join(cellar, "deno"), "/nowhere"), join(cellar, "deno"));
      assert.equal(which("deno", path), join(dir, "bin", "deno"));
      assert.equal(which("deno", "relative/bin"), undefined, "relative PATH entries are skipped");
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});

Deno.test("chooseForm() prints the npx form when this deno runs from npx's cache", () => {
  const execPath = "/Users/ada/.npm/_npx/1cd12db47f285d41/node_modules/deno/deno";
  assert.ok(isNpxCache(execPath));
  assert.ok(!isNpxCache("/opt/homebrew/bin/deno"));
  const env = { PATH: Deno.env.get("PATH") ?? "" };
  if (which("npx", env.PATH) && which("node", env.PATH)) {
    const chosen = chooseForm(undefined, { root: ROOT, execPath, env });
    assert.equal(chosen.options.form, "npx");
    assert.match(chosen.note, /npx's cache, which npm may clean/);
  }
  assert.throws(
    () => chooseForm("npx", { root: ROOT, execPath, env: { PATH: "/nowhere" } }),
    /Cannot print the npx form: no npx on PATH: install Node.js, or use --deno PATH/,
  );
  assert.throws(
    () => chooseForm(undefined, { root: ROOT, execPath, env, deno: "/nowhere/deno" }),
    /Cannot use --deno "\/nowhere\/deno": no executable there/,
  );
});
