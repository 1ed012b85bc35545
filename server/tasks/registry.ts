/**
 * The tasks this process is running (MCP Tasks extension,
 * `io.modelcontextprotocol/tasks`): each one's status line, the input it
 * waits for and how to cancel it. Only live tasks are kept here: a task
 * that ended is answered from its job record, which every replica can read,
 * so nothing accumulates in memory.
 *
 * @module
 */

/** A request the task needs the client to fulfil (elicitation, sampling...). */
export interface InputRequest {
  method: string;
  params: Record<string, unknown>;
}

/** What running work can do with its task. */
export interface TaskControl {
  /** Aborted when the client cancels the task (or the server stops). */
  readonly signal: AbortSignal;
  /** Sets the status line clients see while polling. */
  status(message: string): void;
  /**
   * Parks the task in `input_required` until every request is answered.
   *
   * @param requests The requests, by key; keys are never reused within a task.
   * @param timeoutMs How long to wait; then it resolves with the answers so far.
   * @returns The answers, by key.
   * @throws The signal's reason when the task is cancelled meanwhile.
   */
  ask(requests: Record<string, InputRequest>, timeoutMs: number): Promise<Record<string, unknown>>;
}

/** A live task, as `tasks/get` shows it. */
export interface LiveTask {
  taskId: string;
  /** The user the task's job belongs to. */
  owner: string;
  createdAt: string;
  lastUpdatedAt: string;
  statusMessage?: string;
  /** Cancelled by the client; the work is stopping. */
  cancelled: boolean;
  /** Requests waiting for an answer (empty when none). */
  inputRequests: Record<string, InputRequest>;
}

/** The registry. */
export interface TaskRegistry {
  /**
   * Registers a task and starts its work; the task is visible before this returns.
   *
   * @param taskId An unguessable id (the job id).
   * @param owner The user it belongs to.
   * @param work The work; the task leaves the registry when it settles.
   * @returns The task as first seen.
   */
  start(taskId: string, owner: string, work: (control: TaskControl) => Promise<void>): LiveTask;
  /** @returns A copy of a live task, or undefined. */
  get(taskId: string): LiveTask | undefined;
  /** Delivers answers; keys not outstanding are ignored. */
  answer(taskId: string, responses: Record<string, unknown>): void;
  /** @returns Whether a live task was cancelled (false when already cancelled or unknown). */
  cancel(taskId: string): boolean;
  /** @returns A promise that settles when the task's work has settled (at once when unknown). */
  settled(taskId: string): Promise<void>;
  /** How many tasks are live. */
  size(): number;
  /** Cancels every live task and waits for their work to settle. */
  close(): Promise<void>;
}

interface Entry {
  task: LiveTask;
  abort: AbortController;
  waiting: Map<string, (value: unknown) => void>;
  answered: Set<string>;
  done: Promise<void>;
}

/**
 * @param now The clock (default `() => new Date()`).
 * @returns An empty registry.
 * @example
 * ```ts
 * import { createTaskRegistry } from "./registry.ts";
 * const tasks = createTaskRegistry();
 * tasks.start("t1", "ada", async (task) => task.status("halfway"));
 * await tasks.settled("t1");
 * if (tasks.get("t1") !== undefined) throw new Error("a settled task leaves the registry");
 * ```
 */
export function createTaskRegistry(now: () => Date = () => new Date()): TaskRegistry {
  const live = new Map<string, Entry>();
  const touch = (task: LiveTask) => (task.lastUpdatedAt = now().toISOString());
  const copy = (task: LiveTask): LiveTask => ({
    ...task,
    inputRequests: { ...task.inputRequests },
  });
  return {
    start(taskId, owner, work) {
      if (live.has(taskId)) throw new RangeError(`Task "${taskId}" is already running`);
      const created = now().toISOString();
      const task: LiveTask = {
        taskId,
        owner,
        createdAt: created,
        lastUpdatedAt: created,
        cancelled: false,
        inputRequests: {},
      };
      const abort = new AbortController();
      const entry: Entry = {
        task,
        abort,
        waiting: new Map(),
        answered: new Set(),
        done: Promise.resolve(),
      };
      const control: TaskControl = {
        signal: abort.signal,
        status(message) {
          if (task.cancelled) return;
          task.statusMessage = message;
          touch(task);
        },
        ask(requests, timeoutMs) {
          abort.signal.throwIfAborted();
          const keys = Object.keys(requests);
          for (const key of keys) {
            if (entry.answered.has(key) || key in task.inputRequests) {
              throw new RangeError(`Input key "${key}" was already used in task "${taskId}"`);
            }
          }
          return new Promise((resolve, reject) => {
            const answers: Record<string, unknown> = {};
            const finish = () => {
              clearTimeout(timer);
              abort.signal.removeEventListener("abort", onAbort);
              for (const key of keys) {
                delete task.inputRequests[key];
                entry.waiting.delete(key);
              }
              touch(task);
              resolve(answers);
            };
            const onAbort = () => {
              clearTimeout(timer);
              for (const key of keys) {
                delete task.inputRequests[key];
                entry.waiting.delete(key);
              }
              reject(abort.signal.reason);
            };
            const timer = setTimeout(finish, timeoutMs);
            abort.signal.addEventListener("abort", onAbort, { once: true });
            for (const key of keys) {
              task.inputRequests[key] = requests[key]!;
              entry.waiting.set(key, (value) => {
                answers[key] = value;
                entry.answered.add(key);
                delete task.inputRequests[key];
                entry.waiting.delete(key);
                if (keys.every((k) => k in answers)) finish();
              });
            }
            touch(task);
          });
        },
      };
      live.set(taskId, entry);
      entry.done = (async () => {
        try {
          await work(control);
        } finally {
          live.delete(taskId);
        }
      })().catch(() => {});
      return copy(task);
    },
    get(taskId) {
      const entry = live.get(taskId);
      return entry ? copy(entry.task) : undefined;
    },
    answer(taskId, responses) {
      const entry = live.get(taskId);
      if (entry === undefined) return;
      for (const [key, value] of Object.entries(responses)) {
        if (value === null || typeof value !== "object") continue;
        entry.waiting.get(key)?.(value);
      }
    },
    cancel(taskId) {
      const entry = live.get(taskId);
      if (entry === undefined || entry.task.cancelled) return false;
      entry.task.cancelled = true;
      entry.task.statusMessage = "Cancelled by the client";
      touch(entry.task);
      entry.abort.abort(new DOMException("The task was cancelled", "AbortError"));
      return true;
    },
    settled(taskId) {
      return live.get(taskId)?.done ?? Promise.resolve();
    },
    size: () => live.size,
    async close() {
      const pending = [...live.values()];
      for (const entry of pending) {
        entry.abort.abort(new DOMException("The server is stopping", "AbortError"));
      }
      await Promise.all(pending.map((e) => e.done));
    },
  };
}
