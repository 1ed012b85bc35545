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
 * are not implemented.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { AGENT_TABLE, type AgentName, AGENTS } from "./core/agents.ts";
import { costTable } from "./core/cost_table.ts";
import { summarizeJob, verdictLine } from "./core/summary.ts";
import type { PipelineEvent } from "./core/events.ts";
import { loadConfig } from "./pipeline/config.ts";
import { generateApp, type GenerateResult } from "./pipeline/generate.ts";
import { resolve } from "node:path";
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

With no idea, a todo app with sign-in is generated.

Options:
  --out DIR          output folder (default: output)
  --force            replace the output folder when it is not empty
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

Exit codes: 0 generated and validated, 1 job failed (partial report written),
2 bad input or configuration, 3 files held for human review, 4 generated and validated
but some requirements are not implemented (listed in VALIDATION_REPORT.md).`;

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
  output_not_empty: "choose another --out, or pass --force to replace it",
  output_is_file: "choose another --out",
  provider_needs_key: "set it, or use --provider offline",
};

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
  io: {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: Record<string, string | undefined>;
    isTty: boolean;
  },
): Promise<number> {
  if (args[0] === "generate" && args.includes("--worker")) {
    // The worker takes jobs from Redis until SIGTERM; it has its own options.
    const { workerMain } = await import("./scale/worker.ts");
    return await workerMain(args.slice(1).filter((a) => a !== "--worker"));
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: "string" },
        force: { type: "boolean", default: false },
        provider: { type: "string" },
        "user-id": { type: "string" },
        json: { type: "boolean", default: false },
        "llm-routing": { type: "boolean", default: false },
        verify: { type: "boolean", default: false },
        "log-level": { type: "string" },
        "metrics-port": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}; see --help\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP + "\n");
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command !== "generate") {
    io.stderr(
      `error: unknown command ${JSON.stringify(command ?? "")}: use "generate"; see --help\n`,
    );
    return 2;
  }
  const prompt = rest.length === 0 ? DEFAULT_PROMPT : rest.join(" ");
  const provider = values.provider?.trim().toLowerCase();
  if (values.out !== undefined && values.out.trim() === "") {
    io.stderr("error: --out is empty: give a folder, e.g. --out my-app\n");
    return 2;
  }
  const metricsPort = values["metrics-port"];
  if (metricsPort !== undefined && !/^\d{1,5}$/.test(metricsPort)) {
    io.stderr(`error: --metrics-port "${metricsPort}" is not a port number, e.g. 9464\n`);
    return 2;
  }
  let observers: Awaited<ReturnType<typeof observe>>;
  try {
    observers = await observe(values["log-level"], metricsPort, io);
  } catch (error) {
    if (error instanceof RangeError) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const showProgress = progress(io.isTty && !values.json, io.stderr);
  let result: GenerateResult;
  try {
    result = await generateApp(prompt, {
      env: io.env,
      ...(provider ? { provider: provider as "offline" } : {}),
      ...(values.out ? { outDir: values.out } : {}),
      force: values.force,
      ...(values["llm-routing"] ? { llmRouting: true } : {}),
      ...(values["user-id"] !== undefined ? { userId: values["user-id"] } : {}),
      onEvent: (event) => {
        if (observers.logger === undefined) showProgress(event);
        for (const listener of observers.listeners) listener(event);
      },
      approveRisky: async (findings) => {
        if (!io.isTty) return false;
        io.stderr(`\n${findings.length} risky code pattern(s) found:\n`);
        for (const f of findings) io.stderr(`  ${f.path}:${f.line} ${f.rule}: ${f.excerpt}\n`);
        const answer = await Promise.resolve(prompt_("Write these files anyway? [y/N] "));
        return /^y(es)?$/i.test(answer?.trim() ?? "");
      },
    });
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`error: ${error.messageFor(CLI_ADVICE)}\n`);
      return 2;
    }
    if (
      error instanceof RangeError || error instanceof TypeError || error instanceof GuardrailError
    ) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await observers.close();
  }
  if (values.json) {
    io.stdout(JSON.stringify(jsonSummary(result), null, 2) + "\n");
  } else {
    io.stdout("\n" + costTable(result.ledger, result.provider));
    io.stdout(`\n${verdictLine(summarizeJob(result), result.outDir)}\n`);
    if (result.reason) io.stdout(`  reason: ${result.reason}\n`);
    io.stdout(`  see ${result.outDir}/VALIDATION_REPORT.md and SPEC.md\n`);
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
  return EXIT_CODE[result.status];
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
  });
  Deno.exit(code);
}
