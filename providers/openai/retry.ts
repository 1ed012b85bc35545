/**
 * When and how long the `openai` provider waits before retrying a call:
 * exponential backoff with full jitter, or the server's `Retry-After`.
 *
 * @module
 */

/** Retry settings. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 3). */
  maxRetries: number;
  /** Backoff of the first retry before jitter, ms (default 500). */
  baseDelayMs: number;
  /** Largest backoff, ms (default 20 s). */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails (default 60 s). */
  maxRetryAfterMs: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Reads `retry-after-ms` or `Retry-After` (seconds or an HTTP date).
 *
 * @param headers The response headers.
 * @param now The current time, ms since the epoch.
 * @returns Milliseconds to wait, or undefined when absent or unreadable.
 * @example
 * ```ts
 * import { parseRetryAfter } from "./retry.ts";
 * if (parseRetryAfter(new Headers({ "retry-after": "2" }), 0) !== 2_000) throw new Error();
 * ```
 */
export function parseRetryAfter(headers: Headers | undefined, now: number): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1_000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (0 for the first retry).
 *
 * @param retry Which retry.
 * @param policy The policy.
 * @param retryAfterMs The server's `Retry-After`, if any: honoured as given.
 * @param random A number in [0, 1) (injectable for tests).
 * @returns Milliseconds to wait.
 * @example
 * ```ts
 * import { backoffDelay, DEFAULT_RETRY_POLICY } from "./retry.ts";
 * if (backoffDelay(2, DEFAULT_RETRY_POLICY, undefined, () => 0.5) !== 1_000) throw new Error();
 * if (backoffDelay(0, DEFAULT_RETRY_POLICY, 3_000) !== 3_000) throw new Error();
 * ```
 */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Waits, or rejects with the signal's reason as soon as it aborts.
 *
 * @param ms Milliseconds.
 * @param signal Cancels the wait.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
