/**
 * Renders verification results as Markdown and appends them to the app's
 * `VALIDATION_REPORT.md`, replacing an earlier runtime section.
 *
 * @module
 */
import { join } from "node:path";
import { RESPONSIBLE, type StageResult, type VerifyResult } from "./result.ts";

/** The heading the runtime section starts with. */
export const SECTION = "## Runtime verification";

const ICON = { passed: "✅ passed", failed: "❌ failed", skipped: "⏭️ skipped" } as const;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n+/g, " ⏎ ").slice(0, 500);
}

const TITLES: Record<StageResult["stage"], string> = {
  backend: "Backend",
  scenarios: "Acceptance scenarios (HTTP)",
  frontend: "Frontend build",
  browser: "Browser",
  ui_scenarios: "Acceptance scenarios (UI)",
};

function stageTitle(stage: StageResult["stage"]): string {
  return TITLES[stage];
}

/** How one stage's scenarios of a requirement went, for a table cell. */
function scenarioCell(stage: StageResult | undefined, requirement: string): string {
  if (stage === undefined) return "—";
  const runs = (stage.scenarios ?? []).filter((r) => r.requirement === requirement);
  if (stage.status === "skipped") return `⏭️ not run: ${stage.summary}`;
  if (runs.length === 0) return "—";
  return runs.map((r) =>
    r.ok
      ? `✅ ${r.scenario}`
      : r.skipped !== undefined
      ? `⏭️ ${r.scenario} — ${r.skipped}`
      : `❌ ${r.scenario} (${r.agent ?? RESPONSIBLE[stage.stage]}): ${
        r.step === null ? "" : `step ${r.step + 1}: `
      }${r.error ?? "failed"}`
  ).join("<br>");
}

/**
 * The runtime section's table of requirements: each one's scenarios over
 * HTTP and in the browser, with who must fix a failure.
 */
function requirementLines(result: VerifyResult, requirements: RequirementLike[]): string[] {
  if (requirements.length === 0) return [];
  const http = result.stages.find((s) => s.stage === "scenarios");
  const ui = result.stages.find((s) => s.stage === "ui_scenarios");
  const lines = [
    "### Requirements",
    "",
    "| Requirement | Status | Over HTTP | In the browser |",
    "| --- | --- | --- | --- |",
  ];
  for (const r of requirements) {
    if (r.status !== "implemented") {
      lines.push(
        `| ${cell(`${r.id}: ${r.text}`)} | ❌ not implemented${
          r.reason ? ` — ${cell(r.reason)}` : ""
        } | — | — |`,
      );
      continue;
    }
    const runs = [...(http?.scenarios ?? []), ...(ui?.scenarios ?? [])].filter((x) =>
      x.requirement === r.id && x.skipped === undefined
    );
    const status = runs.some((x) => !x.ok)
      ? "❌ a scenario fails"
      : runs.length > 0
      ? "✅ proven"
      : "⚠️ no scenario ran";
    lines.push(
      `| ${cell(`${r.id}: ${r.text}`)} | ${status} | ${cell(scenarioCell(http, r.id))} | ${
        cell(scenarioCell(ui, r.id))
      } |`,
    );
  }
  lines.push("");
  return lines;
}

/** What the report needs of a requirement. */
export interface RequirementLike {
  id: string;
  text: string;
  status: "implemented" | "not_implemented";
  reason?: string;
}

/**
 * The Markdown of a verification run.
 *
 * @param result What {@link verifyApp} found.
 * @param when The run's time stamp.
 * @returns The section, starting with {@link SECTION}.
 * @example
 * ```ts
 * import { renderReport } from "./report.ts";
 * const md = renderReport({ dir: "/app", ok: true, stages: [], durationMs: 1 }, new Date(0));
 * if (!md.startsWith("## Runtime verification")) throw new Error();
 * ```
 */
