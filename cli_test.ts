import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { costTable, main } from "./cli.ts";
import { startOpenAIFixture } from "./tests/fixtures/openai_server.ts";
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
  assert.ok(stdout.endsWith(`  run it: deno task preview ${out}\n`), "the next step is named");
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
      /is not empty: choose another --out, pass --force to replace the files stackforge wrote there \(yours are kept\), or change the app in it with --from DIR "<change>"$/m,
    ],
    [
      "out under a file",
      ["generate", "--out", join(full, "keep.txt", "app"), "a blog"],
      {},
      /^error: --out ".*keep\.txt\/app" is inside ".*keep\.txt", which is a file: give a folder path, e.g\. --out my-app$/,
    ],
    [
      "out deep under a file",
      ["generate", "--out", join(full, "keep.txt", "a", "b"), "a blog"],
      {},
      /is inside ".*keep\.txt", which is a file/,
    ],
    [
      "no recognisable app",
      ["generate", "--out", join(root, "a"), "asdf"],
      {},
      /^error: Cannot plan an app from "asdf": .*describe the app: what it keeps track of/,
    ],
    [
      "unknown option",
      ["generate", "--colour"],
      {},
      /^error: unknown option "--colour": see --help for the options$/,
    ],
    [
      "a typo of an option",
      ["generate", "--otu", join(root, "a"), "a blog"],
      {},
      /^error: unknown option "--otu": did you mean --out\? \(see --help\)$/,
    ],
    [
      "an option without its value",
      ["generate", "--out"],
      {},
      /^error: --out needs a value, e.g\. --out my-app$/,
    ],
    [
      "a value for a flag",
      ["generate", "--force=yes"],
      {},
      /^error: --force takes no value: write --force alone$/,
    ],
    ["unknown command", ["build", "a blog"], {}, /unknown command "build"/],
  ];
  for (const [name, args, env, pattern] of cases) {
    await t.step(name, async () => {
      const { code, stdout, stderr } = await run(args, env);
      assert.equal(code, 2, stderr);
      assert.match(stderr.trimEnd(), pattern);
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

Deno.test("main() with --json answers a failure with a JSON error object on stdout", async (t) => {
  const root = Deno.makeTempDirSync();
  Deno.writeTextFileSync(join(root, "file"), "x");
  try {
    for (
      const [name, args, code] of [
        ["unknown option", ["generate", "--json", "--otu", "x"], "bad_usage"],
        [
          "out under a file",
          ["generate", "--json", "--out", join(root, "file", "app")],
          "output_under_file",
        ],
        [
          "unknown provider",
          ["generate", "--json", "--out", join(root, "a"), "--provider", "gpt"],
          "bad_input",
        ],
        [
          "unplannable prompt",
          ["generate", "--json", "--out", join(root, "a"), "asdf"],
          "unrecognised_app",
        ],
      ] as const
    ) {
      await t.step(name, async () => {
        const { code: exit, stdout, stderr } = await run([...args]);
        assert.equal(exit, 2);
        assert.equal(stderr, "");
        const answer = JSON.parse(stdout);
        assert.deepEqual(Object.keys(answer), ["error", "exitCode"]);
        assert.equal(answer.exitCode, 2);
        assert.equal(answer.error.code, code, stdout);
        assert.equal(typeof answer.error.message, "string");
        assert.ok(!answer.error.message.includes("\n"));
      });
    }
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("main() on Ctrl-C cancels the job with one line, keeps the output folder and removes its unfinished copy", async (t) => {
  // A model that takes 2 minutes to answer, so the job is still running when Ctrl-C comes.
  const latencyMs = 120_000;
  const fixture = startOpenAIFixture({ latencyMs });
  const root = Deno.makeTempDirSync();
  const out = join(root, "app");
  mkdirSync(out);
  Deno.writeTextFileSync(join(out, "mine.txt"), "the user's file");
  try {
    for (const json of [false, true]) {
      await t.step(json ? "with --json" : "plain", async () => {
        let handler: (() => void) | undefined;
        let stdout = "";
        let stderr = "";
        const started = performance.now();
        const running = main(
          [
            "generate",
            "--force",
            "--out",
            out,
            "--provider",
            "openai",
            ...(json ? ["--json"] : []),
            "a blog",
          ],
          {
            stdout: (text) => (stdout += text),
            stderr: (text) => (stderr += text),
            env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fixture.url },
            isTty: false,
            onInterrupt: (h) => {
              handler = h;
              return () => (handler = undefined);
            },
          },
        );
        // Ctrl-C once the model was asked (the prompt's screening comes first), whatever is shown.
        const asked = fixture.requests.length + fixture.classifierRequests.length;
        const press = setInterval(() => {
          if (fixture.requests.length + fixture.classifierRequests.length > asked) {
            clearInterval(press);
            handler?.();
          }
        }, 20);
        const code = await running.finally(() => clearInterval(press));
        assert.equal(code, 130);
        // Returned before the model could have answered: the call was abandoned, not awaited.
        assert.ok(performance.now() - started < latencyMs, "the model call was not waited for");
        const lines = stderr.split("\n").filter((l) => l.includes("cancelled"));
        assert.deepEqual(lines, [
          `cancelled: stopping the job; "${out}" is left as it was (Ctrl-C again to quit at once)`,
        ]);
        if (json) {
          assert.equal(JSON.parse(stdout).error.code, "cancelled");
        } else {
          assert.equal(stdout, "", "no cost table, no verdict");
        }
        assert.deepEqual(readdirSync(root), ["app"], "no staging folder left beside it");
        assert.deepEqual(readdirSync(out), ["mine.txt"], "the user's folder as it was");
        assert.equal(handler, undefined, "stopped listening");
      });
    }
  } finally {
    await fixture.close();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("main() shows each retry of a model call that hangs", async () => {
  const fixture = startOpenAIFixture();
  // Every call of the planner hangs: each is timed out, retried, and shown.
  fixture.inject("hang", { agent: "planner", times: 100 });
  const root = Deno.makeTempDirSync();
  try {
    let stderr = "";
    const code = await main([
      "generate",
      "--out",
      join(root, "app"),
      "--provider",
      "openai",
      "a blog",
    ], {
      stdout: () => {},
      stderr: (text) => (stderr += text),
      env: {
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: fixture.url,
        OPENAI_TIMEOUT_MS: "300",
        OPENAI_MAX_RETRIES: "2",
        MAX_RETRIES: "0",
      },
      isTty: false,
    });
    assert.notEqual(code, 0);
    assert.match(
      stderr,
      /planner: Model call timed out[^\n]*; sending it again in [\d.]+ s \(retry 1 of 2\)/,
    );
    assert.match(stderr, /\(retry 2 of 2\)/);
  } finally {
    await fixture.close();
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("main() ends a job that outlives JOB_TIMEOUT_MS with a line saying so, also while the request is screened", async () => {
  const slow = startOpenAIFixture({ latencyMs: 120_000 });
  const root = Deno.makeTempDirSync();
  try {
    let stderr = "";
    const code = await main(
      ["generate", "--out", join(root, "app"), "--provider", "openai", "a blog"],
      {
        stdout: () => {},
        stderr: (text) => (stderr += text),
        env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: slow.url, JOB_TIMEOUT_MS: "1500" },
        isTty: false,
      },
    );
    assert.notEqual(code, 0);
    assert.match(stderr, /Job timed out after 2 s \(JOB_TIMEOUT_MS=1500\)/);
    assert.ok(!existsSync(join(root, "app")), "nothing written");
  } finally {
    await slow.close();
    Deno.removeSync(root, { recursive: true });
  }
});
