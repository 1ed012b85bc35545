import { SpanStatusCode } from "@opentelemetry/api";
import assert from "node:assert/strict";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { generateApp } from "../pipeline/generate.ts";
import { createTracing } from "./tracing.ts";
import { tracingConfig } from "./tracing_config.ts";
import { deadUrl, type ReceivedSpan, startOtlpReceiver } from "./_otlp_receiver.ts";
import { flakyPlannerProvider, meteredProvider, pipeline, tempOut } from "./_testing.ts";

const PROMPT = "a blog with comments";

async function job(options: Parameters<typeof generateApp>[1]) {
  using out = tempOut();
  const started = performance.now();
  const result = await generateApp(PROMPT, { userId: "alice", ...options, outDir: out.outDir });
  return { result, ms: performance.now() - started };
}

Deno.test("createTracing() exports a job span with agent children to an OTLP/HTTP endpoint", async (t) => {
  const receiver = startOtlpReceiver();
  const errors: string[] = [];
  try {
    const tracing = await createTracing(
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: "forge-test" },
      { onExportError: (m) => errors.push(m) },
    );
    assert.equal(tracing.enabled, true);
    assert.deepEqual(tracing.destinations, [`otlp ${receiver.url}/v1/traces`]);
    const retried = await job({
      pipeline: { ...pipeline, provider: flakyPlannerProvider() },
      onEvent: tracing.listener,
    });
    const failed = await job({
      pipeline: { ...pipeline, provider: meteredProvider() },
      limits: { jobTokens: 9_000 },
      onEvent: tracing.listener,
    });
    await tracing.shutdown();
    assert.deepEqual(errors, []);
    assert.ok(receiver.requests.every((r) => r.path === "/v1/traces"));
    const spans = receiver.spans;
    const jobSpan = (jobId: string) => {
      const found = spans.filter((s) => s.name === "job" && s.attributes.job_id === jobId);
      assert.equal(found.length, 1);
      return found[0]!;
    };
    const children = (parent: ReceivedSpan) =>
      spans.filter((s) => s.parentSpanId === parent.spanId && s.traceId === parent.traceId);

    await t.step("the retried job: one trace, a span per agent attempt", () => {
      const root = jobSpan(retried.result.jobId);
      assert.equal(root.parentSpanId, undefined);
      assert.equal(root.service, "forge-test");
      assert.equal(root.attributes.user_id, "alice");
      assert.equal(root.attributes.status, "succeeded");
      assert.equal(root.attributes.retries, 1);
      const kids = children(root);
      assert.deepEqual(
        kids.map((s) => `${s.name}#${s.attributes.attempt}`).sort(),
        ["be_executor#1", "fe_executor#1", "planner#1", "planner#2", "validator#1"],
      );
      for (const kid of kids) {
        assert.equal(kid.attributes.job_id, retried.result.jobId);
        assert.equal(kid.attributes.user_id, "alice");
        assert.equal(kid.attributes.model, "offline");
      }
      const first = kids.find((s) => s.name === "planner" && s.attributes.attempt === 1)!;
      assert.equal(first.attributes.outcome, "invalid_output");
      assert.equal(first.status?.code, 2, "status ERROR");
      const second = kids.find((s) => s.name === "planner" && s.attributes.attempt === 2)!;
      assert.equal(second.attributes.outcome, "ok");
      assert.equal(second.attributes.retries, 1);
    });
    await t.step("the metered job: tokens and cost per agent, the budget stop as an error", () => {
      const root = jobSpan(failed.result.jobId);
      assert.equal(root.attributes.status, "failed");
      assert.equal(root.attributes.cost_usd, 0.01);
      assert.equal(root.attributes["tokens.total"], 8_000);
      assert.equal(root.status?.code, 2);
      const kids = children(root);
      const planner = kids.find((s) => s.name === "planner")!;
      assert.equal(planner.attributes["tokens.input"], 3_000);
      assert.equal(planner.attributes["tokens.output"], 1_000);
      assert.equal(planner.attributes.cost_usd, 0.005);
      assert.equal(planner.attributes.model, "test-model");
      assert.equal(typeof planner.attributes.latency_ms, "number");
      const stopped = kids.find((s) => s.name === "be_executor")!;
      assert.equal(stopped.attributes.outcome, "error");
      assert.match(stopped.status?.message ?? "", /Job token budget reached/);
    });
  } finally {
    await receiver.close();
  }
});

