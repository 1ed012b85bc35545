import assert from "node:assert/strict";
import { loadServerConfig, parseDuration, SERVER_DEFAULTS } from "./config.ts";

Deno.test("loadServerConfig() reads the defaults: no TTL, 1 GiB per user, 4 jobs at once", () => {
  const config = loadServerConfig({});
  assert.equal(config.jobTtlMs, undefined);
  assert.equal(config.userQuotaBytes, SERVER_DEFAULTS.userQuotaMb * 1024 * 1024);
  assert.equal(config.maxConcurrentJobs, 4);
  assert.equal(config.maxWaitingJobs, 64);
  assert.equal(config.usersMayApprove, false);
  assert.equal(config.outputRoot, undefined);
});

Deno.test("loadServerConfig() refuses each bad value with a line naming the variable and the fix", async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { STACKFORGE_JOB_TTL: "a week" },
      /^Invalid STACKFORGE_JOB_TTL "a week": expected a duration such as 30m, 12h or 7d/,
    ],
    [{ STACKFORGE_JOB_TTL: "7w" }, /STACKFORGE_JOB_TTL/],
    [
      { STACKFORGE_USER_QUOTA_MB: "-1" },
      /^Invalid STACKFORGE_USER_QUOTA_MB "-1": expected a whole number from 0/,
    ],
    [
      { STACKFORGE_MAX_CONCURRENT_JOBS: "0" },
      /^Invalid STACKFORGE_MAX_CONCURRENT_JOBS "0": expected a whole number from 1 to 1000/,
    ],
    [{ STACKFORGE_MAX_WAITING_JOBS: "many" }, /STACKFORGE_MAX_WAITING_JOBS/],
    [
      { STACKFORGE_MCP_USERS_MAY_APPROVE: "sure" },
      /^Invalid STACKFORGE_MCP_USERS_MAY_APPROVE "sure": expected true or false$/,
    ],
    [
      { STACKFORGE_MCP_STATE_KEY: "short" },
      /^Invalid STACKFORGE_MCP_STATE_KEY: expected 32\+ characters/,
    ],
    [
      { STACKFORGE_MCP_OUTPUT_ROOT: "/nonexistent/stackforge-out" },
      /^Invalid STACKFORGE_MCP_OUTPUT_ROOT "\/nonexistent\/stackforge-out": expected an existing folder/,
    ],
  ];
  for (const [env, message] of cases) {
    await t.step(Object.keys(env)[0]!, () => {
      assert.throws(
        () => loadServerConfig(env),
        (e: Error) => e instanceof RangeError && message.test(e.message),
      );
    });
  }
});

Deno.test("parseDuration() reads s, m, h and d, and 0 as none", () => {
  assert.equal(parseDuration("X", "90s"), 90_000);
  assert.equal(parseDuration("X", "30m"), 1_800_000);
  assert.equal(parseDuration("X", "12h"), 43_200_000);
  assert.equal(parseDuration("X", " 7D "), 604_800_000);
  assert.equal(parseDuration("X", "0"), undefined);
  assert.equal(parseDuration("X", undefined), undefined);
});

Deno.test("STACKFORGE_USER_QUOTA_MB=0 turns the quota off", () => {
  assert.equal(loadServerConfig({ STACKFORGE_USER_QUOTA_MB: "0" }).userQuotaBytes, undefined);
});
