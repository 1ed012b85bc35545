import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { connect } from "./_testing.ts";

Deno.test("STACKFORGE_JOB_TTL deletes jobs older than the TTL, and list_jobs says when each expires", async () => {
  let now = Date.parse("2026-08-01T12:00:00Z");
  const root = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "stackforge-root-" }));
  const h = await connect({
    now: () => new Date(now),
    settings: { jobTtlMs: 3_600_000, outputRoot: root },
  });
  try {
    const old = await h.client.callTool({
      name: "generate_app",
      arguments: { prompt: "a blog", output_dir: "blog" },
    });
    const oldId = (old.structuredContent as { job_id: string }).job_id;
    const listed = await h.client.callTool({ name: "list_jobs", arguments: {} });
    assert.equal(
      (listed.structuredContent as { jobs: { expires_at: string }[] }).jobs[0]!.expires_at,
      "2026-08-01T13:00:00.000Z",
    );
    now += 2 * 3_600_000;
    const fresh = await h.client.callTool({
      name: "generate_app",
      arguments: { prompt: "a todo list" },
    });
    const freshId = (fresh.structuredContent as { job_id: string }).job_id;
    assert.equal(await h.deps.store.get(oldId), undefined, "the expired job is gone");
    assert.equal(existsSync(join(h.deps.jobsDir, oldId)), false);
    assert.ok(
      existsSync(join(root, "blog", "SPEC.md")),
      "an app in an output_dir outlives its job",
    );
    assert.equal((await h.deps.store.get(freshId))?.status, "succeeded");
    assert.equal(await h.deps.retention.sweep(), 0);
  } finally {
    await h.close();
    Deno.removeSync(root, { recursive: true });
  }
});
