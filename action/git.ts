/**
 * Commits the output folder to the branch `stackforge/issue-<n>` and pushes
 * it, with git called through argument arrays only (no shell, and no issue
 * text reaches the command line). The commit is built in a temporary index
 * on top of the branch's tip (or the base branch), so the workspace is left
 * as it was and only the output folder differs from the parent commit.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";

/** Runs `git` with arguments; resolves with stdout, rejects with stderr in the message. */
export type GitRunner = (
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
) => Promise<string>;

/**
 * The real runner: `execFile("git", args)`, never a shell.
 *
 * @param baseEnv The environment git inherits (PATH, HOME, credentials helpers).
 * @returns The runner.
 */
export function createGitRunner(baseEnv: Record<string, string | undefined>): GitRunner {
  return (args, options) =>
    new Promise((resolve, reject) => {
      execFile("git", args, {
        cwd: options.cwd,
        env: { ...baseEnv, ...options.env, GIT_TERMINAL_PROMPT: "0" },
        maxBuffer: 64 * 1024 * 1024,
      }, (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`git ${args[0]} failed: ${String(stderr).trim() || error.message}`),
          );
        } else resolve(String(stdout));
      });
    });
}

/** The branch of an issue. */
export function branchFor(issue: number): string {
  return `stackforge/issue-${issue}`;
}

/** What {@link publishBranch} did. */
export interface PublishedBranch {
  branch: string;
  commit: string;
  /** The branch did not exist on `origin` before. */
  created: boolean;
  /** False when the branch already held exactly this output (nothing pushed). */
  changed: boolean;
}

/** The identity commits are made with. */
export const BOT_AUTHOR = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
};

/**
 * Commits `outputPath` of the workspace onto the issue's branch and pushes it.
 *
 * @param git The runner.
 * @param options Workspace, folder, branch, base branch, commit message.
 * @returns The branch and commit.
 * @throws {Error} When a git command fails, with git's message.
 */
export async function publishBranch(git: GitRunner, options: {
  cwd: string;
  outputPath: string;
  branch: string;
  base: string;
  message: string;
  author?: { name: string; email: string };
  /**
   * The commit the output was made from (a refine of the branch): the new
   * commit goes on top of it only, so a commit someone pushed meanwhile is
   * never overwritten.
   */
  onTopOf?: string;
}): Promise<PublishedBranch> {
  const { cwd, outputPath, branch, base } = options;
  const run = (args: string[], env?: Record<string, string>) =>
    git(args, { cwd, ...(env ? { env } : {}) }).then((out) => out.trim());
  await run(["fetch", "--no-tags", "origin", `+refs/heads/${base}:refs/remotes/origin/${base}`]);
  const existing = await run(["ls-remote", "--heads", "origin", `refs/heads/${branch}`]);
  const created = existing === "";
  if (!created) {
    await run([
      "fetch",
      "--no-tags",
      "origin",
      `+refs/heads/${branch}:refs/remotes/origin/${branch}`,
    ]);
  }
  const parent = await run([
    "rev-parse",
    "--verify",
    `refs/remotes/origin/${created ? base : branch}^{commit}`,
  ]);
  if (options.onTopOf !== undefined && (created || parent !== options.onTopOf)) {
    throw new Error(
      created
        ? `the branch ${branch} no longer exists on origin`
        : `the branch ${branch} moved to ${parent.slice(0, 7)} while the app was changed on ` +
          `${
            options.onTopOf.slice(0, 7)
          }; nothing was pushed over it: comment again to change the latest`,
    );
  }
  // The temporary index lives in the repository's own git folder: no other folder is written.
  const gitDir = resolve(cwd, await run(["rev-parse", "--git-dir"]));
  const index = join(gitDir, `stackforge-index-${crypto.randomUUID()}`);
  const withIndex = { GIT_INDEX_FILE: index };
  try {
    await run(["read-tree", parent], withIndex);
    await run(
      ["rm", "-r", "-q", "--cached", "-f", "--ignore-unmatch", "--", outputPath],
      withIndex,
    );
    // -f: the output folder is often in .gitignore.
    await run(["add", "-f", "-A", "--", outputPath], withIndex);
    const tree = await run(["write-tree"], withIndex);
    const parentTree = await run(["rev-parse", `${parent}^{tree}`]);
    if (!created && tree === parentTree) {
      return { branch, commit: parent, created, changed: false };
    }
    const author = options.author ?? BOT_AUTHOR;
    const commit = await run(["commit-tree", tree, "-p", parent, "-m", options.message], {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
    });
    await run(["push", "origin", `${commit}:refs/heads/${branch}`]);
    return { branch, commit, created, changed: true };
  } finally {
    rmSync(index, { force: true });
  }
}
