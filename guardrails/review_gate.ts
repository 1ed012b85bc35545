/**
 * Layer 6: generated code is scanned for risky constructs (dynamic code
 * execution, shell access, unsafe deserialisation, raw HTML injection) before
 * it is written. With human review required, files with findings are held
 * until someone approves them.
 *
 * @module
 */
import type { GeneratedFile } from "../agents/artifact.ts";

/** A risky construct found in a generated file. */
export interface RiskFinding {
  /** Stable id of the finding: `<path>:<line>:<rule>`. */
  id: string;
  path: string;
  line: number;
  rule: string;
  /** The offending line, trimmed and shortened. */
  excerpt: string;
}

interface Rule {
  id: string;
  pattern: RegExp;
  files: RegExp;
}

const PY = /\.py$/;
const JS = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const RULES: readonly Rule[] = [
  { id: "python-eval", pattern: /(?<![\w.])(eval|exec|compile)\s*\(/, files: PY },
  { id: "python-dunder-import", pattern: /__import__\s*\(/, files: PY },
  { id: "python-subprocess", pattern: /\bsubprocess\b/, files: PY },
  { id: "python-os-exec", pattern: /\bos\.(system|popen|exec\w*|spawn\w*)\s*\(/, files: PY },
  {
    id: "python-unsafe-deserialise",
    pattern: /\b(pickle|marshal|shelve)\b|yaml\.load\s*\(/,
    files: PY,
  },
  { id: "js-eval", pattern: /(?<![\w.])eval\s*\(|new\s+Function\s*\(/, files: JS },
  { id: "js-child-process", pattern: /child_process/, files: JS },
  { id: "js-dangerous-html", pattern: /dangerouslySetInnerHTML|\.innerHTML\s*=/, files: JS },
  { id: "js-string-timer", pattern: /set(Timeout|Interval)\s*\(\s*["'`]/, files: JS },
];

/**
 * Scans files for risky constructs.
 *
 * @param files The generated files.
 * @returns One finding per matching line and rule, in file order.
 * @example
 * ```ts
 * import { humanReviewGate } from "./review_gate.ts";
 * const findings = humanReviewGate([{ path: "backend/x.py", content: "import os\nos.system('ls')\n" }]);
 * if (findings[0]?.rule !== "python-os-exec") throw new Error();
 * ```
 */
export function humanReviewGate(files: readonly GeneratedFile[]): RiskFinding[] {
  const findings: RiskFinding[] = [];
  for (const file of files) {
    const rules = RULES.filter((rule) => rule.files.test(file.path));
    if (rules.length === 0) continue;
    const lines = file.content.split("\n");
    lines.forEach((text, index) => {
      const trimmed = text.trim();
      if (trimmed.startsWith("#") || trimmed.startsWith("//")) return;
      for (const rule of rules) {
        if (rule.pattern.test(text)) {
          findings.push({
            id: `${file.path}:${index + 1}:${rule.id}`,
            path: file.path,
            line: index + 1,
            rule: rule.id,
            excerpt: trimmed.length > 100 ? trimmed.slice(0, 97) + "..." : trimmed,
          });
        }
      }
    });
  }
  return findings;
}
