import assert from "node:assert/strict";
import { renderReport, SECTION, withSection } from "./report.ts";
import type { VerifyResult } from "./result.ts";

const when = new Date("2026-01-15T10:00:00Z");

const result: VerifyResult = {
  dir: "/apps/blog",
  ok: false,
  durationMs: 42_000,
  stages: [
    {
      stage: "backend",
      status: "passed",
      durationMs: 2_000,
      summary: "41 pytest tests passed; 11/11 endpoints as specified",
      checks: [{ name: "GET /api/posts", ok: true, detail: "1 call(s)" }],
    },
    {
      stage: "frontend",
      status: "failed",
      durationMs: 30_000,
      summary: "next build failed:\nType error: x | y",
      checks: [{ name: "next build", ok: false, detail: "failed in 30.0 s" }],
    },
    {
      stage: "browser",
      status: "skipped",
      durationMs: 0,
      summary: "no Chromium at /usr/bin/chromium",
      checks: [],
      install: "apt-get install -y chromium",
    },
  ],
};

Deno.test("renderReport() names the failed stage and its responsible agent", () => {
  const md = renderReport(result, when);
  assert.ok(md.startsWith(SECTION));
  assert.match(
    md,
    /\*\*Result: FAILED\*\* — frontend failed \(fe_executor\), browser skipped \(fe_executor\)/,
  );
  assert.match(md, /\| Backend \| ✅ passed \| 2\.0 s \| be_executor \|/);
  assert.match(md, /```\nnext build failed:\nType error: x \| y\n```/);
});

Deno.test("renderReport() shows a skipped stage with its install command, never as passed", () => {
  const md = renderReport(result, when);
  assert.match(md, /\| Browser \| ⏭️ skipped \|/);
  assert.match(md, /Install what is missing with: `apt-get install -y chromium`/);
});

Deno.test("renderReport() links each screenshot", () => {
  const md = renderReport({
    ...result,
    stages: [{ ...result.stages[2]!, status: "passed", screenshots: ["screenshots/home.png"] }],
  }, when);
  assert.match(md, /- \[screenshots\/home\.png\]\(screenshots\/home\.png\)/);
});

Deno.test("withSection() keeps the validator's report and replaces an earlier run", () => {
  const first = withSection("# Validation report\n\nPASSED\n", `${SECTION}\n\nrun 1\n`);
  assert.equal(first, `# Validation report\n\nPASSED\n\n${SECTION}\n\nrun 1\n`);
  const second = withSection(first, `${SECTION}\n\nrun 2\n`);
  assert.equal(second, `# Validation report\n\nPASSED\n\n${SECTION}\n\nrun 2\n`);
});
