import assert from "node:assert/strict";
import { createMetrics, metricsHandler } from "../observability/mod.ts";
import { createServerDeps } from "./deps.ts";
import { createHttpHandler } from "./http.ts";
import { createMemoryRateLimiter } from "../jobs/rate_limit.ts";
import { testPipeline } from "./_testing.ts";

const TOKEN = "s3cret-token-0123456789";

function call(id: number, prompt: string) {
  return JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name: "generate_app", arguments: { prompt, user_id: "ada" } },
  });
}

Deno.test("the HTTP server serves /metrics fed by its jobs and rate-limit refusals", async () => {
  const jobsDir = Deno.makeTempDirSync({ prefix: "stackforge-metrics-" });
  const metrics = createMetrics({ defaultMetrics: false });
  const deps = await createServerDeps({
    jobsDir,
    pipeline: testPipeline,
    rateLimiter: createMemoryRateLimiter({ points: 1 }),
    observers: [metrics.listener],
    onRateLimited: (userId) => metrics.recordRateLimitRejection(userId),
  });
  const handler = createHttpHandler({
    deps,
    hostname: "0.0.0.0",
    token: TOKEN,
    metrics: metricsHandler(metrics.registry),
  });
  const post = (body: string) =>
    handler(
      new Request("http://127.0.0.1:8787/mcp", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${TOKEN}`,
        },
        body,
      }),
    ).then((r) => r.text());
  try {
    await post(call(1, "a blog with comments"));
    assert.match(await post(call(2, "a todo app")), /Rate limit reached for user \\"ada\\"/);
    const unauthorised = await handler(new Request("http://127.0.0.1:8787/metrics"));
    assert.equal(unauthorised.status, 401, "metrics sit behind the same token");
    await unauthorised.body?.cancel();
    const res = await handler(
      new Request("http://127.0.0.1:8787/metrics", {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    );
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /^agent_calls_total\{agent="planner"\} 1$/m);
    assert.match(text, /^rate_limit_rejections_total\{user_id="ada"\} 1$/m);
    assert.match(text, /^job_duration_seconds_count 1$/m);
  } finally {
    Deno.removeSync(jobsDir, { recursive: true });
  }
});
