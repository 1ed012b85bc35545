import assert from "node:assert/strict";
import { loadConfig } from "./config.ts";

Deno.test("loadConfig() uses the design's defaults with an empty environment", () => {
  const config = loadConfig({});
  assert.equal(config.provider, "offline");
  assert.equal(config.limits.jobTokens, 200_000);
  assert.deepEqual(config.limits.agentTokens, {
    orchestrator: 5_000,
    planner: 30_000,
    fe_executor: 70_000,
    be_executor: 60_000,
    validator: 24_000,
  });
  assert.equal(config.jobTimeoutMs, 1_800_000);
  assert.equal(config.limits.maxRetries, 3);
  assert.equal(config.requireHumanReview, false);
});

Deno.test("loadConfig() picks openai when a key is set and reads per-agent models and caps", () => {
  const config = loadConfig({
    OPENAI_API_KEY: "sk-test",
    STACKFORGE_MODEL: "gpt-4.1-mini",
    STACKFORGE_MODEL_PLANNER: "gpt-4.1",
    PLANNER_TOKEN_LIMIT: "12000",
    FE_EXECUTOR_TOKEN_LIMIT: "40_000",
    REQUIRE_HUMAN_REVIEW: "yes",
  });
  assert.equal(config.provider, "openai");
  assert.equal(config.openai.model, "gpt-4.1-mini");
  assert.equal(config.openai.models.planner, "gpt-4.1");
  assert.equal(config.limits.agentTokens.planner, 12_000);
  assert.equal(config.limits.agentTokens.fe_executor, 40_000);
  assert.equal(config.requireHumanReview, true);
});

Deno.test("loadConfig() names the variable, the value and what was expected", async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ JOB_TOKEN_BUDGET: "abc" }, /^Invalid JOB_TOKEN_BUDGET "abc": expected a whole number/],
    [{ JOB_TOKEN_BUDGET: "0" }, /JOB_TOKEN_BUDGET "0"/],
    [{ PLANNER_TOKEN_LIMIT: "-5" }, /PLANNER_TOKEN_LIMIT "-5"/],
    [{ JOB_USD_BUDGET: "free" }, /JOB_USD_BUDGET "free": expected a positive number/],
    [{ MAX_RETRIES: "lots" }, /MAX_RETRIES "lots"/],
    [{ MAX_RETRIES: "50" }, /MAX_RETRIES "50": expected a whole number from 0 to 10/],
    [{ REQUIRE_HUMAN_REVIEW: "maybe" }, /REQUIRE_HUMAN_REVIEW "maybe": expected true or false/],
    [{ STACKFORGE_PROVIDER: "claude" }, /STACKFORGE_PROVIDER "claude": expected offline or openai/],
    [{ OPENAI_BASE_URL: "not a url" }, /OPENAI_BASE_URL "not a url"/],
    [
      { REDIS_URL: "http://localhost" },
      /REDIS_URL "http:\/\/localhost": expected a redis: or rediss: URL/,
    ],
    [{ STACKFORGE_MCP_TOKEN: "short" }, /STACKFORGE_MCP_TOKEN "\*\*\*": expected at least 16/],
    [{ STACKFORGE_SAMPLING: "always" }, /STACKFORGE_SAMPLING "always": expected auto or off/],
    [{ STACKFORGE_SAMPLING_TIMEOUT_MS: "5" }, /STACKFORGE_SAMPLING_TIMEOUT_MS "5"/],
  ];
  for (const [env, pattern] of cases) {
    await t.step(Object.keys(env)[0]!, () => {
      assert.throws(
        () => loadConfig(env),
        (e) => e instanceof RangeError && pattern.test(e.message),
      );
    });
  }
});

Deno.test("loadConfig() lets MCP sampling stand in only when no provider was configured", () => {
  assert.equal(loadConfig({}).sampling.auto, true);
  assert.equal(loadConfig({}).sampling.timeoutMs, 300_000);
  assert.equal(loadConfig({ STACKFORGE_SAMPLING: "off" }).sampling.auto, false);
  assert.equal(loadConfig({ OPENAI_API_KEY: "sk-x" }).sampling.auto, false, "a key wins");
  assert.equal(
    loadConfig({ STACKFORGE_PROVIDER: "offline" }).sampling.auto,
    false,
    "an explicit offline choice wins",
  );
  assert.equal(
    loadConfig({ STACKFORGE_SAMPLING_TIMEOUT_MS: "600000" }).sampling.timeoutMs,
    600_000,
  );
});

Deno.test("loadConfig() reads STACKFORGE_MCP_USERS, and never prints a token in its errors", async (t) => {
  const a = "alice-token-0123456789";
  const b = "bob-token-01234567890";
  assert.deepEqual(loadConfig({ STACKFORGE_MCP_USERS: ` alice=${a} , bob=${b},` }).mcpUsers, [
    { user: "alice", token: a },
    { user: "bob", token: b },
  ]);
  assert.equal(loadConfig({}).mcpUsers, undefined);
  const cases: [string, Record<string, string>, RegExp][] = [
    ["no =", { STACKFORGE_MCP_USERS: `alice:${a}` }, /entry 1 has no "="/],
    ["no = after a good one", { STACKFORGE_MCP_USERS: `alice=${a}, ${b}` }, /entry 2 has no "="/],
    [
      "a comma in a token",
      { STACKFORGE_MCP_USERS: `alice=${a},${b}=x` },
      /entry 2: the token has fewer/,
    ],
    ["short token", { STACKFORGE_MCP_USERS: "alice=short" }, /entry 1: the token has fewer/],
    ["bad name", { STACKFORGE_MCP_USERS: `al ice=${a}` }, /entry 1: the user is not 1-100/],
    [
      "twice",
      { STACKFORGE_MCP_USERS: `alice=${a},alice=${b}` },
      /entry 2: the user is also entry 1/,
    ],
    ["shared token", { STACKFORGE_MCP_USERS: `alice=${a},bob=${a}` }, /also another user's/],
    [
      "the shared token",
      { STACKFORGE_MCP_TOKEN: a, STACKFORGE_MCP_USERS: `alice=${a}` },
      /or STACKFORGE_MCP_TOKEN/,
    ],
  ];
  for (const [name, env, pattern] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => loadConfig(env),
        (e) =>
          e instanceof RangeError && pattern.test(e.message) &&
          /^Invalid STACKFORGE_MCP_USERS: /.test(e.message) && !e.message.includes(a) &&
          !e.message.includes(b) && !e.message.includes("short") &&
          !e.message.includes(a.slice(0, 8)) && !e.message.includes(b.slice(0, 8)),
      );
    });
  }
});
