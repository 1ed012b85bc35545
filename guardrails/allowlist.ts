/**
 * Layer 4: the only tool an agent may call is `file_writer`, with a string
 * path and string content. Anything else is rejected and recorded.
 *
 * @module
 */
import { z } from "zod";
import { type ToolCall, ToolCallSchema } from "../core/answers.ts";
import type { GeneratedFile } from "../core/artifact.ts";
import { GuardrailError } from "./errors.ts";

/** The tools agents may call. */
export const ALLOWED_TOOLS: readonly string[] = ["file_writer"];

export { type ToolCall, ToolCallSchema };

const FileWriterArgs = z.object({
  path: z.string().min(1).max(300),
  content: z.string().max(1_000_000),
}).strict();

/**
 * Checks every call and returns the files they write.
 *
 * @param calls The calls an agent made.
 * @param agent The agent, for messages.
 * @returns One file per call.
 * @throws {GuardrailError} `tool_not_allowed` or `malformed_tool_call` for the first bad call.
 * @example
 * ```ts
 * import { checkToolAllowlist } from "./allowlist.ts";
 * const files = checkToolAllowlist(
 *   [{ name: "file_writer", arguments: { path: "a.txt", content: "hi" } }],
 *   "be_executor",
 * );
 * if (files[0]?.path !== "a.txt") throw new Error();
 * ```
 */
export function checkToolAllowlist(calls: readonly ToolCall[], agent: string): GeneratedFile[] {
  return calls.map((candidate, index) => {
    // Calls come from a model: check the shape before trusting `name`.
    const parsed = ToolCallSchema.safeParse(candidate);
    if (!parsed.success) {
      throw new GuardrailError(
        "tool_allowlist",
        "malformed_tool_call",
        `Tool call ${index + 1} of "${agent}" was refused: it is not {name, arguments}`,
      );
    }
    const call = parsed.data;
    if (!ALLOWED_TOOLS.includes(call.name)) {
      throw new GuardrailError(
        "tool_allowlist",
        "tool_not_allowed",
        `Tool call ${index + 1} of "${agent}" was refused: tool ${
          JSON.stringify(call.name)
        } is not allowed (only ${ALLOWED_TOOLS.join(", ")})`,
      );
    }
    const args = FileWriterArgs.safeParse(call.arguments);
    if (!args.success) {
      throw new GuardrailError(
        "tool_allowlist",
        "malformed_tool_call",
        `Tool call ${
          index + 1
        } of "${agent}" was refused: file_writer needs {path, content} strings (${
          args.error.issues[0]?.message ?? "invalid"
        })`,
      );
    }
    return { path: args.data.path, content: args.data.content };
  });
}
