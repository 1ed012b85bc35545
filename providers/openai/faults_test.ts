/**
 * The fault matrix: every fault the fixture server injects, against every
 * agent, once (a transient fault) and for good (a persistent one). Each job
 * must end in a defined state — success after retries, or a clean failure
 * with a reason and a partial report — within its caps, writing nothing
 * outside its output folder.
 */
import assert from "node:assert/strict";
import { join, relative, resolve } from "node:path";
import { AGENTS, ledgerTotals } from "../../core/budget.ts";
import { createPipeline, generateApp, type GenerateResult } from "../../pipeline/generate.ts";
import { createOpenAIProvider } from "./provider.ts";
import { type Fault, FAULTS, startOpenAIFixture } from "../../tests/fixtures/openai_server.ts";

const MATRIX_AGENTS = [
  "orchestrator",
  "planner",
  "fe_executor",
  "be_executor",
  "validator",
] as const;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isSymlink) throw new Error(`Symlink in the output: ${path}`);
    if (entry.isDirectory) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

/** Faults that spend an answer's tokens: a retry needs room left under the agent's cap. */
const SPENDING: ReadonlySet<Fault> = new Set(["length", "schema_violation", "wrong_tool"]);

async function checkJob(root: string, result: GenerateResult): Promise<void> {
  const outDir = join(root, "out");
  // Nothing outside the output folder: the temp root holds only `out`.
  assert.deepEqual([...Deno.readDirSync(root)].map((e) => e.name), ["out"]);
  const files = walk(outDir);
  for (const file of files) {
    const rel = relative(resolve(outDir), await Deno.realPath(file));
    assert.ok(!rel.startsWith(".."), `${file} escapes the output folder`);
  }
  assert.ok(
    files.some((f) => f.endsWith("VALIDATION_REPORT.md")),
    "a report is written, even a partial one",
  );
  const { limits } = result.state;
  const totals = ledgerTotals(result.ledger);
  assert.ok(totals.tokens <= limits.jobTokens);
  assert.ok(totals.usd <= limits.jobUsd);
  for (const a of AGENTS) {
    const spent = result.ledger[a].inputTokens + result.ledger[a].outputTokens;
    assert.ok(spent <= limits.agentTokens[a], `${a} spent ${spent}`);
  }
  assert.ok(["succeeded", "failed"].includes(result.status), result.status);
  if (result.status === "failed") assert.ok(result.reason && result.reason.length > 0);
}

/** `wrong_tool` renames a tool call: only the executors answer with tool calls. */
function touches(fault: Fault, agent: string): boolean {
  return fault !== "wrong_tool" || agent === "fe_executor" || agent === "be_executor";
}

for (const agent of MATRIX_AGENTS) {
  Deno.test(`generateApp() with the openai provider survives every fault of "${agent}"`, async (t) => {
    // "slow" answers after the timeout; the timeout leaves the fixture time to
    // write a whole app's answer on a loaded machine.
    const api = startOpenAIFixture({ slowMs: 1_000 });
    const provider = createOpenAIProvider({
      apiKey: "sk-test",
      baseUrl: api.url,
      model: "gpt-4o-mini",
      models: {},
      timeoutMs: 800,
      maxRetries: 1,
      retry: { baseDelayMs: 2, maxDelayMs: 5 },
      onWarning: () => {},
    });
    const pipeline = await createPipeline({
      provider,
      toolchain: {},
      env: agent === "orchestrator" ? { STACKFORGE_LLM_ROUTING: "true" } : {},
    });
    const run = async (fault: Fault, times: number) => {
      api.reset();
      api.inject(fault, { agent, times });
      const root = Deno.makeTempDirSync();
      try {
        const result = await generateApp("a blog with comments", {
          outDir: join(root, "out"),
          pipeline,
          limits: { jobUsd: 0.05 },
        });
        await checkJob(root, result);
        return { result, faulted: api.requests.filter((r) => r.fault).length };
      } finally {
        Deno.removeSync(root, { recursive: true });
      }
    };
    try {
      for (const fault of FAULTS) {
        await t.step(`${fault} once`, async () => {
          const { result, faulted } = await run(fault, 1);
          assert.equal(faulted, 1, "the fault reached the agent");
          if (agent === "orchestrator") {
            // A failed routing call falls back to the deterministic router.
            assert.equal(result.status, "succeeded", result.reason);
          } else if (fault === "unauthorized") {
            assert.equal(result.status, "failed");
            assert.match(result.reason!, /401/);
          } else if (SPENDING.has(fault) && result.status === "failed") {
            // The spent answer left too little of the agent's cap for another attempt.
            assert.match(result.reason!, /Token cap of "\w+" reached/);
          } else {
            assert.equal(result.status, "succeeded", result.reason);
          }
        });
        await t.step(`${fault} every time`, async () => {
          const { result } = await run(fault, 1_000);
          if (agent === "orchestrator") assert.equal(result.status, "succeeded", result.reason);
          else if (
            agent === "validator" && SPENDING.has(fault) && touches(fault, agent) &&
            result.status === "succeeded"
          ) {
            // Its spent answers left too few tokens for another review: skipped, and said so.
            assert.equal(result.state.validation?.review?.status, "skipped");
            assert.match(result.state.validation?.review?.reason ?? "", /tokens are left/);
          } else if (!["slow", "reject_json_schema"].includes(fault) && touches(fault, agent)) {
            assert.equal(result.status, "failed");
          }
        });
      }
    } finally {
      await api.close();
    }
  });
}
