/**
 * Job retention and deletion: `STACKFORGE_JOB_TTL` deletes jobs older than
 * the TTL (checked at start-up and, at most once a minute, when jobs are
 * started or listed), and `delete_job` deletes one on request. An app
 * written to an `output_dir` outlives its expired job (the user chose that
 * folder); `delete_job` removes the files it wrote there.
 *
 * @module
 */
import type { JobRecord, JobStore } from "../jobs/store.ts";
import { deleteJobFiles } from "./job_files.ts";
import type { JobIndex } from "./job_index.ts";

/** A job store that can also delete records (the Redis store may offer it). */
interface DeletingStore extends JobStore {
  delete?(jobId: string): Promise<void>;
}

/** Options of {@link createRetention}. */
export interface RetentionOptions {
  store: JobStore;
  index: JobIndex;
  jobsDir: string;
  /** Jobs older than this are deleted; undefined keeps them. */
  ttlMs?: number;
  /** The clock in ms (default `Date.now`). */
  now?: () => number;
  /** Milliseconds between sweeps started by {@link Retention.maybeSweep} (default 60,000). */
  everyMs?: number;
}

/** Deletion of jobs. */
export interface Retention {
  /**
   * Deletes one job from the store and the disk.
   *
   * @param record The job.
   * @param keepOutside Leave an output in an `output_dir` in place.
   * @returns Whether such an output was kept.
   */
  remove(record: JobRecord, keepOutside?: boolean): Promise<boolean>;
  /** @returns How many expired jobs were deleted now. */
  sweep(): Promise<number>;
  /** Sweeps when the last sweep is older than `everyMs`; never fails. */
  maybeSweep(): Promise<void>;
  /** @returns When a job created at `createdAt` expires, or undefined when jobs are kept. */
  expiresAt(createdAt: string): string | undefined;
}

/**
 * @param options Store, index, jobs folder and TTL.
 * @returns The retention.
 */
export function createRetention(options: RetentionOptions): Retention {
  const store = options.store as DeletingStore;
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 60_000;
  let last = -Infinity;
  let running: Promise<number> | undefined;
  const remove = async (record: JobRecord, keepOutside = false) => {
    const kept = deleteJobFiles(options.jobsDir, record, keepOutside);
    await store.delete?.(record.jobId);
    options.index.forget(record.jobId);
    return kept;
  };
  const sweep = async () => {
    const ttl = options.ttlMs;
    if (ttl === undefined) return 0;
    last = now();
    let removed = 0;
    for (const entry of await options.index.all()) {
      // A running job is never cut short; it expires after it ends.
      if (entry.status === "running" || now() - Date.parse(entry.createdAt) < ttl) continue;
      const record = await store.get(entry.jobId).catch(() => undefined);
      if (record === undefined) continue;
      await remove(record, true);
      removed++;
    }
    return removed;
  };
  return {
    remove,
    sweep: () => (running ??= sweep().finally(() => (running = undefined))),
    async maybeSweep() {
      if (options.ttlMs === undefined || now() - last < everyMs) return;
      await (running ??= sweep().finally(() => (running = undefined))).catch(() => {});
    },
    expiresAt(createdAt) {
      return options.ttlMs === undefined
        ? undefined
        : new Date(Date.parse(createdAt) + options.ttlMs).toISOString();
    },
  };
}
