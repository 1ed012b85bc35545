import assert from "node:assert/strict";
import { join } from "node:path";
import { DEFAULT_LIMITS } from "../../core/budget.ts";
import type { PipelineEvent } from "../../core/events.ts";
import { createPipeline, generateApp } from "../generate.ts";
import { createJobState } from "../../core/job_state.ts";
import { createOpenAIProvider } from "../../providers/openai/provider.ts";
import { allowedSteps, routeWithModel } from "./routing.ts";
import { createEventBus } from "../../core/events.ts";
import type { ModelProvider } from "../../core/provider.ts";
import { createPromptIntegrity } from "../../guardrails/integrity.ts";
import { PROMPTS } from "../../prompts/mod.ts";
import { blogSpec } from "../../tests/fixtures/sample_specs.ts";
import { type FixtureOptions, startOpenAIFixture } from "../../tests/fixtures/openai_server.ts";

async function routedJob(
  fixture: FixtureOptions,
  env: Record<string, string> = {},
) {
  const api = startOpenAIFixture(fixture);
  const root = Deno.makeTempDirSync();
  const events: PipelineEvent[] = [];
  try {
    const provider = createOpenAIProvider({
      apiKey: "sk-test",
      baseUrl: api.url,
      model: "gpt-4o-mini",
      models: {},
      onWarning: () => {},
    });
    const pipeline = await createPipeline({ provider, toolchain: {}, env });
    const result = await generateApp("a blog with comments", {
      outDir: join(root, "out"),
      pipeline,
      llmRouting: true,
      onEvent: (e) => events.push(e),
    });
    return { result, events, requests: [...api.requests] };
  } finally {
    await api.close();
    Deno.removeSync(root, { recursive: true });
  }
}

const started = (events: PipelineEvent[]) =>
  events.flatMap((e) => (e.type === "agent_started" ? [e.agent] : []));

function jobState() {
  return createJobState({
    jobId: "j",
    userId: "u",
    prompt: "a blog",
    provider: "openai",
    limits: DEFAULT_LIMITS,
    createdAt: "2026-01-01T00:00:00.000Z",
  });
}

const feError = {
  agent: "fe_executor" as const,
  severity: "error" as const,
  check: "contract",
  message: "page /posts calls GET /post, which the backend lacks",
};

Deno.test("allowedSteps() lists agents with work to do, the deterministic choice first", () => {
  const state = jobState();
  assert.deepEqual(allowedSteps(state, ["planner"]), ["planner"]);
  state.spec = blogSpec;
  assert.deepEqual(allowedSteps(state, ["fe_executor", "be_executor"]), [
    "fe_executor",
    "be_executor",
  ]);
  state.frontend = [];
  state.backend = [];
  assert.deepEqual(allowedSteps(state, ["validator"]), ["validator"]);
  state.findings = [feError];
  state.validation = { passed: false, findings: [feError] } as never;
  assert.deepEqual(allowedSteps(state, ["fe_executor"]), ["fe_executor", "planner"]);
  state.attempts.planner = 4;
  assert.deepEqual(allowedSteps(state, ["fe_executor"]), ["fe_executor"]);
});

Deno.test("routeWithModel() follows an allowed choice that differs from the deterministic one", async () => {
  const state = jobState();
  state.spec = blogSpec;
  state.frontend = [];
  state.backend = [];
  state.findings = [feError];
  state.validation = { passed: false, findings: [feError] } as never;
  state.attempts.planner = 1;
  const provider: ModelProvider = {
    name: "fake",
    metered: false,
    modelFor: () => "fake",
    priceOf: () => undefined,
    countTokens: () => 0,
    complete: () =>
      Promise.resolve({
        output: { next: "planner", reason: "the contract itself is wrong" },
        usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0 },
        model: "fake",
      }),
  };
  const deps = {
    provider,
    integrity: createPromptIntegrity(PROMPTS),
    bus: createEventBus(),
    now: () => 0,
  };
  const decision = await routeWithModel({ state }, deps, { kind: "run", agents: ["fe_executor"] });
  assert.deepEqual(decision, { kind: "run", agents: ["planner"] });
  assert.equal(state.ledger.orchestrator.calls, 1);
});

Deno.test("generateApp() with llmRouting keeps the executors concurrent when the model picks one", async () => {
  const { result, events, requests } = await routedJob({
    answer: (
      r,
    ) => (r.agent === "orchestrator" ? { next: "be_executor", reason: "backend" } : undefined),
  });
  assert.equal(result.status, "succeeded", result.reason);
  assert.deepEqual(started(events), ["planner", "fe_executor", "be_executor", "validator"]);
  assert.ok(requests.filter((r) => r.agent === "orchestrator").length >= 1);
  assert.ok(result.ledger.orchestrator.calls >= 1);
});

Deno.test("generateApp() with llmRouting falls back when the model re-plans without cause", async () => {
  const { result, events } = await routedJob({
    answer: (r) => (r.agent === "orchestrator" ? { next: "planner", reason: "again" } : undefined),
  });
  assert.equal(result.status, "succeeded", result.reason);
  assert.deepEqual(started(events), ["planner", "fe_executor", "be_executor", "validator"]);
});

Deno.test("generateApp() with llmRouting falls back on a step the state does not allow", async () => {
  const { result, events } = await routedJob({
    answer: (
      r,
    ) => (r.agent === "orchestrator" ? { next: "done", reason: "finished early" } : undefined),
  });
  assert.equal(result.status, "succeeded", result.reason);
  assert.deepEqual(started(events), ["planner", "fe_executor", "be_executor", "validator"]);
  assert.ok(result.validation?.passed, "the job was not ended before validation");
});

Deno.test("generateApp() with llmRouting routes deterministically once the orchestrator's cap is spent", async () => {
  const { result } = await routedJob({}, { ORCHESTRATOR_TOKEN_LIMIT: "1200" });
  assert.equal(result.status, "succeeded", result.reason);
  const spent = result.ledger.orchestrator.inputTokens + result.ledger.orchestrator.outputTokens;
  assert.ok(spent <= 1_200, `orchestrator spent ${spent}`);
});

Deno.test("generateApp() with llmRouting and the offline provider succeeds", async () => {
  const root = Deno.makeTempDirSync();
  try {
    const result = await generateApp("a blog with comments", {
      outDir: join(root, "out"),
      llmRouting: true,
      toolchain: {},
    });
    assert.equal(result.status, "succeeded", result.reason);
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
