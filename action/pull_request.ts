/**
 * Opens the pull request of an issue's branch, or updates the one already
 * open for it, so re-labeling an issue never opens a second pull request.
 *
 * @module
 */
import type { GitHub } from "./octokit.ts";

/** The pull request after {@link upsertPullRequest}. */
export interface PullRequestRef {
  number: number;
  url: string;
  /** True when it was opened now, false when an open one was updated. */
  created: boolean;
}

/**
 * @param octokit An authenticated client (`pull-requests: write`).
 * @param pr Repository, head branch (in the same repository), base, title, body, draft.
 * @returns The pull request.
 * @throws The Octokit `RequestError` when GitHub refuses.
 */
export async function upsertPullRequest(octokit: GitHub, pr: {
  owner: string;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
}): Promise<PullRequestRef> {
  const { owner, repo } = pr;
  const { data: open } = await octokit.rest.pulls.list({
    owner,
    repo,
    head: `${owner}:${pr.head}`,
    state: "open",
    per_page: 10,
  });
  const existing = open.find((p) => p.head.ref === pr.head);
  if (existing) {
    const { data } = await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number: existing.number,
      title: pr.title,
      body: pr.body,
    });
    return { number: data.number, url: data.html_url, created: false };
  }
  const { data } = await octokit.rest.pulls.create({
    owner,
    repo,
    head: pr.head,
    base: pr.base,
    title: pr.title,
    body: pr.body,
    draft: pr.draft,
  });
  return { number: data.number, url: data.html_url, created: true };
}