Deno.test("createTracing() sends to Langfuse's OTLP endpoint with Basic auth", async () => {
  const receiver = startOtlpReceiver();
  try {
    const tracing = await createTracing({
      LANGFUSE_PUBLIC_KEY: "pk-lf-test",
      LANGFUSE_SECRET_KEY: "sk-lf-test",
      LANGFUSE_BASE_URL: receiver.url,
    });
    assert.deepEqual(tracing.destinations, [`langfuse ${receiver.url}`]);
    const { result } = await job({ pipeline, onEvent: tracing.listener });
    await tracing.shutdown();
    assert.ok(receiver.requests.length > 0);
    for (const request of receiver.requests) {
      assert.equal(request.path, "/api/public/otel/v1/traces");
      assert.equal(request.headers.get("authorization"), `Basic ${btoa("pk-lf-test:sk-lf-test")}`);
    }
    const root = receiver.spans.find((s) => s.name === "job")!;
    assert.equal(root.attributes.job_id, result.jobId);
    assert.equal(root.attributes["user.id"], "alice");
    const planner = receiver.spans.find((s) => s.name === "planner")!;
    assert.equal(planner.parentSpanId, root.spanId);
    assert.equal(planner.attributes["langfuse.observation.type"], "generation");
  } finally {
    await receiver.close();
  }
});

Deno.test("createTracing() never sends an OTLP collector's header secrets to Langfuse", async () => {
  const receiver = startOtlpReceiver();
  // The OTel exporter reads these from the process environment itself.
  Deno.env.set("OTEL_EXPORTER_OTLP_HEADERS", "x-collector-secret=s3cret");
  try {
    const tracing = await createTracing({
      LANGFUSE_PUBLIC_KEY: "pk",
      LANGFUSE_SECRET_KEY: "sk",
      LANGFUSE_BASE_URL: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: "x-collector-secret=s3cret",
    });
    tracing.listener({ type: "job_started", jobId: "j", userId: "u", provider: "offline" });
    tracing.listener({
      type: "job_finished",
      jobId: "j",
      status: "succeeded",
      durationMs: 1,
      tokens: 0,
      usd: 0,
    });
    await tracing.shutdown();
    assert.equal(receiver.requests.length, 1);
    assert.ok(!receiver.requests[0]!.headers.get("x-collector-secret"));
  } finally {
    Deno.env.delete("OTEL_EXPORTER_OTLP_HEADERS");
    await receiver.close();
  }
});

Deno.test("createTracing() never fails or stalls a job when the collector is down", async (t) => {
  const timeoutMs = 2_000;
  for (const kind of ["refused", "hanging"] as const) {
    await t.step(`a ${kind} collector`, async () => {
      const receiver = kind === "hanging" ? startOtlpReceiver("hang") : undefined;
      const url = receiver?.url ?? await deadUrl();
      const errors: string[] = [];
      try {
        const tracing = await createTracing({
          OTEL_EXPORTER_OTLP_ENDPOINT: url,
          OTEL_EXPORTER_OTLP_TIMEOUT: String(timeoutMs),
        }, { onExportError: (m) => errors.push(m), scheduledDelayMs: 10 });
        const first = await job({ pipeline, onEvent: tracing.listener });
        const second = await job({ pipeline, onEvent: tracing.listener });
        assert.equal(first.result.status, "succeeded");
        assert.equal(second.result.status, "succeeded");
        if (receiver !== undefined) {
          // The second job ran to its end while the first one's spans were
          // still held by the collector: exporting never waits in a job.
          assert.ok(receiver.requests.length >= 1, "the first export reached the collector");
        }
        // shutdown() gives up on a collector that never answers (the export
        // timeout plus a second of grace), so the process can exit.
        await tracing.shutdown();
        assert.ok(errors.length <= 1, "reported once");
        if (kind === "refused") {
          assert.equal(errors.length, 1);
          assert.match(errors[0]!, /^Tracing: cannot export spans to otlp http:\/\/127\.0\.0\.1/);
        }
      } finally {
        await receiver?.close();
      }
    });
  }
});

Deno.test("createTracing() is off without configuration, and records into extra processors", async () => {
  const off = await createTracing({ OTEL_SERVICE_NAME: "x" });
  assert.equal(off.enabled, false);
  off.listener({ type: "job_started", jobId: "j", userId: "u", provider: "offline" });
  await off.shutdown();

  const memory = new InMemorySpanExporter();
  const on = await createTracing({}, { spanProcessors: [new SimpleSpanProcessor(memory)] });
  const { result } = await job({ pipeline, onEvent: on.listener });
  await on.forceFlush();
  const spans = memory.getFinishedSpans(); // read before shutdown(), which clears them
  await on.shutdown();
  assert.equal(spans.length, 5);
  const root = spans.find((s) => s.name === "job")!;
  assert.equal(root.attributes.job_id, result.jobId);
  for (const span of spans.filter((s) => s !== root)) {
    assert.equal(span.parentSpanContext?.spanId, root.spanContext().spanId);
  }
});

