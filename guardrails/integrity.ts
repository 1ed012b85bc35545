/**
 * Layer 1: system prompts are hashed once when the pipeline is built and
 * verified before every model call, so a prompt changed at run time (by a
 * bug, a patched module or a tampered file) stops the job.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { GuardrailError } from "./errors.ts";

/** Verifies prompts against the hashes taken at creation. */
export interface PromptIntegrity {
  /** The SHA-256 hex digest recorded for each prompt name. */
  readonly hashes: Readonly<Record<string, string>>;
  /**
   * @param name The prompt's name (the agent).
   * @param prompt The system prompt about to be sent.
   * @throws {GuardrailError} When the prompt is unknown or differs from the recorded one.
   */
  verify(name: string, prompt: string): void;
}

/**
 * @param text Any text.
 * @returns Its SHA-256 as lower-case hex.
 */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Hashes every prompt now and returns the verifier.
 *
 * @param prompts System prompts by name.
 * @returns The verifier.
 * @example
 * ```ts
 * import { createPromptIntegrity } from "./integrity.ts";
 * const integrity = createPromptIntegrity({ planner: "You plan apps." });
 * integrity.verify("planner", "You plan apps.");
 * ```
 */
export function createPromptIntegrity(
  prompts: Readonly<Record<string, string>>,
): PromptIntegrity {
  const hashes: Record<string, string> = {};
  for (const [name, prompt] of Object.entries(prompts)) hashes[name] = sha256Hex(prompt);
  Object.freeze(hashes);
  return {
    hashes,
    verify(name, prompt) {
      const expected = hashes[name];
      if (expected === undefined) {
        throw new GuardrailError(
          "prompt_integrity",
          "unknown_prompt",
          `Cannot verify the system prompt of "${name}": no hash was recorded for it`,
        );
      }
      if (sha256Hex(prompt) !== expected) {
        throw new GuardrailError(
          "prompt_integrity",
          "prompt_changed",
          `System prompt of "${name}" changed since start-up: its SHA-256 no longer matches`,
        );
      }
    },
  };
}
