/**
 * How an executor's files are split into groups, one model answer each, so
 * no single answer has to be huge: the frontend's page files are packed, in
 * order and an entity's pages together, into the fewest groups of at most
 * the provider's `answerTokens` estimated output tokens, balanced so no
 * group is much larger than another (the first group also writes every
 * shared file: config, `lib/`, components, layout); a backend too large for one answer is split into the
 * app and its tests. Small apps, and providers without a limit, stay one
 * group. The estimates ({@link outputEstimates}) come from measured answers
 * of a real model.
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
  /** The files the other groups list, for the prompt (link to them, do not write them). */
  others?: string[];
  /** Estimated output tokens, for sharing the agent's budget between groups. */
  estimate: number;
  /** Whether this group owns `path` (exactly one group of a plan does). */
  owns(path: string): boolean;
}

// Output sizes in tokens (o200k, as file_writer JSON), measured on the
// answers of recorded sessions of a real model (tests/fixtures/recordings/:
// a 3-entity poll app, a todo app with sign-in) and rounded up: a page
// showing children (a poll's options and votes) is the largest, a list page
// grows with its form's fields, the shared files with sign-in.
const SHARED = { base: 3_000, perEntity: 150, auth: 2_400 };
const HOME = 700;
const LOGIN = 800;
const REGISTER = 1_200;
const VIEW = 1_500;
const LIST = { base: 800, perField: 300, auth: 500 };
const DETAIL = { base: 800, perField: 350, perChild: 1_300 };
const PER_ACTION = 300;
const BACKEND = {
  base: 1_000,
  auth: 3_400,
  perEntity: 1_100,
  perRelation: 150,
  perBehaviour: 400,
};
const TESTS = { base: 300, auth: 900, perEntity: 900, perRelation: 150 };

type Page = Spec["pages"][number];

function entityOf(spec: Spec, name: string | undefined) {
  return spec.entities.find((e) => e.name === name);
}

/** The estimated output tokens of one page file. */
function pageEstimate(spec: Spec, page: Page): number {
  const entity = entityOf(spec, page.entity);
  const inputs = entity
    ? entity.fields.filter((f) => !f.computed).length + entity.relations.length +
      (entity.links ?? []).length
    : 0;
  const actions = (spec.actions ?? []).filter((a) => a.entity === page.entity).length * PER_ACTION;
  switch (page.kind) {
    case "home":
      return HOME;
    case "login":
      return LOGIN;
    case "register":
      return REGISTER;
    case "view":
      return VIEW;
    case "list":
      return LIST.base + LIST.perField * inputs + (spec.auth ? LIST.auth : 0) + actions;
    case "detail": {
      const children =
        spec.entities.filter((e) => e.relations.some((r) => r.target === page.entity)).length;
      return DETAIL.base + DETAIL.perField * inputs + DETAIL.perChild * children + actions;
    }
  }
}

/**
 * The estimated output tokens of an executor's files for a spec, measured
 * on recorded answers of a real model.
 *
 * @param agent Which executor.
 * @param spec The spec.
 * @returns The frontend's shared files and each page, or the backend's app and tests.
 * @example
 * ```ts
 * import { outputEstimates } from "./file_groups.ts";
 * import { blogSpec } from "../../tests/fixtures/sample_specs.ts";
 * const fe = outputEstimates("fe_executor", blogSpec);
 * if (fe.parts.length !== blogSpec.pages.length || fe.shared <= 0) throw new Error();
 * ```
 */
export function outputEstimates(
  agent: "fe_executor" | "be_executor",
  spec: Spec,
): { shared: number; parts: { file?: string; name: string; tokens: number }[] } {
  if (agent === "fe_executor") {
    return {
      shared: SHARED.base + SHARED.perEntity * spec.entities.length + (spec.auth ? SHARED.auth : 0),
      parts: spec.pages.map((page) => ({
        file: pageFilePath(page.route),
        name: page.route,
        tokens: pageEstimate(spec, page),
      })),
    };
  }
  const relations = spec.entities.reduce((n, e) => n + e.relations.length, 0);
  const behaviours = (spec.actions ?? []).length + (spec.rules ?? []).length +
    (spec.views ?? []).length + (spec.redirects ?? []).length;
  return {
    shared: 0,
    parts: [
      {
        name: "app",
        tokens: BACKEND.base + (spec.auth ? BACKEND.auth : 0) +
          BACKEND.perEntity * spec.entities.length + BACKEND.perRelation * relations +
          BACKEND.perBehaviour * behaviours,
      },
      {
        name: "tests",
        tokens: TESTS.base + (spec.auth ? TESTS.auth : 0) + TESTS.perEntity * spec.entities.length +
          TESTS.perRelation * relations,
      },
    ],
  };
}

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

