import assert from "node:assert/strict";
import { plannerRequest } from "../tests/fixtures/providers.ts";
import { countTokens } from "gpt-tokenizer";
import { PLANNER_SYSTEM_PROMPT } from "../prompts/mod.ts";
import { blogSpec } from "../tests/fixtures/sample_specs.ts";
import { estimateTokens } from "./openai/provider.ts";
import { ProviderError } from "../core/provider.ts";
import { createSamplingProvider, type SamplingAnswer, type SamplingRequest } from "./sampling.ts";

/** A provider whose client answers from a script, recording what it was asked. */
function scripted(answers: (SamplingAnswer | Error)[], models = {}) {
  const seen: SamplingRequest[] = [];
  const provider = createSamplingProvider({
    sample: (request) => {
      seen.push(request);
      const next = answers.shift();
      if (next === undefined) throw new Error("no answer left");
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    models,
  });
  return { provider, seen };
}

const SPEC_TEXT = JSON.stringify(blogSpec);

Deno.test("sampling sends the system prompt apart, the rest as turns, and maxTokens as granted", async () => {
  const { provider, seen } = scripted([{ text: SPEC_TEXT, model: "claude-client" }]);
  const response = await provider.complete(plannerRequest());
  assert.equal(seen.length, 1);
  assert.equal(seen[0]!.systemPrompt, PLANNER_SYSTEM_PROMPT);
  assert.deepEqual(seen[0]!.messages, [{
    role: "user",
    text: "<user_request>a blog</user_request>",
  }]);
  assert.equal(seen[0]!.maxTokens, 6_000);
  assert.equal(seen[0]!.modelHint, undefined);
  assert.equal(response.model, "claude-client");
  assert.deepEqual(JSON.parse(response.output as string), blogSpec);
});

Deno.test("sampling estimates usage with the reservation's tokenizer, never above maxTokens", async () => {
  const long = JSON.stringify({ ...blogSpec, summary: "word ".repeat(3_000) });
  const { provider } = scripted([
    { text: SPEC_TEXT, model: "m" },
    { text: long, model: "m", stopReason: "maxTokens" },
  ]);
  const request = plannerRequest();
  const first = await provider.complete(request);
  assert.equal(first.usage.inputTokens, estimateTokens(request.messages));
  assert.equal(first.usage.outputTokens, Math.ceil(countTokens(SPEC_TEXT) * 1.1));
  assert.equal(first.usage.cachedTokens, 0);
  const cut = await provider.complete(plannerRequest({ maxOutputTokens: 1_000 }));
  assert.equal(cut.usage.outputTokens, 1_000, "a client that overran maxTokens is counted at it");
  assert.equal(provider.priceOf(cut.model), undefined, "the client pays: unpriced");
  assert.equal(provider.metered, true, "its tokens still count against the caps");
});

Deno.test("sampling strips a Markdown fence and passes per-agent model hints", async () => {
  const { provider, seen } = scripted(
    [{ text: "```json\n" + SPEC_TEXT + "\n```", model: "" }],
    { planner: "claude-sonnet" },
  );
  const response = await provider.complete(plannerRequest());
  assert.equal(seen[0]!.modelHint, "claude-sonnet");
  assert.equal(provider.modelFor("planner"), "claude-sonnet");
  assert.equal(provider.modelFor("validator"), "mcp-sampling");
  assert.equal(response.model, "mcp-sampling", "a client that names no model");
  assert.deepEqual(JSON.parse(response.output as string), blogSpec);
});

Deno.test("sampling asks once to repair an answer that breaks the schema, inside the reservation", async () => {
  const { provider, seen } = scripted([
    { text: '{"entities": "many"}', model: "m" },
    { text: SPEC_TEXT, model: "m" },
  ]);
  const request = plannerRequest();
  const response = await provider.complete(request);
  assert.equal(seen.length, 2);
  assert.deepEqual(seen[1]!.messages.map((m) => m.role), ["user", "assistant", "user"]);
  assert.match(seen[1]!.messages[2]!.text, /does not match the required JSON schema/);
  assert.deepEqual(JSON.parse(response.output as string), blogSpec);
  const reserved = estimateTokens(request.messages) + request.maxOutputTokens;
  assert.ok(response.usage.inputTokens + response.usage.outputTokens <= reserved);
  assert.ok(seen[1]!.maxTokens < request.maxOutputTokens);
});

Deno.test("sampling returns the first answer when the repair is refused, and no repair without room", async () => {
  const refused = scripted([
    { text: '{"entities": "many"}', model: "m" },
    new ProviderError("sampling_refused", "The MCP client refused", false),
  ]);
  const first = await refused.provider.complete(plannerRequest());
  assert.equal(first.output, '{"entities": "many"}');
  assert.equal(refused.seen.length, 2);
  const tight = scripted([{ text: '{"entities": "many"}', model: "m" }]);
  await tight.provider.complete(plannerRequest({ maxOutputTokens: 20 }));
  assert.equal(tight.seen.length, 1, "a repair that cannot fit is not asked");
});

Deno.test("sampling passes the client's refusal on and makes no call once cancelled", async () => {
  const { provider, seen } = scripted([
    new ProviderError("sampling_refused", "The MCP client refused: User rejected", false),
  ]);
  await assert.rejects(provider.complete(plannerRequest()), /User rejected/);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    provider.complete(plannerRequest({ signal: controller.signal })),
    (e: unknown) => e instanceof ProviderError && e.code === "aborted" && !e.retryable,
  );
  assert.equal(seen.length, 1);
});
