/**
 * `generate_app`'s `output_dir`: a folder the caller names for the app,
 * allowed only inside the operator's `STACKFORGE_MCP_OUTPUT_ROOT`. The check
 * fails closed: NUL bytes and empty names are refused, the path is
 * normalised and compared with a trailing separator (`/out` vs `/out-evil`),
 * and the real path of its nearest existing ancestor is checked again, so a
 * symlink inside the root cannot lead out of it.
 *
 * @module
 */
import { realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";

/**
 * @param root The operator's output root (absolute), or undefined when none is set.
 * @param given The `output_dir` the caller sent: relative to the root, or absolute inside it.
 * @returns The folder, absolute.
 * @throws {RangeError} With what was wrong and what to do, naming paths only relative to the root.
 * @example
 * ```ts
 * import { resolveOutputDir } from "./output_dir.ts";
 * const root = Deno.makeTempDirSync();
 * if (resolveOutputDir(root, "blog") !== Deno.realPathSync(root) + "/blog") throw new Error();
 * ```
 */
export function resolveOutputDir(root: string | undefined, given: string): string {
  if (root === undefined) {
    throw new RangeError(
      "Cannot use output_dir: this server has no STACKFORGE_MCP_OUTPUT_ROOT; leave output_dir out (the app goes to the job's own folder) or ask the operator to set one",
    );
  }
  const shown = JSON.stringify(given.length > 80 ? given.slice(0, 77) + "..." : given);
  const refuse = (why: string): never => {
    throw new RangeError(`Cannot use output_dir ${shown}: ${why}`);
  };
  if (given.trim() === "") refuse('it is empty; name a folder inside the output root, e.g. "blog"');
  if (given.includes("\0")) refuse("it contains a NUL byte");
  const realRoot = realpathSync(root);
  const target = resolve(realRoot, isAbsolute(given) ? resolve(given) : given);
  // An absolute path may name the root by its unresolved spelling.
  const fromRoot = isAbsolute(given) && !inside(realRoot, target)
    ? resolve(realRoot, relative(resolve(root), resolve(given)))
    : target;
  if (fromRoot === realRoot) {
    refuse('it is the output root itself; name a folder inside it, e.g. "blog"');
  }
  if (!inside(realRoot, fromRoot)) {
    refuse('it is outside STACKFORGE_MCP_OUTPUT_ROOT; give a folder inside it, e.g. "blog"');
  }
  // Symlinks: the nearest ancestor that exists must really be inside the root.
  let probe = fromRoot;
  for (;;) {
    try {
      const real = realpathSync(probe);
      if (real !== realRoot && !inside(realRoot, real)) {
        refuse("it leads outside STACKFORGE_MCP_OUTPUT_ROOT through a symbolic link");
      }
      break;
    } catch (error) {
      if (error instanceof RangeError) throw error;
      const parent = dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
  }
  return fromRoot;
}

function inside(root: string, path: string): boolean {
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}
