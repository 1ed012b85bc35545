/**
 * The completion log: one record per job, written only if none exists
 * (Redis `SET NX`), so a job that a crash made run twice still completes
 * exactly once and every later run returns the first outcome.
 *
 * @module
 */
import type { JobOutcome } from "./queue.ts";

/** Remembers how each job completed. */
export interface CompletionLog {
  /** @returns The outcome of a completed job, or undefined. */
  get(jobId: string): Promise<JobOutcome | undefined>;
  /**
   * Records an outcome unless one exists.
   *
   * @param outcome The outcome.
   * @returns Whether this call recorded it, and the outcome that stands.
   */
  complete(outcome: JobOutcome): Promise<{ first: boolean; outcome: JobOutcome }>;
}

/**
 * @returns An in-process log, for the memory queue.
 * @example
 * ```ts
 * import { createMemoryCompletionLog } from "./completion.ts";
 * const log = createMemoryCompletionLog();
 * const o = { jobId: "j", status: "succeeded" as const, outDir: "/o", files: [], held: [], worker: "w" };
 * if (!(await log.complete(o)).first || (await log.complete(o)).first) throw new Error();
 * ```
 */
export function createMemoryCompletionLog(): CompletionLog {
  const done = new Map<string, JobOutcome>();
  return {
    get: (jobId) => Promise.resolve(done.get(jobId)),
    complete(outcome) {
      const existing = done.get(outcome.jobId);
      if (existing) return Promise.resolve({ first: false, outcome: existing });
      done.set(outcome.jobId, outcome);
      return Promise.resolve({ first: true, outcome });
    },
  };
}
