/**
 * Runs a generated backend in Python for the validator: `import app.main`
 * (does the app import at all?) and then `python -m tests.scenarios` (the
 * backend's own acceptance runner, one JSON line per scenario), both in ONE
 * Python process per job, from a temporary copy of the backend.
 *
 * Two ways to run it, as with the syntax parser:
 *
 * - one interpreter per job (the default: a CLI run validates once and
 *   exits);
 * - a resident interpreter that has FastAPI, Starlette's test client and
 *   AnyIO imported and warmed up once, and forks a child per job. The child
 *   starts with all of that in memory and imports only the generated code,
 *   and since it is a fork, nothing a job's code does (imported modules,
 *   globals it changes, threads it leaves) reaches the next job.
 *
 * The child is bounded: a CPU-time limit and an alarm end it even if this
 * process is gone, and the timeout here kills it.
 *
 * @module
 */
import { join } from "node:path";
import type { GeneratedFile } from "../../../core/artifact.ts";
import { sandboxFilePath } from "../../../guardrails/sandbox.ts";

/** What one run found. */
export interface BackendRun {
  /** Whether `import app.main` worked; the error names the file and line when it did not. */
  imports: { ok: true } | { ok: false; error: string };
  /** Whether `tests.scenarios` was run (asked for, and the app imported). */
  ranScenarios: boolean;
  /** What `tests.scenarios` printed on stdout. */
  stdout: string;
  /** The end of what it printed on stderr. */
  stderr: string;
  /** Its exit code (`sys.exit`), when it ran to the end. */
  exitCode?: number;
  /** The error it ended with, when it raised instead of exiting. */
  crash?: string;
  /** True when the run was stopped after the timeout. */
  timedOut?: boolean;
  /** What each part cost in the child, `[wall ms, CPU ms]`: for benchmarks, never for reports. */
  timings?: { import?: [number, number]; scenarios?: [number, number] };
}

/** Options of one {@link BackendRunner.run}. */
export interface RunRequest {
  /** Run `tests.scenarios` after the import (default true). */
  scenarios?: boolean;
  /** Environment variables for the app (the database path is set by the runner). */
  env?: Record<string, string>;
}

/** Runs generated backends. */
export interface BackendRunner {
  /**
   * @param files The job's backend files (paths under `backend/`).
   * @param request What to run.
   * @returns What happened.
   * @throws {Error} When the interpreter cannot run at all; the message says why.
   */
  run(files: readonly GeneratedFile[], request?: RunRequest): Promise<BackendRun>;
  /** Stops a resident interpreter and the runs in flight; the runner stays usable. */
  close(): Promise<void>;
}

/** Options of {@link createBackendRunner}. */
export interface BackendRunnerOptions {
  /** Keep one interpreter with FastAPI imported between jobs (default false). */
  resident?: boolean;
  /** Longest run of one job before it is stopped (default 60 s). */
  timeoutMs?: number;
}

