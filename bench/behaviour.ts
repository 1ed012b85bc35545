/**
 * `deno task eval:behaviour`: does each app do what its prompt asked? For
 * each prompt of a set (default the behaviour tuning set,
 * tests/fixtures/behaviour/prompts.json) the whole pipeline generates the app
 * with the offline provider — the validator imports the backend and runs
 * every implemented requirement's acceptance scenarios — and the report
 * counts, per prompt and in all: job status (succeeded / partial / failed),
 * requirements implemented / marked not implemented, implemented ones whose
 * scenarios all passed, and entities. Each app stays in the output folder,
 * with its SPEC.md and VALIDATION_REPORT.md, for a reviewer to judge the
 * prompt's own requirements one by one (`--judge` writes the sheet they
 * fill in).
 *
 * With `--refine FILE` (default set tests/fixtures/behaviour/refine.json:
 * `{id, prompt, change, requirements}`) each app is generated from its prompt
 * and then refined in place with its change; the rows are the refined
 * apps', and "changed" counts the requirements the change added that are
 * implemented and proven.
 *
 * Usage: `deno run -A bench/behaviour.ts [--set FILE] [--refine [FILE]] [--out DIR]
 * [--only id,id] [--json] [--judge] [--verify [--skip-browser]]`. `--verify` then runs
 * `deno task verify` on each app (backend tests, endpoints, scenarios, build,
 * Chromium) and adds whether it passed every stage.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { refineApp } from "../pipeline/refine/refine.ts";
import { scenarioOfMessage } from "../pipeline/agents/validator/scenario_results.ts";
import { verifyApp } from "../verify/mod.ts";

interface Prompt {
  id: string;
  prompt: string;
  /** A refine case's change request. */
  change?: string;
  requirements?: { text: string; kinds: string[] }[];
}

/** One prompt's figures. */
export interface BehaviourRow {
  id: string;
  status: string;
  reason?: string;
  entities: number;
  requirements: number;
  implemented: number;
  notImplemented: number;
  /** Implemented requirements none of whose scenarios failed. */
  proven: number;
  failedScenarios: string[];
  seconds: number;
  /** A refine: the requirements the change added, and those of them implemented and proven. */
  change?: { added: number; proven: number };
  /** With `--verify`: whether the app passed every stage of `deno task verify`, and those that failed. */
  verified?: { ok: boolean; failed: string[] };
}

/**
 * The figures of one finished job.
 *
 * @param id The prompt's id.
 * @param result What `generateApp` returned.
 * @param seconds How long it took.
 * @returns Its row.
 */
export function rowOf(
  id: string,
  result: Awaited<ReturnType<typeof generateApp>>,
  seconds: number,
): BehaviourRow {
  const requirements = result.spec?.requirements ?? [];
  const implemented = requirements.filter((r) => r.status === "implemented");
  const failing = new Set<string>();
  const failedScenarios: string[] = [];
  for (const finding of result.validation?.findings ?? []) {
    if (finding.check !== "acceptance_scenarios" || finding.severity !== "error") continue;
    const about = scenarioOfMessage(finding.message);
    if (about === undefined) continue;
    failing.add(about.requirement);
    failedScenarios.push(`${about.requirement} ${about.scenario}: ${about.text.slice(0, 160)}`);
  }
  const ran =
    result.validation?.checks.some((c) =>
      c.check === "acceptance_scenarios" && c.status !== "skipped"
    ) ?? false;
  return {
    id,
    status: result.status,
    ...(result.reason ? { reason: result.reason.slice(0, 300) } : {}),
    entities: result.spec?.entities.length ?? 0,
    requirements: requirements.length,
    implemented: implemented.length,
    notImplemented: requirements.length - implemented.length,
    proven: ran ? implemented.filter((r) => !failing.has(r.id)).length : 0,
    failedScenarios,
    seconds,
  };
}

/**
 * @param rows The rows of a run.
 * @returns The Markdown table and the totals line.
 */
