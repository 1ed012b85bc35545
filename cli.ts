/**
 * The command line: `deno task generate "a blog with comments"`.
 *
 * Parses arguments with `node:util` parseArgs, shows progress per agent on
 * stderr (a live line on a terminal, plain lines otherwise), and ends with
 * the per-agent cost table (or a JSON summary with `--json`).
 *
 * Exit codes: 0 the app was generated and validated; 1 the job failed (its
 * partial report is written); 2 bad input or configuration; 3 files are
 * held for human review; 4 generated and validated, but some requirements
 * are not implemented; 5 an app was changed in place but files are in
 * conflict with the user's edits; 130 cancelled with Ctrl-C. A bad command line gets one
 * line (a JSON error object with `--json`).
 *
 * @module
 */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { explainArgsError } from "./cli_args.ts";
import { AGENT_TABLE, type AgentName, AGENTS } from "./core/agents.ts";
import { costTable } from "./core/cost_table.ts";
import { summarizeJob, verdictLine } from "./core/summary.ts";
import type { PipelineEvent } from "./core/events.ts";
import { loadConfig } from "./pipeline/config.ts";
import { generateApp, type GenerateResult } from "./pipeline/generate.ts";
import { refineApp, regenerateApp } from "./pipeline/refine/refine.ts";
import { parseSpecText } from "./pipeline/refine/spec_file.ts";
import { type SpecDiff, specDiffLines } from "./pipeline/refine/spec_diff.ts";
import { conflictsOf } from "./pipeline/refine/update_report.ts";
import type { FileUpdate } from "./pipeline/refine/update_plan.ts";
import { InputError } from "./core/errors.ts";
import { GuardrailError } from "./guardrails/errors.ts";
import { createFileJobStore } from "./jobs/store.ts";
import { standaloneJobRecord } from "./jobs/record.ts";
import {
  createLogger,
  createMetrics,
  createTracing,
  parseLogLevel,
  startMetricsServer,
} from "./observability/mod.ts";

export { costTable };

/** The prompt used when none is given. */
export const DEFAULT_PROMPT =
  "a todo app with auth: users sign up and log in, and manage their own todos with due dates and priorities";

const HELP = `stackforge — turn a plain-language app idea into a Next.js + FastAPI app

Usage:
  deno task generate [options] ["<app idea>"]
  deno task generate --from DIR "<change>"       change an app generated earlier, in place
  deno task generate --spec FILE [--from DIR]    generate from a spec you edited

With no idea, a todo app with sign-in is generated. Writing into an app (--from)
keeps your edits (merged three ways, conflicts marked) and never touches your own files.

Options:
  --out DIR          output folder (default: output)
  --force            write into a non-empty output folder (stackforge's files are
                     replaced, your other files are kept)
  --from DIR         the app to change (an earlier output folder); written in place
  --spec FILE        a spec.json to generate from (an app's spec.json, edited)
  --provider NAME    offline (default without OPENAI_API_KEY) or openai
  --user-id ID       who is asking, for rate limits and traces (default: local)
  --llm-routing      let the orchestrator model choose the next agent (deterministic fallback)
  --verify           then run the app: backend tests and endpoints, next build, Chromium flows
  --json             print a JSON summary instead of the cost table
  --log-level LEVEL  JSON log lines on stderr (debug, info, warn, error) instead of progress
  --metrics-port N   serve Prometheus metrics on 127.0.0.1:N while the job runs
  --worker           run as a stateless queue worker instead (needs REDIS_URL or --redis-url;
                     worker options: deno task generate --worker --help)
  -h, --help         show this help

Environment: see .env.example (JOB_TOKEN_BUDGET, <AGENT>_TOKEN_LIMIT, JOB_USD_BUDGET,
MAX_RETRIES, REQUIRE_HUMAN_REVIEW, OPENAI_API_KEY, OPENAI_BASE_URL, STACKFORGE_MODEL...).
Traces go to Langfuse (LANGFUSE_*) or an OTLP collector (OTEL_EXPORTER_OTLP_ENDPOINT) when set.

Ctrl-C cancels the job: its unfinished files are removed, the output folder is left as it was.
With --json, a failure prints {"error": {"code", "message"}, "exitCode"} on stdout.

Exit codes: 0 generated and validated, 1 job failed (partial report written),
2 bad input or configuration, 3 files held for human review, 4 generated and validated
but some requirements are not implemented (listed in VALIDATION_REPORT.md), 5 the app was
changed in place but files are in conflict with your edits (listed in VALIDATION_REPORT.md),
130 cancelled.`;

