/**
 * Layer 5: every generated file is written under the job's output folder and
 * nowhere else. A path is normalised first (NFC, `.` and empty segments
 * dropped, a `..` that stays inside the tree resolved), then every name check
 * and the containment check apply to the normalised path: characters from an
 * allowlist (letters of any script, ASCII digits, emoji, `. _ - @ + [ ] ( )
 * ~ # ! = $` and inner spaces), no look-alike dots or slashes, no encodings
 * that decode to anything but a letter, digit, `_` or `-`, no reserved device
 * names, no trailing dots or spaces, no `~` or leading `~user` folder (a
 * home directory to a shell), no `$(cmd)` or `$HOME`, no `.git` folder in any
 * case (its hooks and config run code on the next git command; `.gitignore`
 * and `.github/` are ordinary files), and no other version control,
 * credential or `node_modules` folder. The resolved path is
 * compared with a trailing separator, every existing ancestor is checked for
 * symlinks, and files are
 * created exclusively then renamed atomically into place.
 *
 * @module
 */
import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve, sep } from "node:path";
import { GuardrailError } from "./errors.ts";

// One name: letters of any script (not modifier letters, which include look-alike colons,
// nor Lisu tone letters, which look like dots and commas), combining marks after them, ASCII
// digits, emoji, and a few ASCII signs (`~`, `#`, `!`, `=` start folder names that sort first;
// Remix names route params `$slug`). "-" and " " may not start a name (an option to a shell
// tool; a name Windows trims), "." and " " may not end one (Windows drops them, so "con." is
// the console device).
const NAME_CHAR = String
  .raw`(?:(?![\p{Lm}\uA4F8-\uA4FF])\p{L}\p{M}*|[0-9._@+\-\[\]()~#!=$]|%[0-9A-Fa-f]{2}|\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)*| )`;
const SEGMENT = new RegExp(`^(?![- ])${NAME_CHAR}+$`, "u");
// A percent-encoding is kept only when decoding it changes nothing about how the path is
// split or read: Next.js names a folder "%5Fname" to start a URL segment with "_".
const PERCENT = /%([0-9A-Fa-f]{2})/g;
const HARMLESS_ENCODED = /^[A-Za-z0-9_-]$/;
const RESERVED_DEVICE =
  /^(?:con|prn|aux|nul|com[0-9\u00B9\u00B2\u00B3]|lpt[0-9\u00B9\u00B2\u00B3]|conin\$|conout\$|clock\$)$/i;
// C0 and C1 controls, and format characters (bidi controls, zero-width characters, tags),
// except a zero-width joiner inside an emoji sequence, which the name pattern allows.
const CONTROL = /[\p{Cc}]|(?!\u200D)\p{Cf}/u;
// UTS #39 "highly restrictive": Latin may mix with Han, kana and Hangul, but a name that mixes
// Latin, Cyrillic and Greek letters is a look-alike ("\u0435vil.py" with a Cyrillic "e").
const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];
const MAX_DEPTH = 16;
// The repository's own folder, and its 8.3 short name on Windows and NTFS ("GIT~1").
const GIT_FOLDER = /^(?:\.git|git~\d+)$/i;
// Folders no generated app writes into, whose files run or grant something: other version
// control metadata (hooks), credentials, and installed packages (their .bin runs on npm run).
const TOOL_FOLDER = /^(?:\.hg|\.svn|\.bzr|_darcs|\.ssh|\.gnupg|\.aws|\.kube|node_modules)$/i;
// Names a shell or Windows reads as something else: "~" or "~user" leading the path (a home
// folder), an 8.3 short name ("PROGRA~1"), "$(cmd)" and "$HOME" (expansions; "$slug" is a route).
// "~root/.profile", "~deploy/.ssh/…": a leading "~user" with a system account or a dotfile after
// it; "~partials/header.tsx" is a folder that sorts first.
const HOME_OF_USER =
  /^~(?:root|admin|user|users|www-data|www|ubuntu|debian|ec2-user|centos|postgres|mysql|nobody|daemon|bin|sys|git|deploy|node|runner|jenkins|docker|pi)(?:\/|$)|^~[^/]*\/\.[^/]+/i;
