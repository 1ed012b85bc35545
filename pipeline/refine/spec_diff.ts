/**
 * What changed between two specs, as a user reads it: entities, fields,
 * relations and links, behaviours (actions, rules, views, redirects, roles)
 * and requirements added, removed or changed. The CLI prints it before a
 * refine writes anything, the MCP tools return it and the Action's pull
 * request shows it.
 *
 * @module
 */
import type { Spec } from "../../core/spec.ts";

/** What a change is about. */
export type SpecSubject =
  | "app"
  | "auth"
  | "role"
  | "entity"
  | "field"
  | "relation"
  | "link"
  | "action"
  | "rule"
  | "view"
  | "redirect"
  | "requirement";

/** One difference between two specs. */
export interface SpecChange {
  change: "added" | "removed" | "changed";
  subject: SpecSubject;
  /** e.g. `Recipe`, `Recipe.tags`, `r7`. */
  name: string;
  /** What changed, or what the added thing is, in a few words. */
  detail?: string;
}

/** The differences between two specs, in a stable order. */
export interface SpecDiff {
  changes: SpecChange[];
}

type Keyed<T> = readonly T[] | undefined;

function byKey<T>(items: Keyed<T>, key: (item: T) => string): Map<string, T> {
  return new Map((items ?? []).map((item) => [key(item), item]));
}

/** The keys whose values differ, as `key a → b` for short values, `key` otherwise. */
function changedKeys(a: object, b: object, skip: readonly string[] = []): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !skip.includes(k))
    .sort();
  const out: string[] = [];
  for (const key of keys) {
    const x = JSON.stringify((a as Record<string, unknown>)[key]);
    const y = JSON.stringify((b as Record<string, unknown>)[key]);
    if (x === y) continue;
    out.push(
      x !== undefined && y !== undefined && x.length <= 24 && y.length <= 24
        ? `${key} ${x} → ${y}`
        : x === undefined
        ? `${key} set`
        : y === undefined
        ? `${key} removed`
        : key,
    );
  }
  return out;
}

function compare<T extends object>(
  out: SpecChange[],
  subject: SpecSubject,
  before: Keyed<T>,
  after: Keyed<T>,
  key: (item: T) => string,
  describe: (item: T) => string | undefined,
  skip: readonly string[] = [],
): void {
  const old = byKey(before, key);
  const now = byKey(after, key);
  for (const name of old.keys()) {
    if (!now.has(name)) out.push({ change: "removed", subject, name });
  }
  for (const [name, item] of now) {
    const was = old.get(name);
    if (was === undefined) {
      const detail = describe(item);
      out.push({ change: "added", subject, name, ...(detail ? { detail } : {}) });
    } else {
      const keys = changedKeys(was, item, skip);
      if (keys.length > 0) out.push({ change: "changed", subject, name, detail: keys.join(", ") });
    }
  }
}

/**
 * Compares two specs.
 *
 * @param before The spec the app was generated from.
 * @param after The new spec.
 * @returns What changed; no changes when the specs say the same.
 * @example
 * ```ts
 * import { diffSpecs } from "./spec_diff.ts";
 * import { blogSpec } from "../../tests/fixtures/sample_specs.ts";
 * const after = structuredClone(blogSpec);
 * after.entities[0]!.fields.push({ name: "subtitle", type: "string", required: false });
 * const { changes } = diffSpecs(blogSpec, after);
 * if (changes[0]?.subject !== "field" || changes[0].change !== "added") throw new Error();
 * ```
 */
export function diffSpecs(before: Spec, after: Spec): SpecDiff {
  const out: SpecChange[] = [];
  const app = changedKeys(
    { name: before.name, title: before.title, summary: before.summary },
    { name: after.name, title: after.title, summary: after.summary },
  );
  if (app.length > 0) {
    out.push({ change: "changed", subject: "app", name: after.name, detail: app.join(", ") });
  }
  if (before.auth !== after.auth) {
    out.push({ change: after.auth ? "added" : "removed", subject: "auth", name: "sign-in" });
  }
  compare(out, "role", before.roles, after.roles, (r) => r.name, (r) => r.label);
  compare(
    out,
    "entity",
    before.entities,
    after.entities,
    (e) => e.name,
    (e) => `fields: ${e.fields.map((f) => f.name).join(", ")}`,
    ["fields", "relations", "links"],
  );
  const kept = after.entities.filter((e) => before.entities.some((b) => b.name === e.name));
  for (const entity of kept) {
    const was = before.entities.find((b) => b.name === entity.name)!;
    const at = (name: string) => `${entity.name}.${name}`;
    compare(out, "field", was.fields, entity.fields, (f) => at(f.name), (f) => f.type);
    compare(
      out,
      "relation",
      was.relations,
      entity.relations,
      (r) => at(r.field),
      (r) => `→ ${r.target}`,
    );
    compare(out, "link", was.links, entity.links, (l) => at(l.name), (l) => `↔ ${l.target}`);
  }
  compare(
    out,
    "action",
    before.actions,
    after.actions,
    (a) => `${a.entity}.${a.name}`,
    (a) => a.kind,
  );
  // Rules have no name: one is known by what it constrains, its message may change.
  compare(out, "rule", before.rules, after.rules, ruleKey, (r) => r.message, ["message"]);
  compare(out, "view", before.views, after.views, (v) => `${v.entity}.${v.name}`, (v) => v.kind);
  compare(
    out,
    "redirect",
    before.redirects,
    after.redirects,
    (r) => `${r.entity} /${r.prefix}`,
    () => undefined,
  );
  compare(
    out,
    "requirement",
    before.requirements,
    after.requirements,
    (r) => r.id,
    (r) => `${JSON.stringify(r.text)} (${r.status.replace("_", " ")})`,
  );
  return { changes: out };
}

function ruleKey(rule: NonNullable<Spec["rules"]>[number]): string {
  const { message: _message, kind, entity, ...rest } = rule;
  const what = Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ");
  return `${entity} ${kind}${what ? ` ${what}` : ""}`;
}

const SIGN = { added: "+", removed: "-", changed: "~" } as const;

/**
 * One line per change, `+` added, `-` removed, `~` changed.
 *
 * @param diff A diff from {@link diffSpecs}.
 * @returns The lines; `(no change to the spec)` when there is none.
 */
export function specDiffLines(diff: SpecDiff): string[] {
  if (diff.changes.length === 0) return ["(no change to the spec)"];
  return diff.changes.map((c) =>
    `${SIGN[c.change]} ${c.subject} ${c.name}${c.detail ? `: ${c.detail}` : ""}`
  );
}

/**
 * The diff as Markdown, for a pull request or a report: a `diff` block, so
 * GitHub colours additions and removals.
 *
 * @param diff A diff from {@link diffSpecs}.
 * @returns The Markdown.
 */
export function specDiffMarkdown(diff: SpecDiff): string {
  if (diff.changes.length === 0) return "No change to the spec.";
  return ["```diff", ...specDiffLines(diff).map((l) => l.replace(/```/g, "'''")), "```"].join("\n");
}
