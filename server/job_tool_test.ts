import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPipeline } from "../pipeline/generate.ts";
import {
  connect,
  type Harness,
  riskyProvider,
  rpc,
  serveHttp,
  slowProvider,
  testPipeline,
  textOf,
} from "./_testing.ts";
import type { CallToolResult } from "@modelcontextprotocol/client";

type Out = {
  job_id: string;
  status: string;
  files: string[];
  held_for_review: string[];
  output_path?: string;
};

const generate = (h: Harness, args: Record<string, unknown>) =>
  h.client.callTool({ name: "generate_app", arguments: args }) as Promise<CallToolResult>;

Deno.test("options.require_review: false never switches off the operator's REQUIRE_HUMAN_REVIEW=true", async () => {
  const strict = await createPipeline({ toolchain: {}, env: { REQUIRE_HUMAN_REVIEW: "true" } });
  const h = await connect({ pipeline: { ...strict, provider: riskyProvider(strict.provider) } });
  try {
    const made = await generate(h, {
      prompt: "a blog with comments",
      options: { require_review: false },
    });
    const out = made.structuredContent as Out;
    assert.equal(out.status, "awaiting_review");
    assert.ok(out.held_for_review.includes("backend/app/main.py"), out.held_for_review.join());
  } finally {
    await h.close();
  }
});

Deno.test("options.require_review: true holds risky files on a server that does not require review", async () => {
  const h = await connect({
    pipeline: { ...testPipeline, provider: riskyProvider(testPipeline.provider) },
  });
  try {
    const out = (await generate(h, {
      prompt: "a blog with comments",
      options: { require_review: true },
    })).structuredContent as Out;
    assert.equal(out.status, "awaiting_review");
  } finally {
    await h.close();
  }
});

Deno.test("a job's folder is 0700 and its files 0600: other users on the machine cannot read them", async () => {
  const h = await connect();
  try {
    const out = (await generate(h, { prompt: "a blog" })).structuredContent as Out;
    const walk = (path: string): [string, number][] =>
      statSync(path).isDirectory()
        ? [
          [path, statSync(path).mode! & 0o777],
          ...readdirSync(path).flatMap((n) => walk(join(path, n))),
        ]
        : [[path, statSync(path).mode! & 0o777]];
    const modes = walk(join(h.deps.jobsDir, out.job_id));
    assert.ok(modes.length > 40);
    for (const [path, mode] of modes) {
      const expected = statSync(path).isDirectory() ? 0o700 : 0o600;
      assert.equal(mode, expected, `${path}: ${mode.toString(8)}`);
    }
  } finally {
    await h.close();
  }
});

Deno.test("the server's cap on jobs at once: a job waits for a free slot, and a full line is refused", async () => {
  const slow = { ...testPipeline, provider: slowProvider(testPipeline.provider, 60) };
  const h = await connect({
    pipeline: slow,
    settings: { maxConcurrentJobs: 1, maxWaitingJobs: 1 },
  });
  try {
    const first = generate(h, { prompt: "a blog", user_id: "ada" });
    await new Promise((r) => setTimeout(r, 20));
    const second = generate(h, { prompt: "a todo list", user_id: "bob" });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(h.deps.slots.load(), { running: 1, waiting: 1 });
    const third = await generate(h, { prompt: "a recipe book", user_id: "cy" });
    assert.equal(third.isError, true);
    assert.match(
      textOf(third),
      /^The server is busy: 1 jobs running and 1 waiting \(STACKFORGE_MAX_CONCURRENT_JOBS, STACKFORGE_MAX_WAITING_JOBS\); retry in a minute$/,
    );
    for (const done of await Promise.all([first, second])) {
      assert.equal((done.structuredContent as Out).status, "succeeded", textOf(done));
    }
  } finally {
    await h.close();
  }
});

Deno.test("a user over the disk quota is refused with what to delete; other users are not", async () => {
  const h = await connect({ settings: { userQuotaBytes: 1024 } });
  try {
    assert.equal((await generate(h, { prompt: "a blog", user_id: "ada" })).isError, undefined);
    const refused = await generate(h, { prompt: "a todo list", user_id: "ada" });
    assert.equal(refused.isError, true);
    assert.match(
      textOf(refused),
      /^Disk quota reached for user "ada": their jobs hold [\d.]+ MiB of 0\.1 MiB \(STACKFORGE_USER_QUOTA_MB\); delete jobs you no longer need with delete_job \(list_jobs shows them\), then retry$/,
    );
    assert.equal((await generate(h, { prompt: "a todo list", user_id: "bob" })).isError, undefined);
  } finally {
    await h.close();
  }
});

