/**
 * Where the MCP server keeps job records (status, state, spec, cost, file
 * manifest, held files), so `get_spec` and `review_risky` can answer for any
 * job. The tools depend only on the {@link JobStore} interface; the default
 * keeps one JSON file per job under the jobs folder, written atomically.
 *
 * @module
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { GeneratedFileSchema } from "../core/artifact.ts";
import { JOB_STATUSES, JobStateSchema } from "../core/job_state.ts";
import { AGENTS } from "../core/budget.ts";
import { createLruCache } from "./_lru_cache.ts";

/** Job ids the server creates: lower-case UUIDs. */
export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a job cost, per agent and in total, with the CLI's table. */
export const CostSchema = z.object({
  agents: z.array(z.object({
    agent: z.enum(AGENTS),
    calls: z.number().int(),
    input_tokens: z.number().int(),
    output_tokens: z.number().int(),
    usd: z.number(),
    latency_ms: z.number(),
  })),
  total_tokens: z.number().int(),
  total_usd: z.number(),
  /** The per-agent cost table, as the CLI prints it. */
  table: z.string(),
});

/** A finding of the human review gate, as stored. */
export const StoredFindingSchema = z.object({
  id: z.string(),
  path: z.string(),
  line: z.number().int(),
  rule: z.string(),
  excerpt: z.string(),
  severity: z.enum(["high", "medium", "low"]).optional(),
  message: z.string().optional(),
});

/**
 * The job store's cache. A record is ~13 KB of JSON offline but can hold
 * files of up to 1 MB each while they wait for review, so the cache is
 * bounded by size as well as by count.
 */
const CACHED_RECORDS = 512;
const CACHED_BYTES = 8 * 1024 * 1024;

/** Everything the server remembers about one job. */
export const JobRecordSchema = z.object({
  version: z.literal(1),
  jobId: z.string().regex(JOB_ID_PATTERN),
  userId: z.string(),
  status: z.enum(JOB_STATUSES),
  reason: z.string().optional(),
  provider: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The job's output folder, absolute. */
  outDir: z.string(),
  /**
   * The job's final state, without the generated file contents (they are in
   * `outDir`, or in `heldFiles` while held); absent while the job runs.
   */
  state: JobStateSchema.optional(),
  /** Relative paths written into `outDir`, sorted. */
  files: z.array(z.string()),
  /** Everything the human review gate found. */
  findings: z.array(StoredFindingSchema),
  /** Files held for a human decision, with their content. */
  heldFiles: z.array(GeneratedFileSchema),
  /** Held files a reviewer rejected (never written). */
  rejected: z.array(z.string()),
  /** Held files a reviewer approved (written). */
  approved: z.array(z.string()),
  durationMs: z.number().min(0).optional(),
  /** What the job cost, rendered once when it finished. */
  cost: CostSchema.optional(),
  /** The text of SPEC.md, once the planner ran. */
  specMarkdown: z.string().optional(),
  /** The job whose app this one changed (`refine_app`, `regenerate_app`). */
  parentJobId: z.string().regex(JOB_ID_PATTERN).optional(),
  /** How the spec changed from the parent's, one line per change (`+ entity Tag`). */
  specDiff: z.array(z.string()).optional(),
  /** Files left in conflict with edits in the parent's folder. */
  conflicts: z.array(z.string()).optional(),
});

/** Everything the server remembers about one job. */
export type JobRecord = z.infer<typeof JobRecordSchema>;

/** Keeps job records. Another implementation (Redis) can replace the local one. */
export interface JobStore {
  /**
   * @param jobId A job id.
   * @returns The record, or undefined when there is none.
   */
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Creates or replaces a record. */
  put(record: JobRecord): Promise<void>;
  /**
   * @param limit At most this many ids.
   * @returns Job ids, newest first.
   */
  list(limit: number): Promise<string[]>;
}

/**
 * Checks a job id before it is used to build a path or a key.
 *
 * @param jobId The id a client sent.
 * @returns The id.
 * @throws {RangeError} When it is not a job id the server could have made.
 */
