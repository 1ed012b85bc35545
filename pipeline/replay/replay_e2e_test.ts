/**
 * End-to-end: both recorded model sessions replayed through the pipeline at
 * default caps, unchanged, and the apps they give verified for real
 * (pytest, Uvicorn, npm, next build, Chromium). Slow, so it runs only with
 * STACKFORGE_REPLAY_E2E=1 (`deno task replay:e2e`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { verifyApp } from "../../verify/mod.ts";
import { replayRecording } from "./run.ts";

const ignore = Deno.env.get("STACKFORGE_REPLAY_E2E") !== "1";
const RECORDINGS = {
  "poll-app": { pages: 7, flows: 3 },
  "todo-auth": { pages: 5, flows: 1 },
};

for (const [name, expected] of Object.entries(RECORDINGS)) {
  Deno.test({
    name: `replayRecording() then verifyApp() pass every stage for the recorded "${name}" session`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const dir = new URL(`../../tests/fixtures/recordings/${name}`, import.meta.url).pathname;
      const outDir = join(Deno.makeTempDirSync({ prefix: "stackforge-replay-e2e-" }), "app");
      const replay = await replayRecording(dir, { outDir, env: {} });
      assert.equal(replay.result.status, "succeeded", replay.result.reason);
      assert.deepEqual(replay.mismatches, []);
      assert.ok(replay.served.every((s) => !s.truncated), "no answer was cut at max_tokens");
      const result = await verifyApp(outDir);
      assert.equal(result.error, undefined);
      for (const stage of ["backend", "frontend", "browser"]) {
        const found = result.stages.find((s) => s.stage === stage);
        assert.equal(found?.status, "passed", `${stage}: ${found?.summary ?? "did not run"}`);
      }
      for (const stage of result.stages) {
        assert.equal(stage.status, "passed", `${stage.stage}: ${stage.summary}`);
      }
      const browser = result.stages.find((s) => s.stage === "browser")!;
      assert.match(
        browser.summary,
        new RegExp(
          `${expected.pages}/${expected.pages} pages render without console errors; ${expected.flows}/${expected.flows} create-list-delete flows`,
        ),
      );
      assert.ok(result.ok);
      await Deno.remove(join(outDir, ".."), { recursive: true });
    },
  });
}
