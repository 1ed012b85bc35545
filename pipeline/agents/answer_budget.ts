/**
 * How an executor's answers share its tokens, planned before the first of
 * them is sent: each file group may answer as much as a model may write,
 * all of them reserved together against what the agent and the job have
 * left. When the allowances do not all fit they are cut towards the groups'
 * estimated sizes (measured on a real model's answers, with a margin); when
 * even those do not fit, the executor is refused up front, saying how much
 * it would need, so no tokens are spent on a job that cannot finish.
 *
 * @module
 */
import {
  BudgetExceededError,
  costUsd,
  type Ledger,
  ledgerTotals,
  type Limits,
  type Price,
} from "../../core/budget.ts";
import { agentEnvName, type ExecutorName } from "../../core/agents.ts";

/** A first answer gets at least its estimate plus this share. */
const FIRST_FLOOR = 1.2;
/** A retry rewrites the files its findings name: at least half its group's estimate. */
const RETRY_FLOOR = 0.5;
const RETRY_MIN = 1_024;

/**
 * The largest output one answer is allowed: twice the size answers are
 * planned to stay under, and never more than the model can write.
 *
 * @param answerTokens The provider's planned answer size.
 * @param modelLimit The model's own output limit, when known.
 * @returns Tokens.
 * @example
 * ```ts
 * import { maxAnswerTokens } from "./answer_budget.ts";
 * if (maxAnswerTokens(12_000) !== 24_000 || maxAnswerTokens(12_000, 16_384) !== 16_384) {
 *   throw new Error();
 * }
 * ```
 */
export function maxAnswerTokens(answerTokens: number | undefined, modelLimit?: number): number {
  return Math.min((answerTokens ?? 12_000) * 2, modelLimit ?? Infinity);
}

/** One answer to plan. */
export interface AnswerRequest {
  /** Estimated output tokens of the group. */
  estimate: number;
  /** Input tokens of its messages. */
  inputTokens: number;
  /** Whether it is a retry (it may rewrite only some of the group's files). */
  retry: boolean;
}

/** What the plan reads of the job. */
export interface BudgetView {
  agent: ExecutorName;
  limits: Limits;
  /** What was spent, with the reservations of calls in flight. */
  ledger: Ledger;
  price: Price | undefined;
  answerTokens: number | undefined;
  /** The model's own output limit, when known. */
  modelLimit?: number;
}

/**
 * Plans the output allowance of every answer of one executor run.
 *
 * @param view The caps, the spend so far and the provider's answer size.
 * @param answers The answers, each with its estimate and input size.
 * @returns The allowance of each answer, in order.
 * @throws {BudgetExceededError} When the answers cannot all fit, before any is sent.
 * @example
 * ```ts
 * import { planAnswers } from "./answer_budget.ts";
 * import { DEFAULT_LIMITS, emptyLedger } from "../../core/budget.ts";
 * const [a, b] = planAnswers(
 *   { agent: "fe_executor", limits: DEFAULT_LIMITS, ledger: emptyLedger(), price: undefined, answerTokens: 12_000 },
 *   [{ estimate: 9_000, inputTokens: 4_000, retry: false }, { estimate: 8_000, inputTokens: 4_000, retry: false }],
 * );
 * if (a! < 9_000 || b! < 8_000) throw new Error();
 * ```
 */
export function planAnswers(view: BudgetView, answers: readonly AnswerRequest[]): number[] {
  const { agent, limits, ledger } = view;
  // Each answer may be as long as a model may write; when the caps are tight
  // the allowances shrink towards the estimates, never below.
  const cap = maxAnswerTokens(view.answerTokens, view.modelLimit);
  const want = answers.map(() => cap);
  const floor = answers.map((a, i) =>
    Math.min(
      want[i]!,
      a.retry
        ? Math.max(RETRY_MIN, Math.ceil(a.estimate * RETRY_FLOOR))
        : Math.ceil(a.estimate * FIRST_FLOOR),
    )
  );
  const input = answers.reduce((n, a) => n + a.inputTokens, 0);
  const spentByAgent = ledger[agent].inputTokens + ledger[agent].outputTokens;
  const agentLeft = limits.agentTokens[agent] - spentByAgent;
  const jobLeft = limits.jobTokens - ledgerTotals(ledger).tokens;
  const left = Math.min(agentLeft, jobLeft);
  const least = input + sum(floor);
  if (least > left) {
    const what = answers.length === 1 ? "1 answer" : `${answers.length} answers`;
    const needs = answers.length === 1 ? "needs" : "need";
    const need = `up to ${least.toLocaleString("en-US")} tokens (${
      input.toLocaleString("en-US")
    } of input, ${sum(floor).toLocaleString("en-US")} of output)`;
    if (agentLeft <= jobLeft) {
      throw new BudgetExceededError(
        "agent_tokens",
        agent,
        `Token cap of "${agent}" reached: its ${what} ${needs} ${need}, but ${
          agentLeft.toLocaleString("en-US")
        } of its ${limits.agentTokens[agent].toLocaleString("en-US")} tokens are left; set ${
          agentEnvName(agent)
        }_TOKEN_LIMIT to at least ${(spentByAgent + least).toLocaleString("en-US")}`,
      );
    }
    throw new BudgetExceededError(
      "job_tokens",
      agent,
      `Job token budget reached: the ${what} of "${agent}" ${needs} ${need}, but ${
        jobLeft.toLocaleString("en-US")
      } of the job's ${
        limits.jobTokens.toLocaleString("en-US")
      } tokens are left; raise JOB_TOKEN_BUDGET`,
    );
  }
  if (view.price !== undefined) {
    const usdLeft = limits.jobUsd - ledgerTotals(ledger).usd;
    const usd = costUsd(view.price, {
      inputTokens: input,
      outputTokens: sum(floor),
      cachedTokens: 0,
    });
    if (usd > usdLeft) {
      throw new BudgetExceededError(
        "job_usd",
        agent,
        `Job USD budget reached: the answers of "${agent}" could cost $${usd.toFixed(6)}, but $${
          usdLeft.toFixed(6)
        } of $${limits.jobUsd} are left; raise JOB_USD_BUDGET`,
      );
    }
  }
  const room = left - input - sum(floor);
  const extra = sum(want) - sum(floor);
  if (extra <= room) return want;
  // Cut every allowance towards its floor by the same share.
  const share = room / extra;
  return answers.map((_, i) => floor[i]! + Math.floor((want[i]! - floor[i]!) * share));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
