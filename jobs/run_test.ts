import assert from "node:assert/strict";
import { createPipeline } from "../pipeline/generate.ts";
import { ledgerTotals } from "../core/budget.ts";
import type { JobState } from "../core/job_state.ts";
import type { ModelProvider } from "../core/provider.ts";
import type { UserRateLimiter } from "./rate_limit.ts";
import { createMemoryCompletionLog } from "./completion.ts";
import { createJobRunner } from "./run.ts";
import { hashTree, testMessage } from "../scale/_testing.ts";

const pipeline = await createPipeline({ toolchain: {} });

/** A job context that records every checkpoint in `saved`. */
const savingTo = (saved: JobState[]) => ({
  signal: new AbortController().signal,
  checkpoint: (state: JobState) => {
    saved.push(structuredClone(state));
    return Promise.resolve();
  },
});

Deno.test("createJobRunner() checkpoints after each step, and resumes from the last one to the same output", async (t) => {
  const root = Deno.makeTempDirSync();
  const run = (workerId: string) =>
    createJobRunner({ pipeline, completions: createMemoryCompletionLog(), workerId });
  try {
    const first = testMessage(root, 0);
    const saved: JobState[] = [];
    const outcome = await run("w1")(first, savingTo(saved));
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
        savingTo(again),
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

Deno.test("createJobRunner() meters each step's tokens once, also when another worker continues the job", async () => {
  const root = Deno.makeTempDirSync();
  const tokens = (s: JobState) => ledgerTotals(s.ledger).tokens;
  const metering = () => {
    const charged: number[] = [];
    const limiter: UserRateLimiter = {
      consume: () => Promise.resolve({ allowed: true, remaining: 1 }),
      consumeTokens: (key, n) => {
        assert.equal(key, "tester");
        charged.push(n);
        return Promise.resolve({ allowed: true, remaining: 1 });
      },
    };
    return { limiter, charged, sum: () => charged.reduce((a, b) => a + b, 0) };
  };
  try {
    // The offline provider reports no tokens: this one reports 150 a call.
    const offline = pipeline.provider;
    const counting: ModelProvider = {
      ...offline,
      metered: true,
      complete: async (request) => ({
        ...(await offline.complete(request)),
        usage: { inputTokens: 100, outputTokens: 50, cachedTokens: 0 },
      }),
    };
    const metered = { ...pipeline, provider: counting };
    const message = testMessage(root, 1);
    const whole = metering();
    const saved: JobState[] = [];
    await createJobRunner({
      pipeline: metered,
      completions: createMemoryCompletionLog(),
      workerId: "w1",
      limiter: whole.limiter,
    })(message, savingTo(saved));
    const total = tokens(saved.at(-1)!);
    assert.ok(total > 0);
    // Charged step by step, as each step was saved, and nothing after.
    assert.equal(whole.charged.length, saved.length);
    assert.equal(whole.sum(), total);

    // A worker dies while saving its third step; another continues from the second.
    const dying = metering();
    const before: JobState[] = [];
    await assert.rejects(
      createJobRunner({
        pipeline: metered,
        completions: createMemoryCompletionLog(),
        workerId: "w2",
        limiter: dying.limiter,
      })({ ...message, outDir: `${root}/dies/output` }, {
        signal: new AbortController().signal,
        checkpoint: (state: JobState) => {
          if (before.length === 2) return Promise.reject(new Error("worker died"));
          before.push(structuredClone(state));
          return Promise.resolve();
        },
      }),
      /worker died/,
    );
    assert.equal(dying.sum(), tokens(before[1]!), "charged up to the last saved step");
    const next = metering();
    await createJobRunner({
      pipeline: metered,
      completions: createMemoryCompletionLog(),
      workerId: "w3",
      limiter: next.limiter,
    })({ ...message, state: before[1]!, outDir: `${root}/again/output` }, savingTo([]));
    assert.equal(dying.sum() + next.sum(), total, "every token charged once in all");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("createJobRunner() screens a new job's request with the model classifier and fails an injection before any agent", async () => {
  const root = Deno.makeTempDirSync();
  try {
    const asked: string[] = [];
    const judging: ModelProvider = {
      ...pipeline.provider,
      name: "judging",
      metered: true,
      deterministic: false,
      complete: (request) => {
        asked.push(request.schemaName ?? request.task.agent);
        return Promise.resolve({
          output: { injection: true, reasons: ["asks to ignore the instructions"], techniques: [] },
          usage: { inputTokens: 100, outputTokens: 20, cachedTokens: 0 },
          model: "test-model",
        });
      },
    };
    const saved: JobState[] = [];
    const outcome = await createJobRunner({
      pipeline: { ...pipeline, provider: judging },
      completions: createMemoryCompletionLog(),
      workerId: "w1",
    })(testMessage(root, 2), savingTo(saved));
    assert.equal(outcome.status, "failed");
    assert.match(outcome.reason ?? "", /prompt injection \(asks to ignore the instructions\)/);
    assert.deepEqual(asked, ["injection_verdict"], "no agent ran");
    assert.equal(saved[0]!.screening?.injection, true);
    assert.equal(saved[0]!.ledger.orchestrator.inputTokens > 0, true, "the call is charged");
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
