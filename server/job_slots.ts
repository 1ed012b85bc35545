/**
 * The server's cap on jobs running at once: a job takes a slot before it
 * runs and gives it back when it ends; when all are taken it waits in line,
 * and when the line is full too it is refused, so a burst of calls cannot
 * exhaust the machine.
 *
 * @module
 */

/** A slot held by a running job. */
export interface Slot {
  /** Gives the slot back (idempotent). */
  release(): void;
}

/** The cap. */
export interface JobSlots {
  /**
   * @param signal Stops waiting (the slot is never taken then).
   * @param onWait Told once, when the job has to wait, how many are ahead of it.
   * @returns The slot, or undefined when the line is full.
   * @throws The signal's reason when it aborts while waiting.
   */
  acquire(signal?: AbortSignal, onWait?: (ahead: number) => void): Promise<Slot | undefined>;
  /** Jobs running and waiting now. */
  load(): { running: number; waiting: number };
  /** The configured limits. */
  readonly limits: { running: number; waiting: number };
}

/**
 * @param running How many jobs may run at once (1 or more).
 * @param waiting How many may wait for a slot (0 or more).
 * @returns The cap.
 * @example
 * ```ts
 * import { createJobSlots } from "./job_slots.ts";
 * const slots = createJobSlots(1, 0);
 * const slot = await slots.acquire();
 * if ((await slots.acquire()) !== undefined) throw new Error("the line is full");
 * slot?.release();
 * ```
 */
export function createJobSlots(running: number, waiting: number): JobSlots {
  if (!(running >= 1) || !(waiting >= 0)) {
    throw new RangeError(
      `Invalid job slots ${running}/${waiting}: expected 1+ running, 0+ waiting`,
    );
  }
  let busy = 0;
  const line: { grant: () => void }[] = [];
  const take = (): Slot => {
    busy++;
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        busy--;
        line.shift()?.grant();
      },
    };
  };
  return {
    limits: { running, waiting },
    load: () => ({ running: busy, waiting: line.length }),
    acquire(signal, onWait) {
      signal?.throwIfAborted();
      if (busy < running && line.length === 0) return Promise.resolve(take());
      if (line.length >= waiting) return Promise.resolve(undefined);
      onWait?.(line.length + 1);
      return new Promise<Slot>((resolve, reject) => {
        const entry = {
          grant: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve(take());
          },
        };
        const onAbort = () => {
          const at = line.indexOf(entry);
          if (at >= 0) line.splice(at, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        line.push(entry);
      });
    },
  };
}
