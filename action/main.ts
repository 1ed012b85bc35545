/**
 * The entry of the GitHub Action (`action.yml` runs it with `deno run`):
 * wires `@actions/core`, the Octokit of `@actions/github` and `git` into
 * {@link runAction}.
 *
 * @module
 */
import * as core from "@actions/core";
import { getOctokit } from "@actions/github";
import type { Toolchain } from "../pipeline/agents/validator/toolchain.ts";
import type { ActionIo } from "./deps.ts";
import { createGitRunner } from "./git.ts";
import { runAction } from "./run.ts";

/** `@actions/core` as the action's I/O. */
export const coreIo: ActionIo = {
  // Composite actions pass inputs as INPUT_<NAME> with "-" as "_" (see action.yml).
  input: (name) =>
    core.getInput(name) ||
    (Deno.env.get(`INPUT_${name.toUpperCase().replace(/[- ]/g, "_")}`) ?? "").trim(),
  setOutput: (name, value) => core.setOutput(name, value),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  setFailed: (message) => core.setFailed(message),
  writeSummary: async (markdown) => {
    if (!Deno.env.get("GITHUB_STEP_SUMMARY")) return;
    await core.summary.addRaw(markdown, true).write();
  },
};

/**
 * Python for the validator's syntax check (`ast.parse`, nothing generated is
 * run), when `python3` is on PATH. Never an interpreter for the generated
 * tests: generated code does not run on the runner.
 */
async function syntaxOnlyToolchain(): Promise<Toolchain> {
  try {
    const out = await new Deno.Command("python3", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
      stdin: "null",
    }).output();
    return out.success ? { python: "python3" } : {};
  } catch {
    return {};
  }
}

if (import.meta.main) {
  const env = Deno.env.toObject();
  const token = coreIo.input("github-token") || env.GITHUB_TOKEN || "";
  if (token === "") {
    core.setFailed('No GitHub token: set the "github-token" input (default: github.token)');
  } else {
    core.setSecret(token);
    await runAction({
      io: coreIo,
      octokit: getOctokit(token, { baseUrl: env.GITHUB_API_URL || "https://api.github.com" }),
      // git needs PATH, HOME and its own settings, not the tokens and keys.
      git: createGitRunner(Object.fromEntries(
        Object.entries(env).filter(([k]) => !/^(INPUT_|OPENAI_|LANGFUSE_|ACTIONS_)/.test(k)),
      )),
      env,
      now: () => new Date(),
      toolchain: await syntaxOnlyToolchain(),
    });
  }
  // core.setFailed sets process.exitCode, which Deno uses as the exit code.
}
