import assert from "node:assert/strict";
import { createUserRateLimiter } from "./flexible_rate_limit.ts";
import { connectRedis } from "./redis.ts";
import { NO_REDIS, startRedis } from "./_testing.ts";

Deno.test("createUserRateLimiter() in memory says when to retry", async () => {
  const limiter = createUserRateLimiter({ requestsPerMinute: 2, tokensPerHour: 1_000 });
  assert.deepEqual(await limiter.consume("ada"), { allowed: true, remaining: 1 });
  assert.equal((await limiter.consume("ada")).allowed, true);
  const refused = await limiter.consume("ada");
  assert.equal(refused.allowed, false);
  if (!refused.allowed) {
    assert.equal(refused.limit, 2);
    assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 60_000);
  }
  assert.equal((await limiter.consume("bob")).allowed, true, "users are counted apart");
  assert.equal((await limiter.consumeTokens("ada", 900)).allowed, true);
  const tokens = await limiter.consumeTokens("ada", 200);
  assert.equal(tokens.allowed, false);
  if (!tokens.allowed) assert.ok(tokens.retryAfterMs > 60_000 && tokens.retryAfterMs <= 3_600_000);
});

Deno.test("createUserRateLimiter() refuses a limit below 1", () => {
  assert.throws(
    () => createUserRateLimiter({ requestsPerMinute: 0, tokensPerHour: 1 }),
    /Invalid requestsPerMinute 0/,
  );
});

Deno.test({
  name:
    `createUserRateLimiter() on Redis holds exactly under concurrent requests from two replicas${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  fn: async () => {
    const redis = await startRedis();
    const a = connectRedis(redis.url);
    const b = connectRedis(redis.url);
    try {
      const limit = 25;
      const one = createUserRateLimiter({
        requestsPerMinute: limit,
        tokensPerHour: 10_000,
        redis: a,
      });
      const two = createUserRateLimiter({
        requestsPerMinute: limit,
        tokensPerHour: 10_000,
        redis: b,
      });
      const decisions = await Promise.all(
        Array.from({ length: 100 }, (_, i) => (i % 2 ? one : two).consume("ada")),
      );
      assert.equal(decisions.filter((d) => d.allowed).length, limit);
      const tokenDecisions = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).consumeTokens("ada", 500)),
      );
      assert.equal(tokenDecisions.filter((d) => d.allowed).length, 20, "10,000 / 500 exactly");
    } finally {
      a.disconnect();
      b.disconnect();
      await redis.stop();
    }
  },
});

Deno.test({
  name: `createUserRateLimiter() on Redis that is down fails with a clear error${NO_REDIS}`,
  ignore: NO_REDIS !== "",
  fn: async () => {
    const redis = await startRedis();
    const client = connectRedis(redis.url);
    client.on("error", () => {});
    await client.ping();
    await redis.stop();
    const limiter = createUserRateLimiter({
      requestsPerMinute: 1,
      tokensPerHour: 1,
      redis: client,
      timeoutMs: 300,
    });
    try {
      await assert.rejects(
        () => limiter.consume("ada"),
        /^Error: Cannot check the rate limit for "ada": Redis did not answer within 300 ms$/,
      );
    } finally {
      client.disconnect();
    }
  },
});

Deno.test("createUserRateLimiter() consumeTokens(key, 0) refuses a user who overspent the hour", async () => {
  const limiter = createUserRateLimiter({ requestsPerMinute: 1, tokensPerHour: 1_000 });
  assert.equal((await limiter.consumeTokens("ada", 0)).allowed, true);
  assert.equal((await limiter.consumeTokens("ada", 1_000)).allowed, true);
  assert.equal((await limiter.consumeTokens("ada", 0)).allowed, true, "exactly at the limit");
  assert.equal((await limiter.consumeTokens("ada", 5)).allowed, false, "a job overran it");
  assert.equal((await limiter.consumeTokens("ada", 0)).allowed, false, "the next job is refused");
  await assert.rejects(() => limiter.consumeTokens("ada", -1), RangeError);
});
