/**
 * The completion log in Redis: one record per finished job, written with
 * `SET NX`, so every worker on that Redis agrees on which run completed it.
 *
 * @module
 */
import type { Redis } from "ioredis";
import type { CompletionLog } from "../jobs/completion.ts";
import type { JobOutcome } from "../jobs/queue.ts";

/**
 * @param redis A connection.
 * @param options Key prefix (default `stackforge:done:`) and how long records live (default 7 days).
 * @returns A log shared by every worker on that Redis.
 */
export function createRedisCompletionLog(
  redis: Redis,
  options: { prefix?: string; ttlSeconds?: number } = {},
): CompletionLog {
  const prefix = options.prefix ?? "stackforge:done:";
  const ttl = options.ttlSeconds ?? 7 * 24 * 3600;
  const get = async (jobId: string) => {
    const text = await redis.get(prefix + jobId);
    return text === null ? undefined : JSON.parse(text) as JobOutcome;
  };
  return {
    get,
    async complete(outcome) {
      const set = await redis.set(prefix + outcome.jobId, JSON.stringify(outcome), "EX", ttl, "NX");
      if (set === "OK") return { first: true, outcome };
      return { first: false, outcome: (await get(outcome.jobId)) ?? outcome };
    },
  };
}
