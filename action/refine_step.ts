/**
 * The generation step for a `/stackforge <change>` comment on one of
 * stackforge's pull requests: check who commented (write access, as for the
 * label), check the pull request is stackforge's (`stackforge/issue-<n>`,
 * from this repository), and refine the app its head holds — the workflow
 * checked that head out — in place, so commits people pushed to the branch
 * are merged, never overwritten. It writes nothing to GitHub.
 *
 * @module
 */
import { join } from "node:path";
import { InputError } from "../core/errors.ts";
import { sanitizeInput } from "../guardrails/sanitize.ts";
import { refineApp } from "../pipeline/refine/refine.ts";
import { specDiffLines } from "../pipeline/refine/spec_diff.ts";
import { conflictsOf } from "../pipeline/refine/update_report.ts";
import type { ActionDeps } from "./deps.ts";
import type { IssueEvent } from "./event.ts";
import { cleanTitle, jobDigest, pipelineEnv } from "./generate_step.ts";
import type { ActionInputs } from "./inputs.ts";
import type { Outcome } from "./outcome.ts";
import { checkLabeler } from "./permissions.ts";

/** The command a comment starts with. */
export const COMMAND = "/stackforge";

const BRANCH = /^stackforge\/issue-(\d+)$/;

/**
 * The change a comment asks for.
 *
 * @param body The comment's text.
 * @returns The change (possibly empty), or undefined when the comment is not a command.
 * @example
 * ```ts
 * import { commandOf } from "./refine_step.ts";
 * if (commandOf("/stackforge add tags to recipes") !== "add tags to recipes") throw new Error();
 * if (commandOf("nice work /stackforge") !== undefined) throw new Error();
 * ```
 */
export function commandOf(body: string): string | undefined {
  const text = body.replace(/\r\n?/g, "\n").trimStart();
  const match = text.match(/^\/stackforge(?:[ \t]+|\n|$)([\s\S]*)$/);
  return match === null ? undefined : match[1]!.trim();
}

/**
 * @param deps The outside world.
 * @param inputs The checked inputs.
 * @param event An `issue_comment` event.
 * @param workspace The checked-out head of the pull request.
 * @returns What was decided and produced.
 */
export async function refineStep(
  deps: ActionDeps,
  inputs: ActionInputs,
  event: IssueEvent,
  workspace: string,
): Promise<Outcome> {
  const change = event.action === "created" ? commandOf(event.comment?.body ?? "") : undefined;
  if (change === undefined) {
    return {
      kind: "ignored",
      reason: event.action === "created"
        ? `the comment does not start with "${COMMAND}"`
        : `event action "${event.action}" is not "created"`,
    };
  }
  const number = event.issue.number;
  const here = { number, title: cleanTitle(event.issue.title), url: event.issue.url };
  if (!event.pullRequest) {
    return {
      kind: "invalid",
      issue: here,
      reason: `\`${COMMAND} <change>\` works on the pull requests stackforge opened; ` +
        `to generate an app from this issue, apply the "${inputs.label}" label`,
    };
  }
  const access = await checkLabeler(deps.octokit, {
    owner: event.owner,
    repo: event.repo,
    username: event.sender,
  });
  if (!access.allowed) {
    return {
      kind: "refused",
      issue: here,
      reason: `@${event.sender} asked for a change but has "${access.permission}" access to ` +
        "this repository; only users with write or admin access can change the app. " +
        "Ask a maintainer to comment.",
    };
  }
  if (change === "") {
    return {
      kind: "invalid",
      issue: here,
      reason: `say what to change after ${COMMAND}, e.g. "${COMMAND} add tags to recipes"`,
    };
  }
  let text: string;
  try {
    text = sanitizeInput(change).text;
  } catch (error) {
    return {
      kind: "invalid",
      issue: here,
      reason: `the change cannot be used: ${(error as Error).message}`,
    };
  }
  const { data: pull } = await deps.octokit.rest.pulls.get({
    owner: event.owner,
    repo: event.repo,
    pull_number: number,
  });
  const branch = pull.head.ref;
  const issueNumber = Number(branch.match(BRANCH)?.[1] ?? NaN);
  if (!Number.isSafeInteger(issueNumber)) {
    return {
      kind: "invalid",
      issue: here,
      reason: `this pull request's branch "${branch}" is not one stackforge opened ` +
        "(stackforge/issue-<n>); only those can be changed with a comment",
    };
  }
  const fullName = `${event.owner}/${event.repo}`;
  if (pull.head.repo?.full_name !== undefined && pull.head.repo.full_name !== fullName) {
    return {
      kind: "refused",
      issue: here,
      reason: `the pull request comes from another repository (${pull.head.repo.full_name})`,
    };
  }
  const issue = {
    number: issueNumber,
    title: cleanTitle(pull.title.replace(/^stackforge:\s*/, "")),
    url: event.issue.url,
  };
  const checkedOut = (await deps.git(["rev-parse", "HEAD"], { cwd: workspace })).trim();
  if (checkedOut !== pull.head.sha) {
    return {
      kind: "error",
      issue: here,
      reason: `the workspace holds ${checkedOut.slice(0, 7)}, not the pull request's head ` +
        `${pull.head.sha.slice(0, 7)}: the workflow must check out refs/pull/${number}/head ` +
        "(see the example workflow)",
    };
  }
  try {
    const result = await refineApp(join(workspace, inputs.outputPath), text, {
      env: pipelineEnv(deps.env, inputs),
      ...(deps.provider ? { provider: deps.provider } : {}),
      toolchain: deps.toolchain ?? {},
      userId: event.sender.replace(/[^A-Za-z0-9._@-]/g, "_").slice(0, 100) || "github",
      requireHumanReview: inputs.requireReview,
      onEvent: (e) => {
        if (e.type === "agent_finished") {
          deps.io.info(`${e.agent} ${e.ok ? "done" : "failed"}${e.error ? `: ${e.error}` : ""}`);
        } else if (e.type === "guardrail") deps.io.warning(`guardrail ${e.layer}: ${e.detail}`);
      },
    });
    return {
      kind: "generated",
      issue,
      job: jobDigest(result),
      refine: {
        pr: number,
        branch,
        head: pull.head.sha,
        change: text,
        specDiff: result.specDiff ? specDiffLines(result.specDiff) : [],
        conflicts: conflictsOf(result.update ?? []).map((f) => f.path),
      },
    };
  } catch (error) {
    return {
      kind: error instanceof InputError ? "invalid" : "error",
      issue: here,
      reason: `the app could not be changed: ${(error as Error).message}`,
    };
  }
}
