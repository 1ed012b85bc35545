/**
 * Parses generated Python with the machine's own interpreter (`ast.parse`),
 * the way the validator's `python_syntax` check needs it. Two ways to run it:
 *
 * - one interpreter per call (the default: a CLI run parses once and exits);
 * - a resident interpreter kept between calls, for long-lived processes (a
 *   queue worker, the MCP server) where starting `python3` for every job
 *   would cost 20–40 ms of CPU each time.
 *
 * Both start Python isolated (`-I -S`: no user site, no `site` import, no
 * environment variables), which halves its start-up and keeps a user's
 * `PYTHONPATH` or `sitecustomize` out of a syntax check.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";

/** A file that does not parse. */
export interface PythonSyntaxError {
  path: string;
  line: number;
  msg: string;
}

/** Parses Python files. */
export interface PythonParser {
  /**
   * @param files The files to parse (every one is parsed, whatever its name).
   * @returns The files that do not parse, in order.
   * @throws {Error} When the interpreter cannot run; the message says why.
   */
  parse(files: readonly GeneratedFile[]): Promise<PythonSyntaxError[]>;
  /** Stops a resident interpreter; the parser stays usable (it starts again). */
  close(): Promise<void>;
}

/** Options of {@link createPythonParser}. */
export interface PythonParserOptions {
  /** Keep one interpreter running between calls (default false). */
  resident?: boolean;
  /** Longest wait for one answer before the interpreter is stopped (default 30 s). */
  timeoutMs?: number;
}

// Isolated, no `site`, and no warnings: CPython 3.12+ warns on stderr about
// every invalid escape such as "\d" in the code it parses.
const FLAGS = ["-I", "-S", "-W", "ignore", "-c"];

/** Reads one JSON array of files per line, answers one JSON array of errors per line. */
const SCRIPT = `import ast, gc, json, sys
def check(files):
    errors = []
    for f in files:
        try:
            ast.parse(f['content'], filename=f['path'])
        except SyntaxError as e:
            errors.append({'path': f['path'], 'line': e.lineno or 0, 'msg': e.msg})
        except ValueError as e:
            errors.append({'path': f['path'], 'line': 0, 'msg': str(e)})
    return errors
# Syntax trees hold no reference cycles: reference counting frees them, and
# the cycle collector would only walk them (a sixth of the time).
gc.disable()
for line in sys.stdin.buffer:
    if line.strip():
        sys.stdout.buffer.write(json.dumps(check(json.loads(line))).encode() + b'\\n')
        sys.stdout.buffer.flush()
`;

const encoder = new TextEncoder();

function request(files: readonly GeneratedFile[]): Uint8Array {
  // JSON.stringify escapes every newline inside a string: one request, one line.
  return encoder.encode(
    JSON.stringify(files.map((f) => ({ path: f.path, content: f.content }))) + "\n",
  );
}

function answer(line: string): PythonSyntaxError[] {
  const parsed: unknown = JSON.parse(line);
  if (!Array.isArray(parsed)) {
    throw new Error(`python3 answered something other than a list: ${line}`);
  }
  return parsed as PythonSyntaxError[];
}

/**
 * @param python The interpreter (an absolute path from `detectToolchain()`).
 * @param options Resident or one interpreter per call; answer timeout.
 * @returns A parser.
 *
 * @example
 * ```ts
 * const parser = createPythonParser("/usr/bin/python3", { resident: true });
 * try {
 *   const errors = await parser.parse([{ path: "app/main.py", content: "def f(:\n" }]);
 *   if (errors[0]?.path !== "app/main.py") throw new Error("expected a syntax error");
 * } finally {
 *   await parser.close();
 * }
 * ```
 */