const LABEL = (agent: AgentName) => AGENT_TABLE[agent].label;

/** How each way a job ends maps to an exit code. */
const EXIT_CODE: Record<GenerateResult["status"], number> = {
  succeeded: 0,
  partial: 4,
  failed: 1,
  cancelled: 1,
  running: 1,
  awaiting_review: 3,
};

/** The CLI's words for fixing the pipeline's input errors. */
const CLI_ADVICE: Readonly<Record<string, string>> = {
  output_not_empty:
    'choose another --out, pass --force to replace the files stackforge wrote there (yours are kept), or change the app in it with --from DIR "<change>"',
  output_is_file: "choose another --out",
  provider_needs_key: "set it, or use --provider offline",
  not_an_app: "give --from the output folder of an earlier generate",
  empty_change: 'say what to change, e.g. --from output "add tags to recipes"',
};

/** What {@link main} needs from the outside world. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  isTty: boolean;
  /** Calls the handler on each Ctrl-C while a job runs; returns how to stop listening. */
  onInterrupt?: (handler: () => void) => () => void;
  /** Ends the process (a second Ctrl-C). */
  exit?: (code: number) => void;
}

const OPTIONS = {
  out: { type: "string" },
  force: { type: "boolean", default: false },
  from: { type: "string" },
  spec: { type: "string" },
  provider: { type: "string" },
  "user-id": { type: "string" },
  json: { type: "boolean", default: false },
  "llm-routing": { type: "boolean", default: false },
  verify: { type: "boolean", default: false },
  "log-level": { type: "string" },
  "metrics-port": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

const EXAMPLES = {
  out: "my-app",
  from: "output",
  spec: "my-spec.json",
  provider: "offline",
  "user-id": "alice",
  "log-level": "info",
  "metrics-port": "9464",
};

/**
 * The nearest existing folder-to-be above `path` that is a file, if any: a
 * folder cannot be made under it (ENOTDIR).
 *
 * @param path The output folder as given.
 * @returns That file as given relative to the working folder, or undefined.
 */
function fileAbove(path: string): string | undefined {
  let current = dirname(resolve(path));
  while (true) {
    try {
      if (statSync(current).isDirectory()) return undefined;
      const near = relative(Deno.cwd(), current);
      return near === "" || near.startsWith("..") || isAbsolute(near) ? current : near;
    } catch {
      const parent = dirname(current);
      if (parent === current) return undefined;
      current = parent;
    }
  }
}

/** The staging folders beside an output folder (`.<name>.stackforge-<uuid>`, see pipeline/output.ts). */
function stagingFolders(target: string): Set<string> {
  const prefix = `.${basename(target)}.stackforge-`;
  try {
    return new Set(
      readdirSync(dirname(target)).filter((n) =>
        n.startsWith(prefix) && /^[0-9a-f-]{36}$/.test(n.slice(prefix.length))
      ),
    );
  } catch {
    return new Set();
  }
}

function progress(isTty: boolean, write: (text: string) => void): (event: PipelineEvent) => void {
  const started = performance.now();
  const secs = () => ((performance.now() - started) / 1000).toFixed(1).padStart(5) + "s";
  const line = (text: string) =>
    write(isTty ? `\r\x1b[2K${secs()}  ${text}\n` : `${secs()}  ${text}\n`);
  return (event) => {
    switch (event.type) {
      case "job_started":
        line(`job ${event.jobId.slice(0, 8)} started (provider: ${event.provider})`);
        break;
      case "agent_started":
        if (isTty) write(`\r\x1b[2K${secs()}  … ${LABEL(event.agent)} (attempt ${event.attempt})`);
        else line(`${LABEL(event.agent)} started (attempt ${event.attempt})`);
        break;
      case "agent_finished":
        line(
          `${event.ok ? "✓" : "✗"} ${LABEL(event.agent)} ${event.ok ? "done" : "failed"} in ${
            Math.round(event.latencyMs)
          } ms, ${event.usage.inputTokens + event.usage.outputTokens} tokens${
            event.error ? `: ${event.error}` : ""
          }`,
        );
        break;
      case "agent_retry":
        line(`↻ ${LABEL(event.agent)} will retry: ${event.reason}`);
        break;
      case "call_retry":
        line(
          `… ${LABEL(event.agent)}: ${event.reason}; sending it again in ${
            (event.delayMs / 1000).toFixed(1)
          } s (retry ${event.retry} of ${event.maxRetries})`,
        );
        break;
      case "guardrail":
        line(`⚠ guardrail ${event.layer} ${event.action}: ${event.detail}`);
        break;
      case "job_finished":
        line(`job ${event.status}${event.reason ? `: ${event.reason}` : ""}`);
        break;
    }
  };
}

function jsonSummary(result: GenerateResult): Record<string, unknown> {
  const job = summarizeJob(result);
  return {
    jobId: job.jobId,
    status: job.status,
    ...(job.reason ? { reason: job.reason } : {}),
    outDir: result.outDir,
    provider: job.provider,
    spec: job.spec
      ? {
        title: job.spec.title,
        entities: job.spec.entities,
        endpoints: job.spec.endpoints,
        pages: job.spec.pages,
        patterns: job.spec.patterns,
      }
      : null,
    validation: job.validation
      ? {
        passed: job.validation.passed,
        checks: job.validation.checks.map((c) => ({
          check: c.check,
          status: c.status,
          agent: c.agent,
          detail: c.detail,
        })),
        findings: job.validation.findings,
      }
      : null,
    heldForReview: job.held,
    files: job.files,
    ...(result.specDiff ? { specDiff: result.specDiff.changes } : {}),
    ...(result.update ? { update: result.update } : {}),
    cost: Object.fromEntries(
      AGENTS.map((a) => [a, {
        calls: result.ledger[a].calls,
        inputTokens: result.ledger[a].inputTokens,
        outputTokens: result.ledger[a].outputTokens,
        usd: result.ledger[a].usd,
        latencyMs: Math.round(result.ledger[a].latencyMs),
      }]),
    ),
    totals: job.totals,
    durationMs: job.durationMs,
  };
}

/**
 * Runs the CLI.
 *
 * @param args Command-line arguments (after the command name).
 * @param io Where to write and what environment to read (injectable for tests).
 * @returns The exit code.
 */
export async function main(
  args: string[],
  io: CliIo,
): Promise<number> {
  if (args[0] === "generate" && args.includes("--worker")) {
    // The worker takes jobs from Redis until SIGTERM; it has its own options.
    const { workerMain } = await import("./scale/worker.ts");
    return await workerMain(args.slice(1).filter((a) => a !== "--worker"));
  }
  // Known before parsing, so even a bad command line is answered in JSON.
  const json = args.includes("--json");
  const fail = (code: string, message: string, exitCode = 2): number => {
    if (json) io.stdout(JSON.stringify({ error: { code, message }, exitCode }, null, 2) + "\n");
    else io.stderr(`error: ${message}\n`);
    return exitCode;
  };
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    return fail("bad_usage", explainArgsError(error, OPTIONS, EXAMPLES));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP + "\n");
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command !== "generate") {
    return fail(
      "bad_usage",
      `unknown command ${JSON.stringify(command ?? "")}: use "generate" (see --help)`,
    );
  }
  const prompt = rest.length === 0 ? DEFAULT_PROMPT : rest.join(" ");
  const provider = values.provider?.trim().toLowerCase();
  if (values.out !== undefined && values.out.trim() === "") {
    return fail("bad_usage", "--out is empty: give a folder, e.g. --out my-app");
  }
  const iterate = iterationOf(values, rest);
  if (typeof iterate === "string") return fail("bad_usage", iterate);
  const outDir = iterate?.from ?? values.out ?? "output";
  const blocked = fileAbove(outDir);
  if (blocked !== undefined) {
    return fail(
      "output_under_file",
      `--out "${outDir}" is inside "${blocked}", which is a file: give a folder path, e.g. --out my-app`,
    );
  }
  const metricsPort = values["metrics-port"];
  if (metricsPort !== undefined && !/^\d{1,5}$/.test(metricsPort)) {
    return fail("bad_usage", `--metrics-port "${metricsPort}" is not a port number, e.g. 9464`);
  }
  let observers: Awaited<ReturnType<typeof observe>>;
  try {
    observers = await observe(values["log-level"], metricsPort, io);
  } catch (error) {
    if (error instanceof RangeError) return fail("bad_config", error.message);
    throw error;
  }
  // Ctrl-C cancels the job: its unfinished copy is removed, the output folder left as it was.
  // A second Ctrl-C quits at once, removing the staging folders this run created.
  const cancel = new AbortController();
  const target = resolve(outDir);
  const stagingBefore = stagingFolders(target);
  let interrupts = 0;
  const unlisten = io.onInterrupt?.(() => {
    if (++interrupts === 1) {
      io.stderr(
        `\ncancelled: stopping the job; "${outDir}" is left as it was (Ctrl-C again to quit at once)\n`,
      );
      cancel.abort(new DOMException("Cancelled with Ctrl-C", "AbortError"));
      return;
    }
    for (const name of stagingFolders(target)) {
      if (!stagingBefore.has(name)) {
        rmSync(resolve(dirname(target), name), { recursive: true, force: true });
      }
    }
    io.exit?.(130);
  });
  const showProgress = progress(io.isTty && !values.json, io.stderr);
  let result: GenerateResult;
  try {
    const options = {
      env: io.env,
      signal: cancel.signal,
      ...(provider ? { provider: provider as "offline" } : {}),
      outDir,
      force: values.force,
      ...(values["llm-routing"] ? { llmRouting: true } : {}),
      ...(values["user-id"] !== undefined ? { userId: values["user-id"] } : {}),
      onEvent: (event) => {
        // After Ctrl-C the one line said it all.
        if (observers.logger === undefined && !cancel.signal.aborted) showProgress(event);
        for (const listener of observers.listeners) listener(event);
      },
      approveRisky: async (findings) => {
        if (!io.isTty) return false;
        io.stderr(`\n${findings.length} risky code pattern(s) found:\n`);
        for (const f of findings) io.stderr(`  ${f.path}:${f.line} ${f.rule}: ${f.excerpt}\n`);
        const answer = await Promise.resolve(prompt_("Write these files anyway? [y/N] "));
        return /^y(es)?$/i.test(answer?.trim() ?? "");
      },
      // Shown before anything is written.
      onSpecDiff: (diff: SpecDiff) => {
        if (!values.json) {
          io.stdout(`\nSpec changes:\n${specDiffLines(diff).map((l) => `  ${l}\n`).join("")}`);
        }
      },
    } satisfies Parameters<typeof refineApp>[2] & Parameters<typeof generateApp>[1];
    result = iterate === undefined
      ? await generateApp(prompt, { ...options, outDir, force: values.force })
      : iterate.spec !== undefined
      ? await regenerateApp(
        parseSpecText(iterate.spec.text, `"${iterate.spec.file}"`),
        iterate.from !== undefined ? { from: iterate.from } : { outDir, force: values.force },
        options,
      )
      : await refineApp(iterate.from!, iterate.change!, options);
  } catch (error) {
    // Cancelled before the job could end (e.g. during the prompt's screening): the one line said it.
    if (cancel.signal.aborted) return json ? fail("cancelled", "cancelled with Ctrl-C", 130) : 130;
    if (error instanceof InputError) return fail(error.code, error.messageFor(CLI_ADVICE));
    if (error instanceof GuardrailError) return fail("guardrail", error.message);
    if (error instanceof RangeError || error instanceof TypeError) {
      return fail("bad_input", error.message);
    }
    throw error;
  } finally {
    unlisten?.();
    await observers.close();
  }
  if (result.status === "cancelled" && cancel.signal.aborted) {
    return json ? fail("cancelled", "cancelled with Ctrl-C: nothing was written", 130) : 130;
  }
  if (values.json) {
    io.stdout(JSON.stringify(jsonSummary(result), null, 2) + "\n");
  } else {
    io.stdout("\n" + costTable(result.ledger, result.provider));
    io.stdout(`\n${verdictLine(summarizeJob(result), result.outDir)}\n`);
    if (result.reason) io.stdout(`  reason: ${result.reason}\n`);
    io.stdout(`  see ${result.outDir}/VALIDATION_REPORT.md and SPEC.md\n`);
    if (result.update) io.stdout(updateLines(result.update));
    if (result.status === "succeeded" || result.status === "partial") {
      io.stdout(`  run it: deno task preview ${result.outDir}\n`);
    }
  }
  if (result.status === "awaiting_review") {
    // Keep the held files (they exist only in the job's state) where
    // `deno task review` and the MCP server can find them.
    const jobsDir = loadConfig(io.env).jobsDir;
    await createFileJobStore(resolve(jobsDir)).put(standaloneJobRecord(result, new Date()));
    io.stdout(
      `  ${result.review.held.length} file(s) held for review: run \`deno task review ${result.jobId}\`\n`,
    );
  }
  if (values.verify && (result.status === "succeeded" || result.status === "partial")) {
    // Verification runs the generated app and drives Chromium, which needs
    // broader permissions than generating: it gets its own process.
    io.stderr("\nverifying the app (backend, frontend build, browser)...\n");
    const verify = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL("./verify/main.ts", import.meta.url).pathname, result.outDir],
      stdout: "inherit",
      stderr: "inherit",
      stdin: "null",
    }).output();
    if (!verify.success) return 1;
  }
  const code = EXIT_CODE[result.status];
  return conflictsOf(result.update ?? []).length > 0 && (code === 0 || code === 4) ? 5 : code;
}