Deno.test("tracingConfig() validates the tracing variables, naming them", async (t) => {
  await t.step("one Langfuse key alone is refused", () => {
    assert.throws(
      () => tracingConfig({ LANGFUSE_PUBLIC_KEY: "pk" }),
      /Invalid LANGFUSE_PUBLIC_KEY: LANGFUSE_SECRET_KEY is not set; set both or neither/,
    );
  });
  await t.step("URLs must be http(s)", () => {
    assert.throws(
      () => tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }),
      /Invalid OTEL_EXPORTER_OTLP_ENDPOINT "collector:4318": use an http\(s\) URL/,
    );
    assert.throws(
      () =>
        tracingConfig({
          LANGFUSE_PUBLIC_KEY: "a",
          LANGFUSE_SECRET_KEY: "b",
          LANGFUSE_BASE_URL: "x",
        }),
      /Invalid LANGFUSE_BASE_URL/,
    );
  });
  await t.step("the traces endpoint is used as is; headers and timeout are parsed", () => {
    const config = tracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318/",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://b/custom",
      OTEL_EXPORTER_OTLP_HEADERS: "api-key=s%3Dcret, x-team = forge",
      OTEL_EXPORTER_OTLP_TIMEOUT: "2500",
    });
    assert.deepEqual(config.otlp, {
      url: "https://b/custom",
      headers: { "api-key": "s=cret", "x-team": "forge" },
      timeoutMs: 2_500,
    });
    assert.throws(
      () =>
        tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://a", OTEL_EXPORTER_OTLP_TIMEOUT: "0" }),
      /Invalid OTEL_EXPORTER_OTLP_TIMEOUT "0": use a number > 0/,
    );
  });
  await t.step("OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER=none turn it off", () => {
    assert.equal(
      tracingConfig({ OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://a" }).otlp,
      undefined,
    );
    assert.equal(
      tracingConfig({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://a" }).otlp,
      undefined,
    );
  });
});

Deno.test("createTracing() gives each routing call outside an agent attempt its own span", async () => {
  const memory = new InMemorySpanExporter();
  const tracing = await createTracing({}, { spanProcessors: [new SimpleSpanProcessor(memory)] });
  const routed = {
    type: "agent_finished",
    jobId: "j",
    agent: "orchestrator",
    attempt: 0,
    ok: true,
    model: "m",
    usage: { inputTokens: 100, outputTokens: 20, cachedTokens: 0 },
    usd: 0.001,
    latencyMs: 50,
  } as const;
  tracing.listener({ type: "job_started", jobId: "j", userId: "u", provider: "openai" });
  tracing.listener(routed);
  tracing.listener(routed);
  tracing.listener({
    type: "job_finished",
    jobId: "j",
    status: "succeeded",
    durationMs: 200,
    tokens: 240,
    usd: 0.002,
  });
  await tracing.forceFlush();
  const spans = memory.getFinishedSpans();
  await tracing.shutdown();
  const routing = spans.filter((s) => s.name === "orchestrator");
  assert.equal(routing.length, 2);
  for (const span of routing) {
    assert.equal(span.attributes.outcome, "ok");
    assert.equal(span.attributes["tokens.input"], 100);
    assert.equal(span.attributes.cost_usd, 0.001);
  }
});

Deno.test("createTracing() marks an attempt whose provider call failed as an error, with its latency", async () => {
  const memory = new InMemorySpanExporter();
  const tracing = await createTracing({}, { spanProcessors: [new SimpleSpanProcessor(memory)] });
  tracing.listener({ type: "job_started", jobId: "j", userId: "u", provider: "openai" });
  tracing.listener({ type: "agent_started", jobId: "j", agent: "planner", attempt: 1 });
  tracing.listener({
    type: "agent_finished",
    jobId: "j",
    agent: "planner",
    attempt: 1,
    ok: false,
    error: "timed out after 60000 ms",
    failure: "provider",
    model: "m",
    usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0 },
    usd: 0,
    latencyMs: 60_000,
  });
  tracing.listener({
    type: "agent_retry",
    jobId: "j",
    agent: "planner",
    attempt: 1,
    reason: "timed out after 60000 ms",
  });
  tracing.listener({
    type: "job_finished",
    jobId: "j",
    status: "failed",
    durationMs: 60_100,
    tokens: 0,
    usd: 0,
  });
  await tracing.forceFlush();
  const spans = memory.getFinishedSpans();
  await tracing.shutdown();
  const planner = spans.find((s) => s.name === "planner")!;
  assert.equal(planner.attributes.outcome, "error");
  assert.equal(planner.attributes.latency_ms, 60_000);
  assert.equal(planner.status.code, SpanStatusCode.ERROR);
  assert.equal(planner.status.message, "timed out after 60000 ms");
  assert.equal(planner.events.filter((e) => e.name === "retry").length, 1);
});
