import assert from "node:assert/strict";
import {
  BudgetExceededError,
  costUsd,
  DEFAULT_LIMITS,
  DEFAULT_PRICES,
  emptyLedger,
  ledgerTotals,
  planCall,
  recordCall,
} from "./budget.ts";

const price = DEFAULT_PRICES["gpt-4o-mini"];

Deno.test("planCall() cuts the output allowance to what the agent has left", () => {
  const ledger = recordCall(emptyLedger(), "planner", {
    usage: { inputTokens: 3_000, outputTokens: 2_000, cachedTokens: 0 },
    usd: 0,
    latencyMs: 1,
    model: "m",
  });
  const limits = {
    ...DEFAULT_LIMITS,
    agentTokens: { ...DEFAULT_LIMITS.agentTokens, planner: 10_000 },
  };
  const plan = planCall(limits, ledger, {
    agent: "planner",
    inputTokens: 2_000,
    wantedOutputTokens: 6_000,
    minOutputTokens: 256,
    price: undefined,
  });
  assert.equal(plan.maxOutputTokens, 3_000);
});

Deno.test("planCall() refuses a call whose input alone would pass the agent cap", () => {
  assert.throws(
    () =>
      planCall(DEFAULT_LIMITS, emptyLedger(), {
        agent: "orchestrator",
        inputTokens: 4_900,
        wantedOutputTokens: 1_000,
        minOutputTokens: 256,
        price: undefined,
      }),
    (error) =>
      error instanceof BudgetExceededError && error.code === "agent_tokens" &&
      error.agent === "orchestrator" && /Token cap of "orchestrator"/.test(error.message),
  );
});

Deno.test("planCall() enforces the job token budget across agents", () => {
  const limits = { ...DEFAULT_LIMITS, jobTokens: 10_000 };
  let ledger = emptyLedger();
  ledger = recordCall(ledger, "fe_executor", {
    usage: { inputTokens: 5_000, outputTokens: 4_500, cachedTokens: 0 },
    usd: 0,
    latencyMs: 1,
    model: "m",
  });
  assert.throws(
    () =>
      planCall(limits, ledger, {
        agent: "be_executor",
        inputTokens: 300,
        wantedOutputTokens: 8_000,
        minOutputTokens: 256,
        price: undefined,
      }),
    (error) => error instanceof BudgetExceededError && error.code === "job_tokens",
  );
});

Deno.test("planCall() keeps the worst-case cost of a call under the USD cap", () => {
  const limits = { ...DEFAULT_LIMITS, jobUsd: 0.001 };
  const plan = planCall(limits, emptyLedger(), {
    agent: "fe_executor",
    inputTokens: 1_000,
    wantedOutputTokens: 20_000,
    minOutputTokens: 256,
    price,
  });
  const worst = costUsd(price, {
    inputTokens: 1_000,
    outputTokens: plan.maxOutputTokens,
    cachedTokens: 0,
  });
  assert.ok(worst <= 0.001, `worst case ${worst} exceeds the cap`);
  assert.ok(plan.maxOutputTokens > 256);
});

Deno.test("planCall() never lets a sequence of maximal calls exceed any cap", () => {
  let ledger = emptyLedger();
  const limits = { ...DEFAULT_LIMITS, jobTokens: 50_000 };
  for (let i = 0; i < 100; i++) {
    const agent = (["planner", "fe_executor", "be_executor", "validator"] as const)[i % 4]!;
    let plan;
    try {
      plan = planCall(limits, ledger, {
        agent,
        inputTokens: 1_500,
        wantedOutputTokens: 9_000,
        minOutputTokens: 256,
        price,
      });
    } catch (error) {
      assert.ok(error instanceof BudgetExceededError);
      continue;
    }
    // The provider uses the whole allowance, the worst case.
    const usage = { inputTokens: 1_500, outputTokens: plan.maxOutputTokens, cachedTokens: 0 };
    ledger = recordCall(ledger, agent, {
      usage,
      usd: costUsd(price, usage),
      latencyMs: 1,
      model: "m",
    });
  }
  assert.ok(ledgerTotals(ledger).tokens <= 50_000);
  for (const agent of ["planner", "fe_executor", "be_executor", "validator"] as const) {
    const spent = ledger[agent].inputTokens + ledger[agent].outputTokens;
    assert.ok(spent <= limits.agentTokens[agent], `${agent} spent ${spent}`);
  }
  assert.ok(ledgerTotals(ledger).usd <= limits.jobUsd);
});

Deno.test("costUsd() prices cached input at the cached rate and unknown models at 0", () => {
  assert.equal(
    costUsd({ input: 2, cachedInput: 1, output: 8 }, {
      inputTokens: 1_000_000,
      outputTokens: 1_000_000,
      cachedTokens: 500_000,
    }),
    1 + 0.5 + 8,
  );
  assert.equal(costUsd(undefined, { inputTokens: 10, outputTokens: 10, cachedTokens: 0 }), 0);
});

Deno.test("recordCall() adds up calls, tokens, cost and models without changing its input", () => {
  const before = emptyLedger();
  const after = recordCall(before, "validator", {
    usage: { inputTokens: 10, outputTokens: 5, cachedTokens: 2 },
    usd: 0.5,
    latencyMs: 12,
    model: "gpt-4o-mini",
  });
  assert.equal(before.validator.calls, 0);
  assert.deepEqual(after.validator, {
    calls: 1,
    inputTokens: 10,
    outputTokens: 5,
    cachedTokens: 2,
    usd: 0.5,
    latencyMs: 12,
    models: ["gpt-4o-mini"],
  });
  assert.deepEqual(ledgerTotals(after), { tokens: 15, usd: 0.5 });
});
