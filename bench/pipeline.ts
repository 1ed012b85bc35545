/**
 * In-process time of one offline job (plan, render, validate, write) over
 * the 10 fixture prompts: each prompt runs `RUNS` times after a warm-up, and
 * the median per prompt and over all runs is printed, then where a job's
 * time goes: each stage's wall time (from the job's events), the
 * validator's checks (they run concurrently, so their times overlap), and
 * the CPU of this process and of the validator's Python interpreters
 * (Linux only).
 *
 * Run: `deno task bench` (or `deno run -A bench/pipeline.ts [runs]`).
 *
 * @module
 */
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { detectToolchain } from "../pipeline/agents/validator/toolchain.ts";
import type { BackendRun } from "../pipeline/agents/validator/backend_runner.ts";
import type { PipelineEvent } from "../core/events.ts";
import { PROMPTS } from "../tests/helpers.ts";

const RUNS = Number(Deno.args[0] ?? 15);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const TICKS_PER_SECOND = 100;

/** Fields of a /proc stat line after the command name. */
function statFields(pid: number | "self"): number[] {
  const text = Deno.readTextFileSync(`/proc/${pid}/stat`);
  return text.slice(text.lastIndexOf(")") + 2).split(" ").map(Number);
}

/** Processes this one started that are still running: the resident interpreters. */
function children(): number[] {
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      if (statFields(Number(entry.name))[1] === Deno.pid) found.push(Number(entry.name));
    } catch { /* ended meanwhile */ }
  }
  return found;
}

/**
 * CPU seconds of this process (all its threads) and of its children: the
 * resident interpreters, each with the children it forked and reaped (one
 * per job for the backend's import and scenarios), and any it waited for.
 */
