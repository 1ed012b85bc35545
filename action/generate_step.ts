/**
 * The generation step: decide whether the event is for us, check who
 * applied the label, sanitise the issue text and run the pipeline into the
 * output folder. It writes nothing to GitHub, so it runs with a read-only
 * token.
 *
 * @module
 */
import { join } from "node:path";
import { erDiagram } from "../pipeline/spec_markdown.ts";
import { summarizeJob } from "../core/summary.ts";
import { generateApp, type GenerateResult } from "../pipeline/generate.ts";
import { sanitizeInput } from "../guardrails/sanitize.ts";
import type { ActionDeps } from "./deps.ts";
import type { IssueEvent } from "./event.ts";
import type { ActionInputs } from "./inputs.ts";
import type { JobDigest, Outcome } from "./outcome.ts";
import { checkLabeler } from "./permissions.ts";

/**
 * @param deps The outside world.
 * @param inputs The checked inputs.
 * @param event The event from the payload file.
 * @param workspace The checked-out repository.
 * @returns What was decided and produced.
 */
export async function generateStep(
  deps: ActionDeps,
  inputs: ActionInputs,
  event: IssueEvent,
  workspace: string,
): Promise<Outcome> {
  if (event.comment !== undefined) {
    const { refineStep } = await import("./refine_step.ts");
    return await refineStep(deps, inputs, event, workspace);
  }
  if (event.action !== "labeled" || event.label?.toLowerCase() !== inputs.label.toLowerCase()) {
    return {
      kind: "ignored",
      reason: event.action === "labeled"
        ? `label "${event.label}" is not "${inputs.label}"`
        : `event action "${event.action}" is not "labeled"`,
    };
  }
  const number = event.issue.number;
  const title = cleanTitle(event.issue.title);
  const issue = { number, title, url: event.issue.url };
  const access = await checkLabeler(deps.octokit, {
    owner: event.owner,
    repo: event.repo,
    username: event.sender,
  });
  if (!access.allowed) {
    return {
      kind: "refused",
      issue,
      reason:
        `@${event.sender} applied the "${inputs.label}" label but has "${access.permission}" ` +
        "access to this repository; only users with write or admin access can start a " +
        "generation. Ask a maintainer to apply the label.",
    };
  }
  if (event.issue.body.trim() === "") {
    return {
      kind: "invalid",
      issue,
      reason: "the issue has no description. Describe the app to build in the issue body " +
        `(its data, pages and who uses it), then remove and re-apply the "${inputs.label}" label.`,
    };
  }
  // The pipeline sanitises the text again and lists what it removed in the report;
  // checking here first turns an unusable issue into a comment, not a failed job.
  const prompt = `${event.issue.title.replace(/\s+/g, " ").trim()}\n\n${event.issue.body}`;
  try {
    sanitizeInput(prompt);
  } catch (error) {
    return {
      kind: "invalid",
      issue,
      reason: `the issue cannot be used: ${(error as Error).message}`,
    };
  }
  try {
    const result = await generateApp(prompt, {
      env: pipelineEnv(deps.env, inputs),
      ...(deps.provider ? { provider: deps.provider } : {}),
      toolchain: deps.toolchain ?? {},
      outDir: join(workspace, inputs.outputPath),
      force: true,
      userId: event.sender.replace(/[^A-Za-z0-9._@-]/g, "_").slice(0, 100) || "github",
      requireHumanReview: inputs.requireReview,
      onEvent: (e) => {
        if (e.type === "agent_finished") {
          deps.io.info(`${e.agent} ${e.ok ? "done" : "failed"}${e.error ? `: ${e.error}` : ""}`);
        } else if (e.type === "guardrail") deps.io.warning(`guardrail ${e.layer}: ${e.detail}`);
      },
    });
    const job = jobDigest(result);
    return { kind: "generated", issue, job };
  } catch (error) {
    return {
      kind: "error",
      issue,
      reason: `the pipeline could not run: ${(error as Error).message}`,
    };
  }
}

/**
 * @param result A finished job.
 * @returns Its digest for the publish job.
 */
export function jobDigest(result: GenerateResult): JobDigest {
  const summary = summarizeJob(result);
  return {
    jobId: summary.jobId,
    status: summary.status,
    ...(summary.reason ? { reason: summary.reason } : {}),
    provider: summary.provider,
    ...(summary.spec && result.spec
      ? {
        spec: {
          title: summary.spec.title,
          summary: summary.spec.summary,
          entities: summary.spec.entities,
          endpoints: summary.spec.endpoints,
          pages: summary.spec.pages,
          erDiagram: erDiagram(result.spec),
        },
      }
      : {}),
    ...(summary.validation ? { validation: summary.validation } : {}),
    files: summary.files.length,
    held: summary.held,
    inputFindings: result.state.inputFindings.map((f) => ({ kind: f.kind, match: f.match })),
    ledger: result.ledger,
    totals: result.totals,
    durationMs: summary.durationMs,
  };
}

/** The sanitised title, for the pull request; empty when nothing is left. */
export function cleanTitle(raw: string): string {
  const title = raw.replace(/\s+/g, " ").trim().slice(0, 300);
  if (title === "") return "";
  try {
    return sanitizeInput(title).text.replace(/\s+/g, " ").slice(0, 300);
  } catch {
    return "";
  }
}
/** The pipeline's configuration: the runner's environment plus the inputs. */
export function pipelineEnv(
  env: ActionDeps["env"],
  inputs: ActionInputs,
): Record<string, string | undefined> {
  return {
    ...env,
    ...(inputs.provider ? { STACKFORGE_PROVIDER: inputs.provider } : {}),
    ...(inputs.model ? { STACKFORGE_MODEL: inputs.model } : {}),
    ...(inputs.tokenBudget ? { JOB_TOKEN_BUDGET: String(inputs.tokenBudget) } : {}),
    ...(inputs.usdBudget ? { JOB_USD_BUDGET: String(inputs.usdBudget) } : {}),
    REQUIRE_HUMAN_REVIEW: String(inputs.requireReview),
  };
}
