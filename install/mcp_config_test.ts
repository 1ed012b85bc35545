/**
 * The documented Claude Desktop setup, tried as a user's machine runs it:
 * `deno task mcp:config` prints the config, and the server started exactly
 * as printed (command, args, env; a PATH without deno's folder; a working
 * folder of its own) answers `tools/list` over stdio.
 *
 * @module
 */
import assert from "node:assert/strict";
import { delimiter, dirname, join } from "node:path";
import type { ClaudeDesktopConfig } from "./claude_desktop.ts";
import { which } from "./claude_desktop.ts";
import { INHERITED_ENV, probeStdioServer, withoutProgram } from "./stdio_probe.ts";

const SCRIPT = new URL("./mcp_config.ts", import.meta.url).pathname;
const TOOLS = ["generate_app", "get_spec", "review_risky"];
const PATH = (Deno.env.get("PATH") ?? "").split(delimiter);
/** A PATH with no folder holding deno, as a macOS GUI app has. */
const NO_DENO_PATH = withoutProgram(PATH, "deno");

/** Runs `deno task mcp:config` with `args` and a given PATH; returns the printed config. */
async function printConfig(args: string[], path: string): Promise<{
  config: ClaudeDesktopConfig;
  stderr: string;
}> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", "--allow-env", "--allow-run", SCRIPT, ...args],
    env: { PATH: path },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return { config: JSON.parse(new TextDecoder().decode(out.stdout)), stderr };
}

/** What the probe passes besides PATH: a GUI app's few variables (and this machine's Deno cache). */
function inherited(): Record<string, string> {
  const keep = [...INHERITED_ENV.filter((k) => k !== "PATH"), "DENO_DIR"];
  return Object.fromEntries(
    keep.filter((k) => Deno.env.get(k) !== undefined).map((k) => [k, Deno.env.get(k)!]),
  );
}

Deno.test("deno task mcp:config prints a config whose server answers tools/list with no deno on PATH", async () => {
  const jobs = Deno.makeTempDirSync({ prefix: "stackforge-jobs-" });
  try {
    const { config, stderr } = await printConfig(["--jobs-dir", jobs], PATH.join(delimiter));
    assert.match(stderr, /claude_desktop_config\.json/);
    const server = config.mcpServers.stackforge!;
    assert.ok(server.command.startsWith("/"), `an absolute command: ${server.command}`);
    assert.equal(server.env.STACKFORGE_JOBS_DIR, jobs);
    assert.ok(NO_DENO_PATH.every((dir) => dir !== dirname(server.command)));
    const result = await probeStdioServer(server, { path: NO_DENO_PATH, inherited: inherited() });
    assert.equal(result.serverName, "stackforge");
    for (const tool of TOOLS) assert.ok(result.tools.includes(tool), result.tools.join(", "));
    assert.match(
      result.stderr,
      new RegExp(
        `^stackforge MCP server on stdio \\(jobs in ${jobs}; runs jobs in this process, provider offline`,
        "m",
      ),
      "the server says where its jobs go and who runs them",
    );
  } finally {
    Deno.removeSync(jobs, { recursive: true });
  }
});

const npx = which("npx", PATH.join(delimiter));
const node = which("node", PATH.join(delimiter));
/** The npx form is tried when npx already holds the pinned Deno: the test downloads nothing. */
const npxReady = npx !== undefined && node !== undefined &&
  (await new Deno.Command(npx, {
    args: ["--no-install", "deno@2.9.6", "--version"],
    stdout: "null",
    stderr: "null",
    stdin: "null",
  }).output().then((o) => o.success, () => false));

Deno.test({
  name:
    "deno task mcp:config --npx, printed where only node and npx are installed, starts a server that answers tools/list",
  ignore: !npxReady,
  async fn() {
    const bin = Deno.makeTempDirSync({ prefix: "stackforge-node-only-" });
    const jobs = Deno.makeTempDirSync({ prefix: "stackforge-jobs-" });
    try {
      // A Node.js install with no deno beside it.
      Deno.symlinkSync(Deno.realPathSync(node!), join(bin, "node"));
      Deno.symlinkSync(Deno.realPathSync(npx!), join(bin, "npx"));
      const { config } = await printConfig(["--npx", "--jobs-dir", jobs], bin);
      const server = config.mcpServers.stackforge!;
      assert.equal(server.command, join(bin, "npx"));
      assert.deepEqual(server.args.slice(0, 2), ["-y", "deno@2.9.6"]);
      assert.ok(server.env.PATH!.startsWith(`${bin}${delimiter}`));
      const result = await probeStdioServer(server, { path: NO_DENO_PATH, inherited: inherited() });
      for (const tool of TOOLS) assert.ok(result.tools.includes(tool), result.tools.join(", "));
    } finally {
      Deno.removeSync(bin, { recursive: true });
      Deno.removeSync(jobs, { recursive: true });
    }
  },
});

Deno.test("deno task mcp:config refuses bad usage with one line", async (t) => {
  for (
    const [args, pattern] of [
      [["--npx", "--deno", "/usr/bin/deno"], /^error: give --npx or --deno, not both$/],
      [["--colour"], /^error: Unknown option '--colour'; see --help$/],
      [
        ["--deno", "/nowhere/deno"],
        /^error: Cannot use --deno "\/nowhere\/deno": no executable there$/,
      ],
    ] as const
  ) {
    await t.step(args.join(" "), async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-env", "--allow-run", SCRIPT, ...args],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr).trim();
      assert.equal(out.code, 2);
      assert.match(stderr, pattern);
      assert.equal(new TextDecoder().decode(out.stdout), "");
    });
  }
});