const SHORT_NAME = /^[^.~]{1,6}~\d+(?:\.|$)/;
const SHELL_EXPANSION = /\$(?:\(|[A-Z_][A-Z0-9_]*(?![a-z]))/;

function refuse(path: string, code: string, why: string): never {
  throw new GuardrailError(
    "file_sandbox",
    code,
    `Cannot write ${JSON.stringify(path)}: ${why}`,
  );
}

/**
 * Normalises a generated file's relative path into its names, refusing any
 * path that is not a plain relative path to a file inside the tree.
 *
 * @param path The path as given, `/`-separated.
 * @returns The names of the normalised path, in order; never empty.
 * @throws {GuardrailError} When the path is refused.
 */
function normalisedSegments(path: string): string[] {
  if (path.length === 0) refuse(path, "empty_path", "the path is empty");
  if (path.length > 300) refuse(path, "path_too_long", "the path is longer than 300 characters");
  if (path.includes("\0")) refuse(path, "nul_byte", "the path contains a NUL byte");
  if (CONTROL.test(path)) {
    refuse(path, "invalid_characters", "the path contains a control or invisible character");
  }
  if (path.includes("\\")) refuse(path, "backslash", "use / as the separator, not \\");
  if (/^[A-Za-z]:/.test(path)) refuse(path, "absolute_path", "drive paths are not allowed");
  if (path.startsWith("/")) refuse(path, "absolute_path", "absolute paths are not allowed");
  for (const [, hex] of path.matchAll(PERCENT)) {
    if (!HARMLESS_ENCODED.test(String.fromCharCode(parseInt(hex!, 16)))) {
      refuse(path, "encoded_path", "percent-encoded characters are not allowed");
    }
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) {
    refuse(path, "encoded_path", "percent-encoded characters are not allowed");
  }
  const raw = path.normalize("NFC").split("/");
  if (raw.length > 4 * MAX_DEPTH) {
    refuse(path, "path_too_deep", `more than ${MAX_DEPTH} folders deep`);
  }
  const last = raw.at(-1)!;
  if (last === "" || last === "." || last === "..") {
    refuse(path, "path_traversal", "the path must end with a file name");
  }
  if (raw.some((segment) => GIT_FOLDER.test(segment))) {
    refuse(path, "git_folder", "files inside .git/ would run as hooks or configure git");
  }
  const tool = raw.find((segment) => TOOL_FOLDER.test(segment));
  if (tool !== undefined) {
    refuse(path, "tool_folder", `"${tool}" holds version control, credentials or packages`);
  }
  const segments: string[] = [];
  for (const segment of raw) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) {
        refuse(path, "path_traversal", "the path climbs out of the output folder");
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  if (segments.length === 0) refuse(path, "path_traversal", "the path names no file");
  if (segments.length > MAX_DEPTH) {
    refuse(path, "path_too_deep", `more than ${MAX_DEPTH} folders deep`);
  }
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) {
      refuse(
        path,
        "invalid_characters",
        `the segment ${
          JSON.stringify(segment)
        } has characters outside letters, digits, emoji, spaces and . _ - @ + [ ] ( )`,
      );
    }
    if (segment.endsWith(".")) {
      refuse(path, "trailing_dot", `the segment ${JSON.stringify(segment)} ends with a dot`);
    }
    if (segment.endsWith(" ")) {
      refuse(path, "trailing_space", `the segment ${JSON.stringify(segment)} ends with a space`);
    }
    const words = segment.split(/[^\p{L}\p{M}]+/u);
    if (words.some((w) => SCRIPTS.filter((script) => script.test(w)).length > 1)) {
      refuse(
        path,
        "mixed_script",
        `the segment ${JSON.stringify(segment)} mixes look-alike scripts`,
      );
    }
    if (segment === "~" || (segment === segments[0] && HOME_OF_USER.test(path))) {
      refuse(path, "home_folder", `"${segment}" reads as a home folder`);
    }
    if (SHORT_NAME.test(segment)) {
      refuse(path, "short_name", `"${segment}" reads as a Windows short name`);
    }
    if (SHELL_EXPANSION.test(segment)) {
      refuse(path, "shell_expansion", `"${segment}" reads as a shell expansion`);
    }
    const device = segment.split(".")[0]!.trimEnd();
    if (RESERVED_DEVICE.test(device)) {
      refuse(path, "reserved_name", `"${segment}" is a reserved device name`);
    }
  }
  return segments;
}

/**
 * Resolves a generated file's relative path inside `root`, refusing anything
 * that could land outside it or be read differently by another filesystem.
 * The path is normalised first: `./a`, `a//b`, `a/./b` and `a/x/../b` are
 * read as `a`, `a/b`, `a/b` and `a/b`, and a name is stored in NFC.
 *
 * @param root The output folder, absolute.
 * @param path The file's path relative to `root`, `/`-separated.
 * @returns The absolute path to write.
 * @throws {GuardrailError} When the path is not a plain relative path inside `root`.
 * @example
 * ```ts
 * import { sandboxFilePath } from "./sandbox.ts";
 * const abs = sandboxFilePath("/tmp/out", "./frontend//app/page.tsx");
 * if (abs !== "/tmp/out/frontend/app/page.tsx") throw new Error();
 * ```
 */
export function sandboxFilePath(root: string, path: string): string {
  return resolveInside(root, path).absolute;
}

function resolveInside(root: string, path: string): { absolute: string; segments: string[] } {
  if (!isAbsolute(root)) throw new TypeError(`Cannot use output folder "${root}": not absolute`);
  const segments = normalisedSegments(path);
  const absolute = resolve(root, ...segments);
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  if (!absolute.startsWith(rootWithSep)) {
    refuse(path, "path_outside_root", "path is outside the output folder");
  }
  return { absolute, segments };
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
      const { absolute: target, segments } = resolveInside(realRoot, path);
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