function cpu(): { deno: number; python: number } | undefined {
  try {
    const [utime, stime, cutime, cstime] = statFields("self").slice(11, 15) as number[];
    const python = children().reduce((sum, pid) => {
      try {
        const f = statFields(pid).slice(11, 15);
        return sum + f.reduce((a, b) => a + b, 0);
      } catch {
        return sum;
      }
    }, 0);
    return {
      deno: (utime! + stime!) / TICKS_PER_SECOND,
      python: (python + cutime! + cstime!) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

// A long-lived pipeline, as in a worker or the MCP server: the validator's
// interpreters (syntax check; FastAPI for the runtime checks) stay resident.
const pipeline = await createPipeline({
  env: Deno.env.toObject(),
  toolchain: await detectToolchain(Deno.env.get("STACKFORGE_PYTHON")),
  residentPython: true,
});
// What the backend's run cost in its forked child, job by job (jobs run one at a time).
let backendTimings: BackendRun["timings"];
const toolchain = pipeline.toolchain;
pipeline.toolchain = async () => {
  const tools = await toolchain();
  const runner = tools.backendRunner;
  if (runner === undefined) return tools;
  return {
    ...tools,
    backendRunner: {
      ...runner,
      run: async (files, request) => {
        const run = await runner.run(files, request);
        backendTimings = run.timings;
        return run;
      },
    },
  };
};
const root = Deno.makeTempDirSync({ prefix: "stackforge-bench-" });
let n = 0;

/** Where one job's time went (ms). */
interface Parts {
  stages: Record<string, number>;
  checks: Record<string, number>;
  cpu?: { deno: number; python: number };
  backend?: BackendRun["timings"];
}

const job = async (prompt: string) => {
  const times: Partial<Record<PipelineEvent["type"] | "executors", number>> = {};
  const onEvent = (e: PipelineEvent) => {
    const t = performance.now();
    if (e.type === "agent_started") {
      const at = e.agent === "fe_executor" || e.agent === "be_executor" ? "executors" : e.agent;
      times[at as keyof typeof times] ??= t;
    } else if (e.type === "job_started" || e.type === "job_finished") times[e.type] ??= t;
  };
  backendTimings = undefined;
  const cpuBefore = cpu();
  const started = performance.now();
  const result = await generateApp(prompt, { pipeline, outDir: `${root}/${n++}`, onEvent });
  const ended = performance.now();
  const cpuAfter = cpu();
  const ms = ended - started;
  if (result.status !== "succeeded" && result.status !== "partial") {
    throw new Error(`${prompt}: ${result.reason}`);
  }
  const at = (k: string) => (times as Record<string, number>)[k] ?? NaN;
  const parts: Parts = {
    stages: {
      "start (input checks, job state)": at("job_started") - started,
      "planner": at("executors") - at("planner"),
      "executors (both at once)": at("validator") - at("executors"),
      "validator": at("job_finished") - at("validator"),
      "writing the output": ended - at("job_finished"),
    },
    ...(backendTimings ? { backend: backendTimings } : {}),
    checks: Object.fromEntries(
      (result.validation?.checks ?? []).map((c) => [c.check, c.durationMs]),
    ),
    ...(cpuBefore && cpuAfter
      ? {
        cpu: {
          deno: 1000 * (cpuAfter.deno - cpuBefore.deno),
          python: 1000 * (cpuAfter.python - cpuBefore.python),
        },
      }
      : {}),
  };
  return { ms, files: result.files.length, entities: result.spec!.entities.length, parts };
};

for (const fixture of PROMPTS) await job(fixture.prompt); // warm-up
const all: number[] = [];
const parts: Parts[] = [];
console.log(
  `One offline job in-process, ${RUNS} runs per prompt (ms); load average ${
    Deno.loadavg().map((x) => x.toFixed(2)).join(" ")
  }`,
);
console.log(
  `${"prompt".padEnd(12)}${"entities".padStart(9)}${"files".padStart(7)}${"median".padStart(9)}${
    "min".padStart(8)
  }${"max".padStart(8)}`,
);
for (const fixture of PROMPTS) {
  const times: number[] = [];
  let last = { files: 0, entities: 0 };
  for (let i = 0; i < RUNS; i++) {
    const r = await job(fixture.prompt);
    times.push(r.ms);
    parts.push(r.parts);
    last = r;
  }
  all.push(...times);
  console.log(
    `${fixture.id.padEnd(12)}${String(last.entities).padStart(9)}${String(last.files).padStart(7)}${
      median(times).toFixed(1).padStart(9)
    }${Math.min(...times).toFixed(1).padStart(8)}${Math.max(...times).toFixed(1).padStart(8)}`,
  );
}
console.log(`median over all ${all.length} jobs: ${median(all).toFixed(1)} ms`);

const row = (label: string, xs: number[]) =>
  console.log(
    `  ${label.padEnd(36)}${median(xs).toFixed(1).padStart(9)}  (${Math.min(...xs).toFixed(1)}–${
      Math.max(...xs).toFixed(1)
    })`,
  );
console.log(`\nWhere a job's time goes, median over the ${parts.length} jobs (ms, range)`);
for (const stage of Object.keys(parts[0]!.stages)) row(stage, parts.map((p) => p.stages[stage]!));
console.log("  validator's checks (concurrent, each from its start to its result):");
for (const check of Object.keys(parts[0]!.checks)) {
  row(`  ${check}`, parts.flatMap((p) => p.checks[check] ?? []));
}
const timed = parts.flatMap((p) => (p.backend ? [p.backend] : []));
if (timed.length > 0) {
  console.log("  the backend's run in its forked child (wall; CPU):");
  for (const part of ["import", "scenarios"] as const) {
    const ms = timed.flatMap((t) => (t[part] ? [t[part]] : []));
    if (ms.length === 0) continue;
    row(`  ${part === "import" ? "import app.main" : "acceptance scenarios"}`, ms.map((m) => m[0]));
    row(
      `  ${part === "import" ? "import app.main" : "acceptance scenarios"}, CPU`,
      ms.map((m) => m[1]),
    );
  }
}
if (parts.every((p) => p.cpu !== undefined)) {
  console.log("  CPU per job:");
  row("  this process (all threads)", parts.map((p) => p.cpu!.deno));
  row("  python3 (syntax; import, scenarios)", parts.map((p) => p.cpu!.python));
}
Deno.removeSync(root, { recursive: true });
await pipeline.close();
