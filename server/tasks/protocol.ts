/**
 * The server side of the MCP Tasks extension (`io.modelcontextprotocol/tasks`,
 * protocol 2026-07-28), written here because the SDK (v2.4.0) ships none:
 * `@modelcontextprotocol/ext-tasks` is client-side only, and the SDK itself
 * merely lets a `tools/call` result with `resultType: "task"` through. This
 * module advertises the extension, answers `tasks/get`, `tasks/update` and
 * `tasks/cancel`, and builds the `CreateTaskResult` a tool returns. What a
 * task is (a job, its record, its result) comes from a {@link TaskBackend}.
 *
 * @module
 */
import {
  type McpServer,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import type { InputRequest } from "./registry.ts";

/** The extension's identifier. */
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/** A task's status. */
export type TaskStatus = "working" | "input_required" | "completed" | "failed" | "cancelled";

/** A task as `tasks/get` returns it (the extension's `DetailedTask`). */
export interface TaskView {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  /** Milliseconds from creation the server keeps the task; null for as long as the job is kept. */
  ttlMs: number | null;
  pollIntervalMs?: number;
  /** With `input_required`: what the client must answer through `tasks/update`. */
  inputRequests?: Record<string, InputRequest>;
  /** With `completed`: the tool's result. */
  result?: Record<string, unknown>;
  /** With `failed`: the JSON-RPC error. */
  error?: { code: number; message: string; data?: unknown };
}

/** Where tasks come from; each method answers undefined/false for a task the caller may not see. */
export interface TaskBackend {
  view(taskId: string, ctx: ServerContext): Promise<TaskView | undefined>;
  /** @returns Whether the task exists for this caller (cancelling a finished task is a no-op). */
  cancel(taskId: string, ctx: ServerContext): Promise<boolean>;
  /** @returns Whether the task exists for this caller. */
  update(taskId: string, responses: Record<string, unknown>, ctx: ServerContext): Promise<boolean>;
}

/**
 * @param backends Backends in the order to ask them.
 * @returns One backend: a task is the first backend's that knows it.
 */
export function composeTaskBackends(backends: readonly TaskBackend[]): TaskBackend {
  return {
    async view(taskId, ctx) {
      for (const backend of backends) {
        const task = await backend.view(taskId, ctx);
        if (task !== undefined) return task;
      }
      return undefined;
    },
    async cancel(taskId, ctx) {
      for (const backend of backends) if (await backend.cancel(taskId, ctx)) return true;
      return false;
    },
    async update(taskId, responses, ctx) {
      for (const backend of backends) if (await backend.update(taskId, responses, ctx)) return true;
      return false;
    },
  };
}

/** The part of a request context that carries the per-request envelope. */
interface EnvelopeContext {
  mcpReq: { envelope?: Record<string, unknown> };
}

function clientCapabilities(ctx: EnvelopeContext): Record<string, unknown> | undefined {
  const caps = ctx.mcpReq.envelope?.["io.modelcontextprotocol/clientCapabilities"];
  return caps !== null && typeof caps === "object" ? caps as Record<string, unknown> : undefined;
}

/**
 * Whether this request (not an earlier one: 2026-07-28 has no sessions)
 * declared the Tasks extension.
 *
 * @param ctx The request's context.
 * @returns True when a `CreateTaskResult` may be returned.
 */
export function clientSupportsTasks(ctx: EnvelopeContext): boolean {
  const extensions = clientCapabilities(ctx)?.extensions;
  return extensions !== null && typeof extensions === "object" && TASKS_EXTENSION in extensions;
}

/**
 * @param ctx The request's context.
 * @returns Whether this 2026-07-28 request declared form elicitation.
 */
export function envelopeAllowsElicitation(ctx: EnvelopeContext): boolean {
  const elicitation = clientCapabilities(ctx)?.elicitation;
  if (elicitation === null || typeof elicitation !== "object") return false;
  const modes = Object.keys(elicitation);
  // A bare `elicitation: {}` means form support (the pre-mode meaning).
  return modes.length === 0 || modes.includes("form");
}

/**
 * The result a tool returns to hand the client a task (`CreateTaskResult`).
 *
 * @param task The task's first view.
 * @returns The result, typed as a tool result for the SDK's handler signature.
 */
export function createTaskResult(task: TaskView): { content: [] } {
  const { result: _r, error: _e, inputRequests: _i, ...seed } = task;
  return { resultType: "task", ...seed } as unknown as { content: [] };
}

/** Whether a tool result is a {@link createTaskResult}. */
export function isTaskResult(result: unknown): boolean {
  return (result as { resultType?: unknown } | null)?.resultType === "task";
}

const TaskIdParams = z.looseObject({ taskId: z.string().min(1).max(200) });
const UpdateParams = z.looseObject({
  taskId: z.string().min(1).max(200),
  inputResponses: z.record(z.string(), z.unknown()).optional(),
});
const AnyResult = z.looseObject({});

function notFound(): ProtocolError {
  return new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    "Failed to retrieve task: Task not found (unknown, expired, deleted, or not yours); start a new one",
  );
}

