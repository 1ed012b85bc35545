/**
 * Embeddings for the RAG store from an OpenAI-compatible `/embeddings`
 * endpoint (OpenAI, Azure, vLLM, Ollama, llama.cpp). Configured with
 * `STACKFORGE_EMBEDDING_MODEL`; without it the store searches full text only.
 *
 * @module
 */
import OpenAI from "openai";
import type { Embedder, PatternStoreOptions } from "../../rag/store.ts";
import type { OpenAIConfig } from "./config.ts";

/** Vector lengths of common embedding models, so no probe call is needed. */
export const KNOWN_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
  "nomic-embed-text": 768,
  "mxbai-embed-large": 1024,
  "all-minilm": 384,
};

/** Options of {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  apiKey?: string;
  baseUrl?: string;
  /** The embedding model, e.g. `text-embedding-3-small`. */
  model: string;
  /**
   * Vector length. For `text-embedding-3-*` it is sent as `dimensions` (shorter
   * vectors); for unknown models without it, one probe call measures it.
   */
  dimensions?: number;
  /** Milliseconds per request (default 30 s). */
  timeoutMs?: number;
  /** Retries on 429, 5xx and connection errors, with the SDK's backoff (default 2). */
  maxRetries?: number;
  /** Texts per request (default 96). */
  batchSize?: number;
}

/**
 * Creates an embedder over an OpenAI-compatible `/embeddings` endpoint.
 *
 * @param options Endpoint, model, dimensions.
 * @returns The embedder, its `dimensions` known.
 * @throws {RangeError} Without a key or base URL, or for an invalid dimension count.
 * @throws {Error} When the probe call for an unknown model's dimensions fails.
 */
export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  if (options.apiKey === undefined && options.baseUrl === undefined) {
    throw new RangeError(
      "Embeddings need OPENAI_API_KEY (or OPENAI_BASE_URL for a local server): set it, or unset STACKFORGE_EMBEDDING_MODEL",
    );
  }
  if (
    options.dimensions !== undefined &&
    (!Number.isInteger(options.dimensions) || options.dimensions < 1)
  ) {
    throw new RangeError(
      `Invalid embedding dimensions ${options.dimensions}: expected a positive integer`,
    );
  }
  const client = new OpenAI({
    apiKey: options.apiKey ?? "not-needed",
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
  });
  const batchSize = options.batchSize ?? 96;
  const sendDimensions = options.dimensions !== undefined &&
    options.model.startsWith("text-embedding-3");
  async function embed(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const batch = texts.slice(i, i + batchSize);
      const response = await client.embeddings.create({
        model: options.model,
        input: batch,
        encoding_format: "float",
        ...(sendDimensions ? { dimensions: options.dimensions } : {}),
      });
      const ordered = [...response.data].sort((a, b) => a.index - b.index);
      vectors.push(...ordered.map((d) => d.embedding));
    }
    return vectors;
  }
  const dimensions = options.dimensions ?? KNOWN_EMBEDDING_DIMENSIONS[options.model] ??
    (await embed(["dimension probe"]))[0]?.length;
  if (dimensions === undefined || dimensions < 1) {
    throw new RangeError(`Cannot use embedding model "${options.model}": it returned no vector`);
  }
  return { dimensions, embed };
}

/**
 * The pattern store options a configuration asks for: an embedder when
 * `STACKFORGE_EMBEDDING_MODEL` is set, none otherwise. An endpoint that
 * fails at start-up leaves the store on full-text search, with a warning.
 *
 * @param config The `openai` part of the configuration.
 * @param warn Receives one line when embeddings are unavailable.
 * @returns Options for `createPatternStore`.
 */
export async function patternStoreOptions(
  config: OpenAIConfig,
  warn: (message: string) => void = (m) => console.warn(m),
): Promise<PatternStoreOptions> {
  const { embeddingModel, embeddingDimensions, apiKey, baseUrl } = config;
  if (embeddingModel === undefined) return {};
  try {
    const embedder = await createOpenAIEmbedder({
      model: embeddingModel,
      ...(apiKey ? { apiKey } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      ...(embeddingDimensions ? { dimensions: embeddingDimensions } : {}),
    });
    return { embedder: withQueryFallback(embedder, warn) };
  } catch (error) {
    warn(
      `Embeddings with "${embeddingModel}" are unavailable, using full-text search: ${
        (error as Error).message
      }`,
    );
    return {};
  }
}

/**
 * Wraps an embedder so a failed query embedding yields a zero vector (the
 * search then ranks by text alone) instead of failing the planner. Indexing
 * still fails loudly: it happens at start-up.
 *
 * @param embedder The embedder.
 * @param warn Receives one line per failure.
 * @returns The wrapped embedder.
 */
export function withQueryFallback(embedder: Embedder, warn: (message: string) => void): Embedder {
  let indexed = false;
  return {
    dimensions: embedder.dimensions,
    async embed(texts) {
      if (!indexed) {
        const vectors = await embedder.embed(texts);
        indexed = true;
        return vectors;
      }
      try {
        return await embedder.embed(texts);
      } catch (error) {
        warn(`Embedding the query failed, searching by text only: ${(error as Error).message}`);
        return texts.map(() => new Array<number>(embedder.dimensions).fill(0));
      }
    },
  };
}
