/**
 * How the `openai` provider asks for an agent's JSON: a strict JSON schema
 * (structured outputs) where the zod schema allows it, a non-strict JSON
 * schema otherwise, and JSON mode when the server supports neither; plus the
 * reading of an answer and the repair message for an answer that does not fit.
 *
 * @module
 */
import { z } from "zod";
import { zodResponseFormat } from "openai/helpers/zod";

/** A chat completions `response_format`. */
export type ResponseFormat =
  | { type: "json_object" }
  | {
    type: "json_schema";
    json_schema: { name: string; schema: Record<string, unknown>; strict: boolean };
  };

/**
 * The structured-output format of a schema: strict when OpenAI's strict mode
 * can express it (every field required, no open objects), non-strict otherwise,
 * JSON mode when the schema cannot be converted at all.
 *
 * @param schema The agent's output schema.
 * @param name The schema's short name (`spec`, `review`...).
 * @returns The `response_format` to send.
 * @example
 * ```ts
 * import { z } from "zod";
 * import { responseFormatFor } from "./format.ts";
 * const format = responseFormatFor(z.object({ next: z.string() }), "decision");
 * if (format.type !== "json_schema" || !format.json_schema.strict) throw new Error();
 * ```
 */
export function responseFormatFor(schema: z.ZodType, name: string): ResponseFormat {
  const safeName = name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "answer";
  try {
    const format = zodResponseFormat(schema as never, safeName);
    const json = format.json_schema.schema as Record<string, unknown>;
    if (!everyNodeTyped(json)) throw new TypeError("open value");
    return {
      type: "json_schema",
      json_schema: {
        name: safeName,
        schema: json,
        strict: true,
      },
    };
  } catch {
    // Strict mode refuses optional fields and open objects; fall through.
  }
  try {
    const json = z.toJSONSchema(schema, { target: "draft-7", unrepresentable: "any" });
    delete (json as Record<string, unknown>).$schema;
    return { type: "json_schema", json_schema: { name: safeName, schema: json, strict: false } };
  } catch {
    return { type: "json_object" };
  }
}

/** Strict mode needs a type on every node; `z.unknown()` becomes `{}`. */
function everyNodeTyped(node: unknown): boolean {
  if (typeof node !== "object" || node === null) return true;
  const n = node as Record<string, unknown>;
  const typed = ["type", "anyOf", "$ref", "enum", "const"].some((k) => k in n);
  if (!typed) return false;
  const children = [
    ...Object.values((n.properties ?? {}) as Record<string, unknown>),
    ...Object.values((n.definitions ?? n.$defs ?? {}) as Record<string, unknown>),
    ...((n.anyOf ?? []) as unknown[]),
    ...(n.items === undefined ? [] : [n.items]),
  ];
  return children.every(everyNodeTyped);
}

/**
 * Whether a 400 answer says the server does not do `json_schema` formats
 * (Ollama, llama.cpp and older vLLM builds answer so).
 *
 * @param message The error message of the 400.
 * @returns True when JSON mode should be used instead.
 */
export function rejectsJsonSchema(message: string): boolean {
  return /response_format|json_schema|structured output|not supported|unsupported/i.test(message);
}

/**
 * Removes a Markdown code fence around an answer, which local models in
 * plain-text mode often add (```` ```json … ``` ````).
 *
 * @param content The answer's text.
 * @returns The text inside the fence, or `content` unchanged.
 * @example
 * ```ts
 * import { stripFence } from "./format.ts";
 * if (stripFence('```json\n{"a": 1}\n```') !== '{"a": 1}') throw new Error();
 * ```
 */
export function stripFence(content: string): string {
  const match = /^\s*```[\w-]*\s*\n([\s\S]*?)\n?```\s*$/.exec(content);
  return match ? match[1]! : content;
}

/**
 * Checks an answer against the schema.
 *
 * @param schema The agent's schema.
 * @param content The answer's text.
 * @returns Undefined when it fits, else what is wrong, in one line.
 */
export function answerProblem(schema: z.ZodType, content: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  return result.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/**
 * The message that asks the model once to correct an answer.
 *
 * @param problem What {@link answerProblem} found.
 * @returns The user message's text.
 */
export function repairMessage(problem: string): string {
  return `Your answer does not match the required JSON schema: ${
    problem.slice(0, 1_000)
  }. Answer again with the corrected JSON object only, no prose, no Markdown fences.`;
}
