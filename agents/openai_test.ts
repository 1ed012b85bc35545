import assert from "node:assert/strict";
import { join } from "node:path";
import { generateApp } from "./generate.ts";
import { renderBackend } from "./offline/backend/mod.ts";
import { renderFrontend } from "./offline/frontend/mod.ts";
import { blogSpec } from "../tests/fixtures/sample_specs.ts";
import {
  BACKEND_SYSTEM_PROMPT,
  FRONTEND_SYSTEM_PROMPT,
  PLANNER_SYSTEM_PROMPT,
} from "../prompts/mod.ts";

/** A loopback OpenAI-compatible endpoint answering each agent from its system prompt. */
function fakeOpenAI(options: { status?: number } = {}) {
  const seen: { model: string; max_tokens: number; response_format: unknown }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.json();
    seen.push(body);
    if (options.status) {
      return Response.json({ error: { message: "nope" } }, { status: options.status });
    }
    const system: string = body.messages[0].content;
    const calls = (files: { path: string; content: string }[]) => ({
      tool_calls: files.map((f) => ({ name: "file_writer", arguments: f })),
    });
    const answer = system === PLANNER_SYSTEM_PROMPT
      ? blogSpec
      : system === FRONTEND_SYSTEM_PROMPT
      ? calls(renderFrontend(blogSpec))
      : system === BACKEND_SYSTEM_PROMPT
      ? calls(renderBackend(blogSpec))
      : { findings: [] };
    return Response.json({
      id: "c1",
      object: "chat.completion",
      created: 0,
      model: body.model,
      choices: [{
        index: 0,
        finish_reason: "stop",
        message: { role: "assistant", content: JSON.stringify(answer) },
      }],
      usage: {
        prompt_tokens: 1_000,
        completion_tokens: 2_000,
        prompt_tokens_details: { cached_tokens: 200 },
      },
    });
  });
  return { server, seen, url: `http://127.0.0.1:${server.addr.port}/v1` };
}

Deno.test("generateApp() with the openai provider records usage and cost from the API", async () => {
  const api = fakeOpenAI();
  const root = Deno.makeTempDirSync();
  try {
    const result = await generateApp("a blog with comments", {
      outDir: join(root, "out"),
      provider: "openai",
      env: {
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: api.url,
        STACKFORGE_MODEL_PLANNER: "gpt-4o",
      },
    });
    assert.equal(result.status, "succeeded", result.reason);
    assert.equal(result.ledger.planner.calls, 1);
    assert.deepEqual(result.ledger.planner.models, ["gpt-4o"]);
    assert.equal(result.ledger.fe_executor.models[0], "gpt-4o-mini");
    assert.equal(result.totals.tokens, 4 * 3_000);
    // gpt-4o: 800 fresh input at $2.5/M, 200 cached at $1.25/M, 2,000 output at $10/M.
    assert.ok(
      Math.abs(result.ledger.planner.usd - (800 * 2.5 + 200 * 1.25 + 2_000 * 10) / 1e6) < 1e-12,
    );
    for (const request of api.seen) {
      assert.deepEqual(request.response_format, { type: "json_object" });
      assert.ok(request.max_tokens >= 256);
    }
    const plannerCall = api.seen.find((r) => r.model === "gpt-4o")!;
    assert.ok(plannerCall.max_tokens <= 10_000, "the planner's call fits its 10K cap");
  } finally {
    await api.server.shutdown();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("generateApp() with the openai provider fails fast on a rejected key", async () => {
  const api = fakeOpenAI({ status: 401 });
  const root = Deno.makeTempDirSync();
  try {
    const result = await generateApp("a blog", {
      outDir: join(root, "out"),
      provider: "openai",
      env: { OPENAI_API_KEY: "sk-bad", OPENAI_BASE_URL: api.url },
    });
    assert.equal(result.status, "failed");
    assert.match(result.reason!, /"planner" failed: Model endpoint answered 401/);
    assert.equal(api.seen.length, 1, "no retries on 401");
  } finally {
    await api.server.shutdown();
    Deno.removeSync(root, { recursive: true });
  }
});