/**
 * A change of an app (`--from` and a change), a generate from a spec
 * (`--spec`, into `--from` or `--out`), or a message saying what is wrong.
 */
function iterationOf(
  values: { from?: string; spec?: string; out?: string; force?: boolean },
  rest: string[],
): { from?: string; change?: string; spec?: { file: string; text: string } } | string | undefined {
  const { from, spec } = values;
  if (from === undefined && spec === undefined) return undefined;
  if (from !== undefined && from.trim() === "") {
    return "--from is empty: give the folder of the app to change, e.g. --from output";
  }
  if (from !== undefined && values.out !== undefined && resolve(values.out) !== resolve(from)) {
    return "--out and --from name different folders: a change is written into the --from folder";
  }
  if (from !== undefined && values.force) {
    return "--force does not apply to --from: a change keeps your edits and your own files";
  }
  if (spec === undefined) {
    if (rest.length === 0) {
      return '--from needs the change to make, e.g. --from output "add tags to recipes", or --spec FILE';
    }
    return { from, change: rest.join(" ") };
  }
  if (rest.length > 0) {
    return "give either a change or --spec, not both: write the change into the spec";
  }
  try {
    return {
      ...(from !== undefined ? { from } : {}),
      spec: { file: spec, text: readFileSync(spec, "utf8") },
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `Cannot read --spec "${spec}": ${
      code === "ENOENT" ? "no such file" : (error as Error).message
    }`;
  }
}

/** What a change in place did, in a few lines. */
function updateLines(update: readonly FileUpdate[]): string {
  const count = (...outcomes: string[]) =>
    update.filter((f) => outcomes.includes(f.outcome)).length;
  const lines = [
    `  changed in place: ${count("merged")} file(s) merged with your edits, ${
      count("added", "updated", "restored")
    } written, ${count("removed")} removed; files you added were not touched`,
  ];
  for (const f of conflictsOf(update)) {
    lines.push(
      f.outcome === "conflict"
        ? `  ✗ conflict in ${f.path}: resolve the <<<<<<< yours / >>>>>>> stackforge markers`
        : `  ✗ ${f.path} not written: a file of yours has that name`,
    );
  }
  return lines.map((l) => `${l}\n`).join("");
}

/** Logs, metrics and traces chosen by flags and environment, as event listeners. */
async function observe(
  logLevel: string | undefined,
  metricsPort: string | undefined,
  io: { stderr: (text: string) => void; env: Record<string, string | undefined> },
) {
  const tracing = await createTracing(io.env);
  const logger = logLevel === undefined
    ? undefined
    : createLogger({ level: parseLogLevel(logLevel), write: io.stderr });
  const metrics = metricsPort === undefined ? undefined : createMetrics();
  const server = metrics === undefined
    ? undefined
    : startMetricsServer({ registry: metrics.registry, port: Number(metricsPort) });
  if (server) io.stderr(`metrics at ${server.url}\n`);
  return {
    logger,
    listeners: [
      tracing.listener,
      ...(logger ? [logger.listener] : []),
      ...(metrics ? [metrics.listener] : []),
    ],
    close: async () => {
      await tracing.shutdown();
      await server?.shutdown();
    },
  };
}

function prompt_(question: string): string | null {
  return globalThis.prompt(question);
}

if (import.meta.main) {
  const code = await main(Deno.args, {
    stdout: (text) => Deno.stdout.writeSync(new TextEncoder().encode(text)),
    stderr: (text) => Deno.stderr.writeSync(new TextEncoder().encode(text)),
    env: Deno.env.toObject(),
    isTty: Deno.stderr.isTerminal(),
    onInterrupt: (handler) => {
      const signals: Deno.Signal[] = Deno.build.os === "windows"
        ? ["SIGINT"]
        : ["SIGINT", "SIGTERM"];
      for (const signal of signals) Deno.addSignalListener(signal, handler);
      return () => signals.forEach((signal) => Deno.removeSignalListener(signal, handler));
    },
    exit: (code) => Deno.exit(code),
  }).catch((error: Error) => {
    // A bug, not a bad input: still one line (and JSON with --json), the stack for a report.
    const message = `stackforge failed unexpectedly: ${error.message}`;
    if (Deno.args.includes("--json")) {
      console.log(JSON.stringify({ error: { code: "internal", message }, exitCode: 1 }, null, 2));
    }
    console.error(`error: ${message}\n${error.stack ?? ""}`);
    return 1;
  });
  Deno.exit(code);
}
