import assert from "node:assert/strict";
import { createPipeline } from "../agents/generate.ts";
import type { JobState } from "../agents/job_state.ts";
import { createMemoryCompletionLog } from "./completion.ts";
import { createJobRunner } from "./run_job.ts";
import { hashTree, testMessage } from "./_testing.ts";

const pipeline = await createPipeline({ toolchain: {} });

Deno.test("createJobRunner() checkpoints after each step, and resumes from the last one to the same output", async (t) => {
  const root = Deno.makeTempDirSync();
  const run = (workerId: string) =>
    createJobRunner({ pipeline, completions: createMemoryCompletionLog(), workerId });
  const context = (saved: JobState[]) => ({
    signal: new AbortController().signal,
    checkpoint: (state: JobState) => {
      saved.push(structuredClone(state));
      return Promise.resolve();
    },
  });
  try {
    const first = testMessage(root, 0);
    const saved: JobState[] = [];
    const outcome = await run("w1")(first, context(saved));
    assert.equal(outcome.status, "succeeded");

    await t.step("one checkpoint per orchestrator step, none repeating the last", () => {
      // The planner, both executors at once, the validator.
      assert.deepEqual(saved.map((s) => s.steps.length), [1, 3, 4]);
      assert.equal(saved.at(-1)!.steps.at(-1)!.agent, "validator");
      assert.ok(saved.every((s) => s.status === "running"));
    });

    await t.step("a worker resuming from the last checkpoint runs no agent again", async () => {
      const last = saved.at(-1)!;
      const again: JobState[] = [];
      const resumed = await run("w2")(
        { ...first, state: last, outDir: `${root}/resumed/output` },
        context(again),
      );
      assert.equal(resumed.status, "succeeded");
      assert.deepEqual(again, [], "nothing new to save");
      assert.deepEqual(resumed.files, outcome.files);
      assert.deepEqual(await hashTree(resumed.outDir), await hashTree(outcome.outDir));
    });
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
