/**
 * The MCP server's own settings, read from the environment and validated at
 * start-up: where `generate_app` may write, how long jobs are kept, each
 * user's disk quota, how many jobs run at once, who may approve held files.
 * The pipeline's settings stay in `pipeline/config.ts`.
 *
 * @module
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";

/** The server's settings. */
export interface ServerConfig {
  /**
   * `STACKFORGE_MCP_OUTPUT_ROOT`, absolute: the only folder under which
   * `generate_app`'s `output_dir` may point; undefined turns `output_dir` off.
   */
  outputRoot?: string;
  /** `STACKFORGE_JOB_TTL` in milliseconds: jobs older than this are deleted; undefined keeps them. */
  jobTtlMs?: number;
  /** `STACKFORGE_USER_QUOTA_MB` in bytes: what one user's jobs may hold on disk; undefined for no quota. */
  userQuotaBytes?: number;
  /** `STACKFORGE_MAX_CONCURRENT_JOBS`: jobs this process runs at once. */
  maxConcurrentJobs: number;
  /** `STACKFORGE_MAX_WAITING_JOBS`: jobs that may wait for a free slot; more are refused. */
  maxWaitingJobs: number;
  /** `STACKFORGE_MCP_USERS_MAY_APPROVE`: a user's own token may approve their held files over HTTP. */
  usersMayApprove: boolean;
  /** `STACKFORGE_MCP_STATE_KEY`: the key that seals multi-round-trip state; random per process when unset. */
  stateKey?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The defaults, for documentation and tests. */
export const SERVER_DEFAULTS = {
  userQuotaMb: 1024,
  maxConcurrentJobs: 4,
  maxWaitingJobs: 64,
} as const;

const UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

function invalid(name: string, value: string, expected: string): never {
  throw new RangeError(`Invalid ${name} ${JSON.stringify(value)}: expected ${expected}`);
}

function readCount(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    invalid(name, raw, `a whole number from ${min} to ${max}, e.g. ${fallback}`);
  }
  return Number(raw);
}

/**
 * Reads a duration such as `90s`, `30m`, `12h` or `7d`; `0` or empty means none.
 *
 * @param name The variable's name, for the message.
 * @param raw Its value.
 * @returns Milliseconds, or undefined for none.
 * @throws {RangeError} For anything else, naming the variable.
 * @example
 * ```ts
 * import { parseDuration } from "./config.ts";
 * if (parseDuration("STACKFORGE_JOB_TTL", "7d") !== 604_800_000) throw new Error();
 * if (parseDuration("STACKFORGE_JOB_TTL", "0") !== undefined) throw new Error();
 * ```
 */
export function parseDuration(name: string, raw: string | undefined): number | undefined {
  const value = raw?.trim().toLowerCase() ?? "";
  if (value === "" || value === "0") return undefined;
  const match = /^(\d+)\s*([smhd])$/.exec(value);
  const ms = match ? Number(match[1]) * UNITS[match[2]!]! : 0;
  if (!(ms > 0) || ms > 3650 * UNITS.d!) {
    invalid(name, raw!, `a duration such as 30m, 12h or 7d (at most 3650d), or 0 to keep jobs`);
  }
  return ms;
}

/**
 * Reads and validates the server's settings.
 *
 * @param env The environment.
 * @returns The settings.
 * @throws {RangeError} For the first invalid value, naming the variable.
 * @example
 * ```ts
 * import { loadServerConfig } from "./config.ts";
 * const config = loadServerConfig({ STACKFORGE_JOB_TTL: "12h" });
 * if (config.jobTtlMs !== 43_200_000 || config.maxConcurrentJobs !== 4) throw new Error();
 * ```
 */
export function loadServerConfig(env: Env): ServerConfig {
  const rootRaw = env.STACKFORGE_MCP_OUTPUT_ROOT?.trim();
  let outputRoot: string | undefined;
  if (rootRaw) {
    outputRoot = resolve(rootRaw);
    let isDir = false;
    try {
      isDir = statSync(outputRoot).isDirectory();
    } catch {
      // Reported below.
    }
    if (!isDir) {
      invalid(
        "STACKFORGE_MCP_OUTPUT_ROOT",
        rootRaw,
        "an existing folder the server may write under",
      );
    }
  }
  const quotaMb = readCount(env, "STACKFORGE_USER_QUOTA_MB", SERVER_DEFAULTS.userQuotaMb, 0, 1e7);
  const stateKey = env.STACKFORGE_MCP_STATE_KEY?.trim() || undefined;
  if (stateKey !== undefined && stateKey.length < 32) {
    throw new RangeError(
      "Invalid STACKFORGE_MCP_STATE_KEY: expected 32+ characters (the same on every replica), or leave it unset",
    );
  }
  const usersRaw = env.STACKFORGE_MCP_USERS_MAY_APPROVE?.trim().toLowerCase();
  let usersMayApprove = false;
  if (usersRaw !== undefined && usersRaw !== "") {
    if (["true", "1", "yes", "on"].includes(usersRaw)) usersMayApprove = true;
    else if (!["false", "0", "no", "off"].includes(usersRaw)) {
      invalid(
        "STACKFORGE_MCP_USERS_MAY_APPROVE",
        env.STACKFORGE_MCP_USERS_MAY_APPROVE!,
        "true or false",
      );
    }
  }
  const jobTtlMs = parseDuration("STACKFORGE_JOB_TTL", env.STACKFORGE_JOB_TTL);
  return {
    ...(outputRoot ? { outputRoot } : {}),
    ...(jobTtlMs !== undefined ? { jobTtlMs } : {}),
    ...(quotaMb > 0 ? { userQuotaBytes: quotaMb * 1024 * 1024 } : {}),
    maxConcurrentJobs: readCount(
      env,
      "STACKFORGE_MAX_CONCURRENT_JOBS",
      SERVER_DEFAULTS.maxConcurrentJobs,
      1,
      1000,
    ),
    maxWaitingJobs: readCount(
      env,
      "STACKFORGE_MAX_WAITING_JOBS",
      SERVER_DEFAULTS.maxWaitingJobs,
      0,
      100_000,
    ),
    usersMayApprove,
    ...(stateKey ? { stateKey } : {}),
  };
}
