/**
 * A loopback OpenAI-compatible server that answers a new run's requests
 * with a recorded session's answers: the planner's n-th call with the
 * recorded planner's n-th answer, an executor's file group with the
 * recorded answer for the same group (by position when the groups match;
 * otherwise, unless `strict`, with the recorded files that the new group
 * owns), an executor's n-th retry with its n-th recorded retry, and a
 * review with the recorded review that followed as many retries (else the
 * nearest unused one: stackforge builds the review's request itself, so it
 * never equals the recorded one). The screening of the job's request gets
 * the recorded verdict, or, in a session recorded before requests were
 * screened, a verdict that lets it through. A request nothing
 * recorded answers gets a 400 whose message names it, and is kept in
 * `mismatches`.
 *
 * Usage is counted like a real endpoint would (o200k, gpt-tokenizer), and
 * an answer longer than the request's `max_tokens` is cut with
 * `finish_reason: "length"`, as the relay that recorded the session did.
 *
 * @module
 */
import { countTokens, decode, encode } from "gpt-tokenizer";
import type { AgentName } from "../../core/agents.ts";
import { PlannerAnswerSchema } from "../../core/answers.ts";
import { completeSpec } from "../../core/routes.ts";
import type { Spec } from "../../core/spec.ts";
import { PROMPTS } from "../../prompts/mod.ts";
import { type FileGroup, planFileGroups } from "../agents/file_groups.ts";
import {
  agentOfRequest,
  groupOfRequest,
  isRetryRequest,
  isScreenRequest,
  type RecordedCall,
  type Recording,
} from "./recording.ts";

/** Options of {@link startReplayServer}. */
export interface ReplayServerOptions {
  recording: Recording;
  /** The answer size the provider plans file groups with (its `answerTokens`). */
  answerTokens: number;
  /** Answer only file groups that match the recording's; never compose one from files. */
  strict?: boolean;
  /** Milliseconds every answer waits (default 0). */
  latencyMs?: number;
}

/** How one request was answered. */
export interface ServedCall {
  /** 1-based, in the order requests arrived. */
  request: number;
  agent: AgentName;
  kind: RecordedCall["kind"];
  group?: string;
  /** The recorded calls whose answers it got (`req-NNNN` numbers). */
  recorded: number[];
  /**
   * `position` (the same group, or the next unused call of its kind), `files` (a group
   * composed of the recorded files it owns), `round` (the review that followed as many
   * retries), `not recorded` (a screening the session predates, let through).
   */
  how: "position" | "files" | "round" | "not recorded";
  promptTokens: number;
  completionTokens: number;
  maxTokens: number;
  /** True when the answer was cut at `max_tokens`. */
  truncated: boolean;
  /** For a retry: the findings it was sent back with, one line each. */
  findings?: string[];
}

/** A running replay server. */
export interface ReplayServer {
  /** Base URL for `OPENAI_BASE_URL`, ending in `/v1`. */
  url: string;
  served: ServedCall[];
  /** One message per request that no recorded answer matched. */
  mismatches: string[];
  /** The recorded calls no request used, by number. */
  unused(): number[];
  close(): Promise<void>;
}

const SYSTEM_TO_AGENT = new Map<string, AgentName>(
  (Object.entries(PROMPTS) as [AgentName, string][]).map(([agent, prompt]) => [prompt, agent]),
);

class Mismatch extends Error {}

/** The screening's answer for a session recorded before requests were screened. */
const CLEAN_VERDICT = JSON.stringify({ injection: false, reasons: [], techniques: [] });

interface ToolCall {
  name: string;
  arguments: { path: string; content: string };
}

