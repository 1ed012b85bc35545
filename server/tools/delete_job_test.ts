import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/client";
import {
  connect,
  pollTask,
  rpc,
  serveHttp,
  slowProvider,
  testPipeline,
  textOf,
} from "../_testing.ts";

Deno.test("delete_job removes the job's record and files; the job is then unknown everywhere", async () => {
  const h = await connect();
  try {
    const made = await h.client.callTool({ name: "generate_app", arguments: { prompt: "a blog" } });
    const jobId = (made.structuredContent as { job_id: string }).job_id;
    const deleted = await h.client.callTool({ name: "delete_job", arguments: { job_id: jobId } });
    assert.equal(deleted.isError, undefined, textOf(deleted as CallToolResult));
    assert.equal((deleted.structuredContent as { deleted: boolean }).deleted, true);
    assert.equal(existsSync(join(h.deps.jobsDir, jobId)), false);
    assert.equal(await h.deps.store.get(jobId), undefined);
    const spec = await h.client.callTool({ name: "get_spec", arguments: { job_id: jobId } });
    assert.match(textOf(spec as CallToolResult), /^Unknown job id/);
    const again = await h.client.callTool({ name: "delete_job", arguments: { job_id: jobId } });
    assert.equal(again.isError, true);
    const { resources } = await h.client.listResources();
    assert.ok(!resources.some((r) => r.uri.includes(jobId)));
  } finally {
    await h.close();
  }
});

Deno.test("delete_job on an output_dir app removes only what the job wrote", async () => {
  const root = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "stackforge-root-" }));
  const h = await connect({ settings: { outputRoot: root } });
  try {
    const made = await h.client.callTool({
      name: "generate_app",
      arguments: { prompt: "a blog", output_dir: "blog" },
    });
    const jobId = (made.structuredContent as { job_id: string }).job_id;
    mkdirSync(join(root, "blog", "notes"));
    writeFileSync(join(root, "blog", "notes", "mine.md"), "my own notes");
    await h.client.callTool({ name: "delete_job", arguments: { job_id: jobId } });
    assert.equal(existsSync(join(root, "blog", "backend")), false);
    assert.equal(Deno.readTextFileSync(join(root, "blog", "notes", "mine.md")), "my own notes");
  } finally {
    await h.close();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("delete_job cancels a running task first, and refuses another user's job as unknown", async () => {
  const users = [
    { user: "alice", token: "alice-token-0123456789" },
    { user: "bob", token: "bob-token-01234567890" },
  ];
  const slow = { ...testPipeline, provider: slowProvider(testPipeline.provider, 200) };
  const h = await serveHttp({ pipeline: slow }, { hostname: "0.0.0.0", users });
  const as = (i: number, tasks = false) => ({
    tasks,
    headers: { authorization: `Bearer ${users[i]!.token}` },
  });
  try {
    const created = await rpc(h.handler, "tools/call", {
      name: "generate_app",
      arguments: { prompt: "a blog" },
    }, as(0, true));
    const taskId = String(created.result!.taskId);
    const bobs = await rpc(h.handler, "tools/call", {
      name: "delete_job",
      arguments: { job_id: taskId },
    }, as(1));
    assert.match(textOf(bobs.result as unknown as CallToolResult), /^Unknown job id/);
    const deleted = await rpc(h.handler, "tools/call", {
      name: "delete_job",
      arguments: { job_id: taskId },
    }, as(0));
    const out = deleted.result!.structuredContent as { cancelled: boolean };
    assert.equal(out.cancelled, true);
    assert.equal(existsSync(join(h.deps.jobsDir, taskId)), false);
    await assert.rejects(() => pollTask(h.handler, taskId, as(0, true)), /Task not found/);
  } finally {
    await h.close();
  }
});