const SCRIPT = String.raw`
import json, os, signal, sys, traceback

PRELOAD = (
    "fastapi", "fastapi.testclient", "fastapi.middleware.cors", "fastapi.security",
    "fastapi.responses", "fastapi.encoders", "starlette.testclient", "anyio",
    "anyio._backends._asyncio", "httpx", "pydantic", "sqlite3", "hashlib", "hmac",
    "secrets", "datetime", "decimal", "re", "uuid", "random", "string", "math",
    "collections", "typing", "pathlib", "tempfile", "runpy", "io", "resource",
)


def preload():
    for name in PRELOAD:
        try:
            __import__(name)
        except Exception:
            pass
    # One request through the test client imports and warms what the first
    # request of every job would otherwise pay for (the event loop, the
    # portal, routing). An async route: no worker thread outlives it.
    try:
        from fastapi import FastAPI
        from fastapi.testclient import TestClient
        warm = FastAPI()

        @warm.get("/warm")
        async def _warm():
            return {"ok": True}

        with TestClient(warm) as client:
            client.get("/warm")
    except Exception:
        pass


def where(error, root):
    """The deepest frame of the generated code, as 'app/x.py line 3'."""
    if isinstance(error, SyntaxError) and error.filename:
        path = os.path.relpath(error.filename, root)
        if not path.startswith(".."):
            return "%s line %s" % (path, error.lineno)
    found = None
    for frame in traceback.extract_tb(error.__traceback__):
        path = os.path.relpath(frame.filename, root)
        if not path.startswith(".."):
            found = "%s line %s" % (path, frame.lineno)
    return found


def describe(error, root):
    text = ("%s: %s" % (type(error).__name__, error)).strip()
    lines = [l for l in text.splitlines() if l.strip()]
    text = " ".join(lines[:6])[:800]
    place = where(error, root)
    return "%s: %s" % (place, text) if place else text


def run(job):
    import time
    clock = (time.perf_counter(), time.process_time())
    root = job["dir"]
    result = {"imports": None, "ran": False, "ms": {}}

    def lap(name):
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        result["ms"][name] = [round((now[0] - clock[0]) * 1000, 1), round((now[1] - clock[1]) * 1000, 1)]
        clock = now
    out = os.open(job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", buffering=1, closefd=False)
    sys.stderr = open(2, "w", buffering=1, closefd=False)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    sys.stdin = open(0, closefd=False)
    try:
        import resource
        limit = max(1, int(job["seconds"]) + 1)
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))
    except Exception:
        pass
    signal.alarm(max(1, int(job["seconds"]) + 2))
    os.chdir(root)
    sys.path.insert(0, root)
    sys.dont_write_bytecode = True
    os.environ.update(job.get("env") or {})
    import tempfile
    tempfile.tempdir = None  # read TMPDIR again, not the interpreter's cached choice
    try:
        import app.main  # noqa: F401
        result["imports"] = {"ok": True}
    except BaseException as error:
        result["imports"] = {"ok": False, "error": describe(error, root)}
    lap("import")
    if result["imports"]["ok"] and job.get("scenarios"):
        import runpy
        result["ran"] = True
        sys.argv = [os.path.join(root, "tests", "scenarios.py")]
        try:
            runpy.run_module("tests.scenarios", run_name="__main__", alter_sys=True)
            result["exit"] = 0
        except SystemExit as stop:
            code = stop.code
            result["exit"] = code if isinstance(code, int) else (0 if code is None else 1)
        except BaseException as error:
            result["crash"] = describe(error, root)
        lap("scenarios")
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    with open(job["result"], "w") as f:
        json.dump(result, f)


def send(message):
    os.write(1, (json.dumps(message) + "\n").encode())


def serve():
    preload()
    children = {}

    def reap(signum, frame):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            job = children.pop(pid, None)
            if job is not None:
                send({"id": job, "exit": os.waitstatus_to_exitcode(status)})

    signal.signal(signal.SIGCHLD, reap)
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        job = json.loads(line)
        # A child that ends before its pid is recorded must still be reported.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                run(job)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        children[pid] = job["id"]
        send({"id": job["id"], "pid": pid})
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})


if sys.argv[1:] == ["--serve"]:
    serve()
else:
    run(json.loads(sys.stdin.readline()))
`;

const encoder = new TextEncoder();
const KEEP_STDERR = 4_000;

/** The interpreter gave no answer in time. */
class TimeoutError extends Error {
  override name = "TimeoutError";
}

interface Job {
  id: number;
  dir: string;
  stdout: string;
  stderr: string;
  result: string;
  seconds: number;
  scenarios: boolean;
  env: Record<string, string>;
}

/**
 * Where copies of backends go: memory (`/dev/shm`) where there is one, so
 * writing, SQLite's commits and removing cost next to nothing; else the
 * system's temporary folder.
 */
function scratchDir(): string | undefined {
  try {
    return Deno.build.os === "linux" && Deno.statSync("/dev/shm").isDirectory
      ? "/dev/shm"
      : undefined;
  } catch {
    return undefined;
  }
}

