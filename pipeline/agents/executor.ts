/**
 * The two executors: the frontend one writes `frontend/`, the backend one
 * `backend/`. Each answers with `file_writer` tool calls, which pass the tool
 * allowlist (layer 4) and a path check before anything is kept.
 *
 * @module
 */
import { buildBackendMessages } from "../../prompts/backend.ts";
import { buildFrontendMessages } from "../../prompts/frontend.ts";
import { checkToolAllowlist } from "../../guardrails/allowlist.ts";
import { GuardrailError } from "../../guardrails/errors.ts";
import { sandboxFilePath } from "../../guardrails/sandbox.ts";
import { AGENT_TABLE, type ExecutorName } from "../../core/agents.ts";
import { type ExecutorAnswer, ExecutorAnswerSchema } from "../../core/answers.ts";
import type { GeneratedFile } from "../../core/artifact.ts";
import {
  type CallDeps,
  callModel,
  type JobRun,
  MIN_OUTPUT_TOKENS,
  reservedLedger,
} from "../call.ts";
import { withScaffold } from "../scaffold.ts";
import { maxAnswerTokens, planAnswers } from "./answer_budget.ts";
import { ownerOf, planFileGroups } from "./file_groups.ts";
import { affectedGroups } from "../refine/affected.ts";
import { diffSpecs, specDiffLines } from "../refine/spec_diff.ts";

export { ExecutorAnswerSchema };

export type { ExecutorName };

const FOLDER = (agent: ExecutorName): "frontend/" | "backend/" => AGENT_TABLE[agent].writes;

/**
 * Runs one executor once. When the provider limits its answers
 * (`answerTokens`), the files are asked for in groups (agents/file_groups.ts),
 * one answer each, all at once, each told its output limit; the limits of
 * all of them are planned before the first is sent (agents/answer_budget.ts),
 * so a run that cannot fit is refused before it spends anything. A retry asks
 * again only for the groups whose files the findings name, and an attempt in
 * which some groups failed keeps the others' files (`state.partial`) for the
 * next one. A retry's answers replace the files they write; files not
 * written again stay as they were. Refining an app (`state.refine`), the
 * files stackforge generated last are the current files, and only the
 * groups the spec's change touches are asked again, shown those files.
 * stackforge's own scaffold files (the acceptance runner and scenarios, a
 * favicon) are added to what the model wrote (pipeline/scaffold.ts).
 *
 * @param run Holder of the job's state (must have a spec); the ledger is updated in place.
 * @param deps Model call dependencies.
 * @param agent Which executor.
 * @returns The files it wrote, sorted by path.
 * @throws {GuardrailError} For a refused tool call, a bad path, or a file outside its folder.
 */
