/**
 * One line for a command line `node:util` parseArgs refused, instead of its
 * paragraph: `unknown option "--otu": did you mean --out?`.
 *
 * @module
 */

/** The slice of a parseArgs option the explanation needs. */
export interface KnownOption {
  type: "string" | "boolean";
  short?: string;
}

/**
 * The known option closest to a mistyped one: same letters in another case,
 * one is the start of the other (`--output` → `--out`), or at most two
 * letters apart (one for short names); `-o` suggests the one long option
 * starting with `o`.
 *
 * @param given The option as typed, e.g. `--otu` or `-o`.
 * @param options The known options by long name.
 * @returns The suggestion with its dashes, or undefined.
 * @example
 * ```ts
 * import { closestOption } from "./cli_args.ts";
 * const known = { out: { type: "string" as const }, force: { type: "boolean" as const } };
 * if (closestOption("--otu", known) !== "--out") throw new Error();
 * if (closestOption("--verbose", known) !== undefined) throw new Error();
 * ```
 */
export function closestOption(
  given: string,
  options: Readonly<Record<string, KnownOption>>,
): string | undefined {
  const names = Object.keys(options);
  if (/^-[^-]$/.test(given)) {
    const letter = given.slice(1).toLowerCase();
    const starting = names.filter((n) => n.startsWith(letter));
    return starting.length === 1 ? `--${starting[0]}` : undefined;
  }
  const word = given.replace(/^-+/, "").split("=")[0]!.toLowerCase();
  if (word === "") return undefined;
  let best: { name: string; score: number } | undefined;
  for (const name of names) {
    const n = name.toLowerCase();
    const score = n === word
      ? 0
      : (word.startsWith(n) || n.startsWith(word)) && Math.min(n.length, word.length) >= 3
      ? 1
      : distance(word, n) + 1;
    const limit = Math.min(word.length, n.length) <= 4 ? 2 : 3;
    if (score <= limit && (best === undefined || score < best.score)) best = { name, score };
  }
  return best ? `--${best.name}` : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, swaps. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Turns a parseArgs error into one line saying what was wrong and what to
 * type instead. Other errors keep their message.
 *
 * @param error What parseArgs threw.
 * @param options The options it was given.
 * @param examples An example value per string option, e.g. `{ out: "my-app" }`.
 * @returns The line, without a prefix or final period.
 * @example
 * ```ts
 * import { explainArgsError } from "./cli_args.ts";
 * import { parseArgs } from "node:util";
 * const options = { out: { type: "string" as const } };
 * try {
 *   parseArgs({ args: ["--otu", "x"], options, allowPositionals: true });
 * } catch (error) {
 *   const line = explainArgsError(error, options);
 *   if (line !== 'unknown option "--otu": did you mean --out? (see --help)') throw new Error(line);
 * }
 * ```
 */
export function explainArgsError(
  error: unknown,
  options: Readonly<Record<string, KnownOption>>,
  examples: Readonly<Record<string, string>> = {},
): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const example = (name: string) => examples[name] ? `, e.g. --${name} ${examples[name]}` : "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const given = /Unknown option '([^']+)'/.exec(message)?.[1] ?? "";
    const suggestion = closestOption(given, options);
    return suggestion
      ? `unknown option "${given}": did you mean ${suggestion}? (see --help)`
      : `unknown option "${given}": see --help for the options`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const name = /Option '(?:-\w, )?--([\w-]+)/.exec(message)?.[1] ?? "";
    if (/does not take an argument/.test(message)) {
      return `--${name} takes no value: write --${name} alone`;
    }
    if (/ambiguous/.test(message)) {
      return `--${name} needs a value${
        example(name)
      } (a value starting with "-" is written --${name}=-x)`;
    }
    return `--${name} needs a value${example(name)}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const given = /Unexpected argument '([^']*)'/.exec(message)?.[1] ?? "";
    return `unexpected argument "${given}": this command takes options only (see --help)`;
  }
  return message;
}