export function renderReport(
  result: VerifyResult,
  when: Date,
  requirements: RequirementLike[] = [],
): string {
  const lines: string[] = [SECTION, ""];
  const verdict = result.error
    ? `**Result: NOT VERIFIED** — ${result.error}`
    : result.ok
    ? "**Result: PASSED** — every stage ran and passed."
    : `**Result: ${
      result.stages.some((s) => s.status === "failed") ? "FAILED" : "INCOMPLETE"
    }** — ${
      result.stages.filter((s) => s.status !== "passed").map((s) =>
        `${s.stage} ${s.status} (${RESPONSIBLE[s.stage]})`
      ).join(", ")
    }`;
  lines.push(verdict, "", `Run ${when.toISOString()}, ${seconds(result.durationMs)} in all.`, "");
  if (result.stages.length > 0) {
    lines.push(
      "| Stage | Result | Time | Responsible agent | Summary |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const stage of result.stages) {
      lines.push(
        `| ${stageTitle(stage.stage)} | ${ICON[stage.status]} | ${seconds(stage.durationMs)} | ${
          RESPONSIBLE[stage.stage]
        } | ${cell(stage.summary)} |`,
      );
    }
    lines.push("");
  }
  lines.push(...requirementLines(result, requirements));
  for (const stage of result.stages) {
    lines.push(`### ${stageTitle(stage.stage)}`, "");
    lines.push(
      `${ICON[stage.status]} in ${seconds(stage.durationMs)}: ${stage.summary.split("\n")[0]}`,
      "",
    );
    if (stage.status === "failed" && stage.summary.includes("\n")) {
      lines.push("```", stage.summary, "```", "");
    }
    if (stage.install) lines.push(`Install what is missing with: \`${stage.install}\``, "");
    if (stage.checks.length > 0) {
      lines.push("| Check | Result | Detail |", "| --- | --- | --- |");
      for (const check of stage.checks) {
        lines.push(
          `| ${cell(check.name)} | ${check.ok ? "✅" : "❌"} | ${
            cell(`${check.agent ? `(${check.agent}) ` : ""}${check.detail ?? ""}`)
          } |`,
        );
      }
      lines.push("");
    }
    if (stage.screenshots && stage.screenshots.length > 0) {
      lines.push("Screenshots:", "");
      for (const file of stage.screenshots) lines.push(`- [${file}](${file})`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

/**
 * Adds a section to a report text, replacing an earlier one.
 *
 * @param existing The report so far (may be empty).
 * @param section The new section.
 * @returns The whole report.
 */
export function withSection(existing: string, section: string): string {
  const at = existing.indexOf(`\n${SECTION}\n`);
  const kept = (at >= 0 ? existing.slice(0, at) : existing).trimEnd();
  return (kept ? kept + "\n\n" : "") + section.trimEnd() + "\n";
}

const RANK: Record<string, number> = {
  PASSED: 0,
  INCOMPLETE: 1,
  "NOT VERIFIED": 1,
  PARTIAL: 2,
  "AWAITING REVIEW": 2,
  CANCELLED: 3,
  FAILED: 3,
};
const TOP = /^\*\*Result: ([A-Z ]+)\*\*(?: — (.*))?$/m;
const KEPT = /^<!-- generation verdict: (.*) -->$/m;

/**
 * Makes the report's top line the whole verdict once the app was run: the
 * worse of the generation's verdict and the runtime verification's, saying
 * both. The generation's own line is kept in a comment, so verifying again
 * starts from it.
 *
 * @param report The report, with its runtime section.
 * @param result The verification run.
 * @returns The report with its top line updated.
 * @example
 * ```ts
 * import { withVerdict } from "./report.ts";
 * const md = withVerdict("# R\n\n**Result: PASSED**\n", { dir: "/a", ok: false, durationMs: 1, stages: [
 *   { stage: "browser", status: "failed", durationMs: 1, summary: "x", checks: [] },
 * ] });
 * if (!md.includes("**Result: FAILED** — runtime verification failed: browser failed")) throw new Error();
 * ```
 */
export function withVerdict(report: string, result: VerifyResult): string {
  const top = TOP.exec(report);
  const section = report.indexOf(`${SECTION}\n`);
  // A report of verify's own has no generation verdict to combine.
  if (top === null || (section >= 0 && top.index > section)) return report;
  const kept = KEPT.exec(report)?.[1];
  const generation = TOP.exec(kept ?? "") ?? top;
  const [genLine, genVerdict, genReason] = [generation[0], generation[1]!, generation[2]];
  const bad = result.stages.filter((s) => s.status !== "passed");
  const runtime = result.error
    ? { verdict: "NOT VERIFIED", text: `runtime verification could not run: ${result.error}` }
    : result.ok
    ? { verdict: "PASSED", text: "runtime verification passed" }
    : {
      verdict: bad.some((s) => s.status === "failed") ? "FAILED" : "INCOMPLETE",
      text: `runtime verification ${
        bad.some((s) => s.status === "failed") ? "failed" : "incomplete"
      }: ${bad.map((s) => `${s.stage} ${s.status} (${RESPONSIBLE[s.stage]})`).join(", ")}`,
    };
  const worst = (RANK[runtime.verdict] ?? 3) > (RANK[genVerdict] ?? 3)
    ? runtime.verdict
    : genVerdict;
  const generated = `generation: ${genVerdict}${genReason ? ` — ${genReason}` : ""}`;
  const line = `**Result: ${worst}** — ${runtime.text}; ${generated}`;
  const comment = `<!-- generation verdict: ${genLine} -->`;
  const replaced = report.replace(top[0], line);
  return kept === undefined ? replaced.replace(line, `${line}\n${comment}`) : replaced;
}

/**
 * Writes the section into `<dir>/VALIDATION_REPORT.md`, keeping what was there,
 * and makes its top line the whole verdict ({@link withVerdict}).
 *
 * @param dir The app folder.
 * @param result The run.
 * @returns The report's path.
 */
export function writeReport(
  dir: string,
  result: VerifyResult,
  when = new Date(),
  requirements: RequirementLike[] = [],
): string {
  const path = join(dir, "VALIDATION_REPORT.md");
  let existing = "";
  try {
    existing = Deno.readTextFileSync(path);
  } catch {
    // A report of its own then.
  }
  Deno.writeTextFileSync(
    path,
    withVerdict(withSection(existing, renderReport(result, when, requirements)), result),
  );
  return path;
}