export function createPythonParser(
  python: string,
  options: PythonParserOptions = {},
): PythonParser {
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!options.resident) {
    return {
      parse: (files) => parseOnce(python, files, timeoutMs),
      close: () => Promise.resolve(),
    };
  }
  let resident: Resident | undefined;
  // One request at a time: answers come back in order on one pipe.
  let tail: Promise<unknown> = Promise.resolve();
  return {
    parse(files) {
      const result = tail.then(async () => {
        resident ??= startResident(python);
        const current = resident;
        try {
          return await current.ask(request(files), timeoutMs);
        } catch (error) {
          // A dead or stuck interpreter is replaced on the next call. After a
          // crash this call is answered by a one-off interpreter; input that
          // took too long would take as long again, so a timeout is final.
          if (resident === current) resident = undefined;
          await current.stop();
          if (error instanceof SpawnError || error instanceof TimeoutError) throw error;
          return await parseOnce(python, files, timeoutMs);
        }
      });
      tail = result.catch(() => {});
      return result;
    },
    async close() {
      await tail;
      const current = resident;
      resident = undefined;
      await current?.stop();
    },
  };
}

/** The interpreter could not be started at all (missing, not executable). */
class SpawnError extends Error {
  override name = "SpawnError";
}

/** The interpreter gave no answer in time. */
class TimeoutError extends Error {
  override name = "TimeoutError";
  constructor(timeoutMs: number) {
    super(`python3 gave no answer within ${timeoutMs} ms`);
  }
}

function spawn(python: string): Deno.ChildProcess {
  try {
    return new Deno.Command(python, {
      args: [...FLAGS, SCRIPT],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    throw new SpawnError(`Cannot start ${python}: ${(error as Error).message}`);
  }
}

async function parseOnce(
  python: string,
  files: readonly GeneratedFile[],
  timeoutMs: number,
): Promise<PythonSyntaxError[]> {
  const child = spawn(python);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    const writer = child.stdin.getWriter();
    const [out] = await Promise.all([
      child.output(),
      writer.write(request(files)).then(() => writer.close()).catch(() => {}),
    ]);
    if (!out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1);
      throw out.signal === "SIGKILL"
        ? new TimeoutError(timeoutMs)
        : new Error(`python3 failed: ${why}`);
    }
    return answer(new TextDecoder().decode(out.stdout).trim());
  } finally {
    clearTimeout(timer);
  }
}

interface Resident {
  ask(line: Uint8Array, timeoutMs: number): Promise<PythonSyntaxError[]>;
  stop(): Promise<void>;
}

function startResident(python: string): Resident {
  const child = spawn(python);
  // An idle interpreter never keeps this process alive, and it exits by
  // itself when this process goes (its stdin closes).
  child.unref();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  // Read all along, so an interpreter that writes to stderr never blocks on
  // a full pipe; the end is kept to say why it stopped.
  const errors = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let errorTail = "";
  const drained = (async () => {
    try {
      for (;;) {
        const { value, done } = await errors.read();
        if (done) return;
        errorTail = (errorTail + value).slice(-2_000);
      }
    } catch { /* cancelled by stop() */ }
  })();
  const lastError = async () => {
    // Its stderr closes as it exits; wait for that a moment, not forever.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([drained, new Promise((r) => timer = setTimeout(r, 1_000))]);
    clearTimeout(timer);
    return errorTail.trim().split("\n").at(-1) || "no message";
  };
  let buffered = "";
  let stopped = false;
  return {
    async ask(line, timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new TimeoutError(timeoutMs)),
          timeoutMs,
        );
      });
      const read = async () => {
        await writer.write(line);
        while (!buffered.includes("\n")) {
          const { value, done } = await reader.read();
          if (done) {
            throw new Error(`python3 stopped: ${await lastError()}`);
          }
          buffered += value;
        }
        const end = buffered.indexOf("\n");
        const text = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        return answer(text);
      };
      // Kept alive only while a request is in flight (see `unref()` above).
      child.ref();
      try {
        return await Promise.race([read(), timeout]);
      } finally {
        clearTimeout(timer);
        if (!stopped) child.unref();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      child.ref();
      await writer.close().catch(() => {});
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await reader.cancel().catch(() => {});
      await errors.cancel().catch(() => {});
      await drained;
      await child.status;
    },
  };
}
