/**
 * The action from start to end: read the inputs and the event, then run the
 * generation step, the publishing step, or both (input `mode`), and report
 * through outputs, the job summary and the step's status.
 *
 * @module
 */
import { join } from "node:path";
import type { ActionDeps } from "./deps.ts";
import { readIssueEvent } from "./event.ts";
import { readInputs } from "./inputs.ts";
import { type Outcome, readOutcome, writeOutcome } from "./outcome.ts";
import { type Published, publishStep } from "./publish_step.ts";
import { renderJobSummary, type SummaryContext, validationStatus } from "./summary.ts";

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
