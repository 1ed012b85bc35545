import assert from "node:assert/strict";
import { generateApp } from "../pipeline/generate.ts";
import { createMetrics, OTHER_USERS } from "./metrics.ts";
import { metricsHandler, startMetricsServer } from "./metrics_server.ts";
import {
  flakyPlannerProvider,
  meteredProvider,
  parseExposition,
  pipeline,
  tempOut,
} from "./_testing.ts";

const PROMPT = "a blog with comments";

async function promtool(text: string): Promise<{ ok: boolean; output: string } | undefined> {
  let child;
  try {
    child = new Deno.Command("promtool", {
      args: ["check", "metrics"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { ok: out.success, output: decode(out.stdout) + decode(out.stderr) };
}

Deno.test("createMetrics() counts a succeeded, a retried and a failed job, scraped over HTTP", async (t) => {
  const metrics = createMetrics();
  const run = async (options: Parameters<typeof generateApp>[1]) => {
    using out = tempOut();
    return await generateApp(PROMPT, { ...options, outDir: out.outDir, onEvent: metrics.listener });
  };
  const ok = await run({ pipeline });
  assert.equal(ok.status, "succeeded");
  const retried = await run({ pipeline: { ...pipeline, provider: flakyPlannerProvider() } });
  assert.equal(retried.status, "succeeded");
  const failed = await run({
    pipeline: { ...pipeline, provider: meteredProvider() },
    limits: { jobTokens: 9_000 },
  });
  assert.equal(failed.status, "failed");
  assert.match(failed.reason!, /Job token budget reached/);
  metrics.setQueueDepth(7);
  for (const user of ["alice", "alice", "bob"]) metrics.recordRateLimitRejection(user);

  const server = startMetricsServer({ registry: metrics.registry, port: 0 });
  let text: string;
  try {
    const res = await fetch(server.url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
    text = await res.text();
    const other = await fetch(server.url.replace("/metrics", "/other"));
    await other.body?.cancel();
    assert.equal(other.status, 404);
  } finally {
    await server.shutdown();
  }
  const m = parseExposition(text);
  const v = (series: string) => {
    assert.ok(m.has(series), `${series} missing from the scrape`);
    return m.get(series)!;
  };

  await t.step("agent_calls_total counts every attempt, retries included", () => {
    // planner: 1 + 2 (retried) + 1; the failed job never reached the validator.
    assert.equal(v('agent_calls_total{agent="planner"}'), 4);
    assert.equal(v('agent_calls_total{agent="fe_executor"}'), 3);
    assert.equal(v('agent_calls_total{agent="be_executor"}'), 3);
    assert.equal(v('agent_calls_total{agent="validator"}'), 2);
    assert.equal(v('agent_calls_total{agent="orchestrator"}'), 0);
  });
  await t.step(
    "agent_errors_total counts the rejected plan and the call the budget stopped",
    () => {
      assert.equal(v('agent_errors_total{agent="planner"}'), 1);
      assert.equal(v('agent_errors_total{agent="be_executor"}'), 1);
      assert.equal(v('agent_errors_total{agent="fe_executor"}'), 0);
      assert.equal(v('agent_errors_total{agent="validator"}'), 0);
    },
  );
  await t.step("agent_retries_total counts the planner's retry", () => {
    assert.equal(v('agent_retries_total{agent="planner"}'), 1);
    assert.equal(v('agent_retries_total{agent="be_executor"}'), 0);
  });
  await t.step("agent_token_usage is a histogram of tokens per call", () => {
    // Metered job: planner and fe_executor each made one 4,000-token call.
    assert.equal(v('agent_token_usage_sum{agent="planner"}'), 4_000);
    assert.equal(v('agent_token_usage_count{agent="planner"}'), 4);
    assert.equal(v('agent_token_usage_bucket{le="0",agent="planner"}'), 3);
    assert.equal(v('agent_token_usage_bucket{le="5000",agent="planner"}'), 4);
    assert.equal(v('agent_token_usage_sum{agent="fe_executor"}'), 4_000);
    assert.equal(v('agent_token_usage_count{agent="be_executor"}'), 2);
  });
  await t.step("agent_latency_seconds has one observation per model call", () => {
    assert.equal(v('agent_latency_seconds_count{agent="planner"}'), 4);
    assert.equal(v('agent_latency_seconds_count{agent="validator"}'), 2);
    assert.ok(v('agent_latency_seconds_sum{agent="planner"}') > 0);
  });
  await t.step("cost_per_project_usd and job_duration_seconds have one observation per job", () => {
    assert.equal(v("cost_per_project_usd_count"), 3);
    assert.ok(Math.abs(v("cost_per_project_usd_sum") - failed.totals.usd) < 1e-9);
    assert.equal(failed.totals.usd, 0.01);
    assert.equal(v('cost_per_project_usd_bucket{le="0"}'), 2);
    assert.equal(v('cost_per_project_usd_bucket{le="0.01"}'), 3);
    assert.equal(v("job_duration_seconds_count"), 3);
    const seconds = (ok.durationMs + retried.durationMs + failed.durationMs) / 1000;
    assert.ok(v("job_duration_seconds_sum") > 0 && v("job_duration_seconds_sum") <= seconds);
    assert.equal(v('jobs_total{status="succeeded"}'), 2);
    assert.equal(v('jobs_total{status="failed"}'), 1);
  });
  await t.step("queue_depth, rate_limit_rejections_total and guardrail events", () => {
    assert.equal(v("queue_depth"), 7);
    assert.equal(v('rate_limit_rejections_total{user_id="alice"}'), 2);
    assert.equal(v('rate_limit_rejections_total{user_id="bob"}'), 1);
    assert.equal(v('guardrail_events_total{layer="output_validation",action="blocked"}'), 1);
  });
  await t.step("default process metrics are present", () => {
    assert.ok(v("process_resident_memory_bytes") > 0);
    assert.ok(v("nodejs_heap_size_used_bytes") > 0);
    assert.ok(v("process_cpu_seconds_total") >= 0);
  });
  await t.step("promtool check metrics accepts the scrape", async () => {
    const result = await promtool(text);
    if (result === undefined) {
      console.warn("promtool not found: skipped (apt-get install prometheus)");
      return;
    }
    assert.ok(result.ok, result.output);
  });
});

Deno.test("createMetrics() keeps rate_limit_rejections_total bounded against many user ids", async () => {
  const metrics = createMetrics({ defaultMetrics: false, maxUserIds: 2 });
  for (let i = 0; i < 1_000; i++) metrics.recordRateLimitRejection(`user${i}`);
  metrics.recordRateLimitRejection("user0");
  metrics.recordRateLimitRejection('evil"} 1\nfake_metric{a="');
  const m = parseExposition(await metrics.registry.metrics());
  const series = [...m.keys()].filter((k) => k.startsWith("rate_limit_rejections_total"));
  assert.equal(series.length, 3);
  assert.equal(m.get('rate_limit_rejections_total{user_id="user0"}'), 2);
  assert.equal(m.get('rate_limit_rejections_total{user_id="user1"}'), 1);
  assert.equal(m.get(`rate_limit_rejections_total{user_id="${OTHER_USERS}"}`), 999);
  assert.ok(![...m.keys()].some((k) => k.startsWith("fake_metric")));
});

Deno.test("createMetrics() reads queue_depth from a callback on each scrape", async () => {
  let depth = 3;
  const metrics = createMetrics({ defaultMetrics: false, queueDepth: () => depth });
  assert.equal(parseExposition(await metrics.registry.metrics()).get("queue_depth"), 3);
  depth = 5;
  assert.equal(parseExposition(await metrics.registry.metrics()).get("queue_depth"), 5);
  assert.throws(() => metrics.setQueueDepth(-1), RangeError);
});

Deno.test("createMetrics() registries are independent of each other and of the global one", async () => {
  const a = createMetrics({ defaultMetrics: false });
  const b = createMetrics({ defaultMetrics: false });
  a.recordRateLimitRejection("u");
  assert.equal(
    parseExposition(await b.registry.metrics()).get('rate_limit_rejections_total{user_id="u"}'),
    undefined,
  );
});

Deno.test("metricsHandler() answers GET and HEAD and refuses other methods", async () => {
  const handler = metricsHandler(createMetrics({ defaultMetrics: false }).registry);
  const head = await handler(new Request("http://x/metrics", { method: "HEAD" }));
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
  const post = await handler(new Request("http://x/metrics", { method: "POST" }));
  await post.body?.cancel();
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "GET, HEAD");
  assert.throws(
    () => startMetricsServer({ registry: createMetrics().registry, port: 70_000 }),
    /Invalid metrics port 70000/,
  );
});

Deno.test("createMetrics() counts model calls made outside an agent attempt (LLM routing)", async () => {
  const metrics = createMetrics({ defaultMetrics: false });
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
  metrics.listener({ type: "job_started", jobId: "j", userId: "u", provider: "openai" });
  metrics.listener(routed);
  metrics.listener({ ...routed, ok: false, error: "bad" });
  const m = parseExposition(await metrics.registry.metrics());
  assert.equal(m.get('agent_calls_total{agent="orchestrator"}'), 2);
  assert.equal(m.get('agent_errors_total{agent="orchestrator"}'), 1);
  assert.equal(m.get('agent_token_usage_sum{agent="orchestrator"}'), 240);
});
