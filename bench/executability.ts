/**
 * `deno task eval`: generates an app for each prompt of the evaluation set
 * (tests/fixtures/prompts.json + tests/fixtures/eval_prompts.json) with the
 * offline provider, verifies each by running it (verify/), and prints the
 * executability table, the headline rate and the median time per stage.
 *
 * Usage: `deno run -A bench/executability.ts [--out output/eval] [--only id,id]
 * [--skip-browser] [--json]`.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { type StageName, verifyApp, type VerifyResult } from "../verify/mod.ts";

interface Prompt {
  id: string;
  prompt: string;
}

/** One line of the table. */
export interface Row {
  id: string;
  prompt: string;
  generated: boolean;
  reason?: string;
  entities: number;
  tests: string;
  endpoints: string;
  build: string;
  browser: string;
  ok: boolean;
  seconds: number;
  stageMs: Partial<Record<StageName | "generate", number>>;
}

function loadPrompts(): Prompt[] {
  const read = (name: string) =>
    JSON.parse(
      Deno.readTextFileSync(new URL(`../tests/fixtures/${name}`, import.meta.url)),
    ) as Prompt[];
  return [...read("prompts.json"), ...read("eval_prompts.json")];
}

function mark(
  result: VerifyResult,
  stage: StageName,
  text: (counts: Record<string, number>) => string,
): string {
  const found = result.stages.find((s) => s.stage === stage);
  if (!found) return "–";
  const counts = found.counts ?? {};
  if (found.status === "skipped") return "skipped";
  return `${found.status === "passed" ? "✅" : "❌"} ${text(counts)}`.trim();
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The Markdown table and headline of a run. */
export function renderTable(rows: Row[]): string {
  const lines = [
    "| Prompt | Spec entities | Backend tests | Endpoints OK | Build OK | Browser flows OK | Time |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    const prompt = row.prompt.length > 60 ? row.prompt.slice(0, 57) + "…" : row.prompt;
    lines.push(
      row.generated
        ? `| ${row.id}: ${prompt} | ${row.entities} | ${row.tests} | ${row.endpoints} | ${row.build} | ${row.browser} | ${
          row.seconds.toFixed(0)
        } s |`
        : `| ${row.id}: ${prompt} | ${row.entities || "–"} | ❌ not generated: ${
          (row.reason ?? "").replace(/\|/g, "\\|").slice(0, 120)
        } | – | – | – | ${row.seconds.toFixed(0)} s |`,
    );
  }
  const generated = rows.filter((r) => r.generated).length;
  const passing = rows.filter((r) => r.ok).length;
  lines.push(
    "",
    `**Executability: ${passing}/${generated} apps generated pass every stage` +
      ` (${
        generated ? Math.round((100 * passing) / generated) : 0
      }%); ${generated}/${rows.length} prompts generated an app.**`,
    "",
    "Median time per stage: " +
      (["generate", "backend", "frontend", "browser"] as const).map((stage) => {
        const m = median(
          rows.flatMap((r) => r.stageMs[stage] === undefined ? [] : [r.stageMs[stage]!]),
        );
        return `${stage} ${m === undefined ? "–" : (m / 1000).toFixed(1) + " s"}`;
      }).join(", "),
  );
  return lines.join("\n");
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string", default: "output/eval" },
      only: { type: "string" },
      "skip-browser": { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  const outRoot = resolve(values.out!);
  let prompts = loadPrompts();
  if (values.only) {
    const wanted = new Set(values.only.split(","));
    prompts = prompts.filter((p) => wanted.has(p.id));
  }
  const pipeline = await createPipeline({ env: Deno.env.toObject() });
  const rows: Row[] = [];
  for (const [index, item] of prompts.entries()) {
    const started = performance.now();
    const outDir = join(outRoot, item.id);
    console.error(`[${index + 1}/${prompts.length}] ${item.id}: generating`);
    const row: Row = {
      id: item.id,
      prompt: item.prompt,
      generated: false,
      entities: 0,
      tests: "–",
      endpoints: "–",
      build: "–",
      browser: "–",
      ok: false,
      seconds: 0,
      stageMs: {},
    };
    try {
      const generated = await generateApp(item.prompt, { pipeline, outDir, force: true });
      row.stageMs.generate = generated.durationMs;
      row.entities = generated.spec?.entities.length ?? 0;
      if (generated.spec) writeSpecIfMissing(outDir, generated.spec);
      if (generated.status !== "succeeded") {
        row.reason = generated.reason ?? generated.status;
      } else {
        row.generated = true;
        console.error(`[${index + 1}/${prompts.length}] ${item.id}: verifying`);
        const result = await verifyApp(outDir, { skipBrowser: values["skip-browser"] ?? false });
        for (const stage of result.stages) {
          if (stage.status !== "skipped") row.stageMs[stage.stage] = stage.durationMs;
        }
        row.tests = mark(
          result,
          "backend",
          (c) => `${c.tests ?? 0} passed${c.testsFailed ? `, ${c.testsFailed} failed` : ""}`,
        );
        row.endpoints = result.error
          ? `❌ ${result.error}`
          : mark(result, "backend", (c) =>
            c.endpoints === undefined ? "" : `${c.endpointsOk}/${c.endpoints}`);
        row.build = mark(result, "frontend", () => "");
        row.browser = mark(
          result,
          "browser",
          (c) =>
            c.flows === undefined
              ? ""
              : `${c.flowsOk}/${c.flows} flows, ${c.pagesOk}/${c.pages} pages`,
        );
        row.ok = result.ok;
        for (const stage of result.stages.filter((s) => s.status === "failed")) {
          console.error(
            `    ${stage.stage} failed: ${stage.summary.split("\n").slice(0, 6).join("\n    ")}`,
          );
        }
      }
    } catch (error) {
      row.reason = error instanceof Error ? error.message : String(error);
    }
    row.seconds = (performance.now() - started) / 1000;
    console.error(
      `[${index + 1}/${prompts.length}] ${item.id}: ${
        row.ok ? "✓ passed" : "✗ " + (row.reason ?? "failed")
      } in ${row.seconds.toFixed(0)} s`,
    );
    rows.push(row);
  }
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else console.log(renderTable(rows));
  return rows.every((r) => r.ok) ? 0 : 1;
}

/**
 * Saves the machine spec beside the app when the generator did not (the
 * verifier reads `spec.json`; older generators only wrote SPEC.md).
 */
function writeSpecIfMissing(outDir: string, spec: unknown): void {
  const path = join(outDir, "spec.json");
  try {
    Deno.statSync(path);
  } catch {
    Deno.writeTextFileSync(path, JSON.stringify(spec, null, 2) + "\n");
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
