/**
 * What a replay shows: the job's status, the tokens each agent spent
 * against its cap, and which recorded answer served each request. One
 * presenter for the CLI's text and its `--json`.
 *
 * @module
 */
import { AGENT_TABLE, type AgentName, AGENTS } from "../../core/agents.ts";
import type { ReplayResult } from "./run.ts";
import type { ServedCall } from "./server.ts";

/** A replay's outcome as plain data (what `--json` prints). */
export interface ReplaySummary {
  recording: { dir: string; prompt: string; range: [number, number] };
  status: string;
  reason?: string;
  outDir: string;
  /** Tokens (input + output) per agent that made calls, with its calls and cap. */
  agents: { agent: AgentName; calls: number; tokens: number; cap: number }[];
  totalTokens: number;
  /** Agents that ran more than once, and how often. */
  attempts: Partial<Record<AgentName, number>>;
  /** Each time an agent was sent back, and why. */
  retries: ReplayResult["retries"];
  review?: { status: string; reason?: string };
  served: ServedCall[];
  mismatches: string[];
  unused: number[];
}

/**
 * Summarises a replay.
 *
 * @param replay What {@link replayRecording} returned.
 * @returns The summary.
 */
export function summariseReplay(replay: ReplayResult): ReplaySummary {
  const { result, recording } = replay;
  const agents = AGENTS.filter((a) => result.ledger[a].calls > 0).map((agent) => ({
    agent,
    calls: result.ledger[agent].calls,
    tokens: result.ledger[agent].inputTokens + result.ledger[agent].outputTokens,
    cap: replay.limits.agentTokens[agent],
  }));
  const attempts: Partial<Record<AgentName, number>> = {};
  for (const step of result.state.steps) {
    attempts[step.agent] = Math.max(attempts[step.agent] ?? 0, step.attempt);
  }
  return {
    recording: { dir: recording.dir, prompt: recording.prompt, range: recording.range },
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    outDir: result.outDir,
    agents,
    totalTokens: result.totals.tokens,
    attempts,
    retries: replay.retries,
    ...(result.validation?.review
      ? {
        review: {
          status: result.validation.review.status,
          ...(result.validation.review.reason ? { reason: result.validation.review.reason } : {}),
        },
      }
      : {}),
    served: replay.served,
    mismatches: replay.mismatches,
    unused: replay.unused,
  };
}

const num = (n: number) => n.toLocaleString("en-US");
const req = (n: number) => `req-${String(n).padStart(4, "0")}`;

/**
 * The replay as text lines, for a terminal.
 *
 * @param summary What {@link summariseReplay} returned.
 * @returns The lines.
 * @example
 * ```ts
 * import { formatReplay } from "./present.ts";
 * const lines = formatReplay({
 *   recording: { dir: "rec", prompt: "a poll app", range: [6, 14] },
 *   status: "succeeded", outDir: "/tmp/app", totalTokens: 10,
 *   agents: [{ agent: "planner", calls: 1, tokens: 10, cap: 30_000 }], attempts: {}, retries: [],
 *   served: [], mismatches: [], unused: [12],
 * });
 * if (!lines[0]!.includes("succeeded") || !lines.some((l) => l.includes("req-0012"))) throw new Error();
 * ```
 */
export function formatReplay(summary: ReplaySummary): string[] {
  const { recording } = summary;
  const lines = [
    `${summary.status === "succeeded" ? "✓" : "✗"} replay of ${recording.dir} (${
      req(recording.range[0])
    } to ${req(recording.range[1])}): ${summary.status}${
      summary.reason ? ` — ${summary.reason}` : ""
    }`,
    `  prompt: ${recording.prompt}`,
    `  app: ${summary.outDir}`,
    "Tokens per agent:",
  ];
  const width = Math.max(...AGENTS.map((a) => AGENT_TABLE[a].label.length));
  for (const a of summary.agents) {
    const tries = summary.attempts[a.agent];
    lines.push(
      `  ${AGENT_TABLE[a.agent].label.padEnd(width)}  ${num(a.tokens).padStart(7)} of ${
        num(a.cap)
      } in ${a.calls} call${a.calls === 1 ? "" : "s"}${
        tries && tries > 1 ? `, ${tries} attempts` : ""
      }`,
    );
  }
  lines.push(`  ${"total".padEnd(width)}  ${num(summary.totalTokens).padStart(7)}`);
  for (const r of summary.retries) {
    lines.push(`Retry: ${AGENT_TABLE[r.agent].label}, attempt ${r.attempt}: ${r.reason}`);
  }
  if (summary.review?.status === "skipped") {
    lines.push(`Model review skipped (last validator run): ${summary.review.reason ?? ""}`);
  }
  lines.push("Requests and the recorded answers that served them:");
  for (const s of summary.served) {
    lines.push(
      `  ${String(s.request).padStart(2)}. ${AGENT_TABLE[s.agent].label} ${s.kind}${
        s.group ? ` (${s.group})` : ""
      } <- ${
        s.recorded.length > 0
          ? `${s.recorded.map(req).join(" + ")} by ${s.how}`
          : "not recorded (let through)"
      }; ${num(s.promptTokens)} in, ${num(s.completionTokens)} out${
        s.truncated ? `, cut at max_tokens ${num(s.maxTokens)}` : ""
      }`,
    );
    for (const f of s.findings ?? []) lines.push(`      sent back with: ${f}`);
  }
  for (const m of summary.mismatches) lines.push(`✗ no recorded answer: ${m}`);
  if (summary.unused.length > 0) {
    lines.push(`Recorded answers no request used: ${summary.unused.map(req).join(", ")}`);
  }
  return lines;
}
