/**
 * In-process time of one offline job (plan, render, validate, write) over
 * the 10 fixture prompts: each prompt runs `RUNS` times after a warm-up, and
 * the median per prompt and over all runs is printed.
 *
 * Run: `deno task bench` (or `deno run -A bench/pipeline.ts [runs]`).
 *
 * @module
 */
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { detectToolchain } from "../pipeline/agents/validator/toolchain.ts";
import { PROMPTS } from "../tests/helpers.ts";

const RUNS = Number(Deno.args[0] ?? 15);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

// A long-lived pipeline, as in a worker or the MCP server: the validator's
// interpreters (syntax check; FastAPI for the runtime checks) stay resident.
const pipeline = await createPipeline({
  env: Deno.env.toObject(),
  toolchain: await detectToolchain(Deno.env.get("STACKFORGE_PYTHON")),
  residentPython: true,
});
const root = Deno.makeTempDirSync({ prefix: "stackforge-bench-" });
let n = 0;
const job = async (prompt: string) => {
  const started = performance.now();
  const result = await generateApp(prompt, { pipeline, outDir: `${root}/${n++}` });
  const ms = performance.now() - started;
  if (result.status !== "succeeded" && result.status !== "partial") throw new Error(`${prompt}: ${result.reason}`);
  return { ms, files: result.files.length, entities: result.spec!.entities.length };
};

for (const fixture of PROMPTS) await job(fixture.prompt); // warm-up
const all: number[] = [];
console.log(`One offline job in-process, ${RUNS} runs per prompt (ms)`);
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
Deno.removeSync(root, { recursive: true });
await pipeline.close();
