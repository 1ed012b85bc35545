/**
 * Child processes the verifier starts (Uvicorn, `next start`), stopped on
 * every exit path: the caller's `finally`, a failure, or Ctrl-C.
 *
 * @module
 */

/** A started server with the tail of its output kept for error messages. */
export interface Child {
  name: string;
  pid: number;
  /** The last lines it printed (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the exit code once it ended. */
  exited: Promise<number>;
  /** Whether it has ended. */
  done(): boolean;
}

/** Options of {@link ProcessGroup.spawn}. */
export interface SpawnOptions {
  cwd: string;
  env?: Record<string, string>;
}

/** A set of children stopped together. */
export interface ProcessGroup {
  spawn(name: string, command: string, args: string[], options: SpawnOptions): Child;
  /** Stops every child still running: SIGTERM, then SIGKILL after `graceMs`. */
  stopAll(graceMs?: number): Promise<void>;
  /** The children still running. */
  running(): Child[];
  /** Runs a command to completion within the group (so Ctrl-C stops it too). */
  run(command: string, args: string[], options: RunOptions): Promise<RunResult>;
}

/** Options of {@link ProcessGroup.run}. */
export interface RunOptions extends SpawnOptions {
  timeoutMs: number;
}

const KEEP_CHARS = 16_000;

/**
 * Creates a process group. While it has running children, SIGINT and
 * SIGTERM stop them before the verifier exits (code 130 / 143).
 *
 * @returns The group.
 * @example
 * ```ts
 * import { createProcessGroup } from "./processes.ts";
 * const group = createProcessGroup();
 * group.spawn("sleeper", "sleep", ["30"], { cwd: "." });
 * await group.stopAll();
 * if (group.running().length !== 0) throw new Error("still running");
 * ```
 */
export function createProcessGroup(): ProcessGroup {
  const children = new Set<{ child: Child; process: Deno.ChildProcess }>();
  const setsid = findSetsid();
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const onSignal: Record<string, () => void> = {};
  let listening = false;

  function listen(): void {
    if (listening) return;
    listening = true;
    for (const signal of signals) {
      onSignal[signal] = () => {
        void stopAll(2_000).finally(() => Deno.exit(signal === "SIGINT" ? 130 : 143));
      };
      Deno.addSignalListener(signal, onSignal[signal]!);
    }
  }

  function unlisten(): void {
    if (!listening) return;
    listening = false;
    for (const signal of signals) {
      const handler = onSignal[signal];
      if (handler) Deno.removeSignalListener(signal, handler);
    }
  }

  function spawn(name: string, command: string, args: string[], options: SpawnOptions): Child {
    // In a session of its own, the child and everything it forks die together.
    const process = new Deno.Command(setsid ?? command, {
      args: setsid ? [command, ...args] : args,
      cwd: options.cwd,
      env: options.env ?? {},
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let text = "";
    let ended = false;
    const keep = async (stream: ReadableStream<Uint8Array>) => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of stream) {
          text += decoder.decode(chunk, { stream: true });
          if (text.length > KEEP_CHARS * 2) text = text.slice(-KEEP_CHARS);
        }
      } catch {
        // The stream closes when the process is killed.
      }
    };
    const drained = Promise.all([keep(process.stdout), keep(process.stderr)]);
    const exited = process.status.then(async (status) => {
      ended = true;
      // A grandchild may hold the pipes open; do not wait for it.
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 500))]);
      return status.code;
    });
    const child: Child = {
      name,
      pid: process.pid,
      output: () => text.slice(-KEEP_CHARS),
      exited,
      done: () => ended,
    };
    const entry = { child, process };
    children.add(entry);
    void exited.finally(() => {
      children.delete(entry);
      if (children.size === 0) unlisten();
    });
    listen();
    return child;
  }

  async function stopAll(graceMs = 5_000): Promise<void> {
    const entries = [...children];
    await Promise.all(entries.map(async ({ child, process }) => {
      if (child.done()) return;
      if (!signalTree(process, "SIGTERM", setsid !== undefined)) return; // Already gone.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), graceMs);
      });
      const outcome = await Promise.race([child.exited, timeout]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        signalTree(process, "SIGKILL", setsid !== undefined);
        await child.exited;
      }
    }));
    unlisten();
  }

  async function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
    const started = performance.now();
    const child = spawn(command, command, args, options);
    const entry = [...children].find((e) => e.child === child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (entry) signalTree(entry.process, "SIGKILL", setsid !== undefined);
    }, options.timeoutMs);
    try {
      const code = await child.exited;
      return { code, output: child.output(), durationMs: performance.now() - started, timedOut };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    spawn,
    stopAll,
    running: () => [...children].map((e) => e.child).filter((c) => !c.done()),
    run,
  };
}

function findSetsid(): string | undefined {
  if (Deno.build.os !== "linux") return undefined;
  for (const path of ["/usr/bin/setsid", "/bin/setsid"]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // Try the next.
    }
  }
  return undefined;
}

/** Signals a child and, when it leads its own group, everything it forked. */
function signalTree(process: Deno.ChildProcess, signal: Deno.Signal, group: boolean): boolean {
  if (group) {
    try {
      Deno.kill(-process.pid, signal);
      return true;
    } catch {
      // Fall back to the child alone.
    }
  }
  try {
    process.kill(signal);
    return true;
  } catch {
    return false;
  }
}

/** The result of {@link run}. */
export interface RunResult {
  code: number;
  output: string;
  durationMs: number;
  timedOut: boolean;
}

/**
 * Whether a program can be started (it is on PATH or the path exists).
 *
 * @param command The program.
 * @param args Arguments that make it print and exit, e.g. `["--version"]`.
 * @returns True when it ran and exited 0.
 */
export async function canRun(command: string, args: string[]): Promise<boolean> {
  try {
    const out = await new Deno.Command(command, { args, stdout: "null", stderr: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}
