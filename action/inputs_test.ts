import assert from "node:assert/strict";
import { readInputs } from "./inputs.ts";

const from = (values: Record<string, string>) => (name: string) => values[name] ?? "";

Deno.test("readInputs() applies the documented defaults", () => {
  assert.deepEqual(readInputs(from({})), {
    label: "stackforge",
    mode: "all",
    provider: "",
    model: "",
    outputPath: "output",
    baseBranch: "",
    draft: true,
    requireReview: false,
    resultFile: "stackforge-result.json",
    generateResult: "",
  });
});

Deno.test("readInputs() takes the generate job's result and refuses anything GitHub never gives", () => {
  assert.equal(readInputs(from({ "generate-result": "Failure" })).generateResult, "failure");
  assert.throws(
    () => readInputs(from({ "generate-result": "failed" })),
    /Invalid input "generate-result": "failed": use \$\{\{ needs\.generate\.result \}\}/,
  );
});

Deno.test("readInputs() reads budgets, booleans and paths", () => {
  const inputs = readInputs(from({
    "token-budget": "50000",
    "usd-budget": "0.25",
    draft: "false",
    "require-review": "yes",
    "output-path": "apps/generated/",
    "base-branch": "release/v2",
    provider: " OpenAI ",
  }));
  assert.equal(inputs.tokenBudget, 50_000);
  assert.equal(inputs.usdBudget, 0.25);
  assert.equal(inputs.draft, false);
  assert.equal(inputs.requireReview, true);
  assert.equal(inputs.outputPath, "apps/generated");
  assert.equal(inputs.baseBranch, "release/v2");
  assert.equal(inputs.provider, "openai");
});

Deno.test("readInputs() refuses an output path that escapes the workspace or targets .git", () => {
  for (
    const path of [
      "/etc",
      "..",
      "../x",
      "a/../../x",
      ".",
      "./",
      ".git",
      ".git/hooks",
      "-rf",
      "a\0b",
    ]
  ) {
    assert.throws(
      () => readInputs(from({ "output-path": path })),
      /Invalid input "output-path"/,
      path,
    );
  }
});

Deno.test("readInputs() refuses a base branch that could read as an option or refspec", () => {
  for (const branch of ["-x", "a..b", "a:b", "+main", "main.lock", "a b", "/main"]) {
    assert.throws(
      () => readInputs(from({ "base-branch": branch })),
      /Invalid input "base-branch"/,
      branch,
    );
  }
});

Deno.test("readInputs() names the input for a bad number, boolean or mode", () => {
  assert.throws(() => readInputs(from({ "token-budget": "1.5" })), /"token-budget": "1\.5"/);
  assert.throws(() => readInputs(from({ "usd-budget": "-1" })), /"usd-budget"/);
  assert.throws(() => readInputs(from({ draft: "maybe" })), /"draft": "maybe": use true or false/);
  assert.throws(() => readInputs(from({ mode: "push" })), /"mode": "push"/);
});
