/**
 * `deno task preview [DIR] [--backend-port N] [--frontend-port N] [--quiet]`:
 * runs a generated app (default `output/`) until Ctrl-C, printing its URLs
 * and both servers' output.
 *
 * Exit codes: 130 stopped with Ctrl-C (143 with SIGTERM); 1 a server failed
 * to start or stopped on its own; 2 bad usage, not an app folder, a port in
 * use, or Python / Node.js missing.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { explainArgsError } from "../cli_args.ts";
import { createProcessGroup } from "../verify/processes.ts";
import { lastLines } from "../verify/backend.ts";
import { followOutput } from "./follow.ts";
import { DEFAULT_PORTS, PreviewError, startPreview } from "./preview.ts";

const USAGE = `Usage: deno task preview [DIR] [--backend-port N] [--frontend-port N] [--quiet]

Runs a generated app (default DIR: output) until Ctrl-C: the FastAPI backend under Uvicorn and
the Next.js frontend under next dev, the frontend calling the backend's port and the backend
allowing the frontend's origin (CORS).

Options:
  --backend-port N   the backend's port (default ${DEFAULT_PORTS.backend}, or the next free one)
  --frontend-port N  the frontend's port (default ${DEFAULT_PORTS.frontend}, or the next free one)
  --quiet            do not show the servers' output
  -h, --help         show this help

Python: STACKFORGE_PYTHON, else DIR/backend/.venv, python3 or /usr/bin/python3, whichever
imports fastapi and uvicorn.`;

const OPTIONS = {
  "backend-port": { type: "string" },
  "frontend-port": { type: "string" },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65_535) {
    throw new PreviewError(
      `--${name} "${value}" is not a port number: use 1 to 65535, e.g. --${name} ${
        name === "backend-port" ? 8001 : 3001
      }`,
    );
  }
  return n;
}

/** What {@link main} needs from the outside world. */
export interface PreviewIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

/**
 * @param args Command-line arguments.
 * @param io Output streams and environment.
 * @returns The exit code.
 */
export async function main(args: string[], io: PreviewIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(
      `error: ${
        explainArgsError(error, OPTIONS, { "backend-port": "8001", "frontend-port": "3001" })
      }\n`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE + "\n");
    return 0;
  }
  if (positionals.length > 1) {
    io.stderr(
      `error: give one app folder, not ${positionals.length} (${
        positionals.map((p) => JSON.stringify(p)).join(", ")
      }); see --help\n`,
    );
    return 2;
  }
  const dir = positionals[0] ?? "output";
  const group = createProcessGroup();
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    io.stderr("\nstopping the backend and the frontend...\n");
    // The group stops its children and exits; with none running yet, exit here.
    if (group.running().length === 0) Deno.exit(130);
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  const followers: (() => void)[] = [];
  try {
    const preview = await startPreview({
      dir,
      group,
      ...(values["backend-port"] !== undefined
        ? { backendPort: port(values["backend-port"], "backend-port") }
        : {}),
      ...(values["frontend-port"] !== undefined
        ? { frontendPort: port(values["frontend-port"], "frontend-port") }
        : {}),
      ...(io.env.STACKFORGE_PYTHON ? { python: io.env.STACKFORGE_PYTHON } : {}),
      log: (line) => io.stderr(`  ${line}\n`),
      onStart: (child) => {
        if (values.quiet) return;
        followers.push(
          followOutput(child, (l) => io.stdout(l.trimEnd() + "\n"), `${child.name.padEnd(8)} │ `),
        );
      },
    });
    for (const moved of preview.movedPorts) io.stderr(`  ${moved}\n`);
    io.stdout(
      `\n✓ frontend  ${preview.frontendUrl}\n` +
        `✓ backend   ${preview.backendUrl}  (API docs: ${preview.backendUrl}/docs)\n` +
        `Press Ctrl-C to stop both.\n\n`,
    );
    const ended = await Promise.race([
      preview.backend.exited.then((code) => ({ child: preview.backend, code })),
      preview.frontend.exited.then((code) => ({ child: preview.frontend, code })),
    ]);
    if (stopping) return 130;
    for (const stop of followers) stop();
    io.stderr(
      `✗ the ${ended.child.name} stopped (exit code ${ended.code}); stopping the other one. Its last lines:\n${
        lastLines(ended.child.output(), 15).replace(/^/gm, "    ")
      }\n`,
    );
    await group.stopAll();
    return 1;
  } catch (error) {
    for (const stop of followers) stop();
    await group.stopAll();
    if (error instanceof PreviewError || error instanceof RangeError) {
      io.stderr(`error: ${error.message}\n`);
      return error instanceof PreviewError ? error.exitCode : 2;
    }
    throw error;
  } finally {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
  }
}

if (import.meta.main) {
  Deno.exit(
    await main(Deno.args, {
      stdout: (text) => Deno.stdout.writeSync(new TextEncoder().encode(text)),
      stderr: (text) => Deno.stderr.writeSync(new TextEncoder().encode(text)),
      env: Deno.env.toObject(),
    }),
  );
}
