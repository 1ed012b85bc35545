/**
 * Renders `VALIDATION_REPORT.md`: how the job ended, each check with its
 * result and the agent responsible, every finding, and what the guardrails
 * did. It holds no timings or ids, so the same prompt gives the same report.
 *
 * @module
 */
import type { RiskFinding } from "../guardrails/review_gate.ts";
import { STEP_AGENTS } from "../core/agents.ts";
import type { JobState } from "../core/job_state.ts";
import { cell } from "./spec_markdown.ts";

const ICON = { passed: "✅ passed", failed: "❌ failed", skipped: "⏭️ skipped" } as const;

/** What the gate did with risky files, for the report. */
export interface ReviewOutcome {
  findings: RiskFinding[];
  /** Paths held back for a human decision. */
  held: string[];
}

/**
 * @param state The job's final state.
 * @param review What the human review gate found and held.
 * @returns The text of `VALIDATION_REPORT.md`.
 */
export function renderValidationReport(state: JobState, review: ReviewOutcome): string {
  const validation = state.validation;
  const verdict = state.status === "succeeded"
    ? "PASSED"
    : state.status === "partial"
    ? "PARTIAL"
    : state.status === "awaiting_review"
    ? "AWAITING REVIEW"
    : state.status === "cancelled"
    ? "CANCELLED"
    : "FAILED";
  const out = [
    `# Validation report — ${state.spec?.title ?? "(no spec)"}`,
    "",
    `**Result: ${verdict}**${state.reason ? ` — ${state.reason}` : ""}`,
    "",
    `Provider: \`${state.provider}\`. Attempts: ${
      STEP_AGENTS.map((a) => `${a} ${state.attempts[a]}`).join(", ")
    }.`,
    "",
  ];
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
    out.push("", "## Findings", "");
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
