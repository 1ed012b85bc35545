/**
 * The six security layers of the pipeline: prompt integrity, input
 * sanitisation, output validation, the tool allowlist, the file sandbox and
 * the human review gate. `deno task bench:security` measures them over the
 * corpora in `tests/fixtures/security/`.
 *
 * @module
 */
export { GUARDRAIL_LAYERS, GuardrailError, type GuardrailLayer } from "./errors.ts";
export { createPromptIntegrity, type PromptIntegrity, sha256Hex } from "./integrity.ts";
export {
  MAX_PROMPT_CHARS,
  type SanitizeFinding,
  sanitizeInput,
  type SanitizePolicy,
  type SanitizeResult,
} from "./sanitize.ts";
export { validateOutput } from "./output.ts";
export { ALLOWED_TOOLS, checkToolAllowlist, type ToolCall, ToolCallSchema } from "./allowlist.ts";
export { createFileWriter, type FileWriter, sandboxFilePath } from "./sandbox.ts";
export { humanReviewGate, RISK_RULES, type RiskFinding, type RiskSeverity } from "./review_gate.ts";
export { createDeepReview, type DeepReview, type DeepReviewOptions } from "./deep_review.ts";
export {
  classifierMessages,
  classifyInjection,
  type Complete,
  INJECTION_CLASSIFIER_PROMPT,
  type InjectionVerdict,
  InjectionVerdictSchema,
} from "./injection_classifier.ts";
