import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { costTable, main } from "./cli.ts";
import { emptyLedger, recordCall } from "./core/budget.ts";

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    isTty: false,
  });
  return { code, stdout, stderr };
}

Deno.test("main() generates an app, prints progress and the cost table", async () => {
  const root = Deno.makeTempDirSync();
  const out = join(root, "app");
  const { code, stdout, stderr } = await run([
    "generate",
    "--out",
    out,
    "build a blog with comments",
  ]);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /planner started \(attempt 1\)/);
  assert.match(stderr, /✓ validator done/);
  assert.match(
    stdout,
    /Per-Agent Token Usage:\nAgent {16}Tokens {3}Cost \(USD\)\n-{40}\norchestrator/,
  );
  assert.match(stdout, /TOTAL {21}0 {4}\$0\.000000/);
  assert.match(stdout, /Provider: offline/);
  assert.ok(existsSync(join(out, "VALIDATION_REPORT.md")));
  Deno.removeSync(root, { recursive: true });
});

Deno.test("main() with --json prints a machine-readable summary", async () => {
  const root = Deno.makeTempDirSync();
  const { code, stdout } = await run([
    "generate",
    "--json",
    "--out",
    join(root, "a"),
    "--user-id",
    "alice",
    "a small CRM to track contacts, companies and deals",
  ]);
  assert.equal(code, 0);
  const summary = JSON.parse(stdout);
  assert.equal(summary.status, "succeeded");
  assert.deepEqual(summary.spec.entities.slice(0, 3), ["Company", "Contact", "Deal"]);
  assert.equal(summary.validation.passed, true);
  assert.equal(summary.totals.tokens, 0);
  Deno.removeSync(root, { recursive: true });
});

Deno.test("main() with no prompt builds the default todo app with sign-in", async () => {
  const root = Deno.makeTempDirSync();
  const { code, stdout } = await run(["generate", "--json", "--out", join(root, "a")]);
  assert.equal(code, 0);
  const summary = JSON.parse(stdout);
  assert.ok(summary.spec.pages.includes("/login"));
  assert.ok(summary.spec.entities.includes("Todo"));
  Deno.removeSync(root, { recursive: true });
});

Deno.test("main() exits 2 with one clear line for each kind of bad input", async (t) => {
  const root = Deno.makeTempDirSync();
  const full = join(root, "full");
  mkdirSync(full);
  Deno.writeTextFileSync(join(full, "keep.txt"), "x");
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ["empty prompt", ["generate", "--out", join(root, "a"), "   "], {}, /^error: Prompt is empty/],
    [
      "long prompt",
      ["generate", "--out", join(root, "a"), "x".repeat(8_001)],
      {},
      /too long: 8001/,
    ],
    [
      "unknown provider",
      ["generate", "--out", join(root, "a"), "--provider", "gpt", "a blog"],
      {},
      /Unknown provider "gpt": use "offline" or "openai"/,
    ],
    [
      "openai without key",
      ["generate", "--out", join(root, "a"), "--provider", "openai", "a blog"],
      {},
      /needs OPENAI_API_KEY/,
    ],
    [
      "malformed env",
      ["generate", "--out", join(root, "a"), "a blog"],
      { JOB_TOKEN_BUDGET: "abc" },
      /Invalid JOB_TOKEN_BUDGET "abc"/,
    ],
    [
      "non-empty out",
      ["generate", "--out", full, "a blog"],
      {},
      /is not empty: choose another --out, or pass --force/,
    ],
    [
      "out under a file",
      ["generate", "--out", join(full, "keep.txt", "app"), "a blog"],
      {},
      /Cannot (use|write to) output folder/,
    ],
    [
      "no recognisable app",
      ["generate", "--out", join(root, "a"), "asdf"],
      {},
      /^error: Cannot plan an app from "asdf": .*describe the app: what it keeps track of/,
    ],
    ["unknown option", ["generate", "--colour"], {}, /Unknown option '--colour'/],
    ["unknown command", ["build", "a blog"], {}, /unknown command "build"/],
  ];
  for (const [name, args, env, pattern] of cases) {
    await t.step(name, async () => {
      const { code, stdout, stderr } = await run(args, env);
      assert.equal(code, 2, stderr);
      assert.match(stderr, pattern);
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
      assert.equal(stdout, "");
    });
  }
  assert.deepEqual(readdirSync(root).sort(), ["full"], "nothing was half-written");
  assert.deepEqual(readdirSync(full), ["keep.txt"]);
  Deno.removeSync(root, { recursive: true });
});

Deno.test("main() --help describes the options and exits 0", async () => {
  const { code, stdout } = await run(["--help"]);
  assert.equal(code, 0);
  for (const option of ["--out", "--force", "--provider", "--user-id", "--json"]) {
    assert.ok(stdout.includes(option), option);
  }
});

Deno.test("costTable() matches the design's layout with thousands separators", () => {
  const ledger = recordCall(emptyLedger(), "fe_executor", {
    usage: { inputTokens: 10_000, outputTokens: 5_200, cachedTokens: 0 },
    usd: 0.0114,
    latencyMs: 1,
    model: "gpt-4o-mini",
  });
  const table = costTable(ledger, "openai");
  assert.ok(table.includes("fe_executor          15,200    $0.011400\n"), table);
  assert.ok(table.includes("TOTAL                15,200    $0.011400\n"));
  assert.match(table, /Provider: openai \(models: gpt-4o-mini\)/);
});

Deno.test("main() with --log-level writes JSON log lines instead of progress", async () => {
  const root = Deno.makeTempDirSync();
  const { code, stderr } = await run([
    "generate",
    "--log-level",
    "info",
    "--out",
    join(root, "a"),
    "a blog",
  ]);
  assert.equal(code, 0);
  const lines = stderr.trim().split("\n");
  assert.ok(lines.length > 3);
  for (const line of lines) {
    const record = JSON.parse(line);
    assert.ok(record.ts && record.level && record.msg, line);
  }
  assert.ok(lines.some((l) => JSON.parse(l).agent === "planner"));
  const bad = await run(["generate", "--log-level", "loud", "--out", join(root, "b"), "a blog"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: Invalid log level "loud"/);
  Deno.removeSync(root, { recursive: true });
});
