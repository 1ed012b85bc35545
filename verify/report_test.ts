import assert from "node:assert/strict";
import { renderReport, SECTION, withSection, withVerdict } from "./report.ts";
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

Deno.test("renderReport() lists each requirement with its scenarios over HTTP and in the browser", () => {
  const md = renderReport(
    {
      dir: "/apps/library",
      ok: false,
      durationMs: 9_000,
      stages: [
        {
          stage: "scenarios",
          status: "failed",
          durationMs: 1_000,
          summary: "1 of 2 scenarios failed",
          checks: [],
          scenarios: [
            { requirement: "r1", scenario: "return a loan", ok: true, step: null, error: null },
            {
              requirement: "r2",
              scenario: "overdue loans",
              ok: false,
              step: 3,
              error: "GET /api/loans/overdue: $: expected 1 item(s), got 0 ([])",
              agent: "be_executor",
            },
            {
              requirement: "r3",
              scenario: "the page",
              ok: false,
              step: null,
              error: null,
              skipped: "UI steps only: it runs in the browser",
            },
          ],
        },
        {
          stage: "ui_scenarios",
          status: "skipped",
          durationMs: 0,
          summary: "1 scenario(s) not run: no Chromium at /usr/bin/chromium",
          checks: [],
        },
      ],
    },
    when,
    [
      { id: "r1", text: "Loans can be returned", status: "implemented" },
      { id: "r2", text: "Overdue loans are listed", status: "implemented" },
      { id: "r3", text: "A loans page", status: "implemented" },
      { id: "r4", text: "Email reminders", status: "not_implemented", reason: "no email" },
    ],
  );
  assert.match(
    md,
    /### Requirements\n\n\| Requirement \| Status \| Over HTTP \| In the browser \|/,
  );
  assert.match(
    md,
    /\| r1: Loans can be returned \| ✅ proven \| ✅ return a loan \| ⏭️ not run: 1 scenario\(s\) not run: no Chromium/,
  );
  assert.match(
    md,
    /\| r2: Overdue loans are listed \| ❌ a scenario fails \| ❌ overdue loans \(be_executor\): step 4: GET \/api\/loans\/overdue: \$: expected 1 item\(s\), got 0 \(\[\]\) \|/,
  );
  assert.match(
    md,
    /\| r3: A loans page \| ⚠️ no scenario ran \| ⏭️ the page — UI steps only: it runs in the browser \|/,
  );
  assert.match(md, /\| r4: Email reminders \| ❌ not implemented — no email \| — \| — \|/);
  assert.match(md, /\| Acceptance scenarios \(HTTP\) \| ❌ failed \|/);
});

Deno.test("withVerdict() makes the report's top line the whole verdict: a failed runtime stage fails it", () => {
  const generated = "# Validation report — Todo\n\n**Result: PASSED**\n\nProvider: `openai`.\n";
  const md = withVerdict(withSection(generated, renderReport(result, when)), result);
  const top = md.split("\n")[2]!;
  assert.match(
    top,
    /^\*\*Result: FAILED\*\* — runtime verification failed: frontend failed \(fe_executor\), browser skipped \(fe_executor\); generation: PASSED$/,
  );
  assert.doesNotMatch(md.split(SECTION)[0]!, /Result: PASSED\*\*\n/);
  // Verifying again, now passing, starts from the generation's own verdict.
  const passed: VerifyResult = {
    ...result,
    ok: true,
    stages: result.stages.map((s) => ({ ...s, status: "passed" })),
  };
  const again = withVerdict(withSection(md, renderReport(passed, when)), passed);
  assert.match(
    again.split("\n")[2]!,
    /^\*\*Result: PASSED\*\* — runtime verification passed; generation: PASSED$/,
  );
  assert.equal(again.match(/generation verdict/g)?.length, 1);
});

Deno.test("withVerdict() leaves a report of verify's own alone", () => {
  const md = withSection("", renderReport(result, when));
  assert.equal(withVerdict(md, result), md);
});
