/**
 * A {@link JobStore} on Redis, so every MCP replica and worker sees every
 * job: one JSON value per job (`<prefix>job:<id>`) and a sorted set of ids
 * by last update for `list`.
 *
 * @module
 */
import type { Redis } from "ioredis";
import { checkJobId, type JobRecord, JobRecordSchema, type JobStore } from "../jobs/store.ts";

/** Options of {@link createRedisJobStore}. */
export interface RedisJobStoreOptions {
  /** Key prefix (default `stackforge:`). */
  prefix?: string;
}

/**
 * @param redis A connection (see `connectRedis()`).
 * @param options Key prefix.
 * @returns The store.
 */
export function createRedisJobStore(redis: Redis, options: RedisJobStoreOptions = {}): JobStore {
  const prefix = options.prefix ?? "stackforge:";
  const key = (jobId: string) => `${prefix}job:${checkJobId(jobId)}`;
  const index = `${prefix}jobs`;
  return {
    async get(jobId) {
      const text = await redis.get(key(jobId));
      if (text === null) return undefined;
      const parsed = JobRecordSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new TypeError(
          `Cannot read job "${jobId}": ${issue.path.join(".") || "(root)"}: ${issue.message}`,
        );
      }
      return parsed.data;
    },
    async put(record: JobRecord) {
      const k = key(record.jobId);
      await redis.multi()
        .set(k, JSON.stringify(record))
        .zadd(index, Date.parse(record.updatedAt) || Date.now(), record.jobId)
        .exec();
    },
    async list(limit) {
      if (limit < 1) return [];
      return await redis.zrevrange(index, 0, limit - 1);
    },
  };
}
