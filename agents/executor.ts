/**
 * The two executors: the frontend one writes `frontend/`, the backend one
 * `backend/`. Each answers with `file_writer` tool calls, which pass the tool
 * allowlist (layer 4) and a path check before anything is kept.
 *
 * @module
 */
import { z } from "zod";
import { buildBackendMessages } from "../prompts/backend.ts";
import { buildFrontendMessages } from "../prompts/frontend.ts";
import { checkToolAllowlist, ToolCallSchema } from "../guardrails/allowlist.ts";
import { GuardrailError } from "../guardrails/errors.ts";
import { sandboxFilePath } from "../guardrails/sandbox.ts";
import type { GeneratedFile } from "./artifact.ts";
import { type CallDeps, callModel, type JobRun } from "./call.ts";

/** An executor's answer: tool calls, checked by the allowlist afterwards. */
export const ExecutorAnswerSchema = z.object({
  tool_calls: z.array(ToolCallSchema).min(1).max(300),
});

/** The two executors. */
export type ExecutorName = "fe_executor" | "be_executor";

const FOLDER: Record<ExecutorName, string> = {
  fe_executor: "frontend/",
  be_executor: "backend/",
};

/**
 * Runs one executor once.
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
  const previous = agent === "fe_executor" ? state.frontend : state.backend;
  const input = { spec, findings, ...(previous ? { files: previous } : {}) };
  const answer = await callModel(run, deps, {
    agent,
    task: { agent, spec, findings },
    messages: agent === "fe_executor" ? buildFrontendMessages(input) : buildBackendMessages(input),
    schema: ExecutorAnswerSchema,
    schemaName: "file_writer_calls",
    wantedOutputTokens: 24_000,
  });
  const files = checkToolAllowlist(answer.tool_calls, agent);
  const seen = new Set<string>();
  for (const file of files) {
    if (!file.path.startsWith(FOLDER[agent])) {
      throw new GuardrailError(
        "file_sandbox",
        "wrong_folder",
        `Cannot write ${JSON.stringify(file.path)}: "${agent}" writes only under ${FOLDER[agent]}`,
      );
    }
    // Refuse bad paths now, so the attempt is retried rather than failing at write time.
    sandboxFilePath("/output", file.path);
    if (seen.has(file.path)) {
      throw new GuardrailError(
        "tool_allowlist",
        "duplicate_file",
        `Cannot write ${JSON.stringify(file.path)} twice in one answer of "${agent}"`,
      );
    }
    seen.add(file.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
