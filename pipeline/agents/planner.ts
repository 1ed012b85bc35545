/**
 * The planner agent: retrieves similar patterns from the library, asks the
 * model for the spec, and checks the spec is consistent.
 *
 * @module
 */
import { buildPlannerMessages, buildPlannerRefineMessages } from "../../prompts/planner.ts";
import type { PatternHit, PatternStore } from "../../rag/store.ts";
import { formatRagContext } from "../../rag/context.ts";
import { GuardrailError } from "../../guardrails/errors.ts";
import { type CallDeps, callModel, type JobRun } from "../call.ts";
import { type Spec, specProblems, SpecSchema } from "../../core/spec.ts";
import { PlannerAnswerSchema } from "../../core/answers.ts";
import { completeSpec } from "../../core/routes.ts";

/** How many patterns the planner retrieves. */
export const RAG_TOP_K = 3;

/** The planner's dependencies beyond a model call's. */
export interface PlannerDeps extends CallDeps {
  patterns: PatternStore;
}

/**
 * Runs the planner once.
 *
 * @param run Holder of the job's state; the ledger is updated in place.
 * @param deps Model call dependencies and the pattern store.
 * @returns The spec and the retrieved patterns.
 * @throws {GuardrailError} When the spec is inconsistent (`invalid_spec`).
 */
export async function runPlanner(
  run: JobRun,
  deps: PlannerDeps,
): Promise<{ spec: Spec; hits: PatternHit[] }> {
  const { state } = run;
  const findings = state.findings.filter((f) => f.agent === "planner");
  const refine = state.refine;
  if (refine !== undefined && refine.change === undefined) {
    // The user wrote this spec: re-planning would replace it with a guess.
    throw new Error(
      `the spec was given, so the planner does not rewrite it${
        findings.length > 0
          ? `; fix these in it: ${findings.slice(0, 3).map((f) => f.message).join("; ")}`
          : ""
      }`,
    );
  }
  const hits = await deps.patterns.search(state.prompt, RAG_TOP_K);
  const ragContext = formatRagContext(hits);
  const previousSpec = state.spec ? { previousSpec: state.spec } : {};
  const answer = await callModel(run, deps, {
    agent: "planner",
    task: {
      agent: "planner",
      prompt: state.prompt,
      patterns: hits.map((h) => ({ id: h.pattern.id, score: h.score })),
      findings,
      ...(refine ? { base: refine.base, change: refine.change } : {}),
    },
    messages: refine
      ? buildPlannerRefineMessages({
        base: refine.base,
        change: refine.change!,
        ragContext,
        findings,
        ...previousSpec,
      })
      : buildPlannerMessages({ prompt: state.prompt, ragContext, findings, ...previousSpec }),
    schema: PlannerAnswerSchema,
    schemaName: "spec",
    wantedOutputTokens: 8_000,
  });
  const { endpoints: _endpoints, pages: _pages, ...base } = answer;
  const derived = SpecSchema.safeParse(completeSpec(base));
  if (!derived.success) {
    throw new GuardrailError(
      "output_validation",
      "invalid_spec",
      `Spec of "planner" is inconsistent: ${
        derived.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      }`,
    );
  }
  const spec = derived.data;
  const problems = specProblems(spec);
  if (problems.length > 0) {
    throw new GuardrailError(
      "output_validation",
      "invalid_spec",
      `Spec of "planner" is inconsistent: ${problems.slice(0, 5).join("; ")}`,
    );
  }
  return { spec, hits };
}
