import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { checkJobId, createFileJobStore, jobOutputDir, type JobRecord } from "./store.ts";

const ID = "0b6f0d1e-3c1a-4a57-9d64-2f1f6f3f6a10";

function record(root: string): JobRecord {
  return {
    version: 1,
    jobId: ID,
    userId: "local",
    status: "running",
    provider: "offline",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    outDir: jobOutputDir(root, ID),
    files: [],
    findings: [],
    heldFiles: [],
    rejected: [],
    approved: [],
  };
}

Deno.test("createFileJobStore() keeps a record as JSON and reads it back", async () => {
  const root = Deno.makeTempDirSync();
  const store = createFileJobStore(root);
  assert.equal(await store.get(ID), undefined);
  await store.put(record(root));
  await store.put({ ...record(root), status: "succeeded" });
  assert.equal((await store.get(ID))?.status, "succeeded");
  assert.deepEqual(await store.list(10), [ID]);
  assert.deepEqual(readdirSync(join(root, ID)), ["job.json"], "no temporary file is left");
  Deno.removeSync(root, { recursive: true });
});

Deno.test("checkJobId() blocks path traversal through a job id", async () => {
  const root = Deno.makeTempDirSync();
  const store = createFileJobStore(root);
  for (const bad of ["../etc", "..", "a/b", "", ID + "/..", ID.toUpperCase(), `${ID}\0`]) {
    assert.throws(() => checkJobId(bad), /Invalid job id/);
    await assert.rejects(async () => await store.get(bad), /Invalid job id/);
  }
  assert.equal(existsSync(join(root, "..", "etc", "job.json")), false);
  Deno.removeSync(root, { recursive: true });
});

Deno.test("createFileJobStore() reports a damaged record by job id", async () => {
  const root = Deno.makeTempDirSync();
  const store = createFileJobStore(root);
  Deno.mkdirSync(join(root, ID));
  Deno.writeTextFileSync(join(root, ID, "job.json"), JSON.stringify({ version: 1, jobId: ID }));
  await assert.rejects(() => store.get(ID), new RegExp(`Cannot read job "${ID}"`));
  Deno.removeSync(root, { recursive: true });
});

Deno.test("createFileJobStore() sees a record another store (another replica) wrote", async () => {
  const root = Deno.makeTempDirSync();
  const a = createFileJobStore(root);
  const b = createFileJobStore(root);
  await a.put(record(root));
  assert.equal((await a.get(ID))?.status, "running");
  await b.put({ ...record(root), status: "cancelled", reason: "stopped by a replica" });
  assert.equal((await a.get(ID))?.status, "cancelled");
  const mine = (await a.get(ID))!;
  mine.status = "failed";
  assert.equal((await a.get(ID))?.status, "cancelled", "callers get copies");
  Deno.removeSync(root, { recursive: true });
});

Deno.test("createFileJobStore() reads back every record when they outgrow its cache", async () => {
  const root = Deno.makeTempDirSync();
  const store = createFileJobStore(root);
  // ~1 MB of held code each (the largest file allowed): more than the cache holds.
  const ids = Array.from(
    { length: 12 },
    (_, i) => `0b6f0d1e-3c1a-4a57-9d64-${String(i).padStart(12, "0")}`,
  );
  for (const [i, jobId] of ids.entries()) {
    await store.put({
      ...record(root),
      jobId,
      outDir: jobOutputDir(root, jobId),
      heldFiles: [{ path: "backend/app/main.py", content: `# job ${i}\n${"x".repeat(900_000)}` }],
    });
  }
  for (const [i, jobId] of ids.entries()) {
    const got = await store.get(jobId);
    assert.equal(got?.jobId, jobId);
    assert.ok(got.heldFiles[0]!.content.startsWith(`# job ${i}\n`));
  }
  Deno.removeSync(root, { recursive: true });
});
