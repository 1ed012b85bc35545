/**
 * Reads the `issues: labeled` event, or an `issue_comment: created` event
 * (a `/stackforge <change>` comment on a pull request), from the payload
 * file GitHub wrote (`GITHUB_EVENT_PATH`). The issue and the comment are
 * taken from the payload, not fetched again, so an edit made after the label
 * was applied or the comment was posted cannot slip in.
 *
 * @module
 */
import { readFileSync } from "node:fs";

/** What the action needs from an `issues` event. */
export interface IssueEvent {
  /** The event's action, e.g. `labeled`. */
  action: string;
  /** The label just applied (absent for other actions). */
  label?: string;
  /** Login of the user who applied it. */
  sender: string;
  owner: string;
  repo: string;
  defaultBranch: string;
  issue: { number: number; title: string; body: string; url: string };
  /** Whether the issue is a pull request (comments on pull requests are issue comments). */
  pullRequest: boolean;
  /** The comment of an `issue_comment` event. */
  comment?: { id: number; body: string };
}

/**
 * Parses an `issues` event payload.
 *
 * @param payload The parsed JSON.
 * @returns The event.
 * @throws {TypeError} When the payload is not an issues event, naming the missing field.
 * @example
 * ```ts
 * import { parseIssueEvent } from "./event.ts";
 * const event = parseIssueEvent({
 *   action: "labeled", label: { name: "stackforge" }, sender: { login: "ada" },
 *   repository: { name: "app", owner: { login: "acme" }, default_branch: "main" },
 *   issue: { number: 3, title: "A blog", body: null, html_url: "https://github.com/acme/app/issues/3" },
 * });
 * if (event.issue.body !== "") throw new Error();
 * ```
 */
export function parseIssueEvent(payload: unknown): IssueEvent {
  const p = record(payload, "payload");
  const issue = record(p.issue, "issue");
  const repository = record(p.repository, "repository");
  const label = p.label === undefined || p.label === null
    ? undefined
    : string(record(p.label, "label").name, "label.name");
  const comment = p.comment === undefined || p.comment === null
    ? undefined
    : record(p.comment, "comment");
  const number = issue.number;
  if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 1) {
    throw new TypeError(`Cannot read the event: issue.number: expected a positive integer`);
  }
  return {
    action: string(p.action, "action"),
    ...(label === undefined ? {} : { label }),
    sender: string(record(p.sender, "sender").login, "sender.login"),
    owner: string(record(repository.owner, "repository.owner").login, "repository.owner.login"),
    repo: string(repository.name, "repository.name"),
    defaultBranch: typeof repository.default_branch === "string"
      ? repository.default_branch
      : "main",
    issue: {
      number,
      title: string(issue.title, "issue.title"),
      // GitHub sends `null` for an issue without a description.
      body: issue.body === null || issue.body === undefined ? "" : string(issue.body, "issue.body"),
      url: string(issue.html_url, "issue.html_url"),
    },
    pullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    ...(comment === undefined ? {} : {
      comment: {
        id: typeof comment.id === "number" ? comment.id : 0,
        body: comment.body === null ? "" : string(comment.body, "comment.body"),
      },
    }),
  };
}

/**
 * Reads and parses the payload file.
 *
 * @param path The value of `GITHUB_EVENT_PATH`.
 * @returns The event.
 * @throws {TypeError} When the file is missing, not JSON, or not an issues event.
 */
export function readIssueEvent(path: string | undefined): IssueEvent {
  if (!path) {
    throw new TypeError("Cannot read the event: GITHUB_EVENT_PATH is not set; run on `issues`");
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new TypeError(`Cannot read the event "${path}": ${(error as Error).message}`);
  }
  try {
    return parseIssueEvent(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new TypeError(`Cannot read the event "${path}": ${error.message}`);
    }
    throw error;
  }
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Cannot read the event: ${name}: expected an object`);
  }
  return value as Record<string, unknown>;
}

function string(value: unknown, name: string): string {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot read the event: ${name}: expected a string`);
  }
  return value;
}
