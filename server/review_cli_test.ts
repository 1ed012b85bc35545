import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { generateApp } from "../pipeline/generate.ts";
import { createFileJobStore } from "../jobs/store.ts";
import { standaloneJobRecord } from "../jobs/record.ts";
import { main } from "./review_cli.ts";
import { riskyProvider, testPipeline } from "./_testing.ts";

async function run(args: string[], jobsDir: string) {
  let stdout = "";
  let stderr = "";
  const code = await main([...args, "--jobs-dir", jobsDir], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
  });
  return { code, stdout, stderr };
}

Deno.test("deno task review lists held files of a CLI job, then writes the approved ones", async () => {
  const root = Deno.makeTempDirSync({ prefix: "stackforge-review-" });
  const jobsDir = join(root, "jobs");
  const outDir = join(root, "app");
  try {
    const result = await generateApp("a blog with comments", {
      pipeline: { ...testPipeline, provider: riskyProvider(testPipeline.provider) },
      outDir,
      requireHumanReview: true,
    });
    assert.equal(result.status, "awaiting_review");
    await createFileJobStore(jobsDir).put(standaloneJobRecord(result, new Date()));
    assert.equal(existsSync(join(outDir, "backend/app/main.py")), false);

    const listed = await run([result.jobId], jobsDir);
    assert.equal(listed.code, 1, "files still wait for a decision");
    assert.match(listed.stdout, /\[held\] backend\/app\/main\.py:\d+:python-os-exec/);

    const approved = await run([result.jobId, "--approve", "all"], jobsDir);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /Written: backend\/app\/main\.py/);
    assert.ok(existsSync(join(outDir, "backend/app/main.py")));
    const record = await createFileJobStore(jobsDir).get(result.jobId);
    assert.equal(record?.status, "succeeded");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("deno task review refuses an unknown job with a clear line", async () => {
  const jobsDir = Deno.makeTempDirSync({ prefix: "stackforge-review-" });
  try {
    const missing = await run(["00000000-0000-4000-8000-000000000000"], jobsDir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: .*00000000-0000-4000-8000-000000000000/);
    const none = await run([], jobsDir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give one job id/);
  } finally {
    Deno.removeSync(jobsDir, { recursive: true });
  }
});