// Synchronous on purpose: the job reaches Python before the validator's
// other (synchronous) checks take the event loop.
function prepare(
  files: readonly GeneratedFile[],
  request: RunRequest,
  timeoutMs: number,
  id: number,
): { job: Job; root: string } {
  const scratch = scratchDir();
  const root = Deno.makeTempDirSync({
    prefix: "stackforge-run-",
    ...(scratch ? { dir: scratch } : {}),
  });
  const dir = join(root, "backend");
  const made = new Set<string>();
  for (const file of files) {
    if (!file.path.startsWith("backend/")) continue;
    // Model-written paths: never outside the temporary folder.
    let target: string;
    try {
      target = sandboxFilePath(root, file.path);
    } catch {
      continue;
    }
    const parent = target.slice(0, target.lastIndexOf("/"));
    if (!made.has(parent)) {
      Deno.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    Deno.writeTextFileSync(target, file.content);
  }
  Deno.mkdirSync(dir, { recursive: true });
  return {
    root,
    job: {
      id,
      dir,
      stdout: join(root, "stdout.txt"),
      stderr: join(root, "stderr.txt"),
      result: join(root, "result.json"),
      seconds: Math.ceil(timeoutMs / 1000),
      scenarios: request.scenarios ?? true,
      // The app's database, and any temporary folder its tests make, in the scratch folder.
      env: { DATABASE_PATH: join(root, "app.db"), TMPDIR: root, ...request.env },
    },
  };
}

function readText(path: string, keep?: number): string {
  try {
    const text = Deno.readTextFileSync(path);
    return keep === undefined ? text : text.slice(-keep);
  } catch {
    return "";
  }
}

function collect(job: Job, timedOut: boolean, exit: number | undefined): BackendRun {
  const stdout = readText(job.stdout);
  const stderr = readText(job.stderr, KEEP_STDERR);
  let raw: {
    imports?: { ok: boolean; error?: string };
    ran?: boolean;
    exit?: number;
    crash?: string;
    ms?: BackendRun["timings"];
  } | undefined;
  try {
    raw = JSON.parse(Deno.readTextFileSync(job.result));
  } catch {
    raw = undefined;
  }
  if (raw?.imports === undefined) {
    // The child died before it wrote its result: killed, or the code ended the process.
    const why = timedOut
      ? `stopped after ${job.seconds} s`
      : `the Python process ended with code ${exit ?? "unknown"}`;
    const tail = stderr.trim().split("\n").slice(-3).join(" ").slice(0, 600);
    return {
      imports: { ok: true },
      ranScenarios: job.scenarios,
      stdout,
      stderr,
      crash: `${why}${tail ? `: ${tail}` : ""}`,
      ...(timedOut ? { timedOut } : {}),
    };
  }
  return {
    imports: raw.imports.ok ? { ok: true } : { ok: false, error: raw.imports.error ?? "failed" },
    ranScenarios: raw.ran ?? false,
    stdout,
    stderr,
    ...(raw.exit !== undefined ? { exitCode: raw.exit } : {}),
    ...(raw.crash !== undefined ? { crash: raw.crash } : {}),
    ...(raw.ms !== undefined ? { timings: raw.ms } : {}),
  };
}

/**
 * @param python An interpreter that imports FastAPI (`toolchain.fastapiPython`).
 * @param options Resident or one interpreter per job; the timeout.
 * @returns A runner.
 * @example
 * ```ts
 * import { createBackendRunner } from "./backend_runner.ts";
 * import { detectToolchain } from "./toolchain.ts";
 * const python = (await detectToolchain()).fastapiPython;
 * if (python) {
 *   const runner = createBackendRunner(python);
 *   const run = await runner.run([
 *     { path: "backend/app/__init__.py", content: "" },
 *     { path: "backend/app/main.py", content: "from datetime import date\nclass Row:\n    date: date | None = None\n" },
 *   ], { scenarios: false });
 *   if (run.imports.ok) throw new Error("a field named date shadows its type: the import fails");
 * }
 * ```
 */
export function createBackendRunner(
  python: string,
  options: BackendRunnerOptions = {},
): BackendRunner {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let nextId = 1;
  return options.resident ? residentRunner(python, timeoutMs, () => nextId++) : {
    run: async (files, request = {}) => {
      const { job, root } = await prepare(files, request, timeoutMs, nextId++);
      try {
        return await runOnce(python, job, timeoutMs);
      } finally {
        await Deno.remove(root, { recursive: true }).catch(() => {});
      }
    },
    close: () => Promise.resolve(),
  };
}

function spawn(python: string, args: string[], stdin: "piped" | "null"): Deno.ChildProcess {
  try {
    return new Deno.Command(python, {
      args: ["-c", SCRIPT, ...args],
      stdin,
      stdout: "piped",
      stderr: "piped",
      env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONUNBUFFERED: "1" },
    }).spawn();
  } catch (error) {
    throw new Error(`Cannot start ${python}: ${(error as Error).message}`);
  }
}

