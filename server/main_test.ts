import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { describeServerStart } from "./main.ts";
import { HAS_REDIS, NO_REDIS, startRedis } from "../scale/_testing.ts";

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

Deno.test("describeServerStart() says who runs the jobs: this process, or workers through Redis", async (t) => {
  await t.step("in process, offline", () => {
    assert.equal(
      describeServerStart({
        endpoint: "stdio",
        jobsDir: "/srv/jobs",
        provider: "offline",
        sampling: false,
      }),
      "stackforge MCP server on stdio (jobs in /srv/jobs; runs jobs in this process, provider offline)",
    );
  });
  await t.step("in process, the client's model when it offers sampling", () => {
    assert.match(
      describeServerStart({
        endpoint: "stdio",
        jobsDir: "/srv/jobs",
        provider: "offline",
        sampling: true,
      }),
      /runs jobs in this process, provider offline \(the client's model instead when it offers sampling\)\)$/,
    );
  });
  await t.step("queued for workers, over HTTP with a token", () => {
    assert.equal(
      describeServerStart({
        endpoint: "http://127.0.0.1:8787/mcp",
        jobsDir: "/srv/jobs",
        provider: "openai",
        sampling: false,
        queuedTo: "redis://redis:6379",
        access: ["bearer token required"],
      }),
      "stackforge MCP server on http://127.0.0.1:8787/mcp (jobs in /srv/jobs; queues jobs in Redis at redis://redis:6379 for workers (deno task worker), none run here; new jobs use provider openai; bearer token required)",
    );
  });
  await t.step("queued, but sampling jobs stay here", () => {
    assert.match(
      describeServerStart({
        endpoint: "stdio",
        jobsDir: "/srv/jobs",
        provider: "offline",
        sampling: true,
        queuedTo: "redis://redis:6379",
      }),
      /none run here but sampling ones; new jobs use provider offline/,
    );
  });
});

/** Starts the server and returns its first stderr line, then stops it by closing stdin. */
async function startLine(args: string[], env: Record<string, string>): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { STACKFORGE_JOBS_DIR: Deno.makeTempDirSync(), STACKFORGE_PYTHON: "/nonexistent", ...env },
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/stackforge MCP server on .*\n/.test(text)) {
    const { done, value } = await lines.read();
    if (done) break;
    text += value;
  }
  if (args.includes("--http")) child.kill("SIGTERM");
  else await child.stdin.close();
  while (!(await lines.read()).done);
  await child.status;
  return /stackforge MCP server on .*/.exec(text)?.[0] ?? text;
}

Deno.test("server/main.ts --stdio says it runs jobs in its own process, on which provider", async () => {
  const line = await startLine(["--stdio"], { STACKFORGE_SAMPLING: "off" });
  assert.match(
    line,
    /^stackforge MCP server on stdio \(jobs in \/.+; runs jobs in this process, provider offline\)$/,
  );
});

Deno.test({
  name:
    `server/main.ts with REDIS_URL says jobs are queued for workers, without the Redis password${NO_REDIS}`,
  ignore: !HAS_REDIS,
  fn: async () => {
    const redis = await startRedis();
    try {
      for (const args of [["--stdio"], ["--http", "--port", "0"]]) {
        const line = await startLine(args, {
          REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${redis.port}`,
          STACKFORGE_PROVIDER: "openai",
          OPENAI_API_KEY: "sk-test",
        });
        assert.match(
          line,
          new RegExp(
            `queues jobs in Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port} for workers \\(deno task worker\\), none run here; new jobs use provider openai\\)$`,
          ),
        );
        assert.doesNotMatch(line, /s3cret/);
      }
    } finally {
      await redis.stop();
    }
  },
});
