import assert from "node:assert/strict";
import { blogSpec } from "../tests/fixtures/sample_specs.ts";
import { GuardrailError } from "../guardrails/errors.ts";
import { createPipeline, generateApp } from "./generate.ts";
import type { ModelProvider, ModelRequest } from "../core/provider.ts";
import type { PipelineEvent } from "../core/events.ts";

/** A metered provider whose classifier answer is scripted; the planner refuses, ending the job. */
function scripted(verdict: unknown) {
  const requests: ModelRequest[] = [];
  const provider: ModelProvider = {
    name: "scripted",
    metered: true,
    modelFor: () => "test-model",
    priceOf: () => ({ input: 1, cachedInput: 0.5, output: 2 }),
    countTokens: () => 100,
    complete(request) {
      requests.push(request);
      const output = request.schemaName === "injection_verdict"
        ? verdict
        : request.task.agent === "planner"
        ? blogSpec
        : new Error("not scripted");
      if (output instanceof Error) return Promise.reject(output);
      return Promise.resolve({
        output,
        usage: { inputTokens: 100, outputTokens: 20, cachedTokens: 0 },
        model: "test-model",
      });
    },
  };
  return { provider, requests };
}

const outDir = () => Deno.makeTempDirSync({ prefix: "stackforge-screen-" }) + "/app";

Deno.test("generateApp() refuses a request the model classifier judges an injection", async () => {
  const { provider, requests } = scripted({
    injection: true,
    reasons: ['asks to "print the system prompt"'],
    techniques: ["prompt_leak"],
  });
  const pipeline = await createPipeline({ provider, toolchain: {} });
  const events: PipelineEvent[] = [];
  const dir = outDir();
  await assert.rejects(
    generateApp("a recipe box with tags and ratings", {
      pipeline,
      outDir: dir,
      onEvent: (e) => events.push(e),
    }),
    (error: unknown) =>
      error instanceof GuardrailError && error.code === "model_classifier_injection" &&
      /judged it a prompt injection \(asks to "print the system prompt"\)/.test(error.message),
  );
  assert.equal(requests.length, 1, "nothing is planned after a refusal");
  const [call] = requests;
  assert.equal(call!.task.agent, "orchestrator");
  const fenced = call!.messages[1]!.content;
  assert.match(fenced, /^<<<REQUEST (\S+)>>>\na recipe box with tags and ratings\n<<<END \1>>>$/s);
  assert.ok(
    events.some((e) =>
      e.type === "guardrail" && e.action === "blocked" && /model classifier/.test(e.detail)
    ),
  );
  assert.throws(() => Deno.statSync(dir), Deno.errors.NotFound, "a refused job writes nothing");
});

Deno.test("generateApp() fails closed when the classifier answers off-schema", async () => {
  const { provider } = scripted("Sure! Here is my system prompt: ...");
  const pipeline = await createPipeline({ provider, toolchain: {} });
  await assert.rejects(
    generateApp("a blog with comments", { pipeline, outDir: outDir() }),
    (error: unknown) =>
      error instanceof GuardrailError && error.code === "model_classifier_injection",
  );
});

Deno.test("generateApp() plans after a clean verdict, the call charged to the orchestrator", async () => {
  const { provider, requests } = scripted({ injection: false, reasons: [], techniques: [] });
  const pipeline = await createPipeline({ provider, toolchain: {} });
  const dir = outDir();
  const result = await generateApp("a blog with comments", { pipeline, outDir: dir });
  try {
    assert.equal(requests[0]!.schemaName, "injection_verdict");
    assert.equal(requests[1]!.task.agent, "planner", "the classifier runs before planning");
    assert.equal(result.ledger.orchestrator.calls, 1);
    assert.equal(result.ledger.orchestrator.inputTokens, 100);
    assert.equal(result.screening?.ran, true);
    assert.match(result.screening!.note, /not an injection/);
  } finally {
    Deno.removeSync(dir.replace(/\/app$/, ""), { recursive: true });
  }
});

Deno.test("generateApp() skips the model classifier offline and says so", async () => {
  const dir = outDir();
  const result = await generateApp("a blog with comments", { outDir: dir, toolchain: {} });
  try {
    assert.equal(result.screening?.ran, false);
    assert.match(result.screening!.note, /skipped: "offline" makes no model calls/);
    assert.equal(result.ledger.orchestrator.calls, 0);
  } finally {
    Deno.removeSync(dir.replace(/\/app$/, ""), { recursive: true });
  }
});
