/**
 * The action's inputs (see `action.yml`), read once and checked, with
 * messages that name the input.
 *
 * @module
 */
import { isAbsolute, normalize } from "node:path";

/** `all` runs everything in one job; `generate` and `publish` split it (safe outputs). */
export const MODES = ["all", "generate", "publish"] as const;

/** The checked inputs. */
export interface ActionInputs {
  label: string;
  mode: typeof MODES[number];
  /** Empty: the configuration's default (offline without `OPENAI_API_KEY`). */
  provider: string;
  model: string;
  tokenBudget?: number;
  usdBudget?: number;
  /** Relative to the workspace, normalised, never `.` or inside `.git`. */
  outputPath: string;
  /** Empty: the repository's default branch. */
  baseBranch: string;
  draft: boolean;
  requireReview: boolean;
  /** Where `generate` leaves its result for `publish`, relative to the workspace. */
  resultFile: string;
  /** For `publish`: how the generate job ended (`needs.generate.result`); empty when not given. */
  generateResult: "" | typeof JOB_RESULTS[number];
}

/** The values GitHub gives `needs.<job>.result`. */
export const JOB_RESULTS = ["success", "failure", "cancelled", "skipped"] as const;

/**
 * @param input Reads one input by name; `""` when unset (like `core.getInput`).
 * @returns The inputs.
 * @throws {RangeError} For a bad value, naming the input.
 * @example
 * ```ts
 * import { readInputs } from "./inputs.ts";
 * const inputs = readInputs((name) => ({ "output-path": "app" })[name] ?? "");
 * if (inputs.outputPath !== "app" || !inputs.draft) throw new Error();
 * ```
 */
export function readInputs(input: (name: string) => string): ActionInputs {
  const get = (name: string) => input(name).trim();
  const mode = get("mode") || "all";
  if (!(MODES as readonly string[]).includes(mode)) {
    throw new RangeError(`Invalid input "mode": "${mode}": use ${MODES.join(", ")}`);
  }
  const generateResult = get("generate-result").toLowerCase();
  if (generateResult !== "" && !(JOB_RESULTS as readonly string[]).includes(generateResult)) {
    throw new RangeError(
      `Invalid input "generate-result": "${generateResult}": use \${{ needs.generate.result }} (${
        JOB_RESULTS.join(", ")
      })`,
    );
  }
  const tokenBudget = number(get("token-budget"), "token-budget", true);
  const usdBudget = number(get("usd-budget"), "usd-budget", false);
  return {
    label: get("label") || "stackforge",
    mode: mode as ActionInputs["mode"],
    provider: get("provider").toLowerCase(),
    model: get("model"),
    ...(tokenBudget === undefined ? {} : { tokenBudget }),
    ...(usdBudget === undefined ? {} : { usdBudget }),
    outputPath: relativePath(get("output-path") || "output", "output-path"),
    baseBranch: branchName(get("base-branch"), "base-branch"),
    draft: bool(get("draft"), "draft", true),
    requireReview: bool(get("require-review"), "require-review", false),
    resultFile: relativePath(get("result-file") || "stackforge-result.json", "result-file"),
    generateResult: generateResult as ActionInputs["generateResult"],
  };
}

function number(raw: string, name: string, integer: boolean): number | undefined {
  if (raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(
      `Invalid input "${name}": "${raw}": use a positive ${integer ? "whole " : ""}number`,
    );
  }
  return value;
}

function bool(raw: string, name: string, fallback: boolean): boolean {
  if (raw === "") return fallback;
  if (/^(true|yes|on|1)$/i.test(raw)) return true;
  if (/^(false|no|off|0)$/i.test(raw)) return false;
  throw new RangeError(`Invalid input "${name}": "${raw}": use true or false`);
}

function branchName(raw: string, name: string): string {
  // A subset of git's ref rules, enough to keep the name from reading as an option or a refspec.
  if (
    raw !== "" && (!/^[A-Za-z0-9._\/-]+$/.test(raw) || /^[-/.]|\.\.|\/\/|[/.]$|\.lock$/.test(raw))
  ) {
    throw new RangeError(`Invalid input "${name}": "${raw}": use a branch name such as "main"`);
  }
  return raw;
}

function relativePath(raw: string, name: string): string {
  const path = normalize(raw).replace(/\/+$/, "");
  if (
    raw.includes("\0") || isAbsolute(path) || path === "." || path === "" ||
    path === ".." || path.startsWith("../") || path === ".git" || path.startsWith(".git/") ||
    path.startsWith("-")
  ) {
    throw new RangeError(
      `Invalid input "${name}": "${raw}": use a folder inside the workspace, e.g. "output"`,
    );
  }
  return path;
}
