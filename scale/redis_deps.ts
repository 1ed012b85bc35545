/**
 * The Redis-backed server dependencies chosen when `REDIS_URL` is set: the
 * shared job store, the shared rate limiter and the BullMQ queue.
 *
 * @module
 */
import type { Config } from "../pipeline/config.ts";
import type { JobStore } from "../jobs/store.ts";
import { createUserRateLimiter, type UserRateLimiter } from "./flexible_rate_limit.ts";
import { createBullQueue } from "./bull_queue.ts";
import type { Queue } from "../jobs/queue.ts";
import { connectRedis } from "./redis.ts";
import { createRedisJobStore } from "./redis_job_store.ts";

/** What {@link createRedisDeps} builds. */
export interface RedisDeps {
  store: JobStore;
  rateLimiter: UserRateLimiter;
  queue: Queue;
}

/**
 * @param url `REDIS_URL`.
 * @param config The validated configuration (rate limits).
 * @returns Store, limiter and queue sharing one Redis.
 * @throws {RangeError} When the URL is not a redis URL.
 */
export function createRedisDeps(url: string, config: Config): RedisDeps {
  const redis = connectRedis(url, { name: "stackforge:server" });
  let last = "";
  redis.on("error", (error: Error) => {
    if (error.message !== last) console.error(`Redis: ${error.message}; retrying`);
    last = error.message;
  });
  redis.on("ready", () => last = "");
  return {
    store: createRedisJobStore(redis),
    rateLimiter: createUserRateLimiter({
      requestsPerMinute: config.rateLimit.requestsPerMinute,
      tokensPerHour: config.rateLimit.tokensPerHour,
      redis,
    }),
    queue: createBullQueue({ url }),
  };
}
