import assert from "node:assert/strict";
import { generateApp } from "../pipeline/generate.ts";
import { createLogger, parseLogLevel } from "./logs.ts";
import { flakyPlannerProvider, pipeline, tempOut } from "./_testing.ts";

Deno.test("createLogger() writes a retried job as JSON lines with job_id and agent", async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: "info", write: (l) => lines.push(l) });
  using out = tempOut();
  const result = await generateApp("a blog with comments", {
    pipeline: { ...pipeline, provider: flakyPlannerProvider() },
    outDir: out.outDir,
    onEvent: logger.listener,
    userId: "alice",
  });
  assert.ok(lines.every((l) => l.endsWith("\n") && !l.slice(0, -1).includes("\n")));
  const records = lines.map((l) => JSON.parse(l));
  for (const r of records) {
    assert.ok(!Number.isNaN(Date.parse(r.ts)));
    assert.equal(r.job_id, result.jobId);
    assert.ok(["info", "warn", "error"].includes(r.level), "debug is below the threshold");
  }
  assert.deepEqual(Object.keys(records[0]).slice(0, 4), ["ts", "level", "msg", "job_id"]);
  assert.equal(records[0].user_id, "alice");
  const rejected = records.find((r) => r.msg === "agent output rejected");
  assert.equal(rejected?.level, "warn");
  assert.equal(rejected?.agent, "planner");
  assert.ok(records.some((r) => r.msg === "agent retry" && r.agent === "planner"));
  assert.equal(records.at(-1).msg, "job succeeded");
  assert.equal(records.filter((r) => r.msg === "agent finished").length, 4);
});

Deno.test("createLogger() filters by level", async (t) => {
  const event = { type: "file_written", jobId: "j", path: "a", bytes: 1 } as const;
  await t.step("debug writes file events, warn does not", () => {
    const lines: string[] = [];
    createLogger({ level: "debug", write: (l) => lines.push(l) }).listener(event);
    createLogger({ level: "warn", write: (l) => lines.push(l) }).listener(event);
    assert.equal(lines.length, 1);
  });
  await t.step("error keeps only failed jobs", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "error", write: (l) => lines.push(l) });
    const finished = {
      type: "job_finished",
      jobId: "j",
      durationMs: 1,
      tokens: 0,
      usd: 0,
    } as const;
    logger.listener({ ...finished, status: "succeeded" });
    logger.listener({ ...finished, status: "failed", reason: "x" });
    assert.equal(lines.length, 1);
    assert.equal(JSON.parse(lines[0]!).level, "error");
  });
});

Deno.test("createLogger() keeps a newline in untrusted detail from forging a log line", () => {
  const lines: string[] = [];
  const logger = createLogger({ write: (l) => lines.push(l) });
  logger.listener({
    type: "guardrail",
    jobId: "j",
    layer: "output_validation",
    action: "blocked",
    detail: 'bad\n{"level":"info","msg":"all good"}',
  });
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.split("\n").length, 2);
  assert.equal(JSON.parse(lines[0]!).detail, 'bad\n{"level":"info","msg":"all good"}');
});

Deno.test("parseLogLevel() rejects unknown levels naming the choices", () => {
  assert.equal(parseLogLevel(" Debug "), "debug");
  assert.throws(
    () => parseLogLevel("verbose"),
    /Invalid log level "verbose": use "debug", "info", "warn", "error"/,
  );
});