export function checkJobId(jobId: string): string {
  if (!JOB_ID_PATTERN.test(jobId)) {
    throw new RangeError(
      `Invalid job id ${
        JSON.stringify(jobId.length > 60 ? jobId.slice(0, 57) + "..." : jobId)
      }: expected a UUID such as "0b6f0d1e-3c1a-4a57-9d64-2f1f6f3f6a10"`,
    );
  }
  return jobId;
}

/**
 * The folder layout of the local store: `<root>/<job_id>/job.json` and the
 * job's files under `<root>/<job_id>/output/`.
 *
 * @param root The jobs folder.
 * @param jobId A checked job id.
 * @returns The job's output folder, absolute.
 */
export function jobOutputDir(root: string, jobId: string): string {
  return join(resolve(root), checkJobId(jobId), "output");
}

/**
 * A store that keeps each record as `<root>/<job_id>/job.json`, written to a
 * temporary file and renamed into place so a reader never sees half a record.
 *
 * @param root The jobs folder (created when missing).
 * @returns The store.
 * @example
 * ```ts
 * import { createFileJobStore } from "./store.ts";
 * const store = createFileJobStore(Deno.makeTempDirSync());
 * if ((await store.get("0b6f0d1e-3c1a-4a57-9d64-2f1f6f3f6a10")) !== undefined) throw new Error();
 * ```
 */
export function createFileJobStore(root: string): JobStore {
  const base = resolve(root);
  mkdirSync(base, { recursive: true });
  const file = (jobId: string) => join(base, checkJobId(jobId), "job.json");
  // Validated records by job id, keyed on the file's identity: each put
  // renames a new file into place, so a new inode or mtime means another
  // writer (even another replica) changed it. The JSON text is kept: parsing
  // it again is the cheapest copy. Two bytes a character: V8 stores a string
  // with any non-Latin-1 character (SPEC.md's dashes and arrows) in UTF-16.
  const cache = createLruCache<{ version: string; text: string }>({
    maxBytes: CACHED_BYTES,
    maxEntries: CACHED_RECORDS,
    sizeOf: (entry) => 2 * (entry.text.length + entry.version.length),
  });
  const versionOf = (path: string) => {
    const info = statSync(path, { bigint: true });
    return `${info.ino}:${info.mtimeNs}:${info.size}`;
  };
  const remember = (jobId: string, version: string, text: string) =>
    cache.set(jobId, { version, text });
  return {
    get: promised((jobId: string): JobRecord | undefined => {
      const path = file(jobId);
      let text: string;
      let version: string;
      try {
        version = versionOf(path);
        const cached = cache.get(jobId);
        if (cached?.version === version) return JSON.parse(cached.text) as JobRecord;
        text = readFileSync(path, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
      const parsed = JobRecordSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new TypeError(
          `Cannot read job "${jobId}": ${issue.path.join(".") || "(root)"}: ${issue.message}`,
        );
      }
      remember(jobId, version, text);
      return parsed.data;
    }),
    put: promised((record: JobRecord): void => {
      const target = file(record.jobId);
      mkdirSync(join(base, record.jobId), { recursive: true });
      const temp = `${target}.${crypto.randomUUID()}.tmp`;
      const text = JSON.stringify(record);
      writeFileSync(temp, text, { flag: "wx", mode: 0o600 });
      try {
        renameSync(temp, target);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
      remember(record.jobId, versionOf(target), text);
    }),
    list: promised((limit: number): string[] => {
      const ids: { id: string; mtime: number }[] = [];
      for (const entry of readdirSync(base, { withFileTypes: true })) {
        if (!entry.isDirectory() || !JOB_ID_PATTERN.test(entry.name)) continue;
        try {
          ids.push({
            id: entry.name,
            mtime: Deno.statSync(file(entry.name)).mtime?.getTime() ?? 0,
          });
        } catch {
          // A job folder without a record yet.
        }
      }
      ids.sort((a, b) => b.mtime - a.mtime || a.id.localeCompare(b.id));
      return ids.slice(0, limit).map((x) => x.id);
    }),
  };
}

/** Turns a synchronous function into one whose errors arrive as rejections. */
function promised<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<R> {
  return (...args) => {
    try {
      return Promise.resolve(fn(...args));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}
