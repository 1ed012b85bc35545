/**
 * Configuration from the environment, validated once at start-up: every bad
 * value is reported with the variable's name, what was expected and an example.
 *
 * @module
 */
import { agentEnvName, type AgentName, AGENTS } from "../core/agents.ts";
import { DEFAULT_LIMITS, type Limits } from "../core/budget.ts";
import { USER_ID } from "../core/job_state.ts";
import type { OpenAIConfig } from "../providers/openai/config.ts";
import { PROVIDER_NAMES, type ProviderName } from "../providers/registry.ts";

export { PROVIDER_NAMES, type ProviderName };

/** The validated configuration. */
export interface Config {
  provider: ProviderName;
  openai: OpenAIConfig;
  /** LLM-driven routing with the deterministic router as fallback (`STACKFORGE_LLM_ROUTING`). */
  llmRouting?: boolean;
  /** The MCP `sampling` provider. */
  sampling: {
    /**
     * Use the MCP client's model when the client can sample and no provider
     * was configured (no key, no `STACKFORGE_PROVIDER`, `STACKFORGE_SAMPLING` not `off`).
     */
    auto: boolean;
    /** Milliseconds one sampling request may take (`STACKFORGE_SAMPLING_TIMEOUT_MS`). */
    timeoutMs: number;
  };
  limits: Limits;
  requireHumanReview: boolean;
  rateLimit: { requestsPerMinute: number; tokensPerHour: number };
  redisUrl?: string;
  mcpToken?: string;
  /**
   * HTTP MCP users, each with a bearer token of their own
   * (`STACKFORGE_MCP_USERS`): a request with one of these tokens acts as that
   * user, whatever `user_id` it declares, and sees only that user's jobs.
   */
  mcpUsers?: McpUser[];
  python?: string;
  /** Where job records and outputs go (`STACKFORGE_JOBS_DIR`). */
  jobsDir: string;
  /** How long a worker lets running jobs finish on SIGTERM (`STACKFORGE_WORKER_GRACE_MS`). */
  workerGraceMs: number;
  /** The wall time one job may take before it fails (`JOB_TIMEOUT_MS`). */
  jobTimeoutMs: number;
}

/** The wall time one job may take by default: 30 minutes. */
export const DEFAULT_JOB_TIMEOUT_MS = 1_800_000;

/** One HTTP MCP user and the bearer token that signs them in. */
export interface McpUser {
  user: string;
  token: string;
}

export { USER_ID };

/** The model used when none is configured. */
export const DEFAULT_MODEL = "gpt-4o-mini";

/** Environment variables read by {@link loadConfig}, with their defaults, for docs and `.env.example`. */
export const ENV_VARS: readonly { name: string; default: string; doc: string }[] = [
  {
    name: "STACKFORGE_PROVIDER",
    default: "offline",
    doc: "offline or openai (openai when OPENAI_API_KEY is set)",
  },
  { name: "OPENAI_API_KEY", default: "", doc: "key of an OpenAI-compatible endpoint" },
  { name: "OPENAI_BASE_URL", default: "", doc: "base URL of an OpenAI-compatible endpoint" },
  { name: "STACKFORGE_MODEL", default: DEFAULT_MODEL, doc: "model for every agent" },
  {
    name: "STACKFORGE_MODEL_<AGENT>",
    default: "",
    doc: "model for one agent (PLANNER, FE_EXECUTOR, ...)",
  },
  { name: "OPENAI_TIMEOUT_MS", default: "120000", doc: "timeout of one model request" },
  { name: "OPENAI_MAX_RETRIES", default: "3", doc: "retries per model call on 429/5xx/timeouts" },
  {
    name: "STACKFORGE_PRICES_FILE",
    default: "",
    doc: 'JSON price table {"model": {"input", "cachedInput", "output"}} (USD per 1M tokens)',
  },
  { name: "STACKFORGE_PRICES", default: "", doc: "the same price table as inline JSON" },
  {
    name: "STACKFORGE_EMBEDDING_MODEL",
    default: "",
    doc: "embedding model for hybrid RAG search (e.g. text-embedding-3-small)",
  },
  {
    name: "STACKFORGE_EMBEDDING_DIMENSIONS",
    default: "",
    doc: "vector length of an embedding model not known by name",
  },
  {
    name: "STACKFORGE_SAMPLING",
    default: "auto",
    doc:
      "auto: MCP server jobs use the client's model (sampling) when no provider is configured; off: never",
  },
  {
    name: "STACKFORGE_SAMPLING_TIMEOUT_MS",
    default: "300000",
    doc: "how long one MCP sampling request may take (the user may approve each)",
  },
  {
    name: "STACKFORGE_LLM_ROUTING",
    default: "false",
    doc: "let the orchestrator model choose the next agent",
  },
  { name: "JOB_TOKEN_BUDGET", default: "200000", doc: "tokens one job may use" },
  {
    name: "<AGENT>_TOKEN_LIMIT",
    default: AGENTS.map((a) => DEFAULT_LIMITS.agentTokens[a]).join("/"),
    doc: "tokens per agent",
  },
  { name: "JOB_USD_BUDGET", default: "1", doc: "USD one job may cost" },
  {
    name: "JOB_TIMEOUT_MS",
    default: String(DEFAULT_JOB_TIMEOUT_MS),
    doc: "wall time one job may take before it fails",
  },
  { name: "MAX_RETRIES", default: "3", doc: "retries per agent" },
  { name: "REQUIRE_HUMAN_REVIEW", default: "false", doc: "hold risky files for review" },
  { name: "RATE_LIMIT_REQUESTS_PER_MINUTE", default: "10", doc: "jobs per user per minute" },
  { name: "RATE_LIMIT_TOKENS_PER_HOUR", default: "1000000", doc: "model tokens per user per hour" },
  { name: "REDIS_URL", default: "", doc: "Redis for the queue, job store and rate limits" },
  { name: "STACKFORGE_MCP_TOKEN", default: "", doc: "bearer token of the HTTP MCP server" },
  { name: "STACKFORGE_MCP_USERS", default: "", doc: "user=token pairs: one token per HTTP user" },
  { name: "STACKFORGE_PYTHON", default: "", doc: "Python interpreter for checks and tests" },
];

