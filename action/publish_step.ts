/**
 * The publishing step: push the output folder to the issue's branch, open or
 * update its pull request, comment on the issue. It needs `contents: write`,
 * `pull-requests: write` and `issues: write`, and runs no generated code.
 *
 * @module
 */
import type { ActionDeps } from "./deps.ts";
import type { IssueEvent } from "./event.ts";
import { branchFor, publishBranch } from "./git.ts";
import type { ActionInputs } from "./inputs.ts";
import type { Outcome } from "./outcome.ts";
import { type PullRequestRef, upsertPullRequest } from "./pull_request.ts";
import { renderIssueComment, renderPullRequestBody, type SummaryContext } from "./summary.ts";

/** What {@link publishStep} did. */
export interface Published {
  pr?: PullRequestRef;
  branch?: string;
  /** Why publishing failed, when it did (the step is marked failed). */
  failure?: string;
}

/**
 * @param deps The outside world.
 * @param inputs The checked inputs.
 * @param event The event from the payload file.
 * @param outcome What the generation step decided.
 * @param context Workspace and links.
 * @returns The pull request and branch, or the failure.
 */
export async function publishStep(
  deps: ActionDeps,
  inputs: ActionInputs,
  event: IssueEvent,
  outcome: Outcome,
  context: SummaryContext & { workspace: string },
): Promise<Published> {
  if (outcome.kind === "ignored") return {};
  const refine = outcome.kind === "generated" ? outcome.refine : undefined;
  // A comment's refine is about the pull request it was posted on.
  const about = refine?.pr ??
    (outcome.kind === "generated" || event.comment === undefined
      ? outcome.issue.number
      : event.issue.number);
  if (about !== event.issue.number) {
    throw new RangeError(
      `Cannot publish: the generation result is for issue #${outcome.issue.number}, ` +
        `the event for #${event.issue.number}`,
    );
  }
  const comment = (body: string) =>
    deps.octokit.rest.issues.createComment({
      owner: event.owner,
      repo: event.repo,
      issue_number: event.issue.number,
      body,
    }).then(() => undefined, (error: Error) => {
      deps.io.warning(`Cannot comment on issue #${event.issue.number}: ${error.message}`);
    });
  if (outcome.kind !== "generated") {
    await comment(renderIssueComment(outcome, undefined, undefined, context));
    return { failure: outcome.reason };
  }
  if (refine !== undefined && !["succeeded", "partial"].includes(outcome.job.status)) {
    // A refine that failed changed nothing: the pull request stays as it is.
    const failure = `the change was not made: the job ${outcome.job.status}${
      outcome.job.reason ? `: ${outcome.job.reason}` : ""
    }`;
    await comment(renderIssueComment(outcome, undefined, failure, context));
    return { failure };
  }
  const branch = refine?.branch ?? branchFor(outcome.issue.number);
  const base = inputs.baseBranch || event.defaultBranch;
  const ctx = { ...context, branch };
  let pushed;
  try {
    pushed = await publishBranch(deps.git, {
      cwd: context.workspace,
      outputPath: inputs.outputPath,
      branch,
      base,
      message: refine
        ? `stackforge: ${refine.change.replace(/\s+/g, " ").slice(0, 60)}\n\n` +
          `Asked for in a comment on #${refine.pr}. Job ${outcome.job.jobId}, provider ` +
          `${outcome.job.provider}, generated ${deps.now().toISOString()}.`
        : `stackforge: generate the app of #${outcome.issue.number}\n\n` +
          `Job ${outcome.job.jobId}, provider ${outcome.job.provider}, ` +
          `generated ${deps.now().toISOString()}.`,
      ...(refine ? { onTopOf: refine.head } : {}),
    });
  } catch (error) {
    const message = (error as Error).message;
    const denied = /permission to .* denied|\b403\b|write access to repository not granted/i
      .test(message);
    const failure = `the branch \`${branch}\` could not be pushed: ${message}${
      denied ? "; the publish job needs `permissions: contents: write`" : ""
    }`;
    await comment(renderIssueComment(outcome, undefined, failure, ctx));
    return { failure };
  }
  deps.io.info(
    pushed.changed ? `Pushed ${pushed.commit} to ${branch}` : `${branch} already holds this output`,
  );
  const validationFailed = !["succeeded", "partial"].includes(outcome.job.status) ||
    outcome.job.validation?.passed !== true;
  const title = `stackforge: ${outcome.issue.title || `app of issue #${outcome.issue.number}`}`
    .slice(0, 120);
  let pr: PullRequestRef;
  try {
    pr = await upsertPullRequest(deps.octokit, {
      owner: event.owner,
      repo: event.repo,
      head: branch,
      base,
      title,
      body: renderPullRequestBody(outcome, ctx),
      // A failed validation is never offered as ready to merge.
      draft: inputs.draft || validationFailed,
    });
  } catch (error) {
    const failure = pullRequestFailure(error, branch, base, event.label ?? inputs.label);
    await comment(renderIssueComment(outcome, undefined, failure, ctx));
    return { branch, failure };
  }
  await comment(renderIssueComment(outcome, pr, undefined, ctx));
  return { pr, branch };
}

/** The Settings page and option that let `GITHUB_TOKEN` open pull requests. */
export const ALLOW_PULL_REQUESTS_SETTING =
  'Settings → Actions → General → Workflow permissions → "Allow GitHub Actions to create and approve pull requests"';

/**
 * Why a pull request could not be opened, and what to do. A 403 is almost
 * always the repository setting that is off by default, or a publish job
 * without `pull-requests: write`.
 *
 * @param error What Octokit threw.
 * @param branch The branch that was pushed.
 * @param base The branch the pull request targets.
 * @param label The label to re-apply.
 * @returns The failure, for the step and the issue comment.
 * @example
 * ```ts
 * import { pullRequestFailure } from "./publish_step.ts";
 * const error = Object.assign(
 *   new Error("GitHub Actions is not permitted to create or approve pull requests."),
 *   { status: 403 },
 * );
 * const text = pullRequestFailure(error, "stackforge/issue-7", "main", "stackforge");
 * if (!text.includes("Allow GitHub Actions to create and approve pull requests")) throw new Error(text);
 * ```
 */
export function pullRequestFailure(
  error: unknown,
  branch: string,
  base: string,
  label: string,
): string {
  const status = (error as { status?: number }).status;
  const message = error instanceof Error ? error.message : String(error);
  const pushed = `The branch \`${branch}\` was pushed`;
  if (status === 403) {
    const notAllowed = /not permitted to create or approve pull requests/i.test(message);
    const noScope = /not accessible by integration/i.test(message);
    const fix = noScope
      ? "give the publish job `permissions: pull-requests: write`"
      : `turn on ${ALLOW_PULL_REQUESTS_SETTING}${
        notAllowed ? "" : " and check that the publish job has `pull-requests: write`"
      } (or publish with a GitHub App token)`;
    return `GitHub refused to open the pull request (403: ${message}): ${fix}, ` +
      `then re-apply the "${label}" label. ${pushed}; a pull request from it into ` +
      `\`${base}\` can also be opened by hand`;
  }
  return `the pull request could not be opened (GitHub answered ${
    status ?? "with an error"
  }: ${message}). ` +
    `${pushed}; open a pull request from it into \`${base}\` by hand, or re-apply the ` +
    `"${label}" label to retry`;
}
