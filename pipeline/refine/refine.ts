/**
 * Iterating on an app: `refineApp()` changes an app stackforge generated as
 * a plain-language request asks (the planner gets the current spec and the
 * change), `regenerateApp()` generates from a spec the user edited. Both
 * show the spec's diff before writing, and write into the app's folder
 * keeping the user's edits (three-way merge) and own files.
 *
 * @module
 */
import type { Spec } from "../../core/spec.ts";
import { claimOutput, type OutputTarget } from "../output.ts";
import {
  createPipeline,
  type GenerateOptions,
  type GenerateResult,
  type Pipeline,
  runToOutput,
} from "../generate.ts";
import { type StartedJob, startRefineJob, startSpecJob } from "../start.ts";
import { claimApp, readApp } from "./app.ts";
import { diffSpecs, type SpecDiff } from "./spec_diff.ts";

/** Options of {@link refineApp} and {@link regenerateApp}. */
export interface RefineOptions extends Omit<GenerateOptions, "outDir" | "force"> {
  /**
   * Called with the spec's diff once the new spec exists and before
   * anything is written (the CLI prints it).
   */
  onSpecDiff?: (diff: SpecDiff) => void;
}

/**
 * Changes an app as asked, in its folder.
 *
 * @param from The app's folder (an earlier output folder).
 * @param change What to change, in plain words.
 * @param options Provider, caps, listeners.
 * @returns The job's result, with `specDiff` and `update`.
 * @throws {InputError} `not_an_app`, `invalid_spec` or `empty_change`, before anything runs.
 * @example
 * ```ts ignore
 * import { refineApp } from "./refine.ts";
 * const result = await refineApp("output", "add tags to recipes and let me filter by tag");
 * console.log(result.specDiff, result.update);
 * ```
 */
export async function refineApp(
  from: string,
  change: string,
  options: RefineOptions = {},
): Promise<GenerateResult> {
  const started = performance.now();
  const app = readApp(from);
  const pipeline = options.pipeline ?? await createPipeline(options);
  const job = startRefineJob(pipeline, change, app, options);
  return await run(pipeline, job, claimApp(app), app.spec, options, started);
}

/**
 * Generates an app from a spec: into the app folder `from` (merging like a
 * refine), or into a new folder `outDir`.
 *
 * @param spec The spec, checked with `parseSpecText()`.
 * @param where `from`: an app's folder to update; otherwise `outDir` (and `force`) as for a generate.
 * @param options Provider, caps, listeners.
 * @returns The job's result; `specDiff` against the app's spec when `from` is given.
 * @throws {InputError} `not_an_app` or `invalid_spec` for a bad `from`.
 */
export async function regenerateApp(
  spec: Spec,
  where: { from: string } | { outDir?: string; force?: boolean },
  options: RefineOptions = {},
): Promise<GenerateResult> {
  const started = performance.now();
  const app = "from" in where ? readApp(where.from) : undefined;
  const pipeline = options.pipeline ?? await createPipeline(options);
  const job = startSpecJob(pipeline, spec, app, options);
  const target = app ? claimApp(app) : claimOutput(
    "outDir" in where && where.outDir ? where.outDir : "output",
    "force" in where ? where.force ?? false : false,
  );
  return await run(pipeline, job, target, app?.spec, options, started);
}

async function run(
  pipeline: Pipeline,
  job: StartedJob,
  target: OutputTarget,
  base: Spec | undefined,
  options: RefineOptions,
  started: number,
): Promise<GenerateResult> {
  let specDiff: SpecDiff | undefined;
  const result = await runToOutput(pipeline, job, target, {
    ...options,
    beforeWrite: (state) => {
      if (base === undefined || state.spec === undefined) return;
      specDiff = diffSpecs(base, state.spec);
      options.onSpecDiff?.(specDiff);
    },
  }, started);
  if (specDiff === undefined && base !== undefined && result.spec !== undefined) {
    specDiff = diffSpecs(base, result.spec);
  }
  return specDiff ? { ...result, specDiff } : result;
}
