/**
 * A recorded model session: the folder `llm_relay.mjs` writes, one
 * `req-NNNN.json` (the exact chat-completions request) and `ans-NNNN.json`
 * (the answer's content) per call. Reading it tells, for every call, which
 * agent made it and what kind of call it was (a plan, an executor's first
 * answer for a file group, a retry with findings, a review), so a replay
 * can answer a new request with the recorded answer of the same agent and
 * file group.
 *
 * @module
 */
import { join } from "node:path";
import type { AgentName } from "../../core/agents.ts";
import { INJECTION_CLASSIFIER_PROMPT } from "../../guardrails/injection_classifier.ts";

/** What a recorded call was (`screen`: the model classifier's screening of the request). */
export type CallKind = "plan" | "first" | "retry" | "review" | "route" | "screen";

/** The structured output's name of the request screening's call. */
export const SCREEN_SCHEMA_NAME = "injection_verdict";

/**
 * Whether a request is the model classifier's screening of the job's
 * request (made as the orchestrator's, with its own system prompt).
 *
 * @param system The system message.
 * @param schemaName The structured output's name, if any.
 * @returns True for a screening call.
 */
export function isScreenRequest(system: string, schemaName?: string): boolean {
  return schemaName === SCREEN_SCHEMA_NAME ||
    system.startsWith(INJECTION_CLASSIFIER_PROMPT.split("\n")[0]!);
}

/** A file group as a request names it (`File group: pages-2 (part 2 of 3)`). */
export interface GroupRef {
  name: string;
  part: number;
  parts: number;
  /** The files it lists as its own (page files; empty for the backend's groups). */
  files: string[];
}

/** One recorded call. */
export interface RecordedCall {
  /** Its number in the folder (`req-0007.json` is 7). */
  n: number;
  agent: AgentName;
  kind: CallKind;
  /** The file group of an executor's call, when its work was split. */
  group?: GroupRef;
  /** The paths an executor's answer writes. */
  writes: string[];
  /** The paths a review was shown (its `<file_list>`), for a review. */
  reviewed: string[];
  /** How many executor retries the run had made before this call (its fix round). */
  round: number;
  /** The model the request named (for prices). */
  model: string;
  /** The answer's content as the relay returned it (one JSON object, compact). */
  answer: string;
}

/** A recorded session, restricted to one run. */
export interface Recording {
  dir: string;
  /** The app idea the planner was asked about. */
  prompt: string;
  /** The numbers of its first and last call. */
  range: [number, number];
  calls: RecordedCall[];
}

interface RawRequest {
  model?: string;
  messages: { role: string; content: unknown }[];
  response_format?: { json_schema?: { name?: string } };
}

/**
 * The agent a request came from: the schema it asks for and the role its
 * system prompt gives ("You are the frontend executor of stackforge").
 *
 * @param system The system message.
 * @param schemaName The structured output's name, if any.
 * @returns The agent, or undefined when neither says.
 * @example
 * ```ts
 * import { agentOfRequest } from "./recording.ts";
 * if (agentOfRequest("You are the backend executor of stackforge: …", "file_writer_calls") !== "be_executor") {
 *   throw new Error();
 * }
 * ```
 */
export function agentOfRequest(system: string, schemaName?: string): AgentName | undefined {
  const role = /You are the (planner|frontend executor|backend executor|validator|orchestrator)\b/
    .exec(system)?.[1];
  const byRole: Record<string, AgentName> = {
    planner: "planner",
    "frontend executor": "fe_executor",
    "backend executor": "be_executor",
    validator: "validator",
    orchestrator: "orchestrator",
  };
  if (role !== undefined) return byRole[role];
  return schemaName === "spec"
    ? "planner"
    : schemaName === "review"
    ? "validator"
    : schemaName === "route"
    ? "orchestrator"
    : undefined;
}

/**
 * The file group a request's user message names, with the files it lists.
 *
 * @param user The user message.
 * @returns The group, or undefined for a request that is not split.
 * @example
 * ```ts
 * import { groupOfRequest } from "./recording.ts";
 * const g = groupOfRequest("File group: pages-2 (part 2 of 3). This answer writes only these files:\n- frontend/app/x/page.tsx\n\nMore.");
 * if (g?.part !== 2 || g.files[0] !== "frontend/app/x/page.tsx") throw new Error();
 * ```
 */
export function groupOfRequest(user: string): GroupRef | undefined {
  const head = /^File group: (\S+) \(part (\d+) of (\d+)\)/m.exec(user);
  if (head === null) return undefined;
  const after = user.slice(head.index);
  const list = /these files:\n((?:- [^\n]+\n?)+)/.exec(after)?.[1] ?? "";
  const files = list.split("\n").map((l) => l.replace(/^- /, "").trim()).filter(Boolean);
  return { name: head[1]!, part: Number(head[2]), parts: Number(head[3]), files };
}

/**
 * The paths a review request shows in its `<file_list>` block (`path (N chars)` lines).
 *
 * @param user The user message.
 * @returns The paths, in order.
 */
export function reviewedFiles(user: string): string[] {
  const block = /<file_list>\n([\s\S]*?)\n<\/file_list>/.exec(user)?.[1] ?? "";
  return block.split("\n").map((l) => l.replace(/ \(\d+ chars\)$/, "").trim()).filter((l) =>
    l !== "" && !l.startsWith("(")
  );
}

