/**
 * The offline provider: the default when no API key is set. It calls no
 * model and needs no network; it plans the spec from the prompt and the
 * retrieved patterns and renders complete Next.js and FastAPI code from the
 * spec, deterministically (same prompt, byte-identical output).
 *
 * @module
 */
import { assertNever } from "../core/assert_never.ts";
import type { Pattern } from "../rag/pattern.ts";
import type { ModelProvider, ModelRequest, ModelResponse } from "../core/provider.ts";
import { renderBackend } from "./backend/mod.ts";
import { renderFrontend } from "./frontend/mod.ts";
import { checkPrompt, planOffline } from "./plan/plan.ts";
import { refineOffline } from "./plan/refine.ts";

/** The model name the offline provider reports. */
export const OFFLINE_MODEL = "offline";

const NO_TOKENS = { inputTokens: 0, outputTokens: 0, cachedTokens: 0 };

/**
 * Creates the offline provider.
 *
 * @param library The pattern library (retrieved pattern ids are looked up in it).
 * @returns The provider.
 * @example
 * ```ts
 * import { createOfflineProvider } from "./mod.ts";
 * const provider = createOfflineProvider([]);
 * if (provider.metered || provider.modelFor("planner") !== "offline") throw new Error();
 * ```
 */
export function createOfflineProvider(library: readonly Pattern[]): ModelProvider {
  const byId = new Map(library.map((p) => [p.id, p]));
  return {
    name: "offline",
    metered: false,
    deterministic: true,
    modelFor: () => OFFLINE_MODEL,
    priceOf: () => undefined,
    countTokens: () => 0,
    checkPrompt,
    complete(request: ModelRequest): Promise<ModelResponse> {
      const { task } = request;
      let output: unknown;
      switch (task.agent) {
        case "planner": {
          const hits = task.patterns.flatMap((hit) => {
            const pattern = byId.get(hit.id);
            return pattern ? [{ pattern, score: hit.score }] : [];
          });
          // Refining an app: its spec changed as asked, not a new plan.
          output = task.base !== undefined && task.change !== undefined
            ? refineOffline({ spec: task.base, change: task.change, hits, library })
            : planOffline({ prompt: task.prompt, hits, library });
          break;
        }
        case "fe_executor":
          output = { tool_calls: renderFrontend(task.spec).map(asToolCall) };
          break;
        case "be_executor":
          output = { tool_calls: renderBackend(task.spec).map(asToolCall) };
          break;
        case "validator":
          // The deterministic checks already ran; there is no model to add a review.
          output = { findings: [] };
          break;
        case "orchestrator":
          output = { next: task.candidates[0] ?? "done", reason: "deterministic routing" };
          break;
        default:
          assertNever(task, "agent task");
      }
      return Promise.resolve({ output, usage: NO_TOKENS, model: OFFLINE_MODEL });
    },
  };
}

function asToolCall(file: { path: string; content: string }) {
  return { name: "file_writer", arguments: { path: file.path, content: file.content } };
}
