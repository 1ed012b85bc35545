/**
 * The action from start to end: read the inputs and the event, then run the
 * generation step, the publishing step, or both (input `mode`), and report
 * through outputs, the job summary and the step's status.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ActionDeps } from "./deps.ts";
import { readIssueEvent } from "./event.ts";
import { type ActionInputs, readInputs } from "./inputs.ts";
import type { IssueEvent } from "./event.ts";
import { type Outcome, readOutcome, writeOutcome } from "./outcome.ts";
import { type Published, publishStep } from "./publish_step.ts";
import { commandOf } from "./refine_step.ts";
import {
  renderGenerationFailedComment,
  renderJobSummary,
  type SummaryContext,
  validationStatus,
} from "./summary.ts";

/** What {@link runAction} did, for tests and logs. */
export interface ActionResult {
  outcome?: Outcome;
  published?: Published;
  /** The message the step failed with, when it did. */
  failed?: string;
}

/**
 * Runs the action. Never throws: every failure is reported with
 * `io.setFailed()` and returned.
 *
 * @param deps The outside world.
 * @returns What happened.
 */
export async function runAction(deps: ActionDeps): Promise<ActionResult> {
  const { io, env } = deps;
  const fail = (message: string, partial: ActionResult = {}): ActionResult => {
    io.setFailed(message);
    return { ...partial, failed: message };
  };
  let inputs, event;
  try {
    inputs = readInputs(io.input);
    event = readIssueEvent(env.GITHUB_EVENT_PATH);
  } catch (error) {
    return fail((error as Error).message);
  }
  const workspace = env.GITHUB_WORKSPACE || Deno.cwd();
  const context: SummaryContext & { workspace: string } = {
    workspace,
    outputPath: inputs.outputPath,
    ...(env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY
      ? {
        runUrl: `${env.GITHUB_SERVER_URL || "https://github.com"}/${env.GITHUB_REPOSITORY}` +
          `/actions/runs/${env.GITHUB_RUN_ID}`,
      }
      : {}),
  };
  const resultFile = join(workspace, inputs.resultFile);
  let outcome: Outcome;
  if (inputs.mode === "publish" && !existsSync(resultFile)) {
    return fail(await reportMissingResult(deps, inputs, event, context));
  }
  try {
    if (inputs.mode === "publish") {
      outcome = readOutcome(resultFile);
    } else {
      outcome = await runGenerate();
    }
  } catch (error) {
    return fail((error as Error).message);
  }
  setOutcomeOutputs(deps, outcome);
  if (inputs.mode === "generate") {
    writeOutcome(resultFile, outcome);
    await io.writeSummary(renderJobSummary(outcome, undefined, context));
    // The publish job reports refusals and failures on the issue (and fails on an error);
    // failing here would skip it and leave the issue without an answer.
    if (outcome.kind === "error") io.warning(outcome.reason);
    return { outcome };
  }
  let published: Published;
  try {
    published = await publishStep(deps, inputs, event, outcome, context);
  } catch (error) {
    return fail((error as Error).message, { outcome });
  }
  if (published.pr) {
    io.setOutput("pr-number", String(published.pr.number));
    io.setOutput("pr-url", published.pr.url);
  }
  if (published.branch) io.setOutput("branch", published.branch);
  await io.writeSummary(
    renderJobSummary(outcome, published.pr, {
      ...context,
      ...(published.branch ? { branch: published.branch } : {}),
    }),
  );
  if (outcome.kind === "ignored") {
    io.info(`Nothing to do: ${outcome.reason}`);
    return { outcome, published };
  }
  if (outcome.kind === "refused" || outcome.kind === "invalid") {
    io.warning(`Not generated: ${outcome.reason}`);
    return { outcome, published };
  }
  if (published.failure) return fail(published.failure, { outcome, published });
  return { outcome, published };

  async function runGenerate(): Promise<Outcome> {
    const { generateStep } = await import("./generate_step.ts");
    return generateStep(deps, inputs!, event!, workspace);
  }
}

/**
 * The generate job left no result (it failed, timed out or its artifact was
 * lost): tell the issue, since nobody else will.
 *
 * @returns The message the step fails with.
 */
async function reportMissingResult(
  deps: ActionDeps,
  inputs: ActionInputs,
  event: IssueEvent,
  context: SummaryContext,
): Promise<string> {
  const { io } = deps;
  const ended = inputs.generateResult === "" || inputs.generateResult === "success"
    ? undefined
    : inputs.generateResult;
  const why = ended
    ? `the generate job ended with "${ended}" before it handed over a result`
    : `no generation result reached this job (no "${inputs.resultFile}"${
      inputs.generateResult === "success" ? " although the generate job succeeded" : ""
    })`;
  io.setOutput("result", "error");
  io.setOutput("validation", "not run");
  // Only runs a person started: a label applied, or a "/stackforge" comment on a pull request.
  const byComment = event.action === "created" && event.comment !== undefined &&
    commandOf(event.comment.body) !== undefined;
  if (event.action === "labeled" || byComment) {
    const retry = byComment
      ? 'post the "/stackforge" comment once more'
      : `remove and re-apply the "${event.label ?? inputs.label}" label`;
    await deps.octokit.rest.issues.createComment({
      owner: event.owner,
      repo: event.repo,
      issue_number: event.issue.number,
      body: renderGenerationFailedComment(why, retry, context),
    }).catch((error: Error) => {
      io.warning(`Cannot comment on issue #${event.issue.number}: ${error.message}`);
    });
  }
  await io.writeSummary(`## stackforge — issue #${event.issue.number}\n\nNot generated: ${why}\n`);
  return `Cannot publish issue #${event.issue.number}: ${why}; see the generate job's log`;
}

function setOutcomeOutputs(deps: ActionDeps, outcome: Outcome): void {
  const { io } = deps;
  io.setOutput("result", outcome.kind);
  if (outcome.kind !== "generated") {
    io.setOutput("validation", "not run");
    return;
  }
  io.setOutput("job-id", outcome.job.jobId);
  io.setOutput("status", outcome.job.status);
  io.setOutput("validation", validationStatus(outcome.job));
  io.setOutput("cost-usd", outcome.job.totals.usd.toFixed(6));
  io.setOutput("tokens", String(outcome.job.totals.tokens));
}
