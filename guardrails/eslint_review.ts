/**
 * ESLint 9 as a second reader of generated TypeScript and JavaScript, run
 * in-process: eslint-plugin-security, eslint-plugin-no-unsanitized, the React
 * rules that concern security and ESLint's own eval rules. Loading the
 * plugins costs most of a second, so {@link createEslintReview} loads them
 * once and the returned function is reused; the per-job gate does not load
 * ESLint at all (see `deep_review.ts`).
 *
 * @module
 */
import type { GeneratedFile } from "../core/artifact.ts";

/** A finding of an outside analyser, with the gate's severities. */
export interface AnalyserFinding {
  path: string;
  line: number;
  /** The analyser's own rule id, prefixed with the analyser: `eslint:no-eval`, `bandit:B602`. */
  rule: string;
  severity: "high" | "medium" | "low";
  message: string;
}

/** Scans files with an analyser and returns its findings. */
export type Analyser = (files: readonly GeneratedFile[]) => AnalyserFinding[];

const SCRIPT = /\.(?:ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

/**
 * The rules run, with the gate's severity for each. `security/detect-object-injection`
 * is left out: it fires on every `obj[key]`. `detect-non-literal-fs-filename` and
 * `detect-possible-timing-attacks` are low, as most of their hits are benign.
 */
export const ESLINT_RULES = {
  "no-eval": "high",
  "no-implied-eval": "high",
  "no-new-func": "high",
  "no-script-url": "medium",
  "security/detect-bidi-characters": "medium",
  "security/detect-buffer-noassert": "low",
  "security/detect-child-process": "high",
  "security/detect-disable-mustache-escape": "high",
  "security/detect-eval-with-expression": "high",
  "security/detect-new-buffer": "low",
  "security/detect-no-csrf-before-method-override": "medium",
  "security/detect-non-literal-fs-filename": "low",
  "security/detect-non-literal-regexp": "medium",
  "security/detect-non-literal-require": "medium",
  "security/detect-possible-timing-attacks": "low",
  "security/detect-pseudoRandomBytes": "medium",
  "security/detect-unsafe-regex": "medium",
  "no-unsanitized/method": "high",
  "no-unsanitized/property": "high",
  "react/no-danger": "high",
  "react/jsx-no-script-url": "high",
  "react/jsx-no-target-blank": "low",
} as const satisfies Record<string, AnalyserFinding["severity"]>;

/**
 * Loads ESLint and the plugins and returns a reviewer of script files.
 *
 * @returns A function that lints the `.ts/.tsx/.js...` files given and ignores the rest.
 * @example
 * ```ts
 * import { createEslintReview } from "./eslint_review.ts";
 * const review = await createEslintReview();
 * const findings = review([{ path: "a.js", content: "eval(userCode);\n" }]);
 * if (!findings.some((f) => f.rule === "eslint:no-eval" && f.line === 1)) throw new Error();
 * ```
 */
export async function createEslintReview(): Promise<Analyser> {
  const [{ Linter }, security, noUnsanitized, react, tsParser] = await Promise.all([
    import("eslint"),
    import("eslint-plugin-security"),
    import("eslint-plugin-no-unsanitized"),
    import("eslint-plugin-react"),
    import("@typescript-eslint/parser"),
  ]);
  const linter = new Linter({ configType: "flat" });
  const rules = Object.fromEntries(Object.keys(ESLINT_RULES).map((id) => [id, "error"]));
  const config = [{
    files: ["**/*"],
    languageOptions: {
      parser: tsParser.default ?? tsParser,
      parserOptions: { ecmaFeatures: { jsx: true }, sourceType: "module" },
    },
    plugins: {
      security: security.default ?? security,
      "no-unsanitized": noUnsanitized.default ?? noUnsanitized,
      react: react.default ?? react,
    },
    settings: { react: { version: "19.0" } },
    rules,
  }];
  return (files) => {
    const out: AnalyserFinding[] = [];
    for (const file of files) {
      if (!SCRIPT.test(file.path)) continue;
      // deno-lint-ignore no-explicit-any
      const messages = linter.verify(file.content, config as any, { filename: file.path });
      for (const m of messages) {
        if (m.ruleId === null || m.ruleId === undefined) continue; // a parse error
        const severity = ESLINT_RULES[m.ruleId as keyof typeof ESLINT_RULES] ?? "low";
        out.push({
          path: file.path,
          line: m.line,
          rule: `eslint:${m.ruleId}`,
          severity,
          message: m.message,
        });
      }
    }
    return out;
  };
}
