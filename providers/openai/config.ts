/**
 * The settings of the OpenAI-compatible provider, as the pipeline's
 * configuration reads them from the environment.
 *
 * @module
 */
import type { AgentName } from "../../core/budget.ts";

/** The settings of the `openai` provider and its embeddings. */
export interface OpenAIConfig {
  apiKey?: string;
  baseUrl?: string;
  /** The model for every agent without its own. */
  model: string;
  /** Models per agent from `STACKFORGE_MODEL_<AGENT>`. */
  models: Partial<Record<AgentName, string>>;
  /** Milliseconds before one HTTP request is abandoned (`OPENAI_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Retries per call on 429, 5xx, timeouts (`OPENAI_MAX_RETRIES`). */
  maxRetries?: number;
  /** A JSON price table file (`STACKFORGE_PRICES_FILE`). */
  pricesFile?: string;
  /** A JSON price table (`STACKFORGE_PRICES`). */
  pricesJson?: string;
  /** Embedding model for RAG hybrid search (`STACKFORGE_EMBEDDING_MODEL`). */
  embeddingModel?: string;
  /** Its vector length when the model is not a known one (`STACKFORGE_EMBEDDING_DIMENSIONS`). */
  embeddingDimensions?: number;
}
