import assert from "node:assert/strict";
import type { JobRecord } from "../jobs/store.ts";
import { connectRedis } from "./redis.ts";
import { createRedisJobStore } from "./redis_job_store.ts";
import { NO_REDIS, startRedis } from "./_testing.ts";

function record(jobId: string, updatedAt: string): JobRecord {
  return {
    version: 1,
    jobId,
    userId: "ada",
    status: "succeeded",
    provider: "offline",
    createdAt: updatedAt,
    updatedAt,
    outDir: `/jobs/${jobId}/output`,
    files: ["SPEC.md"],
    findings: [],
    heldFiles: [],
    rejected: [],
    approved: [],
    specMarkdown: "# Spec\n",
  };
}

Deno.test({
  name: `createRedisJobStore() shares records between two replicas' connections${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  fn: async (t) => {
    const redis = await startRedis();
    const a = connectRedis(redis.url);
    const b = connectRedis(redis.url);
    const replicaA = createRedisJobStore(a);
    const replicaB = createRedisJobStore(b);
    try {
      const first = crypto.randomUUID();
      const second = crypto.randomUUID();
      await t.step("a record written through one is read through the other", async () => {
        await replicaA.put(record(first, "2026-01-01T00:00:00.000Z"));
        assert.deepEqual(await replicaB.get(first), record(first, "2026-01-01T00:00:00.000Z"));
      });
      await t.step("list() is newest first", async () => {
        await replicaB.put(record(second, "2026-01-02T00:00:00.000Z"));
        assert.deepEqual(await replicaA.list(10), [second, first]);
        assert.deepEqual(await replicaA.list(1), [second]);
      });
      await t.step("an unknown job is undefined", async () => {
        assert.equal(await replicaA.get(crypto.randomUUID()), undefined);
      });
      await t.step("a job id that is not a UUID is refused before it reaches a key", async () => {
        await assert.rejects(() => replicaA.get("x*"), RangeError);
      });
      await t.step("a corrupt record is a TypeError naming the job", async () => {
        await a.set(`stackforge:job:${first}`, JSON.stringify({ version: 1 }));
        await assert.rejects(() => replicaB.get(first), /Cannot read job/);
      });
    } finally {
      a.disconnect();
      b.disconnect();
      await redis.stop();
    }
  },
});
