/**
 * The files stackforge adds to every app itself, whatever wrote the rest
 * (`SCAFFOLD_FILES` of the contract): the backend's acceptance runner,
 * `tests/scenarios.py`, with the scenarios of the spec's implemented
 * requirements, `tests/acceptance.json`, so that running them is never a
 * model's job; and a favicon when the frontend has none, so a browser's icon
 * request does not fail. The offline renderer writes the same runner and
 * scenarios, byte for byte, so its output does not change.
 *
 * @module
 */
import type { GeneratedFile } from "../core/artifact.ts";
import { SCAFFOLD_FILES } from "../core/contract.ts";
import type { Spec } from "../core/spec.ts";
import { acceptanceOf } from "../generator/backend/acceptance.ts";
import { SCENARIOS_MODULE } from "../generator/backend/scenarios_runner.ts";

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <rect width="32" height="32" rx="7" fill="#1d4ed8"/>
  <path d="M9 11h14M9 16h14M9 21h9" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/>
</svg>
`;

/**
 * The scaffold files of one side of an app.
 *
 * @param side `backend/` or `frontend/`.
 * @param spec The spec.
 * @param files The files the executor wrote (a favicon is added only when none is there).
 * @returns The files to add or replace; none for a spec without HTTP scenarios.
 * @example
 * ```ts
 * import { scaffoldFiles } from "./scaffold.ts";
 * import { blogSpec } from "../tests/fixtures/sample_specs.ts";
 * const icon = scaffoldFiles("frontend/", blogSpec, []);
 * if (icon[0]?.path !== "frontend/app/icon.svg") throw new Error();
 * ```
 */
export function scaffoldFiles(
  side: "frontend/" | "backend/",
  spec: Spec,
  files: readonly GeneratedFile[],
): GeneratedFile[] {
  if (side === "frontend/") {
    const hasIcon = files.some((f) =>
      /^frontend\/(?:app\/(?:icon|favicon)\.[a-z]+|public\/favicon\.[a-z]+)$/.test(f.path)
    );
    return hasIcon ? [] : [{ path: SCAFFOLD_FILES.icon, content: ICON }];
  }
  const requirements = acceptanceOf(spec.requirements ?? []);
  if (requirements.length === 0) return [];
  return [
    { path: SCAFFOLD_FILES.acceptance, content: JSON.stringify(requirements, null, 2) + "\n" },
    { path: SCAFFOLD_FILES.scenarioRunner, content: SCENARIOS_MODULE },
  ];
}

/**
 * An executor's files with the scaffold added (replacing any file of the
 * same path), sorted by path.
 *
 * @param side `backend/` or `frontend/`.
 * @param spec The spec.
 * @param files The executor's files.
 * @returns The files.
 */
export function withScaffold(
  side: "frontend/" | "backend/",
  spec: Spec,
  files: readonly GeneratedFile[],
): GeneratedFile[] {
  const added = scaffoldFiles(side, spec, files);
  if (added.length === 0) return [...files];
  const replaced = new Set(added.map((f) => f.path));
  return [...files.filter((f) => !replaced.has(f.path)), ...added].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  );
}
