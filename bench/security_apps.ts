/**
 * `deno task eval:security`: the probe report of generated apps. Generates
 * the app of every prompt of the tuning set (`tests/fixtures/behaviour/
 * prompts.json`, or the `{id, prompt}` list of `--set FILE`) with the offline
 * generator, and renders the 16 hand-written behaviour specs (tuning set
 * only); runs each backend's exploit suite (`tests/test_exploits.py`)
 * and counts probes tried, refused and exploitable (target 0); runs Bandit on
 * each backend's `app/` when it is installed (findings by severity); checks
 * each frontend renders text as React text (no raw-HTML sinks) and sends a CSP
 * with frame protection; and proves the probes bite by running them against
 * mutants of a few backends, each with one defence switched off (every mutant
 * must be caught by at least one probe).
 *
 * The report counts probes by family (access, mass assignment, numbers,
 * uniqueness, bodies, accounts and tokens, markup and URLs, headers and CORS,
 * frontend) and gives the mean time `renderBackend` takes per hand-written
 * spec.
 *
 * Usage: `deno task eval:security [--set FILE] [--out output/security]
 * [--only id,id] [--no-mutants] [--jobs N] [--json]` (`--set`: a prompt set
 * other than the tuning one, e.g. `tests/fixtures/behaviour/unseen/
 * prompts.json`; `--jobs`: suites run at once, default one per core up to 4). Exits 1 when a probe is exploitable, a mutant
 * survives or Bandit reports a medium or high finding.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { detectToolchain } from "../pipeline/agents/validator/toolchain.ts";
import { renderBackend } from "../generator/backend/mod.ts";
import { renderFrontend } from "../generator/frontend/mod.ts";
import { runBandit } from "../guardrails/bandit_review.ts";
import type { GeneratedFile } from "../core/artifact.ts";
import { BEHAVIOUR_SPECS } from "../tests/fixtures/behaviour_specs.ts";
import { type AppResult, type Probe, runExploits } from "./security_probes.ts";
import { MUTANTS, runMutants } from "./security_mutants.ts";

interface Prompt {
  id: string;
  prompt: string;
}

/** Raw-HTML sinks a React frontend must not use for data. */
const HTML_SINKS =
  /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|document\.write\(|insertAdjacentHTML/;

function filesUnder(root: string, dir: string): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  const walk = (path: string) => {
    for (const entry of Deno.readDirSync(path)) {
      const full = join(path, entry.name);
      if (entry.isDirectory) walk(full);
      else if (entry.isFile) {
        out.push({ path: full.slice(root.length + 1), content: Deno.readTextFileSync(full) });
      }
    }
  };
  try {
    walk(join(root, dir));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return out;
}

function write(root: string, files: readonly GeneratedFile[]): void {
  for (const file of files) {
    const path = join(root, file.path);
    Deno.mkdirSync(dirname(path), { recursive: true });
    Deno.writeTextFileSync(path, file.content);
  }
}

/** Static probes of a frontend: no raw-HTML sinks, a CSP with frame protection. */
function frontendProbes(root: string): Probe[] {
  const files = filesUnder(root, "frontend").filter((f) => /\.(tsx?|jsx?|mjs)$/.test(f.path));
  const sinks = files.filter((f) => HTML_SINKS.test(f.content)).map((f) => f.path);
  const config = files.find((f) => /next\.config\.m?js$/.test(f.path))?.content ?? "";
  return [
    {
      name: "frontend renders text as React text (no raw-HTML sink)",
      outcome: sinks.length === 0 ? "passed" : "failed",
      ...(sinks.length ? { detail: sinks.join(", ") } : {}),
    },
    {
      name: "frontend sends a Content-Security-Policy with frame-ancestors",
      outcome: /Content-Security-Policy/.test(config) && /frame-ancestors/.test(config)
        ? "passed"
        : "failed",
    },
  ];
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      set: { type: "string" },
      out: { type: "string", default: "output/security" },
      only: { type: "string" },
      "no-mutants": { type: "boolean" },
      jobs: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const outRoot = resolve(values.out!);
  const wanted = values.only ? new Set(values.only.split(",")) : undefined;
  const toolchain = await detectToolchain(Deno.env.get("STACKFORGE_PYTHON"));
  const python = toolchain.fastapiPython;
  if (python === undefined) {
    console.error(
      "No Python with FastAPI and pytest: set STACKFORGE_PYTHON or install python3-fastapi",
    );
    return 2;
  }
  const set = readSet(values.set);
  if (typeof set === "string") {
    console.error(set);
    return 2;
  }
  const prompts = set.filter((p) => wanted === undefined || wanted.has(p.id));
  // The hand-written specs belong to the tuning set: another set is its prompts alone.
  const specs = values.set !== undefined
    ? []
    : Object.entries(BEHAVIOUR_SPECS).filter(([id]) =>
      wanted === undefined || wanted.has(`spec_${id}`)
    );
  try {
    Deno.removeSync(outRoot, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const started = performance.now();
  const pipeline = await createPipeline({ toolchain: {} });
  const apps: { id: string; root: string; error?: string }[] = [];
  for (const item of prompts) {
    const root = join(outRoot, item.id);
    try {
      const result = await generateApp(item.prompt, { pipeline, outDir: root, force: true });
      const made = filesUnder(root, "backend").some((f) => f.path === "backend/app/main.py");
      apps.push(
        made ? { id: item.id, root } : {
          id: item.id,
          root,
          error: `not generated (${result.status}): ${result.reason ?? "no backend"}`,
        },
      );
    } catch (error) {
      apps.push({
        id: item.id,
        root,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  let renderMs = 0;
  for (const [id, spec] of specs) {
    const root = join(outRoot, `spec_${id}`);
    const renderStarted = performance.now();
    const backend = renderBackend(spec);
    renderMs += performance.now() - renderStarted;
    write(root, [...backend, ...renderFrontend(spec)]);
    apps.push({ id: `spec_${id}`, root });
  }
  console.error(
    `${apps.length} apps generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
    console.error(`Invalid --jobs "${values.jobs}": expected a whole number of at least 1, e.g. 2`);
    return 2;
  }
  const results: AppResult[] = await runExploits(
    python,
    apps,
    (done, total, id) => console.error(`[${done}/${total}] ${id}`),
    jobs,
  );
  for (const result of results) {
    if (result.error) continue;
    result.probes.push(...frontendProbes(result.root));
    const findings = runBandit(filesUnder(result.root, "backend/app"));
    result.bandit = findings === undefined
      ? undefined
      : findings.map((f) => ({ severity: f.severity, rule: f.rule, where: `${f.path}:${f.line}` }));
  }
  const mutants = values["no-mutants"] ? [] : await runMutants(python, results, MUTANTS);
  const report = renderReport(
    results,
    mutants,
    (performance.now() - started) / 1000,
    specs.length > 0 ? renderMs / specs.length : undefined,
  );
  if (values.json) console.log(JSON.stringify({ results, mutants }, null, 2));
  else console.log(report.text);
  return report.ok ? 0 : 1;
}

/**
 * Reads a prompt set: the tuning set when no file is given.
 *
 * @param file A JSON file holding `[{id, prompt}]`, or undefined.
 * @returns The prompts, or a message saying what is wrong with the file.
 */
function readSet(file: string | undefined): Prompt[] | string {
  const url = file === undefined
    ? new URL("../tests/fixtures/behaviour/prompts.json", import.meta.url)
    : resolve(file);
  let data: unknown;
  try {
    data = JSON.parse(Deno.readTextFileSync(url));
  } catch (error) {
    return `Cannot read --set "${file}": ${error instanceof Error ? error.message : error}`;
  }
  const ok = Array.isArray(data) &&
    data.every((p) => typeof p?.id === "string" && typeof p?.prompt === "string");
  return ok
    ? data as Prompt[]
    : `Invalid --set "${file}": expected a JSON list of {"id": "...", "prompt": "..."}`;
}

/** Families of probes, by the names the exploit suite gives them; the first match counts. */
export const PROBE_FAMILIES: readonly [string, RegExp][] = [
  ["mass assignment", /mass_assignment|registration_refuses_server_fields/],
  ["numbers and ids", /non_finite|out_of_range|huge_.*_ids/],
  ["uniqueness", /^test_duplicate_/],
  ["bodies", /oversize_bodies|malformed_bodies|body_limit/],
  [
    "accounts and tokens",
    /tokens|sign_out_everywhere|brute_force|weak_passwords|login_errors|password_hashes/,
  ],
  ["markup and URLs", /stored_xss|script_urls/],
  ["headers and CORS", /responses_tell_browsers|foreign_origins/],
  ["frontend", /^frontend /],
  [
    "access",
    /anonymous_access|another_users|drafts_of|unauthorised_role|refuses_callers|stats_count/,
  ],
];

/**
 * The family of a probe.
 *
 * @param name The probe's name.
 * @returns Its family, or "other".
 */
export function familyOf(name: string): string {
  return PROBE_FAMILIES.find(([, pattern]) => pattern.test(name))?.[0] ?? "other";
}

/** The report of a run: a line per app, totals by family, what was exploitable. */
export function renderReport(
  results: AppResult[],
  mutants: { name: string; app: string; caught: boolean; by?: string }[],
  seconds: number,
  renderMsPerSpec?: number,
): { text: string; ok: boolean } {
  const count = (r: AppResult, o: Probe["outcome"]) =>
    r.probes.filter((p) => p.outcome === o).length;
  const severities = ["high", "medium", "low"] as const;
  const banditOf = (r: AppResult) =>
    r.bandit === undefined
      ? "not installed"
      : severities.map((s) => r.bandit!.filter((f) => f.severity === s).length).join(" / ");
  const lines = [
    "| App | Probes tried | Refused | Exploitable | Skipped | Bandit high / medium / low |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of results) {
    lines.push(
      r.error
        ? `| ${r.id} | – | – | – | – | ${r.error.replace(/\|/g, "\\|").slice(0, 120)} |`
        : `| ${r.id} | ${r.probes.length - count(r, "skipped")} | ${count(r, "passed")} | ${
          count(r, "failed")
        } | ${count(r, "skipped")} | ${banditOf(r)} |`,
    );
  }
  const ok = results.filter((r) => !r.error);
  const tried = ok.reduce((n, r) => n + r.probes.length - count(r, "skipped"), 0);
  const exploitable = ok.flatMap((r) =>
    r.probes.filter((p) => p.outcome === "failed").map((p) => `${r.id}: ${p.name}`)
  );
  const bandit = ok.flatMap((r) => r.bandit ?? []);
  const banditRan = ok.some((r) => r.bandit !== undefined);
  const survivors = mutants.filter((m) => !m.caught);
  const families = new Map<string, { passed: number; failed: number }>();
  for (const p of ok.flatMap((r) => r.probes)) {
    if (p.outcome === "skipped") continue;
    const family = familyOf(p.name);
    const counts = families.get(family) ?? { passed: 0, failed: 0 };
    counts[p.outcome]++;
    families.set(family, counts);
  }
  lines.push(
    "",
    "| Family | Refused | Exploitable |",
    "| --- | --- | --- |",
    ...[...PROBE_FAMILIES.map(([f]) => f), "other"].filter((f) => families.has(f)).map((f) =>
      `| ${f} | ${families.get(f)!.passed} | ${families.get(f)!.failed} |`
    ),
    "",
    `**${ok.length}/${results.length} apps probed; ${tried} probes tried, ${exploitable.length} exploitable.**`,
    banditRan
      ? `Bandit on each backend's app/: ${
        severities.map((s) => `${bandit.filter((f) => f.severity === s).length} ${s}`).join(", ")
      }${bandit.length ? ` (${[...new Set(bandit.map((f) => f.rule))].sort().join(", ")})` : ""}.`
      : "Bandit: not installed (apt-get install bandit).",
    mutants.length === 0
      ? "Mutants: not run."
      : `Mutants (one defence switched off): ${
        mutants.length - survivors.length
      }/${mutants.length} caught by a probe.`,
    `Time: ${seconds.toFixed(0)} s${
      renderMsPerSpec === undefined
        ? ""
        : `; renderBackend ${renderMsPerSpec.toFixed(1)} ms per hand-written spec`
    }.`,
  );
  if (exploitable.length > 0) lines.push("", "Exploitable:", ...exploitable.map((e) => `- ${e}`));
  if (mutants.length > 0) {
    lines.push(
      "",
      "| Mutant | App | Caught by |",
      "| --- | --- | --- |",
      ...mutants.map((m) => `| ${m.name} | ${m.app} | ${m.caught ? m.by : "**survived**"} |`),
    );
  }
  const bad = bandit.filter((f) => f.severity !== "low");
  return {
    text: lines.join("\n"),
    ok: exploitable.length === 0 && survivors.length === 0 && bad.length === 0 &&
      results.every((r) => !r.error || r.error.startsWith("not generated")),
  };
}

if (import.meta.main) Deno.exit(await main(Deno.args));
