/**
 * Bandit as a second reader of generated Python, when it is installed (the
 * Debian package `bandit`, or `pip install bandit`). It runs as one process
 * over a temporary copy of the files, about 0.3 s whatever their number, so
 * the per-job gate does not run it (see `deep_review.ts`).
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { GeneratedFile } from "../core/artifact.ts";
import type { AnalyserFinding } from "./eslint_review.ts";
import { sandboxFilePath } from "./sandbox.ts";

/** Options of {@link runBandit}. */
export interface BanditOptions {
  /** The command to run (default `bandit`). */
  command?: string;
  /** Longest run, in milliseconds (default 60 s). */
  timeoutMs?: number;
}

const SEVERITY = { HIGH: "high", MEDIUM: "medium", LOW: "low" } as const;

/**
 * Runs Bandit over the Python files given.
 *
 * @param files The files; only `.py` files are scanned.
 * @param options The command and its time limit.
 * @returns Bandit's findings, or `undefined` when Bandit is not installed.
 * @throws {Error} When Bandit runs but its answer cannot be read.
 * @example
 * ```ts
 * import { runBandit } from "./bandit_review.ts";
 * const findings = runBandit([{ path: "app/x.py", content: "import os\nos.system(cmd)\n" }]);
 * if (findings !== undefined && !findings.some((f) => f.line === 2)) throw new Error();
 * ```
 */
export function runBandit(
  files: readonly GeneratedFile[],
  options: BanditOptions = {},
): AnalyserFinding[] | undefined {
  const python = files.filter((f) => /\.py$/.test(f.path));
  const command = options.command ?? "bandit";
  const root = Deno.makeTempDirSync({ prefix: "stackforge-bandit-" });
  try {
    for (const file of python) {
      const target = sandboxFilePath(root, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    const run = spawnSync(command, ["-q", "-f", "json", "-r", "."], {
      cwd: root,
      encoding: "utf8",
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return undefined;
    if (run.error) throw run.error;
    if (python.length === 0) return [];
    let report: {
      results: {
        filename: string;
        line_number: number;
        test_id: string;
        issue_severity: keyof typeof SEVERITY;
        issue_text: string;
      }[];
    };
    try {
      report = JSON.parse(run.stdout);
    } catch {
      throw new Error(
        `Cannot read Bandit's report: ${JSON.stringify((run.stderr || run.stdout).slice(0, 200))}`,
      );
    }
    return report.results.map((r) => ({
      path: relative(".", r.filename.replace(/^\.\//, "")).split("\\").join("/"),
      line: r.line_number,
      rule: `bandit:${r.test_id}`,
      severity: SEVERITY[r.issue_severity] ?? "low",
      message: r.issue_text,
    }));
  } finally {
    rmSync(join(root), { recursive: true, force: true });
  }
}
