import assert from "node:assert/strict";
import { createOpenAIEmbedder, patternStoreOptions, withQueryFallback } from "./embedder.ts";
import { createPipeline } from "../../pipeline/generate.ts";
import { loadConfig } from "../../pipeline/config.ts";
import { createPatternStore } from "../../rag/store.ts";
import { startOpenAIFixture } from "../../tests/fixtures/openai_server.ts";

Deno.test("createOpenAIEmbedder() embeds through /embeddings in batches and in order", async () => {
  const api = startOpenAIFixture({ embeddingDimensions: 32 });
  try {
    const embedder = await createOpenAIEmbedder({
      baseUrl: api.url,
      model: "nomic-embed-text",
      dimensions: 32,
      batchSize: 2,
    });
    const vectors = await embedder.embed(["blog post", "shop cart", "blog post"]);
    assert.equal(vectors.length, 3);
    assert.equal(vectors[0]!.length, 32);
    assert.deepEqual(vectors[0], vectors[2]);
    assert.equal(api.embeddingRequests.length, 2);
  } finally {
    await api.close();
  }
});

Deno.test("createOpenAIEmbedder() measures an unknown model's dimensions with one probe", async () => {
  const api = startOpenAIFixture({ embeddingDimensions: 48 });
  try {
    const embedder = await createOpenAIEmbedder({ baseUrl: api.url, model: "my-embedder" });
    assert.equal(embedder.dimensions, 48);
    assert.equal(api.embeddingRequests.length, 1);
  } finally {
    await api.close();
  }
});

Deno.test("createPipeline() builds a hybrid pattern store when an embedding model is set", async () => {
  const api = startOpenAIFixture({ embeddingDimensions: 64 });
  try {
    const pipeline = await createPipeline({
      toolchain: {},
      env: {
        OPENAI_BASE_URL: api.url,
        STACKFORGE_PROVIDER: "offline",
        STACKFORGE_EMBEDDING_MODEL: "nomic-embed-text",
        STACKFORGE_EMBEDDING_DIMENSIONS: "64",
      },
    });
    assert.equal(pipeline.patterns.hybrid, true);
    const hits = await pipeline.patterns.search("a blog with posts and comments", 3);
    assert.ok(hits.length > 0);
    assert.equal(api.embeddingRequests.at(-1)!.input[0], "a blog with posts and comments");
    const plain = await createPipeline({ toolchain: {}, env: {} });
    assert.equal(plain.patterns.hybrid, false);
  } finally {
    await api.close();
  }
});

Deno.test("patternStoreOptions() falls back to full text when the endpoint is down", async () => {
  const warnings: string[] = [];
  const options = await patternStoreOptions(
    loadConfig({
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      STACKFORGE_EMBEDDING_MODEL: "my-embedder",
    }).openai,
    (w) => warnings.push(w),
  );
  assert.equal(options.embedder, undefined);
  assert.match(warnings[0]!, /Embeddings with "my-embedder" are unavailable/);
});

Deno.test("withQueryFallback() searches by text when a query embedding fails", async () => {
  const api = startOpenAIFixture({ embeddingDimensions: 64 });
  try {
    const warnings: string[] = [];
    const embedder = withQueryFallback(
      await createOpenAIEmbedder({ baseUrl: api.url, model: "m", dimensions: 64, maxRetries: 0 }),
      (w) => warnings.push(w),
    );
    const store = await createPatternStore(undefined, { embedder });
    api.inject("server_error");
    const hits = await store.search("a blog with comments", 3);
    assert.equal(warnings.length, 1);
    assert.ok(hits.length > 0, "text search still finds the blog pattern");
  } finally {
    await api.close();
  }
});
