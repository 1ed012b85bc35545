/**
 * How an executor's files are split into groups, one model answer each, so
 * no single answer has to be huge: the frontend's page files are packed
 * into groups of at most the provider's `answerTokens` estimated output
 * tokens (the first group also writes every shared file: config, `lib/`,
 * components, layout); a backend too large for one answer is split into the
 * app and its tests. Small apps, and providers without a limit, stay one group.
 *
 * Every path has exactly one owning group ({@link ownerOf}), which lets a
 * retry ask again only for the groups whose files the findings name.
 *
 * @module
 */
import { pageFilePath } from "../../core/routes.ts";
import type { Spec } from "../../core/spec.ts";

/** One answer's share of an executor's files. */
export interface FileGroup {
  /** e.g. `pages-2`, `tests`, `all`. */
  name: string;
  /** 1-based position and the number of groups. */
  part: number;
  parts: number;
  /** The files this group must write, for the prompt. */
  files: string[];
  /** A sentence for the prompt saying what else this group writes, if anything. */
  also?: string;
  /** Estimated output tokens, for sharing the agent's budget between groups. */
  estimate: number;
  /** Whether this group owns `path` (exactly one group of a plan does). */
  owns(path: string): boolean;
}

// Output sizes in tokens (o200k, as file_writer JSON), fitted to the files
// the offline renderer writes for the 10 fixture prompts, the only full
// reference apps at hand: a model's answers are usually shorter. A list page
// carries its entity's components (forms, tables).
const FRONTEND_SHARED = 7_500;
const PAGE: Record<Spec["pages"][number]["kind"], number> = {
  home: 500,
  list: 4_000,
  detail: 1_400,
  login: 700,
  register: 800,
  view: 1_500,
};
const BACKEND_BASE = 3_000;
const BACKEND_AUTH = 2_900;
const BACKEND_ENTITY = 1_500;
const TESTS_BASE = 1_000;
const TESTS_AUTH = 1_600;
const TESTS_ENTITY = 1_700;

/** Whether a backend path is part of its test suite. */
export function isBackendTest(path: string): boolean {
  return /^backend\/(?:.*\/)?(?:tests?\/|conftest\.py$|pytest\.ini$)/.test(path);
}

const ALL: FileGroup = {
  name: "all",
  part: 1,
  parts: 1,
  files: [],
  estimate: 1,
  owns: () => true,
};

/**
 * Plans an executor's groups.
 *
 * @param agent Which executor.
 * @param spec The spec it builds.
 * @param answerTokens The largest answer to plan for; undefined for one answer.
 * @returns One group, or several that together own every path.
 * @example
 * ```ts
 * import { planFileGroups } from "./file_groups.ts";
 * import { blogSpec } from "../../tests/fixtures/sample_specs.ts";
 * const groups = planFileGroups("fe_executor", blogSpec, 12_000);
 * const owners = groups.filter((g) => g.owns("frontend/lib/api.ts"));
 * if (owners.length !== 1 || owners[0]!.part !== 1) throw new Error();
 * ```
 */
export function planFileGroups(
  agent: "fe_executor" | "be_executor",
  spec: Spec,
  answerTokens: number | undefined,
): FileGroup[] {
  if (answerTokens === undefined) return [ALL];
  return agent === "fe_executor"
    ? frontendGroups(spec, answerTokens)
    : backendGroups(spec, answerTokens);
}

function frontendGroups(spec: Spec, answerTokens: number): FileGroup[] {
  const chunks: string[][] = [[]];
  const sizes = [FRONTEND_SHARED];
  for (const page of spec.pages) {
    const cost = PAGE[page.kind];
    if (sizes.at(-1)! + cost > answerTokens && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      sizes.push(0);
    }
    chunks.at(-1)!.push(pageFilePath(page.route));
    sizes[sizes.length - 1]! += cost;
  }
  if (chunks.length === 1) return [ALL];
  const elsewhere = new Set(chunks.slice(1).flat());
  return chunks.map((files, i) => {
    const mine = new Set(files);
    return i === 0
      ? {
        name: "shared-and-pages-1",
        part: 1,
        parts: chunks.length,
        files,
        estimate: sizes[i]!,
        also:
          "and every other frontend file the rules list (package.json, config files, lib/, app/layout.tsx, app/globals.css, any components), but none of the other parts' page files",
        owns: (path: string) => !elsewhere.has(path),
      }
      : {
        name: `pages-${i + 1}`,
        part: i + 1,
        parts: chunks.length,
        files,
        estimate: sizes[i]!,
        owns: (path: string) => mine.has(path),
      };
  });
}

function backendGroups(spec: Spec, answerTokens: number): FileGroup[] {
  const entities = spec.entities.length;
  const app = BACKEND_BASE + (spec.auth ? BACKEND_AUTH : 0) + entities * BACKEND_ENTITY;
  const tests = TESTS_BASE + (spec.auth ? TESTS_AUTH : 0) + entities * TESTS_ENTITY;
  if (app + tests <= answerTokens) return [ALL];
  return [
    {
      name: "app",
      part: 1,
      parts: 2,
      files: [],
      estimate: app,
      also: "every backend file the rules list except the tests (pytest.ini, conftest.py, tests/)",
      owns: (path) => !isBackendTest(path),
    },
    {
      name: "tests",
      part: 2,
      parts: 2,
      files: [],
      estimate: tests,
      also: "only the tests: pytest.ini, conftest.py and tests/test_<plural>.py per entity" +
        (spec.auth ? " and tests/test_auth.py" : ""),
      owns: isBackendTest,
    },
  ];
}

/**
 * The group that owns a path.
 *
 * @param groups A plan from {@link planFileGroups}.
 * @param path A file path, or a finding's file named relative to its folder.
 * @returns The owning group (the first group when no group claims it).
 */
export function ownerOf(groups: readonly FileGroup[], path: string): FileGroup {
  return groups.find((g) => g.owns(path)) ?? groups[0]!;
}
