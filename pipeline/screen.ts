/**
 * The model classifier's screening of a job's request, before the planner
 * runs: with a model configured, one quarantined, schema-constrained call
 * (`guardrails/injection_classifier.ts`) made as the orchestrator's and
 * charged to its caps; a request the model judges an injection refuses the
 * job. The offline generator (a provider that is unmetered or deterministic)
 * has no model to ask: the screening is skipped and says so.
 *
 * @module
 */
import { GuardrailError } from "../guardrails/errors.ts";
import {
  classifyInjection,
  INJECTION_CLASSIFIER_PROMPT,
} from "../guardrails/injection_classifier.ts";
import type { EventBus } from "../core/events.ts";
import type { ModelProvider } from "../core/provider.ts";
import type { PromptIntegrity } from "../guardrails/integrity.ts";
import { callModel, type JobRun } from "./call.ts";

/** The name the classifier's system prompt is registered under for prompt integrity. */
export const CLASSIFIER_PROMPT_NAME = "injection_classifier";

/** Registered with the other system prompts so layer 1 checks the classifier's too. */
export const CLASSIFIER_PROMPTS = { [CLASSIFIER_PROMPT_NAME]: INJECTION_CLASSIFIER_PROMPT };

/** Output tokens the verdict may take (a boolean and a few short reasons). */
const VERDICT_OUTPUT_TOKENS = 400;

/** What the screening did. */
export interface Screening {
  /** Whether the classifier call was made. */
  ran: boolean;
  /** The verdict, when it ran. */
  injection?: boolean;
  reasons: string[];
  /** One line for people: what was done, or why it was skipped. */
  note: string;
}

/** What {@link screenRequest} needs. */
export interface ScreenDeps {
  provider: ModelProvider;
  integrity: PromptIntegrity;
  bus: EventBus;
  now: () => number;
  signal?: AbortSignal;
}

/**
 * Screens the request of a started job (its prompt, or a refine's change).
 * The call is recorded in `run.state`'s ledger under the orchestrator.
 *
 * @param run Holder of the job's state; its ledger gets the call.
 * @param deps Provider, prompt integrity, events, clock.
 * @returns What the screening did.
 * @throws {GuardrailError} `model_classifier_injection` when the model judges the request an
 *   injection (or answers off-schema: it fails closed), `model_classifier_failed` when the call
 *   could not be made or failed.
 */
export async function screenRequest(run: JobRun, deps: ScreenDeps): Promise<Screening> {
  const { provider } = deps;
  // The offline generator (metered or not) has no model that could judge the request.
  if (!provider.metered || provider.deterministic === true) {
    return {
      ran: false,
      reasons: [],
      note: `model classifier skipped: "${provider.name}" makes no model calls`,
    };
  }
  const request = run.state.refine?.change ?? run.state.prompt;
  let verdict;
  try {
    verdict = await classifyInjection(request, async (messages, schema) => {
      // The fence marker is random per call: layer 1 checks the prompt with it put back.
      const id = /^<<<REQUEST (\S+)>>>/.exec(messages[1]?.content ?? "")?.[1] ?? "{id}";
      const integrity: PromptIntegrity = {
        hashes: deps.integrity.hashes,
        verify: (_name, prompt) =>
          deps.integrity.verify(CLASSIFIER_PROMPT_NAME, prompt.replaceAll(id, "{id}")),
      };
      try {
        return await callModel(run, { ...deps, integrity }, {
          agent: "orchestrator",
          task: { agent: "orchestrator", candidates: [] },
          messages,
          schema,
          schemaName: "injection_verdict",
          wantedOutputTokens: VERDICT_OUTPUT_TOKENS,
        });
      } catch (error) {
        // An off-schema answer is judged by classifyInjection (it fails closed).
        if (error instanceof GuardrailError && error.layer === "output_validation") {
          return undefined;
        }
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof GuardrailError) throw error;
    throw new GuardrailError(
      "input_sanitization",
      "model_classifier_failed",
      `Cannot screen the request with the model classifier: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  if (verdict.injection) {
    const why = verdict.reasons.length > 0 ? verdict.reasons.join("; ") : "no reason given";
    deps.bus.emit({
      type: "guardrail",
      jobId: run.state.jobId,
      layer: "input_sanitization",
      action: "blocked",
      detail: `model classifier: ${why}`,
    });
    throw new GuardrailError(
      "input_sanitization",
      "model_classifier_injection",
      `Refused the request: the model classifier judged it a prompt injection (${why}); ` +
        "describe the app in plain words, without instructions to the model",
    );
  }
  return {
    ran: true,
    injection: false,
    reasons: verdict.reasons,
    note: `model classifier (${provider.modelFor("orchestrator")}): not an injection`,
  };
}
