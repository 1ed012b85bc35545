import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { closestOption, explainArgsError } from "./cli_args.ts";

const OPTIONS = {
  out: { type: "string" },
  force: { type: "boolean" },
  provider: { type: "string" },
  "user-id": { type: "string" },
  json: { type: "boolean" },
  "log-level": { type: "string" },
  "metrics-port": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function explain(args: string[]): string {
  try {
    parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return explainArgsError(error, OPTIONS, { out: "my-app", provider: "offline" });
  }
  throw new Error(`parseArgs accepted ${args.join(" ")}`);
}

Deno.test("closestOption() suggests the option a typo most likely meant", async (t) => {
  for (
    const [given, expected] of [
      ["--otu", "--out"],
      ["--ot", "--out"],
      ["--output", "--out"],
      ["--Out", "--out"],
      ["--forse", "--force"],
      ["--provder", "--provider"],
      ["--userid", "--user-id"],
      ["--log_level", "--log-level"],
      ["--jsno", "--json"],
      ["-o", "--out"],
      ["-p", "--provider"],
      ["--verbose", undefined],
      ["--x", undefined],
      ["-z", undefined],
    ] as const
  ) {
    await t.step(`${given} → ${expected}`, () => {
      assert.equal(closestOption(given, OPTIONS), expected);
    });
  }
});

Deno.test("explainArgsError() gives one line instead of parseArgs' paragraph", async (t) => {
  for (
    const [args, expected] of [
      [["--otu", "x"], 'unknown option "--otu": did you mean --out? (see --help)'],
      [["--colour"], 'unknown option "--colour": see --help for the options'],
      [["--out"], "--out needs a value, e.g. --out my-app"],
      [
        ["--out", "--force"],
        '--out needs a value, e.g. --out my-app (a value starting with "-" is written --out=-x)',
      ],
      [["--force=yes"], "--force takes no value: write --force alone"],
      [["--user-id"], "--user-id needs a value"],
    ] as const
  ) {
    await t.step(args.join(" "), () => {
      const line = explain([...args]);
      assert.equal(line, expected);
      assert.ok(!line.includes("\n"));
    });
  }
});