export function renderBehaviourTable(rows: BehaviourRow[]): string {
  const refine = rows.some((r) => r.change !== undefined);
  const verified = rows.filter((r) => r.verified !== undefined);
  const lines = [
    `| Prompt | Status | Entities | Requirements | Not implemented | Proven by scenarios |${
      refine ? " Change: added / proven |" : ""
    }${verified.length > 0 ? " Verify |" : ""}`,
    `| --- | --- | --- | --- | --- | --- |${refine ? " --- |" : ""}${
      verified.length > 0 ? " --- |" : ""
    }`,
  ];
  for (const row of rows) {
    const verify = row.verified === undefined
      ? "–"
      : row.verified.ok
      ? "✅ every stage"
      : `❌ ${row.verified.failed.join(", ")}`;
    lines.push(
      `| ${row.id} | ${row.status} | ${row.entities} | ${row.requirements} | ${row.notImplemented} | ${row.proven}/${row.implemented} |${
        refine ? ` ${row.change?.added ?? 0} / ${row.change?.proven ?? 0} |` : ""
      }${verified.length > 0 ? ` ${verify} |` : ""}`,
    );
  }
  const sum = (f: (r: BehaviourRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const by = (status: string) => rows.filter((r) => r.status === status).length;
  lines.push(
    "",
    `${rows.length} prompts: ${by("succeeded")} succeeded, ${by("partial")} partial, ${
      by("failed")
    } failed; ${sum((r) => r.requirements)} requirements, ${
      sum((r) => r.notImplemented)
    } marked not implemented, ${sum((r) => r.proven)}/${
      sum((r) => r.implemented)
    } implemented ones proven by their acceptance scenarios.${
      refine
        ? ` Changes: ${
          rows.filter((r) => (r.change?.proven ?? 0) > 0).length
        }/${rows.length} with at least one new requirement implemented and proven (${
          sum((r) => r.change?.proven ?? 0)
        }/${sum((r) => r.change?.added ?? 0)} new requirements).`
        : ""
    }${
      verified.length > 0
        ? ` Verify: ${
          verified.filter((r) => r.verified!.ok).length
        }/${verified.length} apps pass every stage.`
        : ""
    }`,
  );
  return lines.join("\n");
}

/** The sheet a reviewer fills in: each prompt's own requirements, met / partly / not. */
function judgeSheet(prompts: Prompt[], rows: BehaviourRow[], out: string): string {
  const lines = ["# Requirement-by-requirement review", ""];
  for (const p of prompts) {
    const row = rows.find((r) => r.id === p.id);
    lines.push(
      `## ${p.id}`,
      "",
      `Prompt: ${p.prompt}`,
      "",
      `App: ${join(out, p.id)} (${row?.status})`,
      "",
    );
    for (const r of p.requirements ?? []) lines.push(`- [ ] met / partly / not — ${r.text}`);
    lines.push("");
  }
  return lines.join("\n");
}

if (import.meta.main) {
  // `--refine` takes an optional file: bare before another flag or at the end.
  const args = Deno.args.map((arg, i) =>
    arg === "--refine" && (Deno.args[i + 1] === undefined || Deno.args[i + 1]!.startsWith("--"))
      ? "--refine="
      : arg
  );
  const { values } = parseArgs({
    args,
    options: {
      set: { type: "string", default: "tests/fixtures/behaviour/prompts.json" },
      out: { type: "string", default: "output/eval-behaviour" },
      only: { type: "string" },
      json: { type: "boolean", default: false },
      judge: { type: "boolean", default: false },
      refine: { type: "string" },
      verify: { type: "boolean", default: false },
      "skip-browser": { type: "boolean", default: false },
    },
  });
  const refining = values.refine !== undefined;
  if (refining && values.set === "tests/fixtures/behaviour/prompts.json") {
    values.set = values.refine || "tests/fixtures/behaviour/refine.json";
  }
  const out = resolve(values.out!);
  const only = values.only?.split(",");
  const prompts = (JSON.parse(Deno.readTextFileSync(values.set!)) as Prompt[])
    .filter((p) => only === undefined || only.includes(p.id));
  const pipeline = await createPipeline({ env: Deno.env.toObject(), residentPython: true });
  const rows: BehaviourRow[] = [];
  try {
    for (const p of prompts) {
      const started = performance.now();
      try {
        const first = await generateApp(p.prompt, {
          pipeline,
          outDir: join(out, p.id),
          force: true,
        });
        if (!refining || p.change === undefined) {
          rows.push(rowOf(p.id, first, (performance.now() - started) / 1000));
        } else {
          const before = new Set((first.spec?.requirements ?? []).map((r) => r.id));
          const result = await refineApp(join(out, p.id), p.change, { pipeline });
          const row = rowOf(p.id, result, (performance.now() - started) / 1000);
          const added = (result.spec?.requirements ?? []).filter((r) => !before.has(r.id));
          const failing = new Set(row.failedScenarios.map((f) => f.split(" ")[0]));
          row.change = {
            added: added.length,
            proven: added.filter((r) =>
              r.status === "implemented" && r.scenarios.length > 0 && !failing.has(r.id)
            ).length,
          };
          rows.push(row);
        }
      } catch (error) {
        rows.push({
          id: p.id,
          status: "refused",
          reason: (error as Error).message.slice(0, 300),
          entities: 0,
          requirements: 0,
          implemented: 0,
          notImplemented: 0,
          proven: 0,
          failedScenarios: [],
          seconds: (performance.now() - started) / 1000,
        });
      }
      const row = rows.at(-1)!;
      if (values.verify && row.status !== "refused" && row.status !== "failed") {
        const result = await verifyApp(join(out, p.id), {
          skipBrowser: values["skip-browser"] ?? false,
        });
        row.verified = {
          ok: result.ok,
          failed: result.stages.filter((s) => s.status === "failed").map((s) => s.stage),
        };
      }
      if (!values.json) {
        console.error(
          `${row.id}: ${row.status}, ${row.proven}/${row.implemented} proven, ${row.notImplemented} not implemented (${
            row.seconds.toFixed(1)
          } s)`,
        );
        for (const failed of row.failedScenarios.slice(0, 3)) console.error(`   ${failed}`);
      }
    }
  } finally {
    await pipeline.close();
  }
  if (values.judge) Deno.writeTextFileSync(join(out, "JUDGE.md"), judgeSheet(prompts, rows, out));
  console.log(values.json ? JSON.stringify(rows, null, 2) : renderBehaviourTable(rows));
}