async function runOnce(python: string, job: Job, timeoutMs: number): Promise<BackendRun> {
  const child = spawn(python, [], "piped");
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, timeoutMs);
  try {
    const writer = child.stdin.getWriter();
    const [out] = await Promise.all([
      child.output(),
      writer.write(encoder.encode(JSON.stringify(job) + "\n")).then(() => writer.close()).catch(
        () => {},
      ),
    ]);
    const result = collect(job, timedOut, out.code);
    // Python could not even start the script (a broken interpreter): say why.
    const why = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1);
    if (result.crash !== undefined && why) result.crash = `${result.crash} (${why})`;
    return result;
  } finally {
    clearTimeout(timer);
  }
}

interface Pending {
  resolve: (exit: number) => void;
  reject: (error: Error) => void;
  pid?: number;
}

interface Resident {
  submit(job: Job, timeoutMs: number): Promise<{ exit: number | undefined; timedOut: boolean }>;
  alive(): boolean;
  stop(): Promise<void>;
}

function startResident(python: string): Resident {
  const child = spawn(python, ["--serve"], "piped");
  child.unref();
  const writer = child.stdin.getWriter();
  const pending = new Map<number, Pending>();
  let stopped = false;
  let errorTail = "";
  const drainErrors = (async () => {
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        errorTail = (errorTail + value).slice(-2_000);
      }
    } catch { /* cancelled */ }
  })();
  const fail = (why: string) => {
    stopped = true;
    for (const job of pending.values()) job.reject(new Error(why));
    pending.clear();
  };
  const reading = (async () => {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          let message: { id?: number; pid?: number; exit?: number };
          try {
            message = JSON.parse(line);
          } catch {
            continue;
          }
          const job = message.id === undefined ? undefined : pending.get(message.id);
          if (job === undefined) continue;
          if (message.pid !== undefined) job.pid = message.pid;
          if (message.exit !== undefined) {
            pending.delete(message.id!);
            job.resolve(message.exit);
          }
        }
        if (pending.size === 0) child.unref();
      }
    } catch { /* cancelled by stop() */ }
    await Promise.race([drainErrors, new Promise((r) => setTimeout(r, 500))]);
    fail(`python3 stopped: ${errorTail.trim().split("\n").at(-1) || "no message"}`);
  })();
  return {
    alive: () => !stopped,
    async submit(job, timeoutMs) {
      const done = new Promise<number>((resolve, reject) => {
        pending.set(job.id, { resolve, reject });
      });
      child.ref();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        const pid = pending.get(job.id)?.pid;
        if (pid !== undefined) {
          try {
            Deno.kill(pid, "SIGKILL");
          } catch { /* already gone */ }
        }
      }, timeoutMs);
      try {
        await writer.write(encoder.encode(JSON.stringify(job) + "\n"));
        const exit = await Promise.race([
          done,
          // A child killed before it was reported as started has no pid to kill.
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new TimeoutError("no answer")), timeoutMs + 5_000)
          ),
        ]);
        return { exit, timedOut };
      } finally {
        clearTimeout(timer);
        if (pending.size === 0 && !stopped) child.unref();
      }
    },
    async stop() {
      if (stopped) {
        await reading;
        return;
      }
      stopped = true;
      child.ref();
      for (const job of pending.values()) {
        if (job.pid !== undefined) {
          try {
            Deno.kill(job.pid, "SIGKILL");
          } catch { /* gone */ }
        }
      }
      await writer.close().catch(() => {});
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
      await reading;
      await drainErrors;
      await child.status;
    },
  };
}

function residentRunner(python: string, timeoutMs: number, id: () => number): BackendRunner {
  let resident: Resident | undefined;
  const current = () => {
    if (resident === undefined || !resident.alive()) resident = startResident(python);
    return resident;
  };
  return {
    async run(files, request = {}) {
      const { job, root } = prepare(files, request, timeoutMs, id());
      try {
        let outcome;
        try {
          outcome = await current().submit(job, timeoutMs);
        } catch (error) {
          if (error instanceof TimeoutError) return collect(job, true, undefined);
          // The interpreter died (killed, out of memory): once more with a new one.
          resident = undefined;
          outcome = await current().submit(job, timeoutMs);
        }
        return collect(job, outcome.timedOut, outcome.exit);
      } finally {
        await Deno.remove(root, { recursive: true }).catch(() => {});
      }
    },
    async close() {
      const stopping = resident;
      resident = undefined;
      await stopping?.stop();
    },
  };
}
