/**
 * Test helpers of this folder: a shared offline pipeline, providers that
 * fail on purpose, and a parser of the Prometheus text format.
 *
 * @module
 */
import { createPipeline, type Pipeline } from "../pipeline/generate.ts";
import type { ModelProvider } from "../core/provider.ts";
import { detectToolchain } from "../pipeline/agents/validator/toolchain.ts";

/** The offline pipeline, built once per test file. */
export const pipeline: Pipeline = await createPipeline({
  toolchain: await detectToolchain(Deno.env.get("STACKFORGE_PYTHON")),
});

/**
 * The offline generator metered as if each call read 3,000 tokens and wrote
 * 1,000, priced at $1 / $2 per million: $0.005 a call.
 */
export function meteredProvider(offline: ModelProvider = pipeline.provider): ModelProvider {
  return {
    ...offline,
    name: "metered-offline",
    metered: true,
    modelFor: () => "test-model",
    priceOf: () => ({ input: 1, cachedInput: 0.5, output: 2 }),
    countTokens: () => 3_000,
    complete: async (request) => ({
      ...(await offline.complete(request)),
      model: "test-model",
      usage: {
        inputTokens: 3_000,
        outputTokens: Math.min(1_000, request.maxOutputTokens),
        cachedTokens: 0,
      },
    }),
  };
}

/** A provider whose first planner answer does not match the spec schema. */
export function flakyPlannerProvider(inner: ModelProvider = pipeline.provider): ModelProvider {
  let plannerCalls = 0;
  return {
    ...inner,
    complete: async (request) => {
      const response = await inner.complete(request);
      if (request.task.agent === "planner" && plannerCalls++ === 0) {
        return { ...response, output: { not: "a spec" } };
      }
      return response;
    },
  };
}

/** A temporary folder for one job's output, removed by `using`. */
export function tempOut(): { outDir: string; [Symbol.dispose](): void } {
  const root = Deno.makeTempDirSync({ prefix: "stackforge-obs-" });
  return {
    outDir: `${root}/out`,
    [Symbol.dispose]: () => Deno.removeSync(root, { recursive: true }),
  };
}

/**
 * Parses Prometheus text exposition into `series → value`, where a series is
 * written as in the text (`name{label="v"}`).
 */
export function parseExposition(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}
