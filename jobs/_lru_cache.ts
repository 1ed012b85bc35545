/**
 * A least-recently-used cache bounded by the total size of its values as well
 * as by their number, so its memory stays bounded however large one value
 * grows. Private to `server/`.
 *
 * @module
 */

/** Options of {@link createLruCache}. */
export interface LruCacheOptions<V> {
  /** The most the values may weigh together, in bytes. */
  maxBytes: number;
  /** The most entries kept (default: no limit besides `maxBytes`). */
  maxEntries?: number;
  /** What a value weighs, in bytes. */
  sizeOf: (value: V) => number;
}

/** A cache from string keys to values. */
export interface LruCache<V> {
  /** The value, marked as the most recently used; undefined when not cached. */
  get(key: string): V | undefined;
  /** Adds or replaces a value, dropping the least recently used ones past the limits. */
  set(key: string, value: V): void;
  delete(key: string): void;
  /** Entries kept. */
  readonly size: number;
  /** What the kept values weigh together. */
  readonly bytes: number;
}

/**
 * Creates a cache. A value heavier than `maxBytes` is not kept.
 *
 * @param options Limits and the size of a value.
 * @returns The cache.
 * @throws {RangeError} When a limit is not a whole number of at least 0 (`maxBytes`) or 1 (`maxEntries`).
 * @example
 * ```ts
 * import { createLruCache } from "./_lru_cache.ts";
 * const cache = createLruCache<string>({ maxBytes: 8, sizeOf: (s) => s.length });
 * cache.set("a", "aaaa");
 * cache.set("b", "bbbb");
 * cache.get("a");
 * cache.set("c", "cccc");
 * if (cache.get("b") !== undefined || cache.get("a") !== "aaaa") throw new Error();
 * ```
 */
export function createLruCache<V>(options: LruCacheOptions<V>): LruCache<V> {
  const { maxBytes, maxEntries = Infinity, sizeOf } = options;
  if (!Number.isInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`Invalid cache size ${maxBytes}: expected a whole number of bytes >= 0`);
  }
  if (maxEntries !== Infinity && (!Number.isInteger(maxEntries) || maxEntries < 1)) {
    throw new RangeError(`Invalid cache entry limit ${maxEntries}: expected a whole number >= 1`);
  }
  // A Map iterates in insertion order: re-inserting on use keeps the least
  // recently used entry first.
  const entries = new Map<string, { value: V; bytes: number }>();
  let bytes = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      remove(key);
      const size = sizeOf(value);
      if (size > maxBytes) return;
      entries.set(key, { value, bytes: size });
      bytes += size;
      while (bytes > maxBytes || entries.size > maxEntries) remove(entries.keys().next().value!);
    },
    delete: remove,
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
