import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { connect, type Harness, riskyProvider, testPipeline } from "../_testing.ts";

const textOf = (r: CallToolResult) =>
  (r.content as { type: string; text?: string }[]).map((c) => c.text ?? "").join("\n");

type ReviewOut = {
  status: string;
  findings: { id: string; path: string; rule: string; state: string }[];
  held_for_review: string[];
  written: string[];
  dropped: string[];
};

const risky = { ...testPipeline, provider: riskyProvider(testPipeline.provider) };

async function heldJob(h: Harness): Promise<string> {
  const made = await h.client.callTool({
    name: "generate_app",
    arguments: { prompt: "a blog with comments", options: { require_review: true } },
  }) as CallToolResult;
  const out = made.structuredContent as {
    job_id: string;
    status: string;
    held_for_review: string[];
  };
  assert.equal(out.status, "awaiting_review", textOf(made));
  assert.deepEqual(out.held_for_review, ["backend/app/main.py"]);
  assert.match(textOf(made), /call review_risky/);
  return out.job_id;
}

const review = async (h: Harness, args: Record<string, unknown>) =>
  await h.client.callTool({ name: "review_risky", arguments: args }) as CallToolResult;

Deno.test("review_risky lists the held files and findings of a job", async () => {
  const h = await connect({ pipeline: risky });
  const jobId = await heldJob(h);
  const result = await review(h, { job_id: jobId });
  assert.equal(result.isError, undefined, textOf(result));
  const out = result.structuredContent as ReviewOut;
  assert.equal(out.status, "awaiting_review");
  assert.deepEqual(out.held_for_review, ["backend/app/main.py"]);
  assert.ok(
    out.findings.some((f) =>
      f.rule === "python-os-exec" && f.path === "backend/app/main.py" && f.state === "held"
    ),
  );
  assert.deepEqual([out.written, out.dropped], [[], []]);
  assert.equal(existsSync(join(h.deps.jobsDir, jobId, "output/backend/app/main.py")), false);
  await h.close();
});

Deno.test("review_risky writes an approved file and the job becomes succeeded", async () => {
  const h = await connect({ pipeline: risky });
  const jobId = await heldJob(h);
  const listed = (await review(h, { job_id: jobId })).structuredContent as ReviewOut;
  const finding = listed.findings.find((f) => f.rule === "python-os-exec")!;
  const result = await review(h, {
    job_id: jobId,
    decisions: [{ finding_id: finding.id, decision: "approve" }],
  });
  assert.equal(result.isError, undefined, textOf(result));
  const out = result.structuredContent as ReviewOut;
  assert.equal(out.status, "succeeded");
  assert.deepEqual(out.written, ["backend/app/main.py"]);
  assert.deepEqual(out.held_for_review, []);
  const output = join(h.deps.jobsDir, jobId, "output");
  assert.match(readFileSync(join(output, "backend/app/main.py"), "utf8"), /os\.system/);
  // Succeeded, no longer awaiting review; the test pipeline has no Python, so
  // the checks that need it did not run and the report says so.
  assert.match(
    readFileSync(join(output, "VALIDATION_REPORT.md"), "utf8"),
    /\*\*Result: INCOMPLETE\*\* — generated, but \d check\(s\) did not run: python_syntax, python_imports/,
  );
  const spec = await h.client.callTool({ name: "get_spec", arguments: { job_id: jobId } });
  const specOut = spec.structuredContent as { status: string; files: string[] };
  assert.equal(specOut.status, "succeeded");
  assert.ok(specOut.files.includes("backend/app/main.py"));
  const again = await review(h, {
    job_id: jobId,
    decisions: [{ path: "backend/app/main.py", decision: "reject" }],
  });
  assert.equal(again.isError, true);
  assert.equal(textOf(again), 'Cannot decide on "backend/app/main.py": it was already approved');
  await h.close();
});

Deno.test("review_risky drops a rejected file for good", async () => {
  const h = await connect({ pipeline: risky });
  const jobId = await heldJob(h);
  const result = await review(h, {
    job_id: jobId,
    decisions: [{ path: "backend/app/main.py", decision: "reject" }],
  });
  const out = result.structuredContent as ReviewOut;
  assert.equal(out.status, "succeeded");
  assert.deepEqual(out.dropped, ["backend/app/main.py"]);
  assert.ok(out.findings.every((f) => f.state === "rejected"));
  assert.equal(existsSync(join(h.deps.jobsDir, jobId, "output/backend/app/main.py")), false);
  await h.close();
});

Deno.test("review_risky returns isError for bad decisions and leaves the job as it was", async (t) => {
  const h = await connect({ pipeline: risky });
  const jobId = await heldJob(h);
  const cases: [string, unknown[], RegExp][] = [
    ["a file that is not held", [{ path: "SPEC.md", decision: "approve" }], /not held for review/],
    [
      "a path outside the job",
      [{ path: "../../../etc/passwd", decision: "approve" }],
      /not held for review/,
    ],
    [
      "an unknown finding",
      [{ finding_id: "nope", decision: "approve" }],
      /^Unknown finding "nope"/,
    ],
    ["neither path nor finding", [{ decision: "approve" }], /give either "path" or "finding_id"/],
    [
      "conflicting decisions",
      [{ path: "backend/app/main.py", decision: "approve" }, {
        path: "backend/app/main.py",
        decision: "reject",
      }],
      /^Conflicting decisions for "backend\/app\/main.py"/,
    ],
    ["an unknown decision", [{ path: "backend/app/main.py", decision: "maybe" }], /decision/],
  ];
  for (const [name, decisions, message] of cases) {
    await t.step(name, async () => {
      const result = await review(h, { job_id: jobId, decisions });
      assert.equal(result.isError, true);
      assert.match(textOf(result), message);
    });
  }
  const out = (await review(h, { job_id: jobId })).structuredContent as ReviewOut;
  assert.deepEqual(out.held_for_review, ["backend/app/main.py"]);
  const unknown = await review(h, { job_id: "0b6f0d1e-3c1a-4a57-9d64-2f1f6f3f6a10" });
  assert.equal(unknown.isError, true);
  assert.match(textOf(unknown), /^Unknown job id/);
  await h.close();
});

Deno.test("generate_app asks the user through elicitation and writes risky files they approve", async () => {
  const asked: string[] = [];
  const h = await connect({ pipeline: risky }, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { approve: true } };
  });
  const made = await h.client.callTool({
    name: "generate_app",
    arguments: { prompt: "a blog with comments", options: { require_review: true } },
  }) as CallToolResult;
  const out = made.structuredContent as { job_id: string; status: string };
  assert.equal(out.status, "succeeded");
  assert.equal(asked.length, 1);
  assert.match(
    asked[0]!,
    /backend\/app\/main\.py:\d+:python-os-exec[\s\S]*Write these files anyway\?/,
  );
  assert.ok(existsSync(join(h.deps.jobsDir, out.job_id, "output/backend/app/main.py")));
  await h.close();
});

Deno.test("generate_app holds risky files when the user declines through elicitation", async () => {
  const h = await connect({ pipeline: risky }, () => ({ action: "decline" }));
  await heldJob(h);
  await h.close();
});
