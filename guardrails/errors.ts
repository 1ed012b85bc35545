/**
 * The error every guardrail throws when it blocks something.
 *
 * @module
 */
import type { GuardrailLayer } from "../core/events.ts";

export { GUARDRAIL_LAYERS, type GuardrailLayer } from "../core/events.ts";

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
