/**
 * The deep review: the gate's own rules (see `review_gate.ts`) united with
 * ESLint (eslint-plugin-security, no-unsanitized, React rules) and Bandit,
 * each finding keeping file, line, rule and severity. Loading ESLint costs
 * about a second and Bandit about 0.3 s a run, so the per-job gate runs the
 * gate's own rules only; this review is for `deno task bench:security`,
 * verification and anyone who wants a second opinion on an app.
 *
 * @module
 */
import type { GeneratedFile } from "../core/artifact.ts";
import { type BanditOptions, runBandit } from "./bandit_review.ts";
import { type Analyser, type AnalyserFinding, createEslintReview } from "./eslint_review.ts";
import { humanReviewGate, type RiskFinding } from "./review_gate.ts";

/** Options of {@link createDeepReview}. */
export interface DeepReviewOptions {
  /** Run ESLint (default true). */
  eslint?: boolean;
  /** Run Bandit when it is installed (default true); options passed to it. */
  bandit?: boolean | BanditOptions;
  /** Lowest severity of the analysers' findings kept (default `medium`). */
  minSeverity?: "low" | "medium" | "high";
}

/** The result of a deep review. */
export interface DeepReview {
  findings: RiskFinding[];
  /** Which analysers ran, and why one did not. */
  analysers: { eslint: "ran" | "off"; bandit: "ran" | "off" | "not installed" };
}

const RANK = { low: 0, medium: 1, high: 2 } as const;

/**
 * Loads ESLint once and returns the deep reviewer.
 *
 * @param options Which analysers run.
 * @returns A function reviewing one app's files.
 * @example
 * ```ts
 * import { createDeepReview } from "./deep_review.ts";
 * const review = await createDeepReview({ bandit: false });
 * const { findings } = review([{ path: "a.js", content: "eval(x);\n" }]);
 * if (!findings.some((f) => f.rule === "js-eval") || !findings.some((f) => f.rule === "eslint:no-eval")) {
 *   throw new Error();
 * }
 * ```
 */
export async function createDeepReview(
  options: DeepReviewOptions = {},
): Promise<(files: readonly GeneratedFile[]) => DeepReview> {
  const eslint: Analyser | undefined = options.eslint === false
    ? undefined
    : await createEslintReview();
  const min = RANK[options.minSeverity ?? "medium"];
  return (files) => {
    const own = humanReviewGate(files);
    const outside: AnalyserFinding[] = [...(eslint?.(files) ?? [])];
    let bandit: DeepReview["analysers"]["bandit"] = "off";
    if (options.bandit !== false) {
      const found = runBandit(files, typeof options.bandit === "object" ? options.bandit : {});
      bandit = found === undefined ? "not installed" : "ran";
      outside.push(...(found ?? []));
    }
    const lines = new Map(files.map((f) => [f.path, f.content.split("\n")]));
    const seen = new Set(own.map((f) => f.id));
    const findings = [...own];
    for (const f of outside) {
      if (RANK[f.severity] < min) continue;
      if (isSafeForm(f, files.find((file) => file.path === f.path)?.content ?? "")) continue;
      const id = `${f.path}:${f.line}:${f.rule}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const trimmed = (lines.get(f.path)?.[f.line - 1] ?? "").trim();
      findings.push({
        id,
        path: f.path,
        line: f.line,
        rule: f.rule,
        excerpt: trimmed.length > 100 ? trimmed.slice(0, 97) + "..." : trimmed,
        severity: f.severity,
        message: f.message,
      });
    }
    const order = new Map(files.map((f, i) => [f.path, i]));
    findings.sort((a, b) =>
      (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0) || a.line - b.line ||
      a.rule.localeCompare(b.rule)
    );
    return { findings, analysers: { eslint: eslint ? "ran" : "off", bandit } };
  };
}

/**
 * Analyser findings on a form the analyser's own documentation calls safe: a hash of
 * `hashlib` called with `usedforsecurity=False` (Bandit B303/B324), lxml parsing with a parser
 * built with `resolve_entities=False` (Bandit B320).
 */
function isSafeForm(f: AnalyserFinding, content: string): boolean {
  const line = content.split("\n")[f.line - 1] ?? "";
  if (/^bandit:B(?:303|324)$/.test(f.rule)) return /\busedforsecurity\s*=\s*False\b/.test(line);
  if (f.rule === "bandit:B320") {
    // The flagged call passes a parser, and the file's parsers all refuse entities.
    return /,\s*(?:parser\s*=\s*)?[A-Za-z_]\w*\s*\)/.test(line) &&
      /\bXMLParser\s*\([^)]*\bresolve_entities\s*=\s*False\b/.test(content) &&
      !/\bresolve_entities\s*=\s*True\b/.test(content);
  }
  return false;
}
