/**
 * Retrieval for the planner: the library of app patterns (`rag/patterns/`),
 * an Orama store that finds the patterns most similar to an app idea, and the
 * renderer of the planner prompt's `{rag_context}` block.
 *
 * ```ts
 * import { createPatternStore, formatRagContext } from "./mod.ts";
 * const store = await createPatternStore();
 * const hits = await store.search("an online shop with a cart and checkout");
 * const ragContext = formatRagContext(hits);
 * if (hits[0]?.pattern.id !== "ecommerce" || !ragContext.includes("CartItem")) throw new Error();
 * ```
 *
 * @module
 */
export { type Pattern, type PatternEntity, PatternEntitySchema, PatternSchema } from "./pattern.ts";
export { loadPatterns, parsePattern, patternProblems } from "./library.ts";
export {
  createPatternStore,
  type Embedder,
  type PatternHit,
  type PatternStore,
  type PatternStoreOptions,
} from "./store.ts";
export { formatRagContext, NO_PATTERNS_TEXT } from "./context.ts";
