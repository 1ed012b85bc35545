/**
 * What the server knows about every job, kept small and in memory: owner,
 * status, title, files and size. `resources/list`, `list_jobs`, the disk
 * quota and the job retention read it instead of every record each time.
 * It follows the job store (any replica may add or delete jobs): a refresh
 * lists the store's ids, reads records it has not seen and re-reads those
 * that can still change (running, awaiting review).
 *
 * @module
 */
import { resolve, sep } from "node:path";
import type { JobStatus } from "../core/job_state.ts";
import type { JobRecord, JobStore } from "../jobs/store.ts";
import { diskBytes } from "./job_files.ts";

/** One job, as listings need it. */
export interface JobEntry {
  jobId: string;
  userId: string;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  /** The spec's title, once the planner ran. */
  title?: string;
  /** Relative paths of the job's output, sorted. */
  files: string[];
  /** Files still held for review. */
  held: number;
  /** The output folder, absolute. */
  outDir: string;
  /** Bytes on disk: the job's own folder plus an output elsewhere. */
  bytes: number;
}

/** The index. */
export interface JobIndex {
  /** @returns Every job, newest first (refreshed from the store at most once a second). */
  all(): Promise<JobEntry[]>;
  /** Records a job this process just wrote. */
  update(record: JobRecord): void;
  /** Drops a deleted job. */
  forget(jobId: string): void;
}

/** Options of {@link createJobIndex}. */
export interface JobIndexOptions {
  store: JobStore;
  /** The jobs folder. */
  jobsDir: string;
  /** Milliseconds between refreshes from the store (default 1000). */
  refreshMs?: number;
  /** The clock in ms (default `Date.now`). */
  now?: () => number;
}

const CHANGING: readonly JobStatus[] = ["running", "awaiting_review"];

/**
 * @param options The store to follow and the jobs folder.
 * @returns The index, empty until first used.
 */
export function createJobIndex(options: JobIndexOptions): JobIndex {
  const { store } = options;
  const jobsDir = resolve(options.jobsDir);
  const refreshMs = options.refreshMs ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, JobEntry>();
  let refreshedAt = -Infinity;
  let refreshing: Promise<void> | undefined;

  const entryOf = (record: JobRecord): JobEntry => {
    const own = resolve(jobsDir, record.jobId);
    const out = resolve(record.outDir);
    const outside = !(out === own || out.startsWith(own + sep));
    return {
      jobId: record.jobId,
      userId: record.userId,
      status: record.status,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      ...(record.state?.spec?.title ? { title: record.state.spec.title } : {}),
      files: record.files,
      held: record.heldFiles.length,
      outDir: record.outDir,
      bytes: diskBytes(own) + (outside ? diskBytes(out) : 0),
    };
  };

  const refresh = async () => {
    const ids = await store.list(Number.MAX_SAFE_INTEGER);
    const present = new Set(ids);
    for (const id of entries.keys()) if (!present.has(id)) entries.delete(id);
    for (const id of ids) {
      const known = entries.get(id);
      if (known !== undefined && !CHANGING.includes(known.status)) continue;
      const record = await store.get(id).catch(() => undefined);
      if (record === undefined) entries.delete(id);
      else if (known === undefined || known.updatedAt !== record.updatedAt) {
        entries.set(id, entryOf(record));
      }
    }
    refreshedAt = now();
  };

  return {
    async all() {
      if (now() - refreshedAt >= refreshMs) {
        refreshing ??= refresh().finally(() => (refreshing = undefined));
        await refreshing;
      }
      return [...entries.values()].sort((a, b) =>
        b.createdAt.localeCompare(a.createdAt) || a.jobId.localeCompare(b.jobId)
      );
    },
    update(record) {
      entries.set(record.jobId, entryOf(record));
    },
    forget(jobId) {
      entries.delete(jobId);
    },
  };
}
