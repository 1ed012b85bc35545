/**
 * Layer 5: every generated file is written under the job's output folder and
 * nowhere else. Paths are checked against a strict allowlist of characters,
 * resolved and compared with a trailing separator, every existing ancestor is
 * checked for symlinks, and files are created exclusively then renamed
 * atomically into place.
 *
 * @module
 */
import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve, sep } from "node:path";
import { GuardrailError } from "./errors.ts";

// A segment may not start with "-" (it would read as an option to a shell tool) nor end with
// "." (Windows drops trailing dots, so "con." is the console device).
const SEGMENT = /^[A-Za-z0-9_@+\[\]()][A-Za-z0-9._@+\-\[\]()]*$|^\.[A-Za-z0-9_][A-Za-z0-9._\-]*$/;
const RESERVED_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(\..*)?$/i;
const MAX_DEPTH = 16;

function refuse(path: string, code: string, why: string): never {
  throw new GuardrailError(
    "file_sandbox",
    code,
    `Cannot write ${JSON.stringify(path)}: ${why}`,
  );
}

/**
 * Resolves a generated file's relative path inside `root`, refusing anything
 * that could land outside it or be read differently by another filesystem.
 *
 * @param root The output folder, absolute.
 * @param path The file's path relative to `root`, `/`-separated.
 * @returns The absolute path to write.
 * @throws {GuardrailError} When the path is not a plain relative path inside `root`.
 * @example
 * ```ts
 * import { sandboxFilePath } from "./sandbox.ts";
 * const abs = sandboxFilePath("/tmp/out", "frontend/app/page.tsx");
 * if (abs !== "/tmp/out/frontend/app/page.tsx") throw new Error();
 * ```
 */
export function sandboxFilePath(root: string, path: string): string {
  if (!isAbsolute(root)) throw new TypeError(`Cannot use output folder "${root}": not absolute`);
  if (path.length === 0) refuse(path, "empty_path", "the path is empty");
  if (path.length > 300) refuse(path, "path_too_long", "the path is longer than 300 characters");
  if (path.includes("\0")) refuse(path, "nul_byte", "the path contains a NUL byte");
  if (path.includes("\\")) refuse(path, "backslash", "use / as the separator, not \\");
  if (/^[A-Za-z]:/.test(path)) refuse(path, "absolute_path", "drive paths are not allowed");
  if (path.startsWith("/")) refuse(path, "absolute_path", "absolute paths are not allowed");
  if (/%[0-9A-Fa-f]{2}/.test(path)) {
    refuse(path, "encoded_path", "percent-encoded characters are not allowed");
  }
  const segments = path.split("/");
  if (segments.length > MAX_DEPTH) {
    refuse(path, "path_too_deep", `more than ${MAX_DEPTH} folders deep`);
  }
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..") {
      refuse(path, "path_traversal", `the segment "${segment}" is not allowed`);
    }
    if (!SEGMENT.test(segment)) {
      refuse(
        path,
        "invalid_characters",
        `the segment ${
          JSON.stringify(segment)
        } has characters outside A-Z a-z 0-9 . _ - @ + [ ] ( )`,
      );
    }
    if (segment.endsWith(".")) {
      refuse(path, "trailing_dot", `the segment ${JSON.stringify(segment)} ends with a dot`);
    }
    if (RESERVED_DEVICE.test(segment)) {
      refuse(path, "reserved_name", `"${segment}" is a reserved device name`);
    }
  }
  const absolute = resolve(root, ...segments);
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  if (!absolute.startsWith(rootWithSep)) {
    refuse(path, "path_outside_root", "path is outside the output folder");
  }
  return absolute;
}

/** Writes files under one root folder through {@link sandboxFilePath}. */
export interface FileWriter {
  /** The output folder, absolute and without symlinks. */
  readonly root: string;
  /**
   * @param path Relative path of the file.
   * @param content Its text.
   * @returns The absolute path written.
   * @throws {GuardrailError} When the path is refused or a symlink is in the way.
   */
  write(path: string, content: string): string;
}

/**
 * Creates the writer of one job's output folder. The folder must exist.
 *
 * @param root The output folder.
 * @returns The writer.
 * @example
 * ```ts
 * import { createFileWriter } from "./sandbox.ts";
 * const root = Deno.makeTempDirSync();
 * createFileWriter(root).write("backend/README.md", "# Backend\n");
 * Deno.removeSync(root, { recursive: true });
 * ```
 */
export function createFileWriter(root: string): FileWriter {
  const realRoot = realpathSync(resolve(root));
  // Folders this writer checked or created: looked at once, not for every
  // file in them. A folder swapped for a link later is caught by the
  // realpath checks before each write and each rename.
  const checked = new Set<string>([realRoot]);
  const created = new Set<string>();
  return {
    root: realRoot,
    write(path, content) {
      const target = sandboxFilePath(realRoot, path);
      const segments = path.split("/");
      // Create each folder on the way, refusing any ancestor that is a link:
      // a link inside the root could point anywhere.
      let dir = realRoot;
      for (const segment of segments.slice(0, -1)) {
        const parent = dir;
        dir = join(dir, segment);
        if (checked.has(dir)) continue;
        const info = lstatOrUndefined(dir);
        if (info === undefined) {
          // Never create through a folder checked earlier and swapped for a link since.
          if (!isReal(parent)) changed(path, parent);
          mkdirSync(dir);
          created.add(dir);
        } else if (info.isSymbolicLink()) refuse(path, "symlink", `"${dir}" is a symbolic link`);
        else if (!info.isDirectory()) refuse(path, "not_a_folder", `"${dir}" is not a folder`);
        checked.add(dir);
      }
      // In a folder this writer created, only its own files can be in the
      // way; elsewhere say clearly what is.
      if (checked.has(target)) refuse(path, "is_a_folder", "a folder has that name");
      if (!created.has(dir)) {
        const existing = lstatOrUndefined(target);
        if (existing?.isSymbolicLink()) refuse(path, "symlink", "the file is a symbolic link");
        if (existing?.isDirectory()) refuse(path, "is_a_folder", "a folder has that name");
      }
      // Any folder on the way swapped for a link since it was checked would
      // send the file out of the root: checked before writing, and again
      // before the rename for a swap in between.
      if (!isReal(dir)) changed(path, dir);
      const temp = join(dir, `.${segments.at(-1)}.${crypto.randomUUID()}.tmp`);
      writeFileSync(temp, content, { flag: "wx", mode: 0o644 });
      try {
        if (!isReal(dir)) changed(path, dir);
        renameSync(temp, target);
      } catch (error) {
        rmSync(temp, { force: true });
        throw error;
      }
      return target;
    },
  };
}

/** Whether `dir` exists and no part of its path is a link. */
function isReal(dir: string): boolean {
  try {
    return realpathSync(dir) === dir;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

function changed(path: string, dir: string): never {
  refuse(path, "symlink", `"${dir}" is, or goes through, a symbolic link`);
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
