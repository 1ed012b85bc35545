/**
 * The validator agent: deterministic checks first, then the model's review.
 * Every finding names the agent that must fix it; errors send the job back
 * to that agent.
 *
 * The review is given what matters: stackforge's own summary of how the
 * code meets the spec (routes with file:line, each page's calls, the
 * models, the scenario results) and whole files, those the findings
 * concern first, within what the validator has left. It is skipped, and
 * the verdict says why, when it cannot add anything: while the checks
 * still find errors (they go back to their agents first), when the files
 * are the ones it already reviewed, or when too few tokens are left for a
 * useful review.
 *
 * @module
 */
import { buildValidatorMessages, VALIDATOR_MESSAGE_MAX_CHARS } from "../../../prompts/validator.ts";
import { agentTokensLeft, type CallDeps, callModel, type JobRun } from "../../call.ts";
import { runChecks } from "./checks.ts";
import { contractSummary } from "./contract_summary.ts";
import { ReviewSchema } from "../../../core/answers.ts";
import type { GeneratedFile } from "../../../core/artifact.ts";
import { API_CLIENT, BACKEND_ENTRY } from "../../../core/contract.ts";
import type { CheckResult, Finding } from "../../../core/findings.ts";
import type { Toolchain } from "./toolchain.ts";

/** The validator's dependencies beyond a model call's. */
export interface ValidatorDeps extends CallDeps {
  toolchain: () => Promise<Toolchain>;
}

/** Whether the model review ran, and why not when it did not. */
export interface ReviewOutcome {
  status: "ran" | "skipped";
  reason?: string;
  /** A hash of the files it reviewed, so the same files are not reviewed twice. */
  files?: string;
}

/** The validator's verdict. */
export interface Validation {
  checks: CheckResult[];
  findings: Finding[];
  /** True when no finding is an error. */
  passed: boolean;
  review?: ReviewOutcome;
}

/** The review's output allowance. */
const REVIEW_OUTPUT_TOKENS = 3_000;
/** Below this many input tokens a review sees too little to be worth its cost. */
const MIN_REVIEW_INPUT_TOKENS = 3_000;
/** Characters per token of a review message, a low estimate (code and JSON). */
const CHARS_PER_TOKEN = 3;

/**
 * Runs the validator once on the job's current spec and files.
 *
 * @param run Holder of the job's state; the ledger is updated in place.
 * @param deps Model call dependencies and the toolchain.
 * @returns The verdict.
 */
export async function runValidator(
  run: JobRun,
  deps: ValidatorDeps,
): Promise<Validation> {
  const { spec, frontend = [], backend = [] } = run.state;
  if (spec === undefined) throw new RangeError(`Cannot run "validator": the job has no spec yet`);
  const deterministic = await runChecks({
    spec,
    frontend,
    backend,
    toolchain: await deps.toolchain(),
    now: deps.now,
    provider: run.state.provider,
  });
  const files = [...frontend, ...backend];
  const errors = deterministic.findings.filter((f) => f.severity === "error");
  const verdict = (findings: Finding[], review: ReviewOutcome): Validation => ({
    checks: deterministic.checks,
    findings,
    passed: !findings.some((f) => f.severity === "error"),
    review,
  });
  const hash = await filesHash(files);
  const skip = deps.provider.metered ? skipReason(run, errors.length, hash) : undefined;
  if (skip !== undefined) {
    return verdict(deterministic.findings, { status: "skipped", reason: skip });
  }

  const system = buildValidatorMessages({ spec, files: [], deterministicResults: [] })[0]!;
  const inputTokens = agentTokensLeft(run, "validator") - REVIEW_OUTPUT_TOKENS;
  const maxChars = Math.min(
    VALIDATOR_MESSAGE_MAX_CHARS,
    Math.floor((inputTokens - deps.provider.countTokens([system])) * CHARS_PER_TOKEN),
  );
  if (deps.provider.metered && maxChars < MIN_REVIEW_INPUT_TOKENS * CHARS_PER_TOKEN) {
    return verdict(deterministic.findings, {
      status: "skipped",
      reason: `only ${
        Math.max(0, agentTokensLeft(run, "validator")).toLocaleString("en-US")
      } of the validator's tokens are left, too few for a useful review`,
    });
  }
  const messages = buildValidatorMessages({
    spec,
    files,
    deterministicResults: deterministic.checks.map((c) => ({
      check: c.check,
      status: c.status,
      detail: c.detail,
    })),
    summary: contractSummary(spec, frontend, backend, deterministic),
    shown: reviewOrder(files, deterministic.findings),
    ...(deps.provider.metered ? { maxChars } : {}),
  });
  const review = await callModel(run, deps, {
    agent: "validator",
    task: { agent: "validator", spec, files, checks: deterministic.checks },
    messages,
    schema: ReviewSchema,
    schemaName: "review",
    wantedOutputTokens: REVIEW_OUTPUT_TOKENS,
  });
  return verdict([...deterministic.findings, ...review.findings], { status: "ran", files: hash });
}

/** Why the review cannot add anything now, if it cannot. */
function skipReason(run: JobRun, errors: number, hash: string): string | undefined {
  if (errors > 0) {
    return `the deterministic checks found ${errors} error(s), which go back to their agents first; the review runs on the fixed files`;
  }
  const before = run.state.validation?.review;
  if (before?.status === "ran" && before.files === hash) {
    return "the files are the ones it already reviewed";
  }
  return undefined;
}

/**
 * The files a review is shown, most useful first: those the findings name,
 * then the backend's entry point, models, auth and routes, the API client,
 * the pages, and the rest.
 */
function reviewOrder(files: readonly GeneratedFile[], findings: readonly Finding[]): string[] {
  const named = findings.flatMap((f) => (f.file ? [f.file] : []));
  const rank = (path: string): number => {
    if (named.some((n) => path === n || path.endsWith("/" + n))) return 0;
    if (path === BACKEND_ENTRY.file || /^backend\/(?:app\/)?(?:models|schemas)\.py$/.test(path)) {
      return 1;
    }
    if (/^backend\/(?:app\/)?(?:auth|routers\/[a-z0-9_]+)\.py$/.test(path)) return 2;
    if (path === API_CLIENT.file || path === "frontend/lib/types.ts") return 3;
    if (/^frontend\/app\/.*page\.tsx$/.test(path)) return 4;
    if (/^backend\/.*\.py$/.test(path) && !/\/tests?\//.test(path)) return 5;
    if (/^backend\/tests\/test_/.test(path)) return 6;
    return 7;
  };
  return files.map((f, i) => ({ path: f.path, rank: rank(f.path), i }))
    .filter((f) =>
      !/\.(?:json|css|svg|md|ini|txt|mjs)$|\.env|\.gitignore|next-env\.d\.ts$/.test(f.path)
    )
    .sort((a, b) => a.rank - b.rank || a.i - b.i).map((f) => f.path);
}

async function filesHash(files: readonly GeneratedFile[]): Promise<string> {
  const text = files.map((f) => `${f.path}\n${f.content.length}\n${f.content}`).join("\n");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].slice(0, 12).map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}
