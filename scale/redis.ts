/**
 * Redis connections for the queue, the job store and the rate limiter:
 * reconnection with capped exponential backoff, and a start-up check that
 * fails with a clear message instead of hanging.
 *
 * @module
 */
import { Redis } from "ioredis";

/** Options of {@link connectRedis}. */
export interface RedisOptions {
  /** Shown in errors and in `CLIENT LIST`. */
  name?: string;
  /** Longest pause between reconnection attempts (default 5,000 ms). */
  maxBackoffMs?: number;
}

/**
 * The delay before reconnection attempt `n`: 100 ms doubling, capped.
 *
 * @param attempt The attempt, from 1.
 * @param maxMs The cap.
 * @returns Milliseconds.
 */
export function backoffMs(attempt: number, maxMs = 5_000): number {
  return Math.min(maxMs, 100 * 2 ** Math.min(attempt - 1, 16));
}

/**
 * Opens a connection that reconnects forever with backoff; commands issued
 * while Redis is away wait for it (BullMQ needs `maxRetriesPerRequest: null`).
 *
 * @param url `redis://[user:pass@]host:port[/db]`.
 * @param options Name and backoff cap.
 * @returns The client (connecting in the background).
 * @throws {RangeError} When the URL is not a redis URL.
 */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  checkRedisUrl(url);
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectionName: options.name ?? "stackforge",
    retryStrategy: (times) => backoffMs(times, options.maxBackoffMs),
  });
}

/**
 * @param url The value of `REDIS_URL`.
 * @returns The URL.
 * @throws {RangeError} When it is not `redis://` or `rediss://`.
 */
export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`Invalid REDIS_URL ${JSON.stringify(url)}: expected redis://host:port`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new RangeError(`Invalid REDIS_URL ${JSON.stringify(url)}: expected redis://host:port`);
  }
  return url;
}

/** The URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}

/**
 * Waits until Redis answers PING, retrying with backoff.
 *
 * @param url Where Redis is.
 * @param timeoutMs Give up after this long (default 10,000 ms).
 * @throws {Error} `Cannot reach Redis at "...": <cause>` when it never answered.
 */
export async function waitForRedis(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "no answer";
  for (let attempt = 1;; attempt++) {
    const client = new Redis(checkRedisUrl(url), {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: Math.max(100, Math.min(2_000, deadline - Date.now())),
    });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      client.disconnect();
    }
    const pause = backoffMs(attempt, 2_000);
    if (Date.now() + pause > deadline) {
      throw new Error(
        `Cannot reach Redis at "${redactRedisUrl(url)}": ${lastError} (tried ${attempt} times)`,
      );
    }
    await new Promise((r) => setTimeout(r, pause));
  }
}
