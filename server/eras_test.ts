import assert from "node:assert/strict";
import type { CallToolResult, Progress } from "@modelcontextprotocol/client";
import { connect, riskyProvider, serveHttp, testPipeline, textOf } from "./_testing.ts";

const TOKEN = "operator-token-0123456789";
const TOOLS = [
  "generate_app",
  "refine_app",
  "regenerate_app",
  "get_spec",
  "review_risky",
  "list_jobs",
  "delete_job",
];

Deno.test("MCP 2026-07-28 and 2025-era clients see the same tools and get the same app, over HTTP", async () => {
  const h = await serveHttp();
  try {
    const results: Record<string, unknown>[] = [];
    for (const era of ["modern", "legacy"] as const) {
      const client = await h.client(era);
      assert.equal(client.getProtocolEra(), era);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), TOOLS, era);
      const seen: number[] = [];
      const made = await client.callTool(
        { name: "generate_app", arguments: { prompt: "a blog with comments" } },
        { onprogress: (p: Progress) => seen.push(p.progress) },
      ) as CallToolResult;
      assert.equal(made.isError, undefined, textOf(made));
      assert.ok(seen.length > 5, `${era}: progress notifications`);
      assert.deepEqual(seen, seen.map((_, i) => i + 1));
      const out = made.structuredContent as Record<string, unknown>;
      assert.equal(out.status, "succeeded");
      results.push(out);
      const spec = await client.callTool({ name: "get_spec", arguments: { job_id: out.job_id } });
      assert.equal((spec.structuredContent as { status: string }).status, "succeeded");
    }
    assert.deepEqual(results[0]!.files, results[1]!.files, "the same app in either era");
  } finally {
    await h.close();
  }
});

Deno.test("over 2026-07-28, held files are asked about through input_required, which the SDK client answers", async () => {
  const risky = { ...testPipeline, provider: riskyProvider(testPipeline.provider) };
  const h = await serveHttp({ pipeline: risky }, { hostname: "0.0.0.0", token: TOKEN });
  try {
    const asked: string[] = [];
    const client = await h.client("modern", { capabilities: { elicitation: {} } }, {
      authorization: `Bearer ${TOKEN}`,
    });
    client.setRequestHandler("elicitation/create", (request) => {
      asked.push((request.params as { message: string }).message);
      return { action: "accept", content: { approve: true } };
    });
    const made = await client.callTool({
      name: "generate_app",
      arguments: { prompt: "a blog with comments", options: { require_review: true } },
    }) as CallToolResult;
    const out = made.structuredContent as { status: string; files: string[] };
    assert.equal(asked.length, 1);
    assert.match(asked[0]!, /python-os-exec[\s\S]*Write these files anyway\?/);
    assert.equal(out.status, "succeeded", textOf(made));
    assert.ok(out.files.includes("backend/app/main.py"));
  } finally {
    await h.close();
  }
});

Deno.test("over a 2025-era session, held files are asked about through elicitation (the SDK's shim)", async () => {
  const risky = { ...testPipeline, provider: riskyProvider(testPipeline.provider) };
  let asked = 0;
  const h = await connect({ pipeline: risky }, () => {
    asked++;
    return { action: "decline" };
  });
  try {
    const made = await h.client.callTool({
      name: "generate_app",
      arguments: { prompt: "a blog with comments", options: { require_review: true } },
    }) as CallToolResult;
    assert.equal(asked, 1);
    assert.equal((made.structuredContent as { status: string }).status, "awaiting_review");
  } finally {
    await h.close();
  }
});

Deno.test("stateless 2025 HTTP cannot ask: held files wait for review_risky", async () => {
  const risky = { ...testPipeline, provider: riskyProvider(testPipeline.provider) };
  const h = await serveHttp({ pipeline: risky }, { hostname: "0.0.0.0", token: TOKEN });
  try {
    const client = await h.client("legacy", { capabilities: { elicitation: {} } }, {
      authorization: `Bearer ${TOKEN}`,
    });
    let asked = 0;
    client.setRequestHandler("elicitation/create", () => {
      asked++;
      return { action: "accept", content: { approve: true } };
    });
    const made = await client.callTool({
      name: "generate_app",
      arguments: { prompt: "a blog with comments", options: { require_review: true } },
    }) as CallToolResult;
    assert.equal(asked, 0);
    assert.equal((made.structuredContent as { status: string }).status, "awaiting_review");
  } finally {
    await h.close();
  }
});

Deno.test("sampling is refused on 2026-07-28 with what to use instead", async () => {
  const h = await serveHttp();
  try {
    const client = await h.client("modern");
    const made = await client.callTool({
      name: "generate_app",
      arguments: { prompt: "a blog", options: { provider: "sampling" } },
    }) as CallToolResult;
    assert.equal(made.isError, true);
    assert.match(
      textOf(made),
      /^Cannot use provider "sampling": MCP 2026-07-28 deprecates sampling .*; use "offline" or "openai"$/,
    );
  } finally {
    await h.close();
  }
});
