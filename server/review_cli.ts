/**
 * `deno task review <job_id>`: lists the files the human review gate held for
 * a job, and approves or rejects them. It applies decisions with the same
 * `applyDecisions()` as the MCP `review_risky` tool, so both paths agree.
 *
 * ```
 * deno task review 3f0c…            # list the findings
 * deno task review 3f0c… --approve backend/app/main.py --reject all
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { loadConfig } from "../pipeline/config.ts";
import { createKeyedLock } from "../jobs/keyed_lock.ts";
import { stillHeld } from "../jobs/record.ts";
import { applyDecisions, findingState, ReviewTargetError } from "../jobs/review.ts";
import { createFileJobStore, type JobRecord } from "../jobs/store.ts";

const HELP = `Usage: deno task review <job_id> [--approve PATH|all]... [--reject PATH|all]...

Without decisions, lists the risky findings of the job and the files held for review.
--approve and --reject take a held file's path, or "all" for every held file.
Jobs are read from STACKFORGE_JOBS_DIR (default .stackforge/jobs), or --jobs-dir DIR.

Exit codes: 0 done (or nothing held), 1 files still wait for a decision, 2 bad input.`;

/**
 * Runs the command.
 *
 * @param args Arguments after the command name.
 * @param io Output and environment (injectable for tests).
 * @returns The exit code.
 */
export async function main(
  args: string[],
  io: {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: Record<string, string | undefined>;
  },
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        approve: { type: "string", multiple: true, default: [] },
        reject: { type: "string", multiple: true, default: [] },
        "jobs-dir": { type: "string" },
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
  const jobId = positionals[0];
  if (jobId === undefined || positionals.length > 1) {
    io.stderr("error: give one job id, e.g. deno task review 3f0c2a1e-…; see --help\n");
    return 2;
  }
  let jobsDir: string;
  try {
    jobsDir = values["jobs-dir"] ?? loadConfig(io.env).jobsDir;
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n`);
    return 2;
  }
  const options = { store: createFileJobStore(resolve(jobsDir)), lock: createKeyedLock() };
  const wanted = [
    ...values.approve.map((path) => ({ path, decision: "approve" as const })),
    ...values.reject.map((path) => ({ path, decision: "reject" as const })),
  ];
  try {
    let applied = await applyDecisions(jobId, [], options);
    if (wanted.length > 0) {
      // "all" applies to every held file; a path named explicitly wins over it.
      const byPath = new Map<string, "approve" | "reject">();
      for (const d of wanted) {
        if (d.path === "all") {
          for (const p of stillHeld(applied.record)) byPath.set(p, d.decision);
        }
      }
      for (const d of wanted) if (d.path !== "all") byPath.set(d.path, d.decision);
      applied = await applyDecisions(
        jobId,
        [...byPath].map(([path, decision]) => ({ path, decision })),
        options,
      );
    }
    io.stdout(textOf(applied.record, applied.written, applied.dropped) + "\n");
    return stillHeld(applied.record).length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      const hint = error instanceof ReviewTargetError && error.code === "unknown_finding"
        ? "; run deno task review <job_id> to list the findings"
        : "";
      io.stderr(`error: ${error.message}${hint}\n`);
      return 2;
    }
    throw error;
  }
}

function textOf(record: JobRecord, written: string[], dropped: string[]): string {
  const lines = [
    `Job ${record.jobId}: ${record.status}${record.reason ? ` (${record.reason})` : ""}`,
  ];
  if (record.findings.length === 0) lines.push("The review gate found no risky code.");
  for (const f of record.findings) {
    lines.push(`- [${findingState(record, f.path)}] ${f.id}: ${f.excerpt}`);
  }
  if (written.length > 0) lines.push(`Written: ${written.join(", ")}`);
  if (dropped.length > 0) lines.push(`Dropped: ${dropped.join(", ")}`);
  const held = stillHeld(record);
  if (held.length > 0) {
    lines.push(
      `Waiting for a decision: ${
        held.join(", ")
      }. Approve or reject them with --approve PATH|all, --reject PATH|all`,
    );
  }
  return lines.join("\n");
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
