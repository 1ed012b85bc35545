/**
 * Carries out an update plan on an output folder as one transaction: each
 * file is written through the sandboxed file writer (exclusive create, then
 * an atomic rename over the old one), each old version is first copied to a
 * backup folder beside the output folder, and deleted files are moved
 * there. When any step fails, every file is put back as it was, so a
 * refine that fails leaves the previous app exactly as it was.
 *
 * @module
 */
import {
  copyFileSync,
  lstatSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { GeneratedFile } from "../../core/artifact.ts";
import { GuardrailError } from "../../guardrails/errors.ts";
import { createFileWriter, sandboxFilePath } from "../../guardrails/sandbox.ts";

/** What to change in the folder. */
export interface FolderChanges {
  writes: readonly GeneratedFile[];
  deletes: readonly string[];
}

interface Done {
  absolute: string;
  /** Where the old version waits, when there was one. */
  backup?: string;
}

/**
 * Applies changes to a folder, all or nothing.
 *
 * @param outDir The output folder (it exists).
 * @param backupDir An empty folder beside it for the old versions; removed at the end.
 * @param changes Files to write and to delete, relative to `outDir`.
 * @param onWritten Called after each file written.
 * @throws {GuardrailError} For a refused path, or a symbolic link in the way.
 */
export function applyChanges(
  outDir: string,
  backupDir: string,
  changes: FolderChanges,
  onWritten: (file: GeneratedFile) => void = () => {},
): void {
  const writer = createFileWriter(outDir);
  const root = writer.root;
  const done: Done[] = [];
  const created = new Set<string>();
  let backups = 0;
  const backupOf = (absolute: string, move: boolean): string => {
    const backup = join(resolve(backupDir), String(backups++));
    (move ? renameSync : copyFileSync)(absolute, backup);
    return backup;
  };
  try {
    for (const path of changes.deletes) {
      const absolute = existingFile(root, path);
      if (absolute === undefined) continue;
      done.push({ absolute, backup: backupOf(absolute, true) });
    }
    for (const file of changes.writes) {
      const absolute = existingFile(root, file.path);
      const backup = absolute === undefined ? undefined : backupOf(absolute, false);
      for (let dir = dirname(sandboxFilePath(root, file.path)); dir !== root; dir = dirname(dir)) {
        if (lstatOrUndefined(dir) === undefined) created.add(dir);
      }
      const written = writer.write(file.path, file.content);
      done.push({ absolute: written, ...(backup ? { backup } : {}) });
      onWritten(file);
    }
  } catch (error) {
    for (const step of done.reverse()) {
      if (step.backup !== undefined) renameSync(step.backup, step.absolute);
      else rmSync(step.absolute, { force: true });
    }
    for (const dir of [...created].sort().reverse()) removeIfEmpty(dir);
    rmSync(backupDir, { recursive: true, force: true });
    throw error;
  }
  rmSync(backupDir, { recursive: true, force: true });
  // Folders emptied by deletions go too, up to the output folder.
  for (const path of changes.deletes) {
    for (let dir = dirname(join(root, path)); dir !== root; dir = dirname(dir)) {
      if (!removeIfEmpty(dir)) break;
    }
  }
}

/**
 * @returns The absolute path of a regular file inside `root`, or undefined when there is none.
 * @throws {GuardrailError} When the path, or a folder on it, is a symbolic link.
 */
function existingFile(root: string, path: string): string | undefined {
  const absolute = sandboxFilePath(root, path);
  const info = lstatOrUndefined(absolute);
  if (info === undefined) return undefined;
  const parent = dirname(absolute);
  if (realpathSync(parent) !== parent) {
    throw new GuardrailError(
      "file_sandbox",
      "symlink",
      `Cannot write ${JSON.stringify(path)}: "${parent}" is, or goes through, a symbolic link`,
    );
  }
  if (!info.isFile()) {
    throw new GuardrailError(
      "file_sandbox",
      info.isSymbolicLink() ? "symlink" : "not_a_file",
      `Cannot write ${JSON.stringify(path)}: ${
        info.isSymbolicLink() ? "the file is a symbolic link" : "it is not a regular file"
      }`,
    );
  }
  return absolute;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

function removeIfEmpty(dir: string): boolean {
  try {
    if (readdirSync(dir).length > 0) return false;
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}
