import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { connect, textOf } from "../_testing.ts";

Deno.test("get_spec returns the structured spec, SPEC.md, status and cost of a job", async () => {
  const h = await connect();
  const made = await h.client.callTool({
    name: "generate_app",
    arguments: { prompt: "a small CRM to track contacts, companies and deals" },
  });
  const jobId = (made.structuredContent as { job_id: string }).job_id;
  const result = await h.client.callTool({
    name: "get_spec",
    arguments: { job_id: jobId },
  }) as CallToolResult;
  assert.equal(result.isError, undefined, textOf(result));
  const out = result.structuredContent as {
    status: string;
    spec: { entities: { name: string }[]; endpoints: unknown[]; pages: unknown[] };
    spec_markdown: string;
    cost: { total_usd: number; table: string };
    files: string[];
  };
  assert.equal(out.status, "succeeded");
  const names = out.spec.entities.map((e) => e.name);
  for (const name of ["Company", "Contact", "Deal"]) assert.ok(names.includes(name), name);
  assert.ok(out.spec.endpoints.length > 0 && out.spec.pages.length > 0);
  assert.equal(
    out.spec_markdown,
    Deno.readTextFileSync(`${h.deps.jobsDir}/${jobId}/output/SPEC.md`),
    "the same text as the job's SPEC.md",
  );
  assert.equal(out.cost.total_usd, 0);
  assert.match(out.cost.table, /Provider: offline/);
  assert.match(textOf(result), /succeeded[\s\S]*# .* — specification/);
  await h.close();
});

Deno.test("get_spec returns isError for an unknown job id", async () => {
  const h = await connect();
  const result = await h.client.callTool({
    name: "get_spec",
    arguments: { job_id: "0b6f0d1e-3c1a-4a57-9d64-2f1f6f3f6a10" },
  }) as CallToolResult;
  assert.equal(result.isError, true);
  assert.equal(
    textOf(result),
    'Unknown job id "0b6f0d1e-3c1a-4a57-9d64-2f1f6f3f6a10": no job has that id (or it was deleted); use a job_id from generate_app or list_jobs',
  );
  await h.close();
});

Deno.test("get_spec returns isError for a malformed job id, including path traversal", async () => {
  const h = await connect();
  for (const jobId of ["../../etc/passwd", "abc", "", "0B6F0D1E-3C1A-4A57-9D64-2F1F6F3F6A10"]) {
    const result = await h.client.callTool({
      name: "get_spec",
      arguments: { job_id: jobId },
    }) as CallToolResult;
    assert.equal(result.isError, true);
    assert.match(textOf(result), /^Invalid job id ".*": expected a UUID/);
  }
  const wrongType = await h.client.callTool({ name: "get_spec", arguments: { job_id: 7 } });
  assert.equal(wrongType.isError, true);
  await h.close();
});
