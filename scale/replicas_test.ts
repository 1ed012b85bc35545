import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { createPipeline } from "../pipeline/generate.ts";
import { createStackforgeServer } from "../server/create_server.ts";
import { createServerDeps } from "../server/deps.ts";
import { createBullQueue } from "./bull_queue.ts";
import { createRedisCompletionLog } from "./completion.ts";
import { connectRedis } from "./redis.ts";
import { createRedisJobStore } from "./redis_job_store.ts";
import { startWorker } from "./worker.ts";
import { NO_REDIS, startRedis } from "./_testing.ts";

const pipeline = await createPipeline({ toolchain: {} });

async function replica(url: string, jobsDir: string) {
  const deps = await createServerDeps({ pipeline, env: { REDIS_URL: url }, jobsDir });
  const server = createStackforgeServer(deps);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(clientSide);
  return {
    deps,
    client,
    async close() {
      await client.close();
      await server.close();
      await deps.queue?.close();
    },
  };
}

Deno.test({
  name:
    `two MCP replicas with REDIS_URL: generate_app on one runs on a worker, get_spec on the other${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const redis = await startRedis();
    const jobsDir = Deno.makeTempDirSync();
    const workerRedis = connectRedis(redis.url);
    const workerQueue = createBullQueue({ url: redis.url, onError: () => {} });
    const worker = startWorker({
      queue: workerQueue,
      pipeline,
      completions: createRedisCompletionLog(workerRedis),
      store: createRedisJobStore(workerRedis),
      workerId: "worker-1",
    });
    const a = await replica(redis.url, jobsDir);
    const b = await replica(redis.url, jobsDir);
    try {
      assert.equal(a.deps.queue?.kind, "bullmq");
      const made = await a.client.callTool({
        name: "generate_app",
        arguments: { prompt: "a todo app where users manage their own todos", user_id: "ada" },
      });
      assert.equal(made.isError, undefined, JSON.stringify(made.content));
      const out = made.structuredContent as { job_id: string; status: string; files: string[] };
      assert.equal(out.status, "succeeded");
      assert.ok(out.files.includes("SPEC.md"));
      const spec = await b.client.callTool({ name: "get_spec", arguments: { job_id: out.job_id } });
      assert.equal(spec.isError, undefined, JSON.stringify(spec.content));
      assert.match(JSON.stringify(spec.content), /Todo/i);
      assert.equal(await a.deps.queue!.depth(), 0);
    } finally {
      await a.close();
      await b.close();
      await worker.stop(1_000);
      await workerQueue.close();
      workerRedis.disconnect();
      await redis.stop();
      Deno.removeSync(jobsDir, { recursive: true });
    }
  },
});
