import assert from "node:assert/strict";
import { createMemoryRateLimiter } from "./rate_limit.ts";

Deno.test("createMemoryRateLimiter() allows `points` requests per window per key, then says when to retry", async () => {
  let t = 1_000;
  const limiter = createMemoryRateLimiter({ points: 2, windowMs: 60_000, now: () => t });
  assert.deepEqual(await limiter.consume("ada"), { allowed: true, remaining: 1 });
  assert.deepEqual(await limiter.consume("ada"), { allowed: true, remaining: 0 });
  t += 15_000;
  assert.deepEqual(await limiter.consume("ada"), {
    allowed: false,
    retryAfterMs: 45_000,
    limit: 2,
  });
  assert.equal((await limiter.consume("bob")).allowed, true, "other users are not affected");
  t += 45_000;
  assert.equal((await limiter.consume("ada")).allowed, true, "a new window starts");
});

Deno.test("createMemoryRateLimiter() rejects a nonsensical allowance", () => {
  assert.throws(() => createMemoryRateLimiter({ points: 0 }), RangeError);
  assert.throws(() => createMemoryRateLimiter({ points: 1, windowMs: -1 }), RangeError);
});
