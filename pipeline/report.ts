/**
 * Renders `VALIDATION_REPORT.md`: how the job ended, each check with its
 * result and the agent responsible, each requirement with how it is
 * implemented and how its acceptance scenarios went, every finding, and
 * what the guardrails did. It holds no timings or ids, so the same prompt
 * gives the same report.
 *
 * The top line is the whole verdict: PASSED only when every check passed
 * and every requirement is implemented and proven by a scenario that ran;
 * INCOMPLETE when the job succeeded but something could not be checked
 * here (a check skipped, a requirement no scenario proved); PARTIAL when
 * requirements are not implemented.
 *
 * @module
 */
import type { RiskFinding } from "../guardrails/review_gate.ts";
import { STEP_AGENTS } from "../core/agents.ts";
import type { JobState } from "../core/job_state.ts";
import { requirementOutcomes } from "./agents/validator/scenario_results.ts";
import { cell, requirementsTable } from "./spec_markdown.ts";

const ICON = { passed: "✅ passed", failed: "❌ failed", skipped: "⏭️ skipped" } as const;

/** What the gate did with risky files, for the report. */
export interface ReviewOutcome {
  findings: RiskFinding[];
  /** Paths held back for a human decision. */
  held: string[];
}

/**
 * The report's verdict: the job's status, and for a job that succeeded,
 * whether everything was checked here.
 *
 * @param state The job's final state.
 * @returns The verdict word(s) and why.
 */
export function verdictOf(state: JobState): { verdict: string; reason?: string } {
  const reason = state.reason;
  const withReason = (verdict: string) => (reason ? { verdict, reason } : { verdict });
  switch (state.status) {
    case "partial":
      return withReason("PARTIAL");
    case "awaiting_review":
      return withReason("AWAITING REVIEW");
    case "cancelled":
      return withReason("CANCELLED");
    case "failed":
    case "running":
      return withReason("FAILED");
    case "succeeded":
      break;
  }
  const gaps: string[] = [];
  const skipped = (state.validation?.checks ?? []).filter((c) => c.status !== "passed");
  if (skipped.length > 0) {
    gaps.push(`${skipped.length} check(s) did not run: ${skipped.map((c) => c.check).join(", ")}`);
  }
  const unproven = state.spec === undefined
    ? []
    : requirementOutcomes(state.spec, state.validation).filter((o) =>
      o.requirement.status === "implemented" && !o.proven
    );
  if (unproven.length > 0) {
    gaps.push(
      `${unproven.length} requirement(s) not proven by a scenario that ran here: ${
        unproven.map((o) => o.requirement.id).join(", ")
      }`,
    );
  }
  if (state.validation === undefined) gaps.push("the validator did not run");
  if (gaps.length > 0) {
    return { verdict: "INCOMPLETE", reason: `generated, but ${gaps.join("; ")}` };
  }
  return withReason("PASSED");
}

/**
 * @param state The job's final state.
 * @param review What the human review gate found and held.
 * @returns The text of `VALIDATION_REPORT.md`.
 */
export function renderValidationReport(state: JobState, review: ReviewOutcome): string {
  const validation = state.validation;
  const { verdict, reason } = verdictOf(state);
  const out = [
    `# Validation report — ${state.spec?.title ?? "(no spec)"}`,
    "",
    `**Result: ${verdict}**${reason ? ` — ${reason}` : ""}`,
    "",
    `Provider: \`${state.provider}\`. Attempts: ${
      STEP_AGENTS.map((a) => `${a} ${state.attempts[a]}`).join(", ")
    }.`,
    "",
  ];
  if (validation?.review?.status === "skipped") {
    out.push(
      `Model review: skipped — ${validation.review.reason ?? "it could not add anything"}.`,
      "",
    );
  }
  if (state.status === "failed" && validation === undefined) {
    out.push(
      "The job stopped before validation could run; the files below are what was produced so far.",
      "",
    );
  }
  if (validation !== undefined) {
    out.push("## Deterministic checks", "", "| Check | Result | Responsible agent | Detail |");
    out.push("| --- | --- | --- | --- |");
    for (const c of validation.checks) {
      out.push(`| ${cell(c.title)} | ${ICON[c.status]} | ${c.agent} | ${cell(c.detail)} |`);
    }
    out.push("");
  }
  if (state.spec !== undefined) {
    out.push(
      "## Requirements",
      "",
      ...requirementsTable(state.spec, validation, [
        ...(state.frontend ?? []),
        ...(state.backend ?? []),
      ]),
    );
  }
  if (validation !== undefined) {
    out.push("## Findings", "");
    if (validation.findings.length === 0) out.push("None.");
    for (const f of validation.findings) {
      out.push(
        `- **${f.severity}** [${f.check}] → \`${f.agent}\`: ${f.message}${
          f.file ? ` (\`${f.file}\`)` : ""
        }`,
      );
    }
    out.push("");
  }
  const failures = state.steps.filter((s) => s.outcome !== "ok");
  if (failures.length > 0) {
    out.push("## Failed attempts", "");
    for (const s of failures) {
      out.push(`- \`${s.agent}\` attempt ${s.attempt}: ${s.outcome} — ${s.detail ?? ""}`);
    }
    out.push("");
  }
  out.push("## Guardrails", "");
  out.push(
    state.inputFindings.length === 0
      ? "- Input: nothing suspicious in the prompt."
      : `- Input: removed ${state.inputFindings.length} suspicious part(s): ${
        state.inputFindings.map((f) => `${f.kind} "${f.match}"`).join("; ")
      }.`,
  );
  if (state.screening) {
    out.push(`- Model classifier: ${state.screening.note.replace(/^model classifier:? ?/, "")}.`);
  }
  if (review.findings.length === 0) {
    out.push("- Human review gate: no risky code patterns found.");
  } else {
    out.push(`- Human review gate: ${review.findings.length} risky pattern(s):`);
    for (const f of review.findings) {
      out.push(
        `  - \`${f.path}\` line ${f.line}: ${f.rule} (${f.severity}) — \`${
          f.excerpt.replace(/`/g, "'")
        }\``,
      );
    }
    if (review.held.length > 0) {
      out.push(
        `- Held for review (not written): ${review.held.map((p) => `\`${p}\``).join(", ")}.`,
      );
    }
  }
  out.push("");
  return out.join("\n");
}
