/**
 * Layer 6: generated code is scanned for risky constructs (dynamic code
 * execution, shell access, unsafe deserialisation, raw HTML injection, SQL
 * built by string formatting, hard-coded secrets) before it is written. The
 * code is parsed — TypeScript's own parser for TS/JS, a tokenizer for Python —
 * so a word in a comment or a string, or a name such as `evaluation` or
 * `ast.literal_eval`, is not a hit. With human review required, files with
 * findings are held until someone approves them.
 *
 * @module
 */
import type { GeneratedFile } from "../core/artifact.ts";
import { type RawFinding, reviewPython } from "./_review_python.ts";
import { reviewScript } from "./_review_js.ts";
import { hasSecretFormat } from "./_secrets.ts";

/** How bad a finding is: `high` runs code, reads secrets or injects; `medium` may. */
export type RiskSeverity = "high" | "medium" | "low";

/** A risky construct found in a generated file. */
export interface RiskFinding {
  /** Stable id of the finding: `<path>:<line>:<rule>`. */
  id: string;
  path: string;
  line: number;
  rule: string;
  /** The offending line, trimmed and shortened. */
  excerpt: string;
  severity: RiskSeverity;
  /** Why the construct is risky, in a few words. */
  message: string;
}

const PY = /\.pyi?$/;
const JS = /\.(?:ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
const BINARY = /\.(?:png|jpe?g|gif|ico|webp|woff2?|ttf|eot|pdf|zip|gz)$/i;

/** The rule ids the gate reports. */
export const RISK_RULES = [
  "python-eval",
  "python-dunder-import",
  "python-subprocess",
  "python-os-exec",
  "python-unsafe-deserialise",
  "python-sql-format",
  "js-eval",
  "js-child-process",
  "js-dangerous-html",
  "js-string-timer",
  "js-document-write",
  "js-sql-format",
  "hardcoded-secret",
  "python-path-traversal",
  "python-permissive-permissions",
  "python-debug-mode",
  "python-template-autoescape",
  "python-template-injection",
  "python-weak-password-hash",
  "python-insecure-tempfile",
  "python-ssh-exec",
  "python-tls-unverified",
  "python-ssrf",
  "python-xxe",
  "python-archive-extraction",
  "python-jwt-unverified",
  "python-insecure-random",
  "python-open-redirect",
  "python-cors-credentials",
  "python-regex-injection",
  "python-ldap-injection",
  "js-non-literal-require",
  "js-dynamic-import",
  "js-regex-injection",
  "js-path-traversal",
  "js-ssrf",
  "js-open-redirect",
  "js-prototype-pollution",
  "js-jwt-unverified",
  "js-unsafe-deserialise",
  "js-xxe",
  "js-insecure-random",
  "js-cors-credentials",
  "js-weak-password-hash",
  "js-archive-extraction",
  "js-tls-unverified",
  "js-javascript-url",
  "js-nosql-injection",
  "js-postmessage-wildcard",
  "js-weak-crypto",
  "js-template-injection",
  "python-nosql-injection",
  "python-weak-crypto",
] as const;

/**
 * Scans files for risky constructs.
 *
 * @param files The generated files.
 * @returns One finding per line and rule, in file order.
 * @example
 * ```ts
 * import { humanReviewGate } from "./review_gate.ts";
 * const findings = humanReviewGate([{ path: "backend/x.py", content: "import os\nos.system('ls')\n" }]);
 * if (findings[0]?.rule !== "python-os-exec" || findings[0].severity !== "high") throw new Error();
 * ```
 */
export function humanReviewGate(files: readonly GeneratedFile[]): RiskFinding[] {
  const findings: RiskFinding[] = [];
  for (const file of files) {
    if (BINARY.test(file.path)) continue;
    const raw = PY.test(file.path)
      ? reviewPython(file.path, file.content)
      : JS.test(file.path)
      ? reviewScript(file.path, file.content)
      : reviewText(file.content);
    const lines = file.content.split("\n");
    const seen = new Set<string>();
    for (const f of raw) {
      const id = `${file.path}:${f.line}:${f.rule}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const trimmed = (lines[f.line - 1] ?? "").trim();
      findings.push({
        id,
        path: file.path,
        line: f.line,
        rule: f.rule,
        excerpt: trimmed.length > 100 ? trimmed.slice(0, 97) + "..." : trimmed,
        severity: f.severity,
        message: f.message,
      });
    }
  }
  return findings;
}

/** Other text files (.env, JSON, YAML, Markdown): only key formats that are secrets anywhere. */
function reviewText(content: string): RawFinding[] {
  const out: RawFinding[] = [];
  content.split("\n").forEach((line, index) => {
    if (hasSecretFormat(line)) {
      out.push({
        line: index + 1,
        rule: "hardcoded-secret",
        severity: "high",
        message: "a key or credential in the file",
      });
    }
  });
  return out;
}
