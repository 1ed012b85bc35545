import { loadPatterns } from "../rag/library.ts";
import { createPatternStore } from "../rag/store.ts";

const patterns = loadPatterns();
const store = await createPatternStore(patterns);

Deno.bench("loadPatterns() validates the library", () => {
  loadPatterns();
});

Deno.bench("createPatternStore() indexes the library", async () => {
  await createPatternStore(patterns);
});

Deno.bench("PatternStore.search() ranks an idea", async () => {
  await store.search("an online shop with a shopping cart and checkout");
});

Deno.bench("PatternStore.search() ranks an idea with typos", async () => {
  await store.search("an onlin stroe with a shoping cart");
});
