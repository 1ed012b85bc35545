/**
 * Critical-path benchmark: the `openai` provider against the local fixture
 * server, which waits a fixed latency before every answer. A job's wall time
 * must stay within 1.05 × its critical path (planner + max(frontend, backend)
 * + validator, from the measured call latencies), which holds only when the
 * executors run concurrently and the pipeline itself adds almost nothing.
 * Also prints the prompt tokens each agent sends for the reference prompt
 * (o200k, gpt-tokenizer), against the 39,690 tokens per run of the Python
 * system this project replaces.
 *
 * "job wall" runs from `job_started` to `job_finished`; the critical path sums
 * the agents' spans (`agent_started` to `agent_finished`, so the validator's
 * deterministic checks count as its work). "e2e" adds sanitising the input and
 * writing the output folder, against the model latencies alone.
 *
 * With `--llm-routing`, the orchestrator's routing calls are made and added
 * to the critical path (they sit between the planner and the executors).
 *
 * Usage: deno run -A bench/critical_path.ts [latency-ms=1000] [runs=5] [--llm-routing]
 *
 * @module
 */
import { countTokens } from "gpt-tokenizer";
import { AGENTS } from "../core/budget.ts";
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { createOpenAIProvider } from "../providers/openai/provider.ts";
import { startOpenAIFixture } from "../tests/fixtures/openai_server.ts";

const LLM_ROUTING = Deno.args.includes("--llm-routing");
const [latencyArg, runsArg] = Deno.args.filter((a) => !a.startsWith("--"));
const LATENCY_MS = Number(latencyArg ?? 1_000);
const RUNS = Number(runsArg ?? 5);
const REFERENCE_PROMPT = "build a blog with comments";
const PYTHON_SYSTEM_TOKENS = 39_690;

const api = startOpenAIFixture({ latencyMs: LATENCY_MS });
const root = Deno.makeTempDirSync({ prefix: "stackforge-bench-" });
let failed = false;
try {
  const provider = createOpenAIProvider({
    apiKey: "sk-bench",
    baseUrl: api.url,
    model: "gpt-4o-mini",
    models: {},
  });
  // No Python checks: they are the validator's own work, not pipeline overhead.
  const pipeline = await createPipeline({ provider, toolchain: {} });
  const rows: { wall: number; critical: number; e2e: number; latency: number }[] = [];
  for (let run = 0; run <= RUNS; run++) {
    api.reset();
    const started = new Map<string, number>();
    const span = new Map<string, number>();
    let jobStart = 0;
    let jobEnd = 0;
    const result = await generateApp(REFERENCE_PROMPT, {
      pipeline,
      outDir: `${root}/${run}`,
      llmRouting: LLM_ROUTING,
      onEvent: (e) => {
        const t = performance.now();
        if (e.type === "job_started") jobStart = t;
        else if (e.type === "job_finished") jobEnd = t;
        else if (e.type === "agent_started") started.set(e.agent, t);
        else if (e.type === "agent_finished") span.set(e.agent, t - started.get(e.agent)!);
      },
    });
    if (result.status !== "succeeded" && result.status !== "partial") throw new Error(`Job failed: ${result.reason}`);
    const s = (agent: string) => span.get(agent) ?? 0;
    const l = result.ledger;
    if (run === 0) continue; // warm-up
    rows.push({
      wall: jobEnd - jobStart,
      critical: s("planner") + Math.max(s("fe_executor"), s("be_executor")) + s("validator") +
        l.orchestrator.latencyMs,
      e2e: result.durationMs,
      latency: l.orchestrator.latencyMs + l.planner.latencyMs +
        Math.max(l.fe_executor.latencyMs, l.be_executor.latencyMs) +
        l.validator.latencyMs,
    });
  }
  console.log(
    `Critical path, fixture latency ${LATENCY_MS} ms per call, ${RUNS} runs${
      LLM_ROUTING ? ", LLM routing" : ""
    } (ms)`,
  );
  console.log(
    `${"run".padEnd(5)}${"job wall".padStart(10)}${"critical".padStart(10)}${"ratio".padStart(8)}` +
      `${"e2e wall".padStart(10)}${"model".padStart(9)}${"ratio".padStart(8)}`,
  );
  const f = (x: number, w: number, d = 1) => x.toFixed(d).padStart(w);
  rows.forEach((r, i) =>
    console.log(
      `${String(i + 1).padEnd(5)}${f(r.wall, 10)}${f(r.critical, 10)}${
        f(r.wall / r.critical, 8, 3)
      }` +
        `${f(r.e2e, 10)}${f(r.latency, 9)}${f(r.e2e / r.latency, 8, 3)}`,
    )
  );
  const worst = Math.max(...rows.map((r) => r.wall / r.critical));
  const worstE2e = Math.max(...rows.map((r) => r.e2e / r.latency));
  console.log(
    `worst job wall / critical path ${worst.toFixed(3)} (limit 1.050); ` +
      `end to end incl. writing the output / model latency ${worstE2e.toFixed(3)}\n`,
  );
  if (worst > 1.05) failed = true;

  console.log(`Prompt tokens per agent for "${REFERENCE_PROMPT}" (o200k, gpt-tokenizer)`);
  console.log(
    `${"Agent".padEnd(14)}${"calls".padStart(6)}${"prompt".padStart(9)}`,
  );
  let total = 0;
  for (const agent of AGENTS) {
    const requests = api.requests.filter((r) => r.agent === agent);
    const tokens = requests.reduce(
      (n, r) =>
        n +
        (r.body.messages as { content: string }[]).reduce((m, x) => m + countTokens(x.content), 0),
      0,
    );
    total += tokens;
    console.log(
      `${agent.padEnd(14)}${String(requests.length).padStart(6)}${
        tokens.toLocaleString("en-US").padStart(9)
      }`,
    );
  }
  console.log(
    `${"TOTAL".padEnd(14)}${"".padStart(6)}${total.toLocaleString("en-US").padStart(9)}  (${
      (100 * total / PYTHON_SYSTEM_TOKENS).toFixed(1)
    }% of ${PYTHON_SYSTEM_TOKENS.toLocaleString("en-US")})`,
  );
  if (total >= PYTHON_SYSTEM_TOKENS) failed = true;
} finally {
  await api.close();
  Deno.removeSync(root, { recursive: true });
}
if (failed) {
  console.error("Benchmark limits not met");
  Deno.exit(1);
}
