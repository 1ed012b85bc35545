/**
 * Test setup shared by the action's tests: a bare repository as `origin`, a
 * clone as the workspace, the fake GitHub API, an event file, and a recording
 * stand-in for `@actions/core`.
 *
 * @module
 */
import { join } from "node:path";
import { getOctokit } from "@actions/github";
import {
  type FakeGitHub,
  type FakeGitHubOptions,
  startFakeGitHub,
} from "../tests/fixtures/github/fake_github.ts";
import type { ActionDeps, ActionIo } from "./deps.ts";
import { createGitRunner, type GitRunner } from "./git.ts";

/** The realistic payload of `issues: labeled`. */
export const EVENT_FIXTURE = new URL(
  "../tests/fixtures/github/issue_labeled.json",
  import.meta.url,
);

/** The parts of the fixture payload tests change. */
export interface EventPayload {
  action: string;
  label?: { name: string };
  sender: { login: string };
  issue: { number: number; title: string; body: string | null };
  [key: string]: unknown;
}

/** A recording {@link ActionIo}. */
export interface RecordingIo extends ActionIo {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  logs: string[];
  warnings: string[];
  failed?: string;
  summary: string;
}

/** @returns A recording io answering the given inputs. */
export function recordingIo(inputs: Record<string, string> = {}): RecordingIo {
  const io: RecordingIo = {
    inputs,
    outputs: {},
    logs: [],
    warnings: [],
    summary: "",
    input: (name) => io.inputs[name] ?? "",
    setOutput: (name, value) => void (io.outputs[name] = value),
    info: (message) => void io.logs.push(message),
    warning: (message) => void io.warnings.push(message),
    setFailed: (message) => void (io.failed = message),
    writeSummary: (markdown) => {
      io.summary += markdown;
      return Promise.resolve();
    },
  };
  return io;
}

/** A sandbox: origin, workspace, fake GitHub. */
export interface Sandbox {
  dir: string;
  origin: string;
  workspace: string;
  github: FakeGitHub;
  git: GitRunner;
  /** Git in the origin (bare) repository. */
  originGit(args: string[]): Promise<string>;
  /** Writes the event file (the fixture, changed by `edit`) and returns its path. */
  writeEvent(edit?: (payload: EventPayload) => void): string;
  deps(io: RecordingIo, eventPath: string, extra?: Partial<ActionDeps>): ActionDeps;
  [Symbol.asyncDispose](): Promise<void>;
}

const IDENTITY = ["-c", "user.name=Test", "-c", "user.email=test@example.com"];

/**
 * @param options The fake GitHub's options (default: `ada` is an admin).
 * @returns The sandbox; dispose it with `await using`.
 */
export async function createSandbox(options: FakeGitHubOptions = {}): Promise<Sandbox> {
  const dir = Deno.makeTempDirSync({ prefix: "stackforge-action-" });
  const origin = join(dir, "origin.git");
  const workspace = join(dir, "workspace");
  const git = createGitRunner(Deno.env.toObject());
  await git(["init", "-q", "--bare", "-b", "main", origin], { cwd: dir });
  await git(["clone", "-q", origin, workspace], { cwd: dir });
  Deno.writeTextFileSync(join(workspace, "README.md"), "# shop\n");
  Deno.writeTextFileSync(join(workspace, ".gitignore"), "output/\n");
  await git(["checkout", "-q", "-b", "main"], { cwd: workspace });
  await git(["add", "README.md", ".gitignore"], { cwd: workspace });
  await git([...IDENTITY, "commit", "-q", "-m", "init"], { cwd: workspace });
  await git(["push", "-q", "origin", "main"], { cwd: workspace });
  const github = startFakeGitHub({ permissions: { ada: "admin" }, ...options });
  let events = 0;
  return {
    dir,
    origin,
    workspace,
    github,
    git,
    originGit: (args) => git(args, { cwd: origin }),
    writeEvent(edit) {
      const payload = JSON.parse(Deno.readTextFileSync(EVENT_FIXTURE));
      edit?.(payload);
      const path = join(dir, `event-${++events}.json`);
      Deno.writeTextFileSync(path, JSON.stringify(payload));
      return path;
    },
    deps(io, eventPath, extra = {}) {
      return {
        io,
        octokit: getOctokit("test-token", { baseUrl: github.url }),
        git,
        env: {
          GITHUB_EVENT_PATH: eventPath,
          GITHUB_WORKSPACE: workspace,
          GITHUB_REPOSITORY: "acme/shop",
          GITHUB_SERVER_URL: "https://github.com",
          GITHUB_RUN_ID: "42",
        },
        now: () => new Date("2026-11-24T12:00:00Z"),
        ...extra,
      };
    },
    async [Symbol.asyncDispose]() {
      await github.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}
