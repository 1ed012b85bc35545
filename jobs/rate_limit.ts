/**
 * Per-user rate limits for the MCP server. The server depends only on the
 * {@link RateLimiter} interface, so a Redis-backed limiter can replace the
 * in-memory one without touching the tools.
 *
 * @module
 */

/** The answer of {@link RateLimiter.consume}. */
export type RateDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterMs: number; limit: number };

/** Counts requests per key (a user id) and says when one is over the limit. */
export interface RateLimiter {
  /**
   * Takes one request from the key's allowance.
   *
   * @param key Who asks, e.g. a user id.
   * @returns Whether the request may go ahead, and if not when to retry.
   */
  consume(key: string): Promise<RateDecision>;
}

/** A {@link RateLimiter} that also meters model tokens. */
export interface UserRateLimiter extends RateLimiter {
  /**
   * Takes `tokens` from the key's hourly token allowance.
   *
   * @param key A user id.
   * @param tokens Tokens a job used or is about to use.
   * @returns Whether they fit, and if not when to retry.
   */
  consumeTokens(key: string, tokens: number): Promise<RateDecision>;
}

/**
 * @param limiter A rate limiter.
 * @returns Whether it also meters tokens.
 */
export function isUserRateLimiter(limiter: RateLimiter): limiter is UserRateLimiter {
  return typeof (limiter as Partial<UserRateLimiter>).consumeTokens === "function";
}

/** Options of {@link createMemoryRateLimiter}. */
export interface MemoryRateLimiterOptions {
  /** Requests allowed per window. */
  points: number;
  /** The window's length in milliseconds (default one minute). */
  windowMs?: number;
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number;
}

/**
 * An in-memory fixed-window limiter: each key may make `points` requests per
 * window. Windows of keys that went quiet are dropped, so memory stays
 * bounded by the keys active in the current window.
 *
 * @param options Allowance, window and clock.
 * @returns The limiter.
 * @throws {RangeError} When `points` or `windowMs` is not a positive whole number.
 * @example
 * ```ts
 * import { createMemoryRateLimiter } from "./rate_limit.ts";
 * const limiter = createMemoryRateLimiter({ points: 1 });
 * if (!(await limiter.consume("ada")).allowed) throw new Error();
 * if ((await limiter.consume("ada")).allowed) throw new Error();
 * ```
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): RateLimiter {
  const { points, windowMs = 60_000, now = Date.now } = options;
  if (!Number.isInteger(points) || points < 1) {
    throw new RangeError(`Invalid rate limit ${points}: expected a whole number of at least 1`);
  }
  if (!Number.isInteger(windowMs) || windowMs < 1) {
    throw new RangeError(`Invalid rate window ${windowMs}: expected a positive number of ms`);
  }
  const windows = new Map<string, { start: number; used: number }>();
  let swept = now();
  return {
    consume(key) {
      const t = now();
      if (t - swept >= windowMs) {
        for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
        swept = t;
      }
      let window = windows.get(key);
      if (window === undefined || t - window.start >= windowMs) {
        window = { start: t, used: 0 };
        windows.set(key, window);
      }
      if (window.used >= points) {
        return Promise.resolve({
          allowed: false,
          retryAfterMs: window.start + windowMs - t,
          limit: points,
        });
      }
      window.used++;
      return Promise.resolve({ allowed: true, remaining: points - window.used });
    },
  };
}
