import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const MAIN = new URL("./main.ts", import.meta.url).pathname;

async function run(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { STACKFORGE_JOBS_DIR: Deno.makeTempDirSync(), ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("server/main.ts rejects bad flags and configuration with one clear line and exit code 2", async (t) => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["no transport", [], {}, /^error: give exactly one of --stdio or --http; see --help\n$/],
    ["both transports", ["--stdio", "--http"], {}, /exactly one of --stdio or --http/],
    ["an unknown flag", ["--stdio", "--verbose"], {}, /^error: .*--verbose.*; see --help\n$/],
    ["a bad port", ["--http", "--port", "http"], {}, /^error: invalid --port "http"/],
    [
      "a bad environment value",
      ["--stdio"],
      { RATE_LIMIT_REQUESTS_PER_MINUTE: "lots" },
      /^error: Invalid RATE_LIMIT_REQUESTS_PER_MINUTE "lots": expected a whole number/,
    ],
    [
      "a public address without a token",
      ["--http", "--host", "0.0.0.0"],
      {},
      /^error: refusing to listen on "0.0.0.0" without a token: set STACKFORGE_MCP_TOKEN/,
    ],
    ["a short token", ["--stdio"], { STACKFORGE_MCP_TOKEN: "short" }, /STACKFORGE_MCP_TOKEN/],
  ];
  for (const [name, args, env, message] of cases) {
    await t.step(name, async () => {
      const { code, stderr } = await run(args, env);
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
    });
  }
});

Deno.test("server/main.ts --stdio serves 2025-era and MCP 2026-07-28 clients over stdin and stdout", async (t) => {
  for (const era of ["legacy", "modern"] as const) {
    await t.step(era, async () => {
      const jobsDir = Deno.makeTempDirSync();
      const client = new Client(
        { name: "stdio-test", version: "1.0.0" },
        era === "modern" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
      );
      await client.connect(
        new StdioClientTransport({
          command: Deno.execPath(),
          args: ["run", "-A", MAIN, "--stdio"],
          env: {
            ...Deno.env.toObject(),
            STACKFORGE_JOBS_DIR: jobsDir,
            STACKFORGE_PYTHON: "/nonexistent",
          },
          stderr: "ignore",
        }),
      );
      try {
        assert.equal(client.getProtocolEra(), era);
        const { tools } = await client.listTools();
        assert.deepEqual(tools.map((t: { name: string }) => t.name), [
          "generate_app",
          "refine_app",
          "regenerate_app",
          "get_spec",
          "review_risky",
          "list_jobs",
          "delete_job",
        ]);
        const made = await client.callTool({
          name: "generate_app",
          arguments: { prompt: "a blog" },
        });
        const out = made.structuredContent as { status: string; job_id: string };
        assert.equal(out.status, "succeeded");
        const mode = Deno.statSync(`${jobsDir}/${out.job_id}/output/SPEC.md`).mode! & 0o777;
        assert.equal(mode, 0o600, "the server's files are its user's only");
      } finally {
        await client.close();
        Deno.removeSync(jobsDir, { recursive: true });
      }
    });
  }
});

Deno.test("server/main.ts --stdio exits cleanly when the client closes stdin", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "--stdio"],
    env: { STACKFORGE_JOBS_DIR: Deno.makeTempDirSync() },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(
    JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }) + "\n",
  ));
  await writer.close();
  const out = await child.output();
  assert.equal(out.code, 0);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), {
    jsonrpc: "2.0",
    id: 1,
    result: {},
  });
});
