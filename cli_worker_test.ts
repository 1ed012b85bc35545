import assert from "node:assert/strict";
import { createBullQueue } from "./scale/bull_queue.ts";
import { NO_REDIS, startRedis, testMessage } from "./scale/_testing.ts";

const CLI = new URL("./cli.ts", import.meta.url).pathname;

function cli(args: string[], env: Record<string, string> = {}) {
  const base = Deno.env.toObject();
  delete base.REDIS_URL;
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "generate", ...args],
    env: { ...base, ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

Deno.test("generate --worker explains its options, and needs Redis", async () => {
  const help = await cli(["--worker", "--help"]).output();
  assert.equal(help.code, 0);
  assert.match(new TextDecoder().decode(help.stdout), /--redis-url URL/);
  const missing = await cli(["--worker"]).output();
  assert.equal(missing.code, 2);
  assert.match(new TextDecoder().decode(missing.stderr), /set REDIS_URL or pass --redis-url/);
});

Deno.test({
  name: `generate --worker runs queued jobs and stops cleanly on SIGTERM${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  async fn() {
    const redis = await startRedis();
    const root = Deno.makeTempDirSync();
    const queue = createBullQueue({ url: redis.url, onError: () => {} });
    const worker = cli(["--worker", "--id", "cli-worker"], { REDIS_URL: redis.url }).spawn();
    try {
      const reader = worker.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let said = "";
      while (!said.includes("ready on")) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the worker exited before it was ready: ${said}`);
        said += value;
      }
      const message = testMessage(root, 0);
      await queue.enqueue(message);
      const outcome = await queue.waitFor(message.state.jobId, 60_000);
      assert.equal(outcome.status, "succeeded");
      assert.equal(outcome.worker, "cli-worker");
      assert.ok(outcome.files.includes("SPEC.md"));
      worker.kill("SIGTERM");
      assert.equal((await worker.status).code, 0);
      await reader.cancel();
    } finally {
      try {
        worker.kill("SIGKILL");
      } catch { /* already stopped */ }
      await worker.stderr.cancel().catch(() => {});
      await queue.close();
      await redis.stop();
      Deno.removeSync(root, { recursive: true });
    }
  },
});