Deno.test("output_dir writes the app inside STACKFORGE_MCP_OUTPUT_ROOT and returns its absolute path", async () => {
  const root = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "stackforge-root-" }));
  const h = await connect({ settings: { outputRoot: root } });
  try {
    const made = await generate(h, { prompt: "a blog", output_dir: "blog" });
    const out = made.structuredContent as Out;
    assert.equal(out.status, "succeeded", textOf(made));
    assert.equal(out.output_path, join(root, "blog"));
    assert.match(textOf(made), new RegExp(`Output folder: ${join(root, "blog")}`));
    assert.ok(existsSync(join(root, "blog", "backend/app/main.py")));
    const read = await h.client.readResource({ uri: `stackforge://jobs/${out.job_id}/SPEC.md` });
    assert.match((read.contents[0] as { text: string }).text, /specification/);
  } finally {
    await h.close();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("bad output_dir values get a clear error without the server's paths", async (t) => {
  const root = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "stackforge-root-" }));
  mkdirSync(join(root, "taken"));
  writeFileSync(join(root, "taken", "notes.txt"), "mine");
  const h = await connect({ settings: { outputRoot: root } });
  try {
    const cases: [string, RegExp][] = [
      [
        "../escape",
        /^Cannot use output_dir "\.\.\/escape": it is outside STACKFORGE_MCP_OUTPUT_ROOT/,
      ],
      [
        "taken",
        /failed \(Output folder "\$STACKFORGE_MCP_OUTPUT_ROOT\/taken" is not empty: choose another output_dir/,
      ],
    ];
    for (const [given, message] of cases) {
      await t.step(given, async () => {
        const made = await generate(h, { prompt: "a blog", output_dir: given });
        assert.equal(made.isError, true);
        assert.match(textOf(made), message);
        assert.ok(!textOf(made).includes(root), "no absolute server path");
      });
    }
    assert.equal(Deno.readTextFileSync(join(root, "taken", "notes.txt")), "mine");
  } finally {
    await h.close();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("output_dir on a server without STACKFORGE_MCP_OUTPUT_ROOT is refused, saying why", async () => {
  const h = await connect();
  try {
    const { tools } = await h.client.listTools();
    const generateApp = tools.find((t) => t.name === "generate_app")!;
    assert.ok(!("output_dir" in (generateApp.inputSchema.properties ?? {})), "not offered");
    const made = await generate(h, { prompt: "a blog", output_dir: "/tmp/x" });
    assert.equal(made.isError, true);
    assert.match(
      textOf(made),
      /Unknown argument\(s\) "output_dir": output_dir needs STACKFORGE_MCP_OUTPUT_ROOT on the server; leave it out/,
    );
    const typo = await generate(h, { prompt: "a blog", promt: "x" });
    assert.match(
      textOf(typo),
      /Unknown argument\(s\) "promt": generate_app takes prompt, user_id, options/,
    );
  } finally {
    await h.close();
  }
});

Deno.test("at most one job tool call per JSON-RPC batch", async () => {
  const h = await serveHttp();
  try {
    const call = (id: number) => ({
      jsonrpc: "2.0",
      id,
      method: "tools/call",
      params: { name: "generate_app", arguments: { prompt: "a blog" } },
    });
    const res = await h.handler(
      new Request("http://127.0.0.1:8787/mcp", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
        },
        body: JSON.stringify([call(1), call(2), call(3)]),
      }),
    );
    assert.equal(res.status, 400);
    const body = await res.json() as { error: { code: number; message: string } };
    assert.equal(body.error.code, -32600);
    assert.equal(
      body.error.message,
      "Invalid request: at most one job tool call (generate_app, refine_app, regenerate_app) per request; send the calls one by one",
    );
    assert.deepEqual(await h.deps.store.list(10), [], "no job was started");
  } finally {
    await h.close();
  }
});

Deno.test("a failed job's reason reaches the client without the server's absolute paths", async () => {
  const failing = {
    ...testPipeline,
    provider: {
      ...testPipeline.provider,
      complete: () => Promise.reject(new Error(`cannot read ${Deno.cwd()}/secret/config.json`)),
    },
  };
  const h = await serveHttp({ pipeline: failing });
  try {
    const made = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a blog" },
    }, { tasks: false });
    const text = JSON.stringify(made.result);
    assert.ok(!text.includes(Deno.cwd()), text.slice(0, 300));
    assert.ok(
      !text.includes(h.deps.jobsDir),
      text.slice(text.indexOf(h.deps.jobsDir) - 200, text.indexOf(h.deps.jobsDir) + 100),
    );
  } finally {
    await h.close();
  }
});
