/**
 * The GitHub Action: label an issue, get a pull request with the generated
 * app. `main.ts` is the entry `action.yml` runs; {@link runAction} is the
 * whole action with its outside world injected.
 *
 * @module
 */
export { type ActionResult, runAction } from "./run.ts";
export type { ActionDeps, ActionIo } from "./deps.ts";
export { type ActionInputs, MODES, readInputs } from "./inputs.ts";
export { type IssueEvent, parseIssueEvent, readIssueEvent } from "./event.ts";
export { type Outcome, OutcomeSchema, readOutcome, writeOutcome } from "./outcome.ts";
export { branchFor, createGitRunner, type GitRunner, publishBranch } from "./git.ts";
export { type PullRequestRef, upsertPullRequest } from "./pull_request.ts";
export { checkLabeler } from "./permissions.ts";
