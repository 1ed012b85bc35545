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
  if (outcome.issue.number !== event.issue.number) {
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
  const branch = branchFor(outcome.issue.number);
  const base = inputs.baseBranch || event.defaultBranch;
  const ctx = { ...context, branch };
  let pushed;
  try {
    pushed = await publishBranch(deps.git, {
      cwd: context.workspace,
      outputPath: inputs.outputPath,
      branch,
      base,
      message: `stackforge: generate the app of #${outcome.issue.number}\n\n` +
        `Job ${outcome.job.jobId}, provider ${outcome.job.provider}, ` +
        `generated ${deps.now().toISOString()}.`,
    });
  } catch (error) {
    const failure = `the branch \`${branch}\` could not be pushed: ${(error as Error).message}`;
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
    const status = (error as { status?: number }).status;
    const failure =
      `the pull request could not be opened (GitHub answered ${status ?? "with an error"}: ${
        (error as Error).message
      }). The branch \`${branch}\` was pushed; ` +
      `open a pull request from it into \`${base}\` by hand, or re-apply the label to retry`;
    await comment(renderIssueComment(outcome, undefined, failure, ctx));
    return { branch, failure };
  }
  await comment(renderIssueComment(outcome, pr, undefined, ctx));
  return { pr, branch };
}
