/**
 * Scale-out: the job queue (in memory, or BullMQ on Redis), the stateless
 * worker, the Redis job store, per-user rate limits with
 * `rate-limiter-flexible`, and the completion log that makes each job
 * complete exactly once.
 *
 * @module
 */
export {
  type ConsumeOptions,
  type Consumer,
  createMemoryQueue,
  HandBackError,
  type JobContext,
  type JobHandler,
  type JobMessage,
  type JobOutcome,
  type Queue,
} from "../jobs/queue.ts";
export { type BullQueueOptions, createBullQueue } from "./bull_queue.ts";
export { type CompletionLog, createMemoryCompletionLog } from "../jobs/completion.ts";
export { createRedisCompletionLog } from "./completion.ts";
export { createJobRunner, type JobRunnerOptions, resumableState } from "../jobs/run.ts";
export { type RunningWorker, startWorker, type WorkerOptions } from "./worker.ts";
export { createRedisJobStore, type RedisJobStoreOptions } from "./redis_job_store.ts";
export {
  createUserRateLimiter,
  type UserRateLimiter,
  type UserRateLimiterOptions,
} from "./flexible_rate_limit.ts";
export { createRedisDeps, type RedisDeps } from "./redis_deps.ts";
export { submitJob, type SubmitOptions } from "../jobs/submit.ts";
export { backoffMs, checkRedisUrl, connectRedis, redactRedisUrl, waitForRedis } from "./redis.ts";
