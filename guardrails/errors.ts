/**
 * The error every guardrail throws when it blocks something.
 *
 * @module
 */

/** The six layers, in the order a job meets them. */
export const GUARDRAIL_LAYERS = [
  "prompt_integrity",
  "input_sanitization",
  "output_validation",
  "tool_allowlist",
  "file_sandbox",
  "human_review",
] as const;

/** One of {@link GUARDRAIL_LAYERS}. */
export type GuardrailLayer = typeof GUARDRAIL_LAYERS[number];

/** Thrown when a guardrail blocks an input, an output, a tool call or a write. */
export class GuardrailError extends Error {
  /** The layer that blocked. */
  readonly layer: GuardrailLayer;
  /** A stable, machine-readable reason, e.g. `path_outside_root`. */
  readonly code: string;
  constructor(layer: GuardrailLayer, code: string, message: string) {
    super(message);
    this.name = "GuardrailError";
    this.layer = layer;
    this.code = code;
  }
}
