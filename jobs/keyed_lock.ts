/**
 * Runs tasks one at a time per key (a job id), so two review decisions on
 * the same job never interleave.
 *
 * @module
 */

/** Serialises work per key. */
export interface KeyedLock {
  /**
   * @param key What the work touches.
   * @param task The work.
   * @returns The task's result, once every earlier task on the key settled.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/**
 * @returns A lock that holds no memory for idle keys.
 * @example
 * ```ts
 * import { createKeyedLock } from "./keyed_lock.ts";
 * const lock = createKeyedLock();
 * const order: number[] = [];
 * await Promise.all([
 *   lock.run("a", async () => { await new Promise((r) => setTimeout(r, 5)); order.push(1); }),
 *   lock.run("a", () => Promise.resolve(order.push(2))),
 * ]);
 * if (order.join() !== "1,2") throw new Error();
 * ```
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(task, task);
      const tail = next.then(() => {}, () => {});
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
  };
}