type Env = Readonly<Record<string, string | undefined>>;

function invalid(name: string, value: string, expected: string): never {
  throw new RangeError(`Invalid ${name} ${JSON.stringify(value)}: expected ${expected}`);
}

/**
 * Reads `STACKFORGE_MCP_USERS`: `alice=<token>,bob=<token>`. An error names
 * the entry by its position only: a token holding a comma would make a piece
 * of it look like a user name, so no name is printed either.
 */
function readUsers(raw: string | undefined, sharedToken: string | undefined): McpUser[] {
  const users: McpUser[] = [];
  const entries = (raw ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  entries.forEach((entry, i) => {
    const at = entry.indexOf("=");
    const user = entry.slice(0, Math.max(at, 0)).trim();
    const token = entry.slice(at + 1).trim();
    const named = `entry ${i + 1}`;
    const problem = at < 0
      ? `${named} has no "="`
      : !USER_ID.test(user)
      ? `${named}: the user is not 1-100 letters, digits, '.', '_', '@' or '-'`
      : token.length < 16
      ? `${named}: the token has fewer than 16 characters`
      : users.some((u) => u.user === user)
      ? `${named}: the user is also entry ${users.findIndex((u) => u.user === user) + 1}`
      : users.some((u) => u.token === token) || token === sharedToken
      ? `${named}: the token is also another user's or STACKFORGE_MCP_TOKEN`
      : undefined;
    if (problem !== undefined) {
      throw new RangeError(
        `Invalid STACKFORGE_MCP_USERS: ${problem}; expected user=token pairs separated by commas, each token 16+ characters, unique, without commas`,
      );
    }
    users.push({ user, token });
  });
  return users;
}

function readInt(env: Env, name: string, fallback: number, min: number, max?: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!/^\d+$/.test(raw.replaceAll("_", "")) || value < min || (max !== undefined && value > max)) {
    invalid(
      name,
      raw,
      max === undefined
        ? `a whole number of at least ${min}, e.g. ${fallback}`
        : `a whole number from ${min} to ${max}, e.g. ${fallback}`,
    );
  }
  return value;
}

function readNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0)) {
    invalid(name, raw, `a positive number, e.g. ${fallback}`);
  }
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["true", "1", "yes", "on"].includes(raw)) return true;
  if (["false", "0", "no", "off"].includes(raw)) return false;
  invalid(name, env[name]!, "true or false");
}

function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    invalid(name, raw, `a URL such as ${protocols[0]}//localhost`);
  }
  if (!protocols.includes(url.protocol)) invalid(name, raw, `a ${protocols.join(" or ")} URL`);
  return raw;
}

/**
 * Reads and validates the configuration.
 *
 * @param env The environment (e.g. `Deno.env.toObject()`).
 * @returns The configuration.
 * @throws {RangeError} For the first invalid value, naming the variable.
 * @example
 * ```ts
 * import { loadConfig } from "./config.ts";
 * const config = loadConfig({ JOB_TOKEN_BUDGET: "50000" });
 * if (config.limits.jobTokens !== 50_000 || config.provider !== "offline") throw new Error();
 * ```
 */
