/**
 * Tool schemas whose JSON Schema is computed once. The SDK converts a zod
 * schema to JSON Schema through `~standard.jsonSchema` each time a server
 * instance lists its tools or checks a result, and `createMcpHandler` builds
 * an instance per request: without the cache, converting `get_spec`'s
 * output schema was half of a call's CPU. Private to `server/`.
 *
 * @module
 */
import type { z } from "zod";

/**
 * @param schema A zod schema.
 * @returns The same schema, whose `~standard.jsonSchema` answers from a cache.
 */
export function cachedSchema<T extends z.ZodType>(schema: T): T {
  const std = schema["~standard"] as T["~standard"] & {
    jsonSchema?: Record<"input" | "output", (options: { target: string }) => unknown>;
  };
  const convert = std.jsonSchema;
  if (convert === undefined) return schema;
  const cache = new Map<string, unknown>();
  const memo = (io: "input" | "output") => (options: { target: string }) => {
    const key = `${io}:${options.target}`;
    // Frozen: shared by every instance, so nobody may change it (a change would throw).
    if (!cache.has(key)) cache.set(key, deepFreeze(convert[io](options)));
    return cache.get(key);
  };
  const standard = { ...std, jsonSchema: { input: memo("input"), output: memo("output") } };
  return new Proxy(schema, {
    get: (target, prop, receiver) =>
      prop === "~standard" ? standard : Reflect.get(target, prop, receiver),
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
