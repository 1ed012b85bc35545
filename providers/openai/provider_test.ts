import assert from "node:assert/strict";
import { plannerRequest } from "../../tests/fixtures/providers.ts";
import { SpecSchema } from "../../core/spec.ts";
import { join } from "node:path";
import { z } from "zod";
import { generateApp } from "../../pipeline/generate.ts";
import { createOpenAIProvider, type OpenAIOptions, type RetryNotice } from "./provider.ts";
import type { ModelProvider } from "../../core/provider.ts";
import { ProviderError } from "../../core/provider.ts";
import { VALIDATOR_SYSTEM_PROMPT } from "../../prompts/mod.ts";
import { ReviewSchema } from "../../core/answers.ts";
import { blogSpec } from "../../tests/fixtures/sample_specs.ts";
import { startOpenAIFixture } from "../../tests/fixtures/openai_server.ts";

function provider(url: string, options: Partial<OpenAIOptions> = {}) {
  const retries: RetryNotice[] = [];
  const warnings: string[] = [];
  const p: ModelProvider = createOpenAIProvider({
    apiKey: "sk-test",
    baseUrl: url,
    model: "gpt-4o-mini",
    models: {},
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onRetry: (n) => retries.push(n),
    onWarning: (w) => warnings.push(w),
    ...options,
  });
  return { p, retries, warnings };
}

async function withFixture(
  fn: (api: ReturnType<typeof startOpenAIFixture>) => Promise<void>,
  options: Parameters<typeof startOpenAIFixture>[0] = {},
) {
  const api = startOpenAIFixture(options);
  try {
    await fn(api);
  } finally {
    await api.close();
  }
}

Deno.test("generateApp() with the openai provider records usage and cost from the API", async () => {
  await withFixture(async (api) => {
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
      const planner = api.requests.find((r) => r.agent === "planner")!;
      assert.ok(result.ledger.planner.inputTokens > 1_000);
      assert.ok(result.ledger.planner.outputTokens > 500);
      const { inputTokens: i, outputTokens: o, cachedTokens: c } = result.ledger.planner;
      assert.ok(
        Math.abs(result.ledger.planner.usd - ((i - c) * 2.5 + c * 1.25 + o * 10) / 1e6) < 1e-12,
      );
      assert.ok(planner.body.max_tokens <= 10_000, "the planner's call fits its 10K cap");
      for (const request of api.requests) {
        assert.equal(request.body.response_format.type, "json_schema");
        assert.ok(request.body.max_tokens >= 256);
      }
      const validator = api.requests.find((r) => r.agent === "validator")!;
      assert.equal(validator.body.response_format.json_schema.strict, true);
    } finally {
      Deno.removeSync(root, { recursive: true });
    }
  });
});

Deno.test("generateApp() with the openai provider fails fast on a rejected key", async () => {
  await withFixture(async (api) => {
    api.inject("unauthorized", { times: 10 });
    const root = Deno.makeTempDirSync();
    try {
      const result = await generateApp("a blog", {
        outDir: join(root, "out"),
        provider: "openai",
        env: { OPENAI_API_KEY: "sk-bad", OPENAI_BASE_URL: api.url },
      });
      assert.equal(result.status, "failed");
      assert.match(result.reason!, /"planner" failed: Model endpoint answered 401/);
      assert.equal(api.requests.length, 1, "no retries on 401");
    } finally {
      Deno.removeSync(root, { recursive: true });
    }
  });
});

Deno.test("createOpenAIProvider() retries a 429 after its Retry-After", async () => {
  await withFixture(async (api) => {
    const { p, retries } = provider(api.url);
    api.inject("rate_limit");
    const response = await p.complete(plannerRequest());
    assert.equal(typeof response.output, "string");
    assert.equal(api.requests.length, 2);
    assert.equal(retries.length, 1);
    assert.equal(retries[0]!.delayMs, 250);
    assert.equal(retries[0]!.error.code, "http_429");
  }, { retryAfter: "0.25" });
});

