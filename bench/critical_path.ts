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
 * deterministic checks count as its work). "e2e" adds what runs before
 * `job_started` (sanitising the input; with a model, the screening call that
 * checks the request for an injection before anything is planned,
 * pipeline/screen.ts) and writing the output folder, against the model
 * latencies alone, the screening's included.
 *
 * "model" is the model latency on the critical path: per agent, the time at
 * least one of its calls was in flight (an executor's file groups are asked
 * at once, so two 1 s calls take 1 s), planner + max(fe, be) + validator.
 * Each run's time is then broken down: "pre" is an agent's own work before
 * its first call (retrieval, prompts, token counts, the validator's checks),
 * "post" what runs after its last call returns, before the next step starts
 * (the executors' file checks and scaffold, saving the step).
 *
 * With `--llm-routing`, the orchestrator's routing calls are made and added
 * to the critical path (they sit between the planner and the executors).
 * With `--python`, the validator runs its Python checks too (syntax check,
 * the backend's import and the acceptance scenarios, on resident
 * interpreters as in a worker), as a user's job does.
 *
 * Usage: deno run -A bench/critical_path.ts [latency-ms=1000] [runs=5] [--llm-routing] [--python]
 *
 * @module
 */
import { countTokens } from "gpt-tokenizer";
import { type AgentName, AGENTS } from "../core/budget.ts";
import type { PipelineEvent } from "../core/events.ts";
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { detectToolchain } from "../pipeline/agents/validator/toolchain.ts";
import { createOpenAIProvider } from "../providers/openai/provider.ts";
import { startOpenAIFixture } from "../tests/fixtures/openai_server.ts";

const LLM_ROUTING = Deno.args.includes("--llm-routing");
const PYTHON = Deno.args.includes("--python");
const [latencyArg, runsArg] = Deno.args.filter((a) => !a.startsWith("--"));
const LATENCY_MS = Number(latencyArg ?? 1_000);
const RUNS = Number(runsArg ?? 5);
const REFERENCE_PROMPT = "build a blog with comments";
const PYTHON_SYSTEM_TOKENS = 39_690;

/** One agent's part of a job, in ms since the bench started. */
interface Span {
  start: number;
  /** Each model call's [sent, answered]. */
  calls: [number, number][];
}

/** Milliseconds in which at least one of `calls` was in flight. */
function inFlight(calls: readonly [number, number][]): number {
  let total = 0;
  let until = -Infinity;
  for (const [from, to] of [...calls].sort((a, b) => a[0] - b[0])) {
    if (to <= until) continue;
    total += to - Math.max(from, until);
    until = to;
  }
  return total;
}

/**
 * Where one job's wall time went, stage by stage (see the module doc).
 *
 * @param spans Each agent's start and calls.
 * @param jobStart `job_started`.
 * @param jobEnd `job_finished`.
 */
function breakdown(spans: ReadonlyMap<AgentName, Span>, jobStart: number, jobEnd: number) {
  const first = (s: Span | undefined) => Math.min(...(s?.calls ?? []).map((c) => c[0]));
  const last = (s: Span | undefined) =>
    Math.max(s?.start ?? 0, ...(s?.calls ?? []).map((c) => c[1]));
  const planner = spans.get("planner")!;
  const validator = spans.get("validator")!;
  const routing = spans.get("orchestrator");
  const executors = (["fe_executor", "be_executor"] as const).map((a) => spans.get(a)!);
  // The executor whose last answer came last is the one the validator waited for.
  const slow = executors.reduce((a, b) => (last(b) > last(a) ? b : a));
  const execStart = Math.min(...executors.map((e) => e.start));
  const execEnd = Math.max(...executors.map(last));
  const review = validator.calls.length > 0;
  return {
    // Before the planner starts (sanitising, the job's state).
    before: planner.start - jobStart,
    plannerPre: first(planner) - planner.start,
    plannerModel: inFlight(planner.calls),
    plannerPost: execStart - last(planner) - (routing ? inFlight(routing.calls) : 0),
    routingModel: routing ? inFlight(routing.calls) : 0,
    execPre: first(slow) - execStart,
    execModel: Math.max(...executors.map((e) => inFlight(e.calls))),
    execPost: validator.start - execEnd,
    validatorPre: (review ? first(validator) : jobEnd) - validator.start,
    validatorModel: inFlight(validator.calls),
    validatorPost: review ? jobEnd - last(validator) : 0,
    // The agents' spans, from agent_started to the last answer (or the end of
    // the checks when the review is skipped).
    critical: last(planner) - planner.start + (routing ? inFlight(routing.calls) : 0) +
      Math.max(...executors.map((e) => last(e) - e.start)) +
      (review ? last(validator) : jobEnd) - validator.start,
    model: inFlight(planner.calls) + (routing ? inFlight(routing.calls) : 0) +
      Math.max(...executors.map((e) => inFlight(e.calls))) + inFlight(validator.calls),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

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
  // Without --python no Python checks: they are the validator's own work, not
  // pipeline overhead.
  const pipeline = await createPipeline({
    provider,
    toolchain: PYTHON ? await detectToolchain(Deno.env.get("STACKFORGE_PYTHON")) : {},
    residentPython: PYTHON,
  });
  const rows: (ReturnType<typeof breakdown> & {
    wall: number;
    e2e: number;
    screening: number;
    outside: number;
  })[] = [];
  for (let run = 0; run <= RUNS; run++) {
    api.reset();
    const spans = new Map<AgentName, Span>();
    const screening: [number, number][] = [];
    let jobStart = 0;
    let jobEnd = 0;
    const onEvent = (e: PipelineEvent) => {
      const t = performance.now();
      if (e.type === "job_started") jobStart = t;
      else if (e.type === "job_finished") jobEnd = t;
      else if (e.type === "agent_started") spans.set(e.agent, { start: t, calls: [] });
      else if (e.type === "agent_finished" && jobStart === 0) {
        // Before the job starts: the request's screening.
        screening.push([t - e.latencyMs, t]);
      } else if (e.type === "agent_finished") {
        // One per call, when it returns; routing calls have no agent_started.
        const span = spans.get(e.agent) ?? { start: t - e.latencyMs, calls: [] };
        span.calls.push([t - e.latencyMs, t]);
        spans.set(e.agent, span);
      }
    };
    const result = await generateApp(REFERENCE_PROMPT, {
      pipeline,
      outDir: `${root}/${run}`,
      llmRouting: LLM_ROUTING,
      onEvent,
    });
    if (result.status !== "succeeded" && result.status !== "partial") {
      throw new Error(`Job failed: ${result.reason}`);
    }
    if (run === 0) continue; // warm-up
    rows.push({
      ...breakdown(spans, jobStart, jobEnd),
      wall: jobEnd - jobStart,
      e2e: result.durationMs,
      screening: inFlight(screening),
      outside: result.durationMs - (jobEnd - jobStart) - inFlight(screening),
    });
  }
  if (PYTHON) await pipeline.close();
  console.log(
    `Critical path, fixture latency ${LATENCY_MS} ms per call, ${RUNS} runs${
      LLM_ROUTING ? ", LLM routing" : ""
    }${PYTHON ? ", Python checks" : ""} (ms)`,
  );
  console.log(
    `${"run".padEnd(5)}${"job wall".padStart(10)}${"critical".padStart(10)}${"ratio".padStart(8)}` +
      `${"model".padStart(9)}${"ratio".padStart(8)}${"e2e wall".padStart(10)}${
        "e2e model".padStart(11)
      }${"ratio".padStart(8)}`,
  );
  const f = (x: number, w: number, d = 1) => x.toFixed(d).padStart(w);
  rows.forEach((r, i) =>
    console.log(
      `${String(i + 1).padEnd(5)}${f(r.wall, 10)}${f(r.critical, 10)}${
        f(r.wall / r.critical, 8, 3)
      }${f(r.model, 9)}${f(r.wall / r.model, 8, 3)}${f(r.e2e, 10)}${f(r.model + r.screening, 11)}${
        f(r.e2e / (r.model + r.screening), 8, 3)
      }`,
    )
  );
  const worst = Math.max(...rows.map((r) => r.wall / r.critical));
  const ratios = rows.map((r) => r.wall / r.model).sort((a, b) => a - b);
  const worstE2e = Math.max(...rows.map((r) => r.e2e / (r.model + r.screening)));
  console.log(
    `worst job wall / critical path ${worst.toFixed(3)} (limit 1.050); job wall / model latency ` +
      `median ${median(ratios).toFixed(3)} (${ratios[0]!.toFixed(3)}–${
        ratios.at(-1)!.toFixed(3)
      }); end to end incl. writing the output / model latency, worst ${worstE2e.toFixed(3)}\n`,
  );
  if (worst > 1.05) failed = true;

  console.log("Where a job's wall time goes, median of the runs (ms)");
  type Key = keyof (typeof rows)[number];
  const parts: [string, Key][] = [
    ["before the planner", "before"],
    ["planner: before its call (retrieval, prompt)", "plannerPre"],
    ["planner: model", "plannerModel"],
    ["planner -> executors", "plannerPost"],
    ...(LLM_ROUTING
      ? [["orchestrator: routing model", "routingModel"] as [string, "routingModel"]]
      : []),
    ["executors: before the slower one's first call", "execPre"],
    ["executors: model (file groups at once)", "execModel"],
    ["executors -> validator (file checks, scaffold)", "execPost"],
    ["validator: deterministic checks", "validatorPre"],
    ["validator: model review", "validatorModel"],
    ["validator: after its review", "validatorPost"],
  ];
  const outside: [string, Key][] = [
    ["screening the request (model), before the job", "screening"],
    ["input checks and writing the output folder", "outside"],
  ];
  const wall = median(rows.map((r) => r.wall));
  for (const [label, key] of parts) {
    const ms = median(rows.map((r) => r[key]));
    console.log(
      `  ${label.padEnd(48)}${f(ms, 8)}  (${f(100 * ms / wall, 4, 1)}%; ${
        f(Math.min(...rows.map((r) => r[key])), 0)
      }–${f(Math.max(...rows.map((r) => r[key])), 0)})`,
    );
  }
  console.log(`  ${"job wall".padEnd(48)}${f(wall, 8)}`);
  for (const [label, key] of outside) {
    const ms = median(rows.map((r) => r[key]));
    console.log(
      `  ${label.padEnd(48)}${f(ms, 8)}  (${f(Math.min(...rows.map((r) => r[key])), 0)}–${
        f(Math.max(...rows.map((r) => r[key])), 0)
      })`,
    );
  }
  console.log(`  ${"end to end".padEnd(48)}${f(median(rows.map((r) => r.e2e)), 8)}\n`);

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