export async function runExecutor(
  run: JobRun,
  deps: CallDeps,
  agent: ExecutorName,
): Promise<GeneratedFile[]> {
  const { state } = run;
  const spec = state.spec;
  if (spec === undefined) throw new RangeError(`Cannot run "${agent}": the job has no spec yet`);
  const findings = state.findings.filter((f) => f.agent === agent);
  const current = agent === "fe_executor" ? state.frontend : state.backend;
  // Refining an app: what stackforge generated last stands in for this
  // attempt's files, and only the groups the spec's change touches answer.
  const seed = current === undefined && state.refine !== undefined
    ? state.refine.files.filter((f) => f.path.startsWith(FOLDER(agent)))
    : undefined;
  const previous = current ?? seed;
  const groups = planFileGroups(agent, spec, deps.provider.answerTokens);
  const owner = (file: string) => ownerOf(groups, qualify(file, agent));
  // A finding that names no file could be anywhere: every group answers again.
  const targeted = current !== undefined && findings.length > 0 && findings.every((f) => f.file);
  // Groups a failed attempt already got right are not asked again.
  const saved = new Map((state.partial?.[agent] ?? []).map((p) => [p.group, p.files]));
  const change = seed !== undefined && seed.length > 0
    ? specDiffLines(diffSpecs(state.refine!.base, spec)).join("\n")
    : undefined;
  const rerun =
    (change !== undefined
      ? affectedGroups(agent, groups, state.refine!.base, spec)
      : targeted
      ? groups.filter((g) => findings.some((f) => owner(f.file!) === g))
      : groups).filter((g) => !saved.has(g.name));
  const build = agent === "fe_executor" ? buildFrontendMessages : buildBackendMessages;
  const inputs = rerun.map((group) => ({
    fileGroup: group,
    spec,
    findings: findings.filter((f) => !f.file || owner(f.file) === group),
    ...(previous ? { files: previous.filter((f) => owner(f.path) === group) } : {}),
    ...(groups.length > 1 ? { group } : {}),
    ...(change !== undefined ? { change } : {}),
  }));
  // Every answer's allowance is planned, and reserved, before the first is sent.
  const { provider } = deps;
  const allowances = provider.metered
    ? planAnswers(
      {
        agent,
        limits: state.limits,
        ledger: reservedLedger(run),
        price: provider.priceOf(provider.modelFor(agent)),
        answerTokens: provider.answerTokens,
        ...(provider.outputLimit?.(provider.modelFor(agent)) !== undefined
          ? { modelLimit: provider.outputLimit(provider.modelFor(agent))! }
          : {}),
      },
      inputs.map(({ fileGroup, ...input }) => ({
        estimate: fileGroup.estimate,
        inputTokens: provider.countTokens(build(input)) + LIMIT_PART_TOKENS,
        retry: input.findings.length > 0,
      })),
    )
    : inputs.map(() => maxAnswerTokens(provider.answerTokens));
  const settled = await Promise.allSettled(
    inputs.map(async ({ fileGroup, ...input }, i) => {
      const allowance = allowances[i]!;
      const messages = build({
        ...input,
        ...(provider.metered ? { maxOutputTokens: allowance } : {}),
      });
      const answer = await callModel(run, deps, {
        agent,
        task: { agent, spec, findings: input.findings },
        messages,
        schema: ExecutorAnswerSchema,
        schemaName: "file_writer_calls",
        wantedOutputTokens: Math.max(MIN_OUTPUT_TOKENS, allowance),
      });
      return { group: fileGroup.name, files: checkedFiles(answer, agent) };
    }),
  );
  const done = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) {
    if (groups.length > 1) {
      (state.partial ??= {})[agent] = [...(state.partial?.[agent] ?? []), ...done];
    }
    throw failed.reason;
  }
  if (state.partial) delete state.partial[agent];
  const written = [...saved.values(), ...done.map((d) => d.files)].flat();
  const seen = pathsOnce(written, agent, "attempt");
  // A group asked again for a changed spec writes all its files: those it
  // no longer writes are gone (a removed entity's pages).
  const asked = new Set(change !== undefined ? rerun : []);
  const kept = (previous ?? []).filter((f) => !seen.has(f.path) && !asked.has(owner(f.path)));
  return withScaffold(
    FOLDER(agent),
    spec,
    [...kept, ...written].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  );
}

/** The tokens the output-limit line adds to a message, counted before it is written. */
const LIMIT_PART_TOKENS = 80;

/**
 * One answer's files, each through the allowlist, the folder and the path check.
 *
 * @throws {GuardrailError} For a refused call, a file outside the folder, a bad
 *   path, or a file written twice.
 */
function checkedFiles(answer: ExecutorAnswer, agent: ExecutorName) {
  const files = checkToolAllowlist(answer.tool_calls, agent);
  for (const file of files) {
    if (!file.path.startsWith(FOLDER(agent))) {
      throw new GuardrailError(
        "file_sandbox",
        "wrong_folder",
        `Cannot write ${JSON.stringify(file.path)}: "${agent}" writes only under ${FOLDER(agent)}`,
      );
    }
    // Refuse bad paths now, so the attempt is retried rather than failing at write time.
    sandboxFilePath("/output", file.path);
  }
  pathsOnce(files, agent, "answer");
  return files;
}

/**
 * @returns The paths of `files`.
 * @throws {GuardrailError} When a path comes twice in one answer or attempt.
 */
function pathsOnce(
  files: readonly GeneratedFile[],
  agent: ExecutorName,
  where: "answer" | "attempt",
): Set<string> {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) {
      throw new GuardrailError(
        "tool_allowlist",
        "duplicate_file",
        `Cannot write ${JSON.stringify(file.path)} twice in one ${where} of "${agent}"`,
      );
    }
    seen.add(file.path);
  }
  return seen;
}

/** A finding's file may be named relative to the executor's folder. */
function qualify(file: string, agent: ExecutorName): string {
  return file.startsWith(FOLDER(agent)) ? file : FOLDER(agent) + file.replace(/^\.?\//, "");
}