Deno.test("createOpenAIProvider() fails a call whose Retry-After is too long", async () => {
  await withFixture(async (api) => {
    const { p } = provider(api.url, { retry: { maxRetryAfterMs: 1_000 } });
    api.inject("rate_limit");
    await assert.rejects(
      () => p.complete(plannerRequest()),
      (e: ProviderError) => e.code === "http_429" && !e.retryable && /wait 120 s/.test(e.message),
    );
    assert.equal(api.requests.length, 1);
  }, { retryAfter: "120" });
});

Deno.test("createOpenAIProvider() backs off on 5xx and gives up after maxRetries", async (t) => {
  await withFixture(async (api) => {
    await t.step("a 500 then success", async () => {
      const { p, retries } = provider(api.url, { random: () => 0.5 });
      api.inject("server_error");
      await p.complete(plannerRequest());
      assert.deepEqual(retries.map((r) => r.delayMs), [2]);
    });
    await t.step("500 every time", async () => {
      api.requests.length = 0;
      const { p, retries } = provider(api.url, { maxRetries: 2 });
      api.inject("server_error", { times: 5 });
      await assert.rejects(
        () => p.complete(plannerRequest()),
        (e: ProviderError) => e.code === "http_500" && e.retryable,
      );
      assert.equal(api.requests.length, 3);
      assert.equal(retries.length, 2);
    });
  });
});

Deno.test("createOpenAIProvider() times out a hanging request and retries it", async () => {
  await withFixture(async (api) => {
    const { p, retries } = provider(api.url, { timeoutMs: 150 });
    api.inject("hang");
    const started = performance.now();
    await p.complete(plannerRequest());
    assert.equal(retries[0]!.error.code, "timeout");
    assert.ok(performance.now() - started < 2_000);
  });
});

Deno.test("createOpenAIProvider() cancels the HTTP request when the signal aborts", async () => {
  await withFixture(async (api) => {
    const { p, retries } = provider(api.url, { timeoutMs: 60_000 });
    api.inject("hang");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await assert.rejects(
      () => p.complete(plannerRequest({ signal: controller.signal })),
      (e: ProviderError) => e.code === "aborted" && !e.retryable,
    );
    assert.ok(performance.now() - started < 1_000);
    assert.equal(retries.length, 0);
  });
});

Deno.test("createOpenAIProvider() retries a response of malformed JSON", async () => {
  await withFixture(async (api) => {
    const { p, retries } = provider(api.url);
    api.inject("malformed_json");
    await p.complete(plannerRequest());
    assert.equal(retries[0]!.error.code, "bad_response");
  });
});

Deno.test("createOpenAIProvider() falls back to JSON mode when json_schema is refused", async () => {
  await withFixture(async (api) => {
    const { p } = provider(api.url);
    api.inject("reject_json_schema");
    await p.complete(plannerRequest());
    await p.complete(plannerRequest());
    assert.deepEqual(api.requests.map((r) => r.body.response_format.type), [
      "json_schema",
      "json_object",
      "json_object",
    ]);
  });
});

Deno.test("createOpenAIProvider() repairs an answer that breaks the schema once", async (t) => {
  await t.step("the repair fits the reservation", async () => {
    await withFixture(async (api) => {
      const { p } = provider(api.url);
      api.inject("schema_violation");
      const response = await p.complete(plannerRequest());
      assert.equal(api.requests.length, 2);
      const repair = api.requests[1]!.body.messages;
      assert.equal(repair.length, 4);
      assert.match(repair[3].content, /does not match the required JSON schema/);
      assert.ok(SpecSchema.safeParse(JSON.parse(response.output as string)).success);
      assert.ok(api.requests[1]!.body.max_tokens <= 6_000);
      assert.ok(response.usage.inputTokens > 2 * 1_000, "usage sums both requests");
    });
  });
  await t.step("no repair when it would overrun the reservation", async () => {
    await withFixture(async (api) => {
      const { p } = provider(api.url);
      api.inject("schema_violation");
      const response = await p.complete(plannerRequest({ maxOutputTokens: 260 }));
      assert.equal(api.requests.length, 1);
      assert.equal(SpecSchema.safeParse(JSON.parse(response.output as string)).success, false);
    });
  });
});

