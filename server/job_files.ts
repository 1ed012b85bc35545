/**
 * A job's files on the server's disk: its folder created private (0700),
 * its files made private once written (0600), its size for quotas, and the
 * removal of its output or of the whole job, which deletes only what the job
 * wrote.
 *
 * @module
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import type { JobRecord } from "../jobs/store.ts";

/**
 * Creates `<jobsDir>/<job_id>/` readable by the server's user only, before
 * the job writes anything into it.
 *
 * @param jobsDir The jobs folder.
 * @param jobId A checked job id.
 */
export function createJobFolder(jobsDir: string, jobId: string): void {
  mkdirSync(jobsDir, { recursive: true, mode: 0o700 });
  mkdirSync(join(jobsDir, jobId), { recursive: true, mode: 0o700 });
  chmodSync(join(jobsDir, jobId), 0o700);
}

/**
 * Makes every folder under `path` 0700 and every file 0600 (symlinks are left
 * alone, never followed).
 *
 * @param path A folder.
 */
export function makePrivate(path: string): void {
  let info;
  try {
    info = lstatSync(path);
  } catch {
    return;
  }
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    chmodSync(path, 0o700);
    for (const name of readdirSync(path)) makePrivate(join(path, name));
  } else if (info.isFile()) {
    chmodSync(path, 0o600);
  }
}

/**
 * @param path A file or folder.
 * @returns Its size in bytes with everything under it (0 when missing).
 */
export function diskBytes(path: string): number {
  let info;
  try {
    info = lstatSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of readdirSync(path)) total += diskBytes(join(path, name));
  return total;
}

/**
 * @param jobsDir The jobs folder.
 * @param record A job's record.
 * @returns Whether the job's output is outside its own folder (an `output_dir`).
 */
export function outputOutside(
  jobsDir: string,
  record: Pick<JobRecord, "jobId" | "outDir">,
): boolean {
  const own = resolve(jobsDir, record.jobId);
  const out = resolve(record.outDir);
  return !(out === own || out.startsWith(own + sep));
}

/**
 * Removes a job's output: inside the job's own folder, the whole output
 * folder; elsewhere (`output_dir`), only the files the record lists, with the
 * folders that become empty, so files the user added stay.
 *
 * @param jobsDir The jobs folder.
 * @param record The job's record.
 */
export function removeOutput(jobsDir: string, record: JobRecord): void {
  const outDir = resolve(record.outDir);
  if (!outputOutside(jobsDir, record)) {
    rmSync(outDir, { recursive: true, force: true });
    return;
  }
  const dirs = new Set<string>();
  for (const path of [...record.files, ...record.approved]) {
    const file = resolve(outDir, path);
    if (!file.startsWith(outDir + sep)) continue;
    rmSync(file, { force: true });
    for (let d = dirname(file); d.startsWith(outDir + sep); d = dirname(d)) dirs.add(d);
  }
  // Deepest first, and only folders the removals left empty.
  for (const dir of [...dirs, outDir].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (the user's own files) or already gone.
    }
  }
}

/**
 * Deletes a job from disk: its own folder (record, held files, output), and
 * an output elsewhere as {@link removeOutput} does unless `keepOutside`.
 *
 * @param jobsDir The jobs folder.
 * @param record The job's record.
 * @param keepOutside Leave an output outside the jobs folder in place.
 * @returns Whether an output outside the jobs folder was kept.
 */
export function deleteJobFiles(jobsDir: string, record: JobRecord, keepOutside = false): boolean {
  const outside = outputOutside(jobsDir, record);
  if (outside && !keepOutside) removeOutput(jobsDir, record);
  rmSync(resolve(jobsDir, record.jobId), { recursive: true, force: true });
  return outside && keepOutside;
}