/** Whether a request is a retry: it shows findings to fix. */
export function isRetryRequest(user: string): boolean {
  return user.includes("<findings>");
}

function text(content: unknown): string {
  return typeof content === "string" ? content : JSON.stringify(content);
}

/**
 * Reads the requests and answers of a recorded session.
 *
 * @param dir The folder.
 * @param range Which calls, inclusive (`[6, 14]`); by default the last run:
 *   from the last planner request to the end.
 * @returns The recording.
 * @throws {RangeError} When the folder is missing or holds no calls, a
 *   request is not JSON or has no answer, or a call's agent cannot be told.
 */
export function loadRecording(dir: string, range?: [number, number]): Recording {
  let names: string[];
  try {
    if (!Deno.statSync(dir).isDirectory) {
      throw new RangeError(`Cannot replay "${dir}": it is a file, not a recording's folder`);
    }
    names = [...Deno.readDirSync(dir)].map((e) => e.name);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new RangeError(`Cannot read the recording "${dir}": ${(error as Error).message}`);
  }
  const numbers = names.flatMap((name) => {
    const m = /^req-(\d+)\.json$/.exec(name);
    return m ? [Number(m[1])] : [];
  }).sort((a, b) => a - b);
  if (numbers.length === 0) {
    throw new RangeError(
      `Cannot replay "${dir}": it holds no req-NNNN.json files (a recording is the folder llm_relay.mjs writes: req-NNNN.json and ans-NNNN.json per call)`,
    );
  }
  const all: (Omit<RecordedCall, "round"> & { user: string })[] = numbers.map((n) => {
    const id = String(n).padStart(4, "0");
    let request: RawRequest;
    try {
      request = JSON.parse(Deno.readTextFileSync(join(dir, `req-${id}.json`)));
    } catch (error) {
      throw new RangeError(
        `Cannot replay "${dir}": req-${id}.json is not a JSON request: ${(error as Error).message}`,
      );
    }
    if (!Array.isArray(request?.messages)) {
      throw new RangeError(
        `Cannot replay "${dir}": req-${id}.json has no "messages" list (is it a chat-completions request?)`,
      );
    }
    let answer: string;
    try {
      answer = Deno.readTextFileSync(join(dir, `ans-${id}.json`)).trim();
    } catch {
      throw new RangeError(`Cannot replay "${dir}": req-${id}.json has no ans-${id}.json`);
    }
    // The relay sent parsed-and-compacted JSON when it parsed, else the text as written.
    try {
      answer = JSON.stringify(JSON.parse(answer));
    } catch { /* sent as written */ }
    const system = text(request.messages.find((m) => m.role === "system")?.content ?? "");
    const user = request.messages.filter((m) => m.role === "user").map((m) => text(m.content))
      .join("\n\n");
    const schemaName = request.response_format?.json_schema?.name;
    const screen = isScreenRequest(system, schemaName);
    const agent = screen ? "orchestrator" : agentOfRequest(system, schemaName);
    if (agent === undefined) {
      throw new RangeError(`Cannot replay "${dir}": cannot tell which agent sent req-${id}.json`);
    }
    const group = agent === "fe_executor" || agent === "be_executor"
      ? groupOfRequest(user)
      : undefined;
    const kind: CallKind = screen
      ? "screen"
      : agent === "planner"
      ? "plan"
      : agent === "validator"
      ? "review"
      : agent === "orchestrator"
      ? "route"
      : isRetryRequest(user)
      ? "retry"
      : "first";
    let writes: string[] = [];
    if (kind === "first" || kind === "retry") {
      try {
        const calls = (JSON.parse(answer) as { tool_calls?: { arguments?: { path?: unknown } }[] })
          .tool_calls ?? [];
        writes = calls.flatMap((c) =>
          typeof c.arguments?.path === "string" ? [c.arguments.path] : []
        );
      } catch { /* an unreadable answer writes nothing */ }
    }
    return {
      n,
      agent,
      kind,
      ...(group ? { group } : {}),
      writes,
      reviewed: kind === "review" ? reviewedFiles(user) : [],
      model: request.model ?? "gpt-4o-mini",
      answer,
      user,
    };
  });
  const lastPlan = all.filter((c) => c.kind === "plan").at(-1)?.n ?? numbers[0]!;
  const [from, to] = range ?? [lastPlan, numbers.at(-1)!];
  const picked = all.filter((c) => c.n >= from && c.n <= to);
  if (picked.length === 0) {
    throw new RangeError(`Cannot replay "${dir}": no call numbered ${from} to ${to}`);
  }
  const planner = picked.find((c) => c.kind === "plan");
  const prompt = planner === undefined
    ? undefined
    : /<user_request>\n([\s\S]*?)\n<\/user_request>/.exec(planner.user)?.[1];
  if (prompt === undefined) {
    throw new RangeError(
      `Cannot replay "${dir}" from ${from} to ${to}: no planner request with a <user_request> block`,
    );
  }
  let round = 0;
  const calls = picked.map(({ user: _user, ...call }) => {
    const at = { ...call, round };
    if (call.kind === "retry") round++;
    return at;
  });
  return { dir, prompt: unescapeDelimiters(prompt), range: [from, to], calls };
}

function unescapeDelimiters(text: string): string {
  return text.replace(/&lt;/g, "<");
}