Deno.test("createOpenAIProvider() returns an answer cut at max_tokens with its usage", async () => {
  await withFixture(async (api) => {
    const { p } = provider(api.url);
    const response = await p.complete(plannerRequest({ maxOutputTokens: 300 }));
    assert.equal(api.requests.length, 1, "a cut answer is not repaired");
    assert.equal(response.usage.outputTokens, 300);
    assert.throws(() => JSON.parse(response.output as string), SyntaxError);
  });
});

Deno.test("createOpenAIProvider() reads tool calls as file_writer calls", async () => {
  await withFixture(async (api) => {
    const { p } = provider(api.url);
    const schema = z.object({
      tool_calls: z.array(z.object({ name: z.string(), arguments: z.unknown() })),
    });
    const response = await p.complete({
      ...plannerRequest(),
      schema,
      schemaName: "file_writer_calls",
    });
    const parsed = schema.parse(JSON.parse(response.output as string));
    assert.deepEqual(parsed.tool_calls[0], {
      name: "file_writer",
      arguments: { path: "a", content: "b" },
    });
  }, {
    answer: (r) => {
      r.body.tools = [{ type: "function", function: { name: "file_writer" } }];
      return { tool_calls: [{ name: "file_writer", arguments: { path: "a", content: "b" } }] };
    },
  });
});

Deno.test("createOpenAIProvider() sends max_completion_tokens to reasoning models", async () => {
  await withFixture(async (api) => {
    const { p } = provider(api.url, { model: "o4-mini" });
    await p.complete(plannerRequest());
    const body = api.requests[0]!.body;
    assert.equal(body.max_completion_tokens, 6_000);
    assert.equal(body.max_tokens, undefined);
    assert.equal(body.temperature, undefined);
  });
});

Deno.test("createOpenAIProvider() prices from a JSON file and warns once for unknown models", () => {
  const file = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    Deno.writeTextFileSync(file, JSON.stringify({ "llama3.1": { input: 0.1, output: 0.2 } }));
    const { p, warnings } = provider("http://127.0.0.1:9/v1", {
      pricesFile: file,
      pricesJson: '{"gpt-4o": {"input": 1, "cachedInput": 0.5, "output": 3}}',
    });
    assert.deepEqual(p.priceOf("llama3.1"), { input: 0.1, cachedInput: 0.1, output: 0.2 });
    assert.deepEqual(p.priceOf("gpt-4o-2024-08-06"), { input: 1, cachedInput: 0.5, output: 3 });
    assert.equal(p.priceOf("mistral"), undefined);
    assert.equal(p.priceOf("mistral"), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /Model "mistral" has no price/);
    Deno.writeTextFileSync(file, '{"x": {"input": "cheap"}}');
    assert.throws(() => provider("http://127.0.0.1:9/v1", { pricesFile: file }), RangeError);
  } finally {
    Deno.removeSync(file);
  }
});

Deno.test("createOpenAIProvider() unwraps an answer in a Markdown fence", async () => {
  await withFixture(async (api) => {
    const { p } = provider(api.url);
    const response = await p.complete(plannerRequest());
    assert.equal(api.requests.length, 1, "no repair needed");
    assert.ok(SpecSchema.safeParse(JSON.parse(response.output as string)).success);
  }, { answer: () => "```json\n" + JSON.stringify(blogSpec) + "\n```" });
});

Deno.test("createOpenAIProvider() reads a recorded OpenAI answer with cached tokens", async () => {
  await withFixture(async (api) => {
    const { p } = provider(api.url);
    const response = await p.complete({
      ...plannerRequest(),
      task: { agent: "validator", spec: blogSpec, files: [], checks: [] },
      messages: [
        { role: "system", content: VALIDATOR_SYSTEM_PROMPT },
        { role: "user", content: "review" },
      ],
      schema: ReviewSchema,
      schemaName: "review",
    });
    assert.equal(api.requests[0]!.agent, "validator");
    assert.deepEqual(response.usage, {
      inputTokens: 16_412,
      outputTokens: 58,
      cachedTokens: 1_152,
    });
    assert.equal(response.model, "gpt-4o-mini-2024-07-18");
    const review = ReviewSchema.parse(JSON.parse(response.output as string));
    assert.equal(review.findings[0]!.severity, "warning");
    assert.ok(p.priceOf(response.model), "a dated model name is priced");
  }, { recordedDir: new URL("../../tests/fixtures/openai", import.meta.url).pathname });
});
