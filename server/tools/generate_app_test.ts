import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CallToolResult, Progress } from "@modelcontextprotocol/client";
import { connect, slowProvider, testPipeline, textOf } from "../_testing.ts";
import { createMemoryRateLimiter } from "../../jobs/rate_limit.ts";

type Out = {
  job_id: string;
  status: string;
  spec: { title: string; entities: string[] } | null;
  files: string[];
  validation: { passed: boolean } | null;
  cost: { total_tokens: number; table: string; agents: unknown[] };
  resource_uri: string;
};

Deno.test("generate_app returns the job id, spec summary, files, validation and cost of a new app", async () => {
  const h = await connect();
  const result = await h.client.callTool({
    name: "generate_app",
    arguments: { prompt: "a blog with comments", user_id: "ada" },
  }) as CallToolResult;
  assert.equal(result.isError, undefined, textOf(result));
  const out = result.structuredContent as Out;
  assert.match(out.job_id, /^[0-9a-f-]{36}$/);
  assert.equal(out.status, "succeeded");
  assert.ok(out.spec?.entities.includes("Post") && out.spec.entities.includes("Comment"));
  assert.ok(out.files.includes("backend/app/main.py"));
  assert.ok(out.files.includes("SPEC.md"));
  assert.equal(out.validation?.passed, true);
  assert.equal(out.cost.agents.length, 5);
  assert.match(out.cost.table, /TOTAL\s+0\s+\$0\.000000/);
  assert.equal(out.resource_uri, `stackforge://jobs/${out.job_id}/`);
  assert.match(textOf(result), /succeeded[\s\S]*Per-Agent Token Usage/);
  assert.ok(existsSync(join(h.deps.jobsDir, out.job_id, "output", "backend", "app", "main.py")));
  assert.equal((await h.deps.store.get(out.job_id))?.status, "succeeded");
  await h.close();
});

Deno.test("generate_app sends one progress notification per pipeline step, in order", async () => {
  const h = await connect();
  const seen: { progress: number; message?: string }[] = [];
  const result = await h.client.callTool(
    { name: "generate_app", arguments: { prompt: "a blog with comments" } },
    { onprogress: (p: Progress) => seen.push(p) },
  ) as CallToolResult;
  const out = result.structuredContent as Out;
  assert.deepEqual(seen.map((p) => p.progress), seen.map((_, i) => i + 1), "1, 2, 3...");
  const messages = seen.map((p) => p.message ?? "");
  assert.equal(messages[0], `job ${out.job_id} started (provider: offline)`);
  assert.match(messages.at(-1)!, /^job succeeded: \d+ files written$/);
  const index = (m: RegExp) => messages.findIndex((x) => m.test(x));
  assert.ok(index(/^planner started/) < index(/^planner done/));
  assert.ok(index(/^planner done/) < index(/^fe_executor started/));
  assert.ok(index(/^be_executor done/) < index(/^validator started/));
  assert.ok(index(/^agents finished: succeeded$/) > index(/^validator done/));
  assert.ok(index(/^writing files$/) > index(/^agents finished/));
  await h.close();
});

Deno.test("generate_app stops a cancelled job and get_spec reports it cancelled", async () => {
  const slow = { ...testPipeline, provider: slowProvider(testPipeline.provider, 200) };
  const h = await connect({ pipeline: slow });
  const controller = new AbortController();
  let jobId = "";
  await assert.rejects(
    () =>
      h.client.callTool(
        { name: "generate_app", arguments: { prompt: "a blog with comments" } },
        {
          signal: controller.signal,
          onprogress: (p: Progress) => {
            jobId ||= /job (\S+) started/.exec(p.message ?? "")?.[1] ?? "";
            if (/planner started/.test(p.message ?? "")) controller.abort("user pressed stop");
          },
        },
      ),
    /user pressed stop|abort/i,
  );
  assert.match(jobId, /^[0-9a-f-]{36}$/);
  let status = "running";
  for (let i = 0; i < 100 && status === "running"; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const spec = await h.client.callTool({ name: "get_spec", arguments: { job_id: jobId } });
    status = (spec.structuredContent as { status: string }).status;
  }
  assert.equal(status, "cancelled");
  assert.equal(existsSync(join(h.deps.jobsDir, jobId, "output")), false, "nothing is written");
  await h.close();
});

Deno.test("generate_app rejects a user over the rate limit and says when to retry", async () => {
  const h = await connect({ rateLimiter: createMemoryRateLimiter({ points: 1 }) });
  const call = (user_id: string) =>
    h.client.callTool({
      name: "generate_app",
      arguments: { prompt: "a todo list", user_id },
    }) as Promise<CallToolResult>;
  assert.equal((await call("ada")).isError, undefined);
  const refused = await call("ada");
  assert.equal(refused.isError, true);
  assert.match(
    textOf(refused),
    /^Rate limit reached for user "ada": at most 1 generate_app calls per minute; retry in \d+ s$/,
  );
  assert.equal((await call("bob")).isError, undefined, "other users are unaffected");
  await h.close();
});

Deno.test("generate_app returns isError for bad arguments, and the server keeps serving", async (t) => {
  const h = await connect();
  const call = (args: Record<string, unknown>) =>
    h.client.callTool({ name: "generate_app", arguments: args }) as Promise<CallToolResult>;
  await t.step("an empty prompt", async () => {
    const r = await call({ prompt: "" });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /prompt/);
  });
  await t.step("a prompt of blanks", async () => {
    const r = await call({ prompt: "    " });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /^Job [0-9a-f-]{36}: failed \(Prompt is empty: describe the app/);
  });
  await t.step("an oversized prompt", async () => {
    const r = await call({ prompt: "x".repeat(8_001) });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /prompt/);
  });
  await t.step("a prompt of the wrong type", async () => {
    const r = await call({ prompt: 42 });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /prompt/);
  });
  await t.step("a user id with a space", async () => {
    const r = await call({ prompt: "a blog", user_id: "a b" });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /user_id/);
  });
  await t.step("an unknown tool", async () => {
    const r = await h.client.callTool({ name: "delete_everything", arguments: {} })
      .catch((e: Error) => ({ isError: true, content: [{ type: "text", text: e.message }] }));
    assert.equal(r.isError, true);
    assert.match(textOf(r as CallToolResult), /delete_everything not found/);
  });
  const ok = await call({ prompt: "a blog" });
  assert.equal(ok.isError, undefined);
  await h.close();
});