function toolCalls(answer: string): ToolCall[] {
  try {
    const calls = (JSON.parse(answer) as { tool_calls?: ToolCall[] }).tool_calls;
    return Array.isArray(calls) ? calls.filter((c) => typeof c?.arguments?.path === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Starts the server on a free loopback port.
 *
 * @param options The recording and how to match.
 * @returns The running server.
 */
export function startReplayServer(options: ReplayServerOptions): ReplayServer {
  const { recording } = options;
  const calls = recording.calls;
  const used = new Set<number>();
  const served: ServedCall[] = [];
  const mismatches: string[] = [];
  const counters = new Map<string, number>();
  let spec: Spec | undefined;
  let requests = 0;
  const closing = new AbortController();

  const nth = (key: string) => {
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    return n;
  };
  const describe = (n: number, agent: string, what: string) => `request ${n} (${agent}${what})`;

  function answerPlan(n: number): { content: string; recorded: number[] } {
    const k = nth("planner");
    const call = calls.filter((c) => c.agent === "planner")[k];
    if (call === undefined) {
      throw new Mismatch(
        `${describe(n, "planner", `, call ${k + 1}`)}: the recording has ${
          calls.filter((c) => c.agent === "planner").length
        } planner answer(s)`,
      );
    }
    try {
      const parsed = PlannerAnswerSchema.parse(JSON.parse(call.answer));
      const { endpoints: _e, pages: _p, ...base } = parsed;
      spec = completeSpec(base);
    } catch {
      spec = undefined; // The pipeline will refuse it; groups cannot be recomputed then.
    }
    return { content: call.answer, recorded: [call.n] };
  }

  function answerFirst(
    n: number,
    agent: "fe_executor" | "be_executor",
    user: string,
  ): { content: string; recorded: number[]; how: ServedCall["how"]; group: string } {
    const asked = groupOfRequest(user);
    const label = asked ? `${asked.name}, part ${asked.part} of ${asked.parts}` : "all files";
    const firsts = calls.filter((c) => c.agent === agent && c.kind === "first");
    const same = firsts.find((c) =>
      asked === undefined
        ? c.group === undefined
        : c.group !== undefined && c.group.name === asked.name && c.group.part === asked.part &&
          c.group.parts === asked.parts &&
          c.group.files.join("\n") === asked.files.join("\n")
    );
    if (same !== undefined && !used.has(same.n)) {
      return { content: same.answer, recorded: [same.n], how: "position", group: label };
    }
    const recordedGroups = firsts.map((c) =>
      c.group
        ? `req-${pad(c.n)}: ${c.group.name} (part ${c.group.part} of ${c.group.parts})`
        : `req-${pad(c.n)}: all files`
    ).join("; ");
    if (options.strict) {
      throw new Mismatch(
        `${describe(n, agent, `, ${label}`)} matches no recorded file group (recorded: ${
          recordedGroups || "none"
        })`,
      );
    }
    if (spec === undefined) {
      throw new Mismatch(
        `${
          describe(n, agent, `, ${label}`)
        }: cannot compose its group from recorded files without the recorded spec`,
      );
    }
    const groups = planFileGroups(agent, spec, options.answerTokens);
    const mine: FileGroup | undefined = asked === undefined
      ? (groups.length === 1 ? groups[0] : undefined)
      : groups.find((g) =>
        g.part === asked.part && g.parts === asked.parts && g.name === asked.name
      );
    if (mine === undefined) {
      throw new Mismatch(
        `${
          describe(n, agent, `, ${label}`)
        }: its file group is not one planFileGroups() gives for the recorded spec`,
      );
    }
    const picked: ToolCall[] = [];
    const from: number[] = [];
    for (const call of firsts) {
      const owned = toolCalls(call.answer).filter((c) => mine.owns(c.arguments.path));
      if (owned.length > 0) from.push(call.n);
      picked.push(...owned);
    }
    const have = new Set(picked.map((c) => c.arguments.path));
    const missing = mine.files.filter((f) => !have.has(f));
    if (picked.length === 0 || missing.length > 0) {
      throw new Mismatch(
        `${describe(n, agent, `, ${label}`)} asks for ${
          missing.length > 0 ? missing.join(", ") : "files"
        } that no recorded ${agent} answer wrote (recorded: ${recordedGroups || "none"})`,
      );
    }
    return {
      content: JSON.stringify({ tool_calls: picked }),
      recorded: from,
      how: "files",
      group: label,
    };
  }

  function answerScreen(): { content: string; recorded: number[]; how: ServedCall["how"] } {
    const k = nth("screen");
    const call = calls.filter((c) => c.kind === "screen")[k];
    if (call !== undefined) return { content: call.answer, recorded: [call.n], how: "position" };
    // A session recorded before the request was screened: its requests were let through.
    return { content: CLEAN_VERDICT, recorded: [], how: "not recorded" };
  }

  function answerRetry(n: number, agent: AgentName): { content: string; recorded: number[] } {
    const k = nth(`${agent}:retry`);
    const retries = calls.filter((c) => c.agent === agent && c.kind === "retry");
    const call = retries[k];
    if (call === undefined) {
      throw new Mismatch(
        `${
          describe(n, agent, `, retry ${k + 1}`)
        }: the recording has ${retries.length} ${agent} retr${retries.length === 1 ? "y" : "ies"}`,
      );
    }
    return { content: call.answer, recorded: [call.n] };
  }

  function answerReview(
    n: number,
  ): { content: string; recorded: number[]; how: ServedCall["how"] } {
    // The validator's requests are rebuilt by stackforge (summary, files its findings name), so
    // they never equal the recorded ones: a review is the one that followed as many fixes.
    const retries = [...counters].filter(([key]) => key.endsWith(":retry"))
      .reduce((sum, [, count]) => sum + count, 0);
    const reviews = calls.filter((c) => c.agent === "validator");
    const left = reviews.filter((c) => !used.has(c.n));
    const call = left.find((c) => c.round === retries) ??
      [...left].sort((a, b) =>
        Math.abs(a.round - retries) - Math.abs(b.round - retries) || b.round - a.round
      )[0];
    if (call === undefined) {
      throw new Mismatch(
        `${
          describe(n, "validator", `, a review after ${retries} retr${retries === 1 ? "y" : "ies"}`)
        }: ${
          reviews.length === 0
            ? "the recording has no review"
            : `the recording's ${reviews.length} review(s) (${
              reviews.map((c) => `req-${pad(c.n)}`).join(", ")
            }) are all used`
        }`,
      );
    }
    return {
      content: call.answer,
      recorded: [call.n],
      how: call.round === retries ? "round" : "position",
    };
  }

  async function chat(req: Request): Promise<Response> {
    const n = ++requests;
    // deno-lint-ignore no-explicit-any
    const body: any = await req.json();
    const messages: { role: string; content: unknown }[] = body.messages ?? [];
    const text = (c: unknown) => typeof c === "string" ? c : JSON.stringify(c ?? "");
    const system = text(messages.find((m) => m.role === "system")?.content);
    const user = messages.filter((m) => m.role === "user").map((m) => text(m.content)).join("\n\n");
    const schemaName = body.response_format?.json_schema?.name;
    const screen = isScreenRequest(system, schemaName);
    const agent = screen ? "orchestrator" : SYSTEM_TO_AGENT.get(system) ??
      agentOfRequest(system, schemaName);
    const maxTokens: number = body.max_completion_tokens ?? body.max_tokens ?? 1_000_000;
    let answer: { content: string; recorded: number[]; how?: ServedCall["how"]; group?: string };
    let kind: RecordedCall["kind"];
    try {
      if (agent === undefined) throw new Mismatch(`request ${n}: cannot tell which agent sent it`);
      if (screen) {
        kind = "screen";
        answer = answerScreen();
      } else if (agent === "planner") {
        kind = "plan";
        answer = answerPlan(n);
      } else if (agent === "validator") {
        kind = "review";
        answer = answerReview(n);
      } else if (agent === "orchestrator") {
        throw new Mismatch(`request ${n} (orchestrator): a replay does not route with the model`);
      } else if (isRetryRequest(user)) {
        kind = "retry";
        answer = answerRetry(n, agent);
      } else {
        kind = "first";
        answer = answerFirst(n, agent, user);
      }
    } catch (error) {
      if (!(error instanceof Mismatch)) throw error;
      mismatches.push(error.message);
      return Response.json({ error: { message: error.message, type: "replay_mismatch" } }, {
        status: 400,
      });
    }
    for (const r of answer.recorded) used.add(r);
    await delay(options.latencyMs ?? 0, closing.signal);
    let content = answer.content;
    let completion = encode(content);
    const truncated = completion.length > maxTokens;
    if (truncated) {
      completion = completion.slice(0, maxTokens);
      content = decode(completion);
    }
    let promptTokens = 3;
    for (const m of messages) promptTokens += 4 + countTokens(text(m.content));
    served.push({
      request: n,
      agent,
      kind,
      ...(answer.group ? { group: answer.group } : {}),
      recorded: answer.recorded,
      how: answer.how ?? "position",
      promptTokens,
      completionTokens: completion.length,
      maxTokens,
      truncated,
      ...(kind === "retry" ? { findings: findingLines(user) } : {}),
    });
    return Response.json({
      id: `chatcmpl-replay-${n}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{
        index: 0,
        finish_reason: truncated ? "length" : "stop",
        message: { role: "assistant", content },
      }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completion.length,
        total_tokens: promptTokens + completion.length,
      },
    });
  }

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (req.method === "POST" && path.endsWith("/chat/completions")) return chat(req);
    if (req.method === "GET" && path.endsWith("/models")) {
      return Response.json({ object: "list", data: [{ id: "replay", object: "model" }] });
    }
    return Response.json({ error: { message: `No route ${path}` } }, { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    served,
    mismatches,
    unused: () => calls.filter((c) => !used.has(c.n)).map((c) => c.n),
    async close() {
      closing.abort();
      await server.shutdown();
    },
  };
}

function findingLines(user: string): string[] {
  const block = /<findings>\n([\s\S]*?)\n<\/findings>/.exec(user)?.[1] ?? "";
  return block.split("\n").filter((l) => /^\d+\. /.test(l))
    .map((l) => l.length > 200 ? `${l.slice(0, 199)}…` : l);
}

function pad(n: number): string {
  return String(n).padStart(4, "0");
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
