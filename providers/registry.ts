/**
 * The providers a pipeline can be built with, by name: the offline generator
 * (the default without a key) and any OpenAI-compatible endpoint. The MCP
 * `sampling` provider is not here: it needs a live client session, so the
 * MCP server builds it per call.
 *
 * @module
 */
import type { ModelProvider } from "../core/provider.ts";
import { createOfflineProvider } from "../generator/mod.ts";
import type { Pattern } from "../rag/pattern.ts";
import type { OpenAIConfig } from "./openai/config.ts";

/** What a provider may be built from. */
export interface ProviderContext {
  /** The pattern library (the offline planner looks retrieved ids up in it). */
  library: readonly Pattern[];
  /** The `openai` settings. */
  openai: OpenAIConfig;
}

const FACTORIES = {
  offline: (context: ProviderContext) => Promise.resolve(createOfflineProvider(context.library)),
  openai: async (context: ProviderContext) => {
    // Loaded on demand: the openai SDK is large and offline runs never need it.
    const { createOpenAIProvider } = await import("./openai/provider.ts");
    return createOpenAIProvider(context.openai);
  },
} satisfies Record<string, (context: ProviderContext) => Promise<ModelProvider>>;

/** The name of a provider the registry builds. */
export type ProviderName = keyof typeof FACTORIES;

/** Every provider name, the default first. */
export const PROVIDER_NAMES = Object.keys(FACTORIES) as [ProviderName, ...ProviderName[]];

/**
 * Builds a provider by name.
 *
 * @param name A provider name.
 * @param context The library and the settings.
 * @returns The provider.
 * @throws {RangeError} For an unknown name, listing the known ones.
 * @example
 * ```ts
 * import { createProvider } from "./registry.ts";
 * const offline = await createProvider("offline", { library: [], openai: { model: "m", models: {} } });
 * if (offline.name !== "offline") throw new Error();
 * ```
 */
export function createProvider(name: string, context: ProviderContext): Promise<ModelProvider> {
  if (!Object.hasOwn(FACTORIES, name)) {
    throw new RangeError(
      `Unknown provider "${name}": use ${PROVIDER_NAMES.map((p) => `"${p}"`).join(" or ")}`,
    );
  }
  return FACTORIES[name as ProviderName](context);
}
