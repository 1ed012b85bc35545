/**
 * Errors about what a caller asked for, worded in the pipeline's own terms
 * ("choose another output folder"): each entry point knows its own words for
 * the fix (the CLI's `--out`, an MCP argument), so the error keeps the
 * problem and the advice apart, with a `code` to pick the advice by.
 *
 * @module
 */

/** A problem with the caller's request or setup; `message` is `<problem>: <advice>`. */
export class InputError extends RangeError {
  /** A stable code, e.g. `output_not_empty`. */
  readonly code: string;
  /** What is wrong, without the advice. */
  readonly problem: string;
  /**
   * @param code A stable code for entry points to word their own advice by.
   * @param problem What is wrong.
   * @param advice How to fix it, in the pipeline's terms.
   */
  constructor(code: string, problem: string, advice: string) {
    super(`${problem}: ${advice}`);
    this.name = "InputError";
    this.code = code;
    this.problem = problem;
  }

  /**
   * @param advice The entry point's advice by code.
   * @returns The message with the entry point's advice when it has one.
   * @example
   * ```ts
   * import { InputError } from "./errors.ts";
   * const error = new InputError("output_not_empty", 'Folder "x" is not empty', "pick another");
   * if (error.messageFor({ output_not_empty: "use --out" }) !== 'Folder "x" is not empty: use --out') {
   *   throw new Error();
   * }
   * ```
   */
  messageFor(advice: Readonly<Record<string, string>>): string {
    const own = advice[this.code];
    return own === undefined ? this.message : `${this.problem}: ${own}`;
  }
}