/**
 * Advertises the extension on a 2026-07-28 server instance and answers
 * `tasks/get`, `tasks/update` and `tasks/cancel` from the backend. A request
 * that did not declare the extension gets -32021 (Missing required client
 * capability), as the extension requires.
 *
 * @param server A server instance serving 2026-07-28.
 * @param backend Where tasks come from.
 */
export function installTasks(server: McpServer, backend: TaskBackend): void {
  server.server.registerCapabilities({ extensions: { [TASKS_EXTENSION]: {} } });
  const requireExtension = (ctx: ServerContext) => {
    if (!clientSupportsTasks(ctx)) {
      throw new MissingRequiredClientCapabilityError(
        { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
        `Missing required client capability: declare the ${TASKS_EXTENSION} extension in this request's clientCapabilities`,
      );
    }
  };
  server.server.setRequestHandler(
    "tasks/get",
    { params: TaskIdParams, result: AnyResult },
    async (params, ctx) => {
      requireExtension(ctx);
      const task = await backend.view(params.taskId, ctx);
      if (task === undefined) throw notFound();
      return { ...task, resultType: "complete" };
    },
  );
  server.server.setRequestHandler(
    "tasks/update",
    { params: UpdateParams, result: AnyResult },
    async (params, ctx) => {
      requireExtension(ctx);
      // The SDK lifts `inputResponses` out of the params before handlers run.
      const responses = params.inputResponses ?? ctx.mcpReq.inputResponses ?? {};
      if (!(await backend.update(params.taskId, responses, ctx))) throw notFound();
      return { resultType: "complete" };
    },
  );
  server.server.setRequestHandler(
    "tasks/cancel",
    { params: TaskIdParams, result: AnyResult },
    async (params, ctx) => {
      requireExtension(ctx);
      if (!(await backend.cancel(params.taskId, ctx))) throw notFound();
      return { resultType: "complete" };
    },
  );
}

/**
 * Lets a tool that declares an output schema return a `CreateTaskResult`.
 * `McpServer` checks every successful result against the tool's output
 * schema and turns a failure into an error result; a task handle has no
 * structured content of its own (its final result, polled later, does).
 * This wraps that one private check (SDK 2.4.0, `validateToolOutput`) to skip
 * task handles; `tasks_test.ts` fails if an SDK upgrade moves it.
 *
 * @param server The server instance.
 */
export function allowTaskResults(server: McpServer): void {
  type Check = (tool: unknown, result: unknown, name: string) => Promise<void>;
  const hooks = server as unknown as { validateToolOutput?: Check };
  const check = hooks.validateToolOutput;
  if (typeof check !== "function") {
    throw new TypeError(
      "Cannot return task handles: McpServer.validateToolOutput is gone (SDK changed); update server/tasks/protocol.ts",
    );
  }
  hooks.validateToolOutput = (tool, result, name) =>
    isTaskResult(result) ? Promise.resolve() : check.call(server, tool, result, name);
}
