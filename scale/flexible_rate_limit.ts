/**
 * Per-user limits with `rate-limiter-flexible`: requests per minute and
 * model tokens per hour, in memory (one process) or in Redis (shared by
 * every replica, counted atomically so the limits hold exactly).
 *
 * @module
 */
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import type { RateDecision, UserRateLimiter } from "../jobs/rate_limit.ts";

export { isUserRateLimiter, type UserRateLimiter } from "../jobs/rate_limit.ts";

/** Options of {@link createUserRateLimiter}. */
export interface UserRateLimiterOptions {
  /** Requests allowed per user per minute. */
  requestsPerMinute: number;
  /** Tokens allowed per user per hour. */
  tokensPerHour: number;
  /** Share the counts through this Redis connection (default: in memory). */
  redis?: Redis;
  /** Key prefix in Redis (default `stackforge:rl:`). */
  prefix?: string;
  /** Give up on a Redis that does not answer after this long (default 2,000 ms). */
  timeoutMs?: number;
}

/**
 * @param options Limits, and a Redis connection to share them.
 * @returns The limiter.
 * @throws {RangeError} When a limit is not a whole number of at least 1.
 * @example
 * ```ts
 * import { createUserRateLimiter } from "./flexible_rate_limit.ts";
 * const limiter = createUserRateLimiter({ requestsPerMinute: 1, tokensPerHour: 100 });
 * if (!(await limiter.consume("ada")).allowed) throw new Error();
 * if ((await limiter.consume("ada")).allowed) throw new Error();
 * ```
 */
export function createUserRateLimiter(options: UserRateLimiterOptions): UserRateLimiter {
  for (
    const [name, value] of Object.entries({
      requestsPerMinute: options.requestsPerMinute,
      tokensPerHour: options.tokensPerHour,
    })
  ) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`Invalid ${name} ${value}: expected a whole number of at least 1`);
    }
  }
  const prefix = options.prefix ?? "stackforge:rl:";
  const timeoutMs = options.timeoutMs ?? 2_000;
  const make = (kind: string, points: number, duration: number): RateLimiterAbstract =>
    options.redis
      ? new RateLimiterRedis({
        storeClient: options.redis,
        keyPrefix: prefix + kind,
        points,
        duration,
      })
      : new RateLimiterMemory({ keyPrefix: prefix + kind, points, duration });
  const requests = make("req", options.requestsPerMinute, 60);
  const tokens = make("tok", options.tokensPerHour, 3600);
  const take = async (
    limiter: RateLimiterAbstract,
    limit: number,
    key: string,
    points: number,
  ): Promise<RateDecision> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const res = await Promise.race([
        limiter.consume(key, points),
        new Promise<never>((_, reject) =>
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)),
            timeoutMs,
          )
        ),
      ]);
      return { allowed: true, remaining: res.remainingPoints };
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        return { allowed: false, retryAfterMs: Math.max(1, error.msBeforeNext), limit };
      }
      throw new Error(
        `Cannot check the rate limit for ${JSON.stringify(key)}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    consume: (key) => take(requests, options.requestsPerMinute, key, 1),
    consumeTokens: (key, n) => {
      if (!Number.isInteger(n) || n < 0) {
        return Promise.reject(new RangeError(`Invalid token count ${n}: expected a whole number`));
      }
      return take(tokens, options.tokensPerHour, key, n);
    },
  };
}
