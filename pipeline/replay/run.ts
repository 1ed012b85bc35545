/**
 * Replays a recorded model session through the whole pipeline: the
 * `openai` provider against a loopback server ({@link startReplayServer})
 * that answers each request with the recorded answer of the same agent and
 * file group. This is how a session of a real model becomes a regression
 * test: its answers were not written to fit stackforge's checks.
 *
 * @module
 */
import { DEFAULT_ANSWER_TOKENS } from "../../core/provider.ts";
import type { AgentName } from "../../core/agents.ts";
import type { Limits } from "../../core/budget.ts";
import type { EventListener } from "../../core/events.ts";
import { createOpenAIProvider } from "../../providers/openai/provider.ts";
import { createPipeline, generateApp, type GenerateResult } from "../generate.ts";
import type { Toolchain } from "../agents/validator/toolchain.ts";
import { loadRecording, type Recording } from "./recording.ts";
import { type ServedCall, startReplayServer } from "./server.ts";

/** Options of {@link replayRecording}. */
export interface ReplayOptions {
  /** The app's output folder (default: a new temporary folder). */
  outDir?: string;
  /** Which recorded calls, inclusive (default: the last run in the folder). */
  range?: [number, number];
  /** Only answer file groups that match the recording's. */
  strict?: boolean;
  /** Milliseconds every answer waits (default 0). */
  latencyMs?: number;
  /**
   * The environment the pipeline's configuration is read from: caps
   * (`FE_EXECUTOR_TOKEN_LIMIT`…), `JOB_TIMEOUT_MS`. The provider settings
   * are the replay's own.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** A toolchain instead of probing the machine (tests). */
  toolchain?: Toolchain;
  onEvent?: EventListener;
}

/** What a replay did. */
export interface ReplayResult {
  recording: Recording;
  result: GenerateResult;
  /** Every request and the recorded answer it got. */
  served: ServedCall[];
  /** Requests no recorded answer matched, each naming the request. */
  mismatches: string[];
  /** Recorded calls no request used. */
  unused: number[];
  /** The caps the job ran with. */
  limits: Limits;
  /** Each time an agent was sent back, and why. */
  retries: { agent: AgentName; attempt: number; reason: string }[];
}

/**
 * Runs the pipeline against a recorded session.
 *
 * @param dir The recording's folder (`req-NNNN.json` and `ans-NNNN.json`).
 * @param options Output folder, range, matching, caps.
 * @returns The job's result and how each request was answered.
 * @throws {RangeError} When the folder is no recording.
 */
export async function replayRecording(
  dir: string,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const recording = loadRecording(dir, options.range);
  const answerTokens = DEFAULT_ANSWER_TOKENS;
  const server = startReplayServer({
    recording,
    answerTokens,
    ...(options.strict ? { strict: true } : {}),
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
  });
  try {
    const model = recording.calls[0]?.model ?? "gpt-4o-mini";
    const provider = createOpenAIProvider({
      apiKey: "replay",
      baseUrl: server.url,
      model,
      models: {},
      answerTokens,
      // A mismatch is final; a real fault would be in the recording.
      maxRetries: 0,
      onWarning: () => {},
    });
    const env = { ...options.env, STACKFORGE_PROVIDER: "openai" };
    const pipeline = await createPipeline({
      env,
      provider,
      ...(options.toolchain ? { toolchain: options.toolchain } : {}),
    });
    const outDir = options.outDir ??
      Deno.makeTempDirSync({ prefix: "stackforge-replay-" }) + "/app";
    const retries: ReplayResult["retries"] = [];
    try {
      const result = await generateApp(recording.prompt, {
        pipeline,
        outDir,
        force: true,
        onEvent: (event) => {
          if (event.type === "agent_retry") {
            retries.push({ agent: event.agent, attempt: event.attempt, reason: event.reason });
          }
          options.onEvent?.(event);
        },
      });
      return {
        recording,
        result,
        served: server.served,
        mismatches: server.mismatches,
        unused: server.unused(),
        limits: pipeline.config.limits,
        retries,
      };
    } finally {
      await pipeline.close();
    }
  } finally {
    await server.close();
  }
}