/**
 * Splits sizes, in order, into the fewest contiguous chunks of at most
 * `limit` each (the first chunk also carries `first`), balanced: the
 * largest chunk is as small as that number of chunks allows.
 */
function balancedChunks(first: number, sizes: readonly number[], limit: number): number[][] {
  const pack = (capacity: number): number[][] => {
    const chunks: number[][] = [[]];
    let used = first;
    sizes.forEach((size, i) => {
      if (used + size > capacity && chunks.at(-1)!.length > 0) {
        chunks.push([]);
        used = 0;
      }
      chunks.at(-1)!.push(i);
      used += size;
    });
    return chunks;
  };
  const total = first + sizes.reduce((a, b) => a + b, 0);
  const fewest = pack(limit).length;
  if (fewest === 1) return pack(Infinity);
  // The smallest capacity that still packs into `fewest` chunks.
  let low = Math.max(Math.ceil(total / fewest), ...sizes);
  let high = limit;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (pack(mid).length <= fewest) high = mid;
    else low = mid + 1;
  }
  return pack(Math.max(low, first));
}

/**
 * The pages in units that stay in one group when they fit: an entity's
 * pages together (they share its forms and look), each other page alone.
 */
function pageUnits(spec: Spec, parts: { tokens: number }[], answerTokens: number): number[][] {
  const units: number[][] = [];
  const byEntity = new Map<string, number[]>();
  spec.pages.forEach((page, i) => {
    if (page.entity === undefined || page.kind === "view") return units.push([i]);
    const unit = byEntity.get(page.entity);
    if (unit !== undefined) return unit.push(i);
    const fresh = [i];
    byEntity.set(page.entity, fresh);
    units.push(fresh);
  });
  // A unit too large for one answer is split into its pages.
  return units.flatMap((u) =>
    u.reduce((n, i) => n + parts[i]!.tokens, 0) > answerTokens ? u.map((i) => [i]) : [u]
  );
}

function frontendGroups(spec: Spec, answerTokens: number): FileGroup[] {
  const { shared, parts } = outputEstimates("fe_executor", spec);
  const units = pageUnits(spec, parts, answerTokens);
  const unitChunks = balancedChunks(
    shared,
    units.map((u) => u.reduce((n, i) => n + parts[i]!.tokens, 0)),
    answerTokens,
  );
  const chunks = unitChunks.map((c) => c.flatMap((u) => units[u]!).sort((a, b) => a - b));
  if (chunks.length === 1) {
    return [{ ...ALL, estimate: shared + parts.reduce((n, p) => n + p.tokens, 0) }];
  }
  const filesOf = (chunk: number[]) => chunk.map((i) => parts[i]!.file!);
  const sizeOf = (chunk: number[], i: number) =>
    (i === 0 ? shared : 0) + chunk.reduce((n, p) => n + parts[p]!.tokens, 0);
  const elsewhere = new Set(chunks.slice(1).flatMap(filesOf));
  return chunks.map((chunk, i) => {
    const files = filesOf(chunk);
    const mine = new Set(files);
    const others = chunks.flatMap((c, j) => (j === i ? [] : filesOf(c)));
    return i === 0
      ? {
        name: "shared-and-pages-1",
        part: 1,
        parts: chunks.length,
        files,
        others,
        estimate: sizeOf(chunk, i),
        also:
          "every other frontend file the rules list (package.json, config files, lib/, app/layout.tsx, app/globals.css, any components the pages share)",
        owns: (path: string) => !elsewhere.has(path),
      }
      : {
        name: `pages-${i + 1}`,
        part: i + 1,
        parts: chunks.length,
        files,
        others,
        estimate: sizeOf(chunk, i),
        also:
          "no other file: what these pages need beyond part 1's shared files (lib/api.ts, lib/types.ts, the layout and the stylesheet's classes) stays inside them",
        owns: (path: string) => mine.has(path),
      };
  });
}

function backendGroups(spec: Spec, answerTokens: number): FileGroup[] {
  const [app, tests] = outputEstimates("be_executor", spec).parts.map((p) => p.tokens) as [
    number,
    number,
  ];
  if (app + tests <= answerTokens) return [{ ...ALL, estimate: app + tests }];
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
      also: "the tests: pytest.ini, tests/conftest.py and tests/test_<plural>.py per entity" +
        (spec.auth ? " and tests/test_auth.py" : "") +
        ", importing the app from app.main as the contract says",
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
