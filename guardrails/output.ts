/**
 * Layer 3: every model answer is parsed against the agent's zod schema before
 * anything uses it. A malformed answer is a retry, never a crash.
 *
 * @module
 */
import type { z } from "zod";
import { GuardrailError } from "./errors.ts";

/**
 * @param schema The agent's output schema.
 * @param raw The model's answer (parsed JSON, or a string of JSON).
 * @param agent The agent, for the message.
 * @returns The parsed output.
 * @throws {GuardrailError} `invalid_json` or `schema_mismatch`, naming the first problems.
 * @example
 * ```ts
 * import { z } from "zod";
 * import { validateOutput } from "./output.ts";
 * const out = validateOutput(z.object({ ok: z.boolean() }), '{"ok":true}', "planner");
 * if (!out.ok) throw new Error();
 * ```
 */
export function validateOutput<T>(schema: z.ZodType<T>, raw: unknown, agent: string): T {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new GuardrailError(
        "output_validation",
        "invalid_json",
        `Output of "${agent}" is not JSON: ${(error as Error).message}`,
      );
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((issue) =>
      `${issue.path.length === 0 ? "(root)" : issue.path.join(".")}: ${issue.message}`
    );
    const more = result.error.issues.length > 5 ? ` (+${result.error.issues.length - 5} more)` : "";
    throw new GuardrailError(
      "output_validation",
      "schema_mismatch",
      `Output of "${agent}" does not match its schema: ${issues.join("; ")}${more}`,
    );
  }
  return result.data;
}
