/**
 * Shows what a server started by the process group prints, line by line
 * with its name in front, by reading the tail the group keeps for it.
 *
 * @module
 */
import type { Child } from "../verify/processes.ts";

/** How much of the last text shown is looked for again after the tail moved on. */
const ANCHOR_CHARS = 160;

/**
 * The complete lines a tail gained since `shown`.
 *
 * @param tail The child's output now (its last characters).
 * @param shown The text up to the end of the last line shown ("" at first).
 * @returns The new complete lines and the new `shown`.
 * @example
 * ```ts
 * import { newLines } from "./follow.ts";
 * const first = newLines("a\nb\nc", "");
 * const next = newLines("a\nb\nc\nd\n", first.shown);
 * if (first.lines.join() !== "a,b" || next.lines.join() !== "c,d") throw new Error();
 * ```
 */
export function newLines(tail: string, shown: string): { lines: string[]; shown: string } {
  let offset: number;
  if (tail.startsWith(shown)) {
    offset = shown.length;
  } else {
    // The kept tail dropped its start: find where the text shown last ended.
    const anchor = shown.slice(-ANCHOR_CHARS);
    const at = anchor === "" ? -1 : tail.lastIndexOf(anchor);
    offset = at >= 0 ? at + anchor.length : 0;
  }
  const end = tail.lastIndexOf("\n");
  if (end < offset) return { lines: [], shown: tail.slice(0, offset) };
  return {
    lines: tail.slice(offset, end).split("\n").map((l) => l.replace(/\r$/, "")),
    shown: tail.slice(0, end + 1),
  };
}

/**
 * Prints a child's new lines every `intervalMs` until stopped.
 *
 * @param child The server.
 * @param write Receives each line with the prefix.
 * @param prefix e.g. `"backend  │ "`.
 * @param intervalMs How often to look (default 200 ms).
 * @returns Stops following after showing what is left.
 */
export function followOutput(
  child: Pick<Child, "output">,
  write: (line: string) => void,
  prefix: string,
  intervalMs = 200,
): () => void {
  let shown = "";
  const flush = () => {
    const next = newLines(child.output(), shown);
    shown = next.shown;
    for (const line of next.lines) write(`${prefix}${line}`);
  };
  const timer = setInterval(flush, intervalMs);
  return () => {
    clearInterval(timer);
    flush();
  };
}