export function loadConfig(env: Env): Config {
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  const providerRaw = env.STACKFORGE_PROVIDER?.trim().toLowerCase();
  let provider: ProviderName = apiKey ? "openai" : "offline";
  if (providerRaw) {
    if (!(PROVIDER_NAMES as readonly string[]).includes(providerRaw)) {
      invalid("STACKFORGE_PROVIDER", env.STACKFORGE_PROVIDER!, PROVIDER_NAMES.join(" or "));
    }
    provider = providerRaw as ProviderName;
  }
  const models: Partial<Record<AgentName, string>> = {};
  for (const agent of AGENTS) {
    const model = env[`STACKFORGE_MODEL_${agentEnvName(agent)}`]?.trim();
    if (model) models[agent] = model;
  }
  const agentTokens = { ...DEFAULT_LIMITS.agentTokens };
  for (const agent of AGENTS) {
    agentTokens[agent] = readInt(
      env,
      `${agentEnvName(agent)}_TOKEN_LIMIT`,
      DEFAULT_LIMITS.agentTokens[agent],
      1,
    );
  }
  const baseUrl = readUrl(env, "OPENAI_BASE_URL", ["http:", "https:"]);
  const redisUrl = readUrl(env, "REDIS_URL", ["redis:", "rediss:"]);
  for (const name of ["LANGFUSE_BASE_URL", "OTEL_EXPORTER_OTLP_ENDPOINT"]) {
    readUrl(env, name, ["http:", "https:"]);
  }
  const optionalInt = (name: string, fallback: number, min: number, max?: number) =>
    env[name]?.trim() ? readInt(env, name, fallback, min, max) : undefined;
  const timeoutMs = optionalInt("OPENAI_TIMEOUT_MS", 120_000, 100);
  const maxRetries = optionalInt("OPENAI_MAX_RETRIES", 3, 0, 10);
  const embeddingDimensions = optionalInt("STACKFORGE_EMBEDDING_DIMENSIONS", 1536, 1, 16_384);
  const pricesFile = env.STACKFORGE_PRICES_FILE?.trim() || undefined;
  const pricesJson = env.STACKFORGE_PRICES?.trim() || undefined;
  const embeddingModel = env.STACKFORGE_EMBEDDING_MODEL?.trim() || undefined;
  const mcpToken = env.STACKFORGE_MCP_TOKEN?.trim() || undefined;
  const samplingRaw = env.STACKFORGE_SAMPLING?.trim().toLowerCase() || "auto";
  if (samplingRaw !== "auto" && samplingRaw !== "off") {
    invalid("STACKFORGE_SAMPLING", env.STACKFORGE_SAMPLING!, "auto or off");
  }
  if (mcpToken !== undefined && mcpToken.length < 16) {
    invalid("STACKFORGE_MCP_TOKEN", "***", "at least 16 characters");
  }
  const mcpUsers = readUsers(env.STACKFORGE_MCP_USERS, mcpToken);
  return {
    provider,
    openai: {
      ...(apiKey ? { apiKey } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      model: env.STACKFORGE_MODEL?.trim() || DEFAULT_MODEL,
      models,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(maxRetries !== undefined ? { maxRetries } : {}),
      ...(pricesFile ? { pricesFile } : {}),
      ...(pricesJson ? { pricesJson } : {}),
      ...(embeddingModel ? { embeddingModel } : {}),
      ...(embeddingDimensions !== undefined ? { embeddingDimensions } : {}),
    },
    ...(readBool(env, "STACKFORGE_LLM_ROUTING", false) ? { llmRouting: true } : {}),
    sampling: {
      auto: samplingRaw === "auto" && !providerRaw && apiKey === undefined,
      timeoutMs: readInt(env, "STACKFORGE_SAMPLING_TIMEOUT_MS", 300_000, 1_000),
    },
    limits: {
      jobTokens: readInt(env, "JOB_TOKEN_BUDGET", DEFAULT_LIMITS.jobTokens, 1),
      agentTokens,
      jobUsd: readNumber(env, "JOB_USD_BUDGET", DEFAULT_LIMITS.jobUsd),
      maxRetries: readInt(env, "MAX_RETRIES", DEFAULT_LIMITS.maxRetries, 0, 10),
    },
    requireHumanReview: readBool(env, "REQUIRE_HUMAN_REVIEW", false),
    rateLimit: {
      requestsPerMinute: readInt(env, "RATE_LIMIT_REQUESTS_PER_MINUTE", 10, 1),
      tokensPerHour: readInt(env, "RATE_LIMIT_TOKENS_PER_HOUR", 1_000_000, 1),
    },
    ...(redisUrl ? { redisUrl } : {}),
    ...(mcpToken ? { mcpToken } : {}),
    ...(mcpUsers.length > 0 ? { mcpUsers } : {}),
    ...(env.STACKFORGE_PYTHON?.trim() ? { python: env.STACKFORGE_PYTHON.trim() } : {}),
    jobsDir: env.STACKFORGE_JOBS_DIR?.trim() || ".stackforge/jobs",
    workerGraceMs: readInt(env, "STACKFORGE_WORKER_GRACE_MS", 30_000, 0),
    jobTimeoutMs: readInt(env, "JOB_TIMEOUT_MS", DEFAULT_JOB_TIMEOUT_MS, 1_000),
  };
}
