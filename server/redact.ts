/**
 * Error messages without the server's absolute paths: a message that reaches
 * an MCP client names folders by the setting they come from
 * (`$STACKFORGE_JOBS_DIR/…`), so a remote caller learns nothing of the
 * server's disk layout.
 *
 * @module
 */
import { tmpdir } from "node:os";
import { resolve, sep } from "node:path";

/** Replaces known folders in a message. */
export type Redactor = (message: string) => string;

/**
 * @param roots Folders and the label each is shown as, e.g. `{ "/srv/jobs": "$STACKFORGE_JOBS_DIR" }`.
 * @returns A redactor that also hides the working folder, the home folder and the temp folder.
 * @example
 * ```ts
 * import { createRedactor } from "./redact.ts";
 * const redact = createRedactor({ "/srv/jobs": "$STACKFORGE_JOBS_DIR" });
 * if (redact('Cannot write "/srv/jobs/1/x"') !== 'Cannot write "$STACKFORGE_JOBS_DIR/1/x"') {
 *   throw new Error();
 * }
 * ```
 */
export function createRedactor(roots: Readonly<Record<string, string>>): Redactor {
  const home = Deno.env.get("HOME");
  const all: [string, string][] = [
    ...Object.entries(roots).map(([path, label]): [string, string] => [resolve(path), label]),
    [Deno.cwd(), "."],
    ...(home ? [[resolve(home), "~"] as [string, string]] : []),
    [resolve(tmpdir()), "$TMPDIR"],
  ];
  const pairs = all.filter(([path]) => path !== sep);
  // The longest folder first, so a jobs folder under the home folder keeps its own label.
  pairs.sort((a, b) => b[0].length - a[0].length);
  return (message) => {
    let out = message;
    for (const [path, label] of pairs) {
      // Only whole segments: "/srv/jobs" must not eat into "/srv/jobs-old".
      out = out.replace(
        new RegExp(`${escape(path)}(?=$|[${escape(sep)}"'\\s:,;)\\]])`, "g"),
        label,
      );
    }
    return out;
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
