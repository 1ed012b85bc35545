/**
 * What the action needs from the outside world, injected so tests run it
 * in-process against a local git remote and a fake GitHub API.
 *
 * @module
 */
import type { ModelProvider } from "../core/provider.ts";
import type { Toolchain } from "../pipeline/agents/validator/toolchain.ts";
import type { GitRunner } from "./git.ts";
import type { GitHub } from "./octokit.ts";

/** The slice of `@actions/core` the action uses. */
export interface ActionIo {
  /** An input by name; `""` when unset. */
  input(name: string): string;
  setOutput(name: string, value: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Marks the step failed (exit code 1) with a message. */
  setFailed(message: string): void;
  /** Appends Markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
}

/** Everything {@link runAction} touches. */
export interface ActionDeps {
  io: ActionIo;
  octokit: GitHub;
  git: GitRunner;
  /** `GITHUB_EVENT_PATH`, `GITHUB_WORKSPACE`, `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_RUN_ID`, and the pipeline's variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** The clock (commit messages, logs). */
  now: () => Date;
  /** A provider instance instead of the one named by the inputs (tests). */
  provider?: ModelProvider;
  /**
   * The toolchain the validator may use. Default: none, so generated code is
   * never executed on the runner (no Python checks, no generated tests).
   */
  toolchain?: Toolchain;
}
