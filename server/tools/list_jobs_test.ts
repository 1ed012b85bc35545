import assert from "node:assert/strict";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { connect, rpc, serveHttp, textOf } from "../_testing.ts";

type Listed = {
  jobs: { job_id: string; status: string; title: string | null; bytes: number; user_id: string }[];
  next_cursor?: string;
  usage: { user_id: string; bytes: number; quota_bytes: number | null };
};

Deno.test("list_jobs pages the caller's jobs newest first, with sizes and the disk quota", async () => {
  const h = await connect({ settings: { userQuotaBytes: 50 * 1024 * 1024 } });
  try {
    const ids: string[] = [];
    for (const prompt of ["a blog", "a todo list", "a recipe book"]) {
      const made = await h.client.callTool({ name: "generate_app", arguments: { prompt } });
      ids.push((made.structuredContent as { job_id: string }).job_id);
    }
    const first = (await h.client.callTool({ name: "list_jobs", arguments: { limit: 2 } }))
      .structuredContent as Listed;
    assert.deepEqual(first.jobs.map((j) => j.job_id), [ids[2], ids[1]]);
    assert.ok(first.jobs.every((j) => j.status === "succeeded" && j.bytes > 10_000 && j.title));
    assert.ok(first.next_cursor);
    const second = (await h.client.callTool({
      name: "list_jobs",
      arguments: { limit: 2, cursor: first.next_cursor },
    })).structuredContent as Listed;
    assert.deepEqual(second.jobs.map((j) => j.job_id), [ids[0]]);
    assert.equal(second.next_cursor, undefined);
    assert.equal(first.usage.user_id, "local");
    assert.ok(first.usage.bytes >= first.jobs[0]!.bytes * 2);
    assert.equal(first.usage.quota_bytes, 50 * 1024 * 1024);
    const failed = (await h.client.callTool({ name: "list_jobs", arguments: { status: "failed" } }))
      .structuredContent as Listed;
    assert.deepEqual(failed.jobs, []);
  } finally {
    await h.close();
  }
});

Deno.test("list_jobs shows a user only their own jobs, and refuses a made-up cursor", async () => {
  const users = [
    { user: "alice", token: "alice-token-0123456789" },
    { user: "bob", token: "bob-token-01234567890" },
  ];
  const h = await serveHttp({}, { hostname: "0.0.0.0", users });
  const as = (i: number) => ({
    tasks: false,
    headers: { authorization: `Bearer ${users[i]!.token}` },
  });
  try {
    await rpc(
      h.handler,
      "tools/call",
      { name: "generate_app", arguments: { prompt: "a blog" } },
      as(0),
    );
    const bobs = await rpc(h.handler, "tools/call", { name: "list_jobs", arguments: {} }, as(1));
    assert.deepEqual((bobs.result!.structuredContent as Listed).jobs, []);
    const alices = await rpc(h.handler, "tools/call", { name: "list_jobs", arguments: {} }, as(0));
    assert.equal((alices.result!.structuredContent as Listed).jobs.length, 1);
    const bad = await rpc(h.handler, "tools/call", {
      name: "list_jobs",
      arguments: { cursor: "eyJoYWNrIjp0cnVlfQ" },
    }, as(0));
    assert.equal((bad.result as unknown as CallToolResult).isError, true);
    assert.match(
      textOf(bad.result as unknown as CallToolResult),
      /^Invalid cursor: pass the nextCursor/,
    );
  } finally {
    await h.close();
  }
});
