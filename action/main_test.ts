import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "./_testing.ts";
import { parseYaml, type Yaml } from "./_yaml.ts";

type Map = { [key: string]: Yaml };
const ACTION_DIR = new URL(".", import.meta.url).pathname.replace(/\/$/, "");
const action = parseYaml(Deno.readTextFileSync(join(ACTION_DIR, "action.yml"))) as Map;
const step = ((action.runs as Map).steps as Map[])[1]!;

/** The step's env as the runner would build it from the inputs and their defaults. */
function stepEnv(inputs: Record<string, string>, token: string): Record<string, string> {
  const declared = action.inputs as Record<string, Map>;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(step.env as Record<string, string>)) {
    const name = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value)?.[1];
    assert.ok(name, `${key} maps an input`);
    const fallback = String(declared[name]!.default ?? "");
    env[key] = inputs[name] ?? (fallback === "${{ github.token }}" ? token : fallback);
  }
  return env;
}

/** Reads the file `core.setOutput` writes (`name<<delimiter` blocks). */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

Deno.test("action.yml's run script runs main.ts with its narrow permissions, writing outputs and the job summary", async () => {
  await using box = await createSandbox();
  const eventPath = box.writeEvent();
  const outputFile = join(box.dir, "github_output");
  const summaryFile = join(box.dir, "step_summary");
  Deno.writeTextFileSync(outputFile, "");
  Deno.writeTextFileSync(summaryFile, "");
  const child = await new Deno.Command("bash", {
    args: ["-c", String(step.run)],
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? box.dir,
      ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
      ...stepEnv({}, "test-token"),
      GITHUB_ACTION_PATH: ACTION_DIR,
      GITHUB_WORKSPACE: box.workspace,
      RUNNER_TEMP: box.dir,
      GITHUB_API_URL: box.github.url,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/shop",
      GITHUB_RUN_ID: "42",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const log = new TextDecoder().decode(child.stdout) + new TextDecoder().decode(child.stderr);
  assert.equal(child.code, 0, log);
  const outputs = readOutputs(Deno.readTextFileSync(outputFile));
  assert.equal(outputs["result"], "generated", log);
  assert.equal(outputs["pr-number"], "101");
  assert.equal(outputs["pr-url"], "https://github.com/acme/shop/pull/101");
  assert.equal(outputs["validation"], "passed");
  assert.equal(outputs["cost-usd"], "0.000000");
  assert.match(outputs["job-id"] ?? "", /^[0-9a-f-]{36}$/);
  const summary = Deno.readTextFileSync(summaryFile);
  assert.match(summary, /```mermaid\nerDiagram/);
  assert.match(summary, /Per-Agent Token Usage:/);
  if (await hasPython()) assert.match(summary, /The Python parses \| ✅ passed/);
  assert.equal(box.github.pulls.length, 1);
  assert.ok(box.github.requests.every((r) => r.authorization === "token test-token"));
  assert.match(log, /^::add-mask::test-token$/m, "the runner is told to mask the token");
  assert.doesNotMatch(log.replace(/^::add-mask::.*$/gm, ""), /test-token/, "nor is it logged");
  const files = await box.originGit(["ls-tree", "-r", "--name-only", "stackforge/issue-7"]);
  assert.match(files, /^output\/VALIDATION_REPORT\.md$/m);
});

Deno.test("main.ts exits 1 with the reason when the event file is missing", async () => {
  await using box = await createSandbox();
  const child = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", `--allow-read=${box.dir}`, join(ACTION_DIR, "main.ts")],
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: Deno.env.get("HOME") ?? box.dir,
      GITHUB_EVENT_PATH: join(box.dir, "none.json"),
      INPUT_GITHUB_TOKEN: "test-token",
      GITHUB_WORKSPACE: box.workspace,
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(child.stdout);
  assert.equal(child.code, 1, out);
  assert.match(out, /::error::Cannot read the event/);
});

async function hasPython(): Promise<boolean> {
  try {
    return (await new Deno.Command("python3", { args: ["--version"] }).output()).success;
  } catch {
    return false;
  }
}
