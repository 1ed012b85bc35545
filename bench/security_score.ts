/**
 * Scores layers 2, 5 and 6 over one set of corpora: rates overall and broken
 * down by technique, kind, family, language and source. The lists of missed
 * items are for the tuned set only; the bench never prints them for `unseen/`.
 *
 * @module
 */
import type { GeneratedFile } from "../core/artifact.ts";
import { GuardrailError } from "../guardrails/errors.ts";
import type { RiskFinding } from "../guardrails/review_gate.ts";
import { sandboxFilePath } from "../guardrails/sandbox.ts";
import { sanitizeInput } from "../guardrails/sanitize.ts";
import type { AnalyserFinding } from "../guardrails/eslint_review.ts";
import type { CodeItem, Corpora } from "./security_corpora.ts";

/** Hits out of a total. */
export interface Tally {
  hit: number;
  total: number;
}

/** Tallies by a label (technique, kind, source...). */
export type Breakdown = Map<string, Tally>;

function count<T>(items: readonly T[], hit: (item: T) => boolean): Tally {
  return { hit: items.filter(hit).length, total: items.length };
}

function breakdown<T>(
  items: readonly T[],
  label: (item: T) => string,
  hit: (item: T) => boolean,
): Breakdown {
  const out: Breakdown = new Map();
  for (const item of items) {
    const key = label(item);
    const t = out.get(key) ?? { hit: 0, total: 0 };
    t.total++;
    if (hit(item)) t.hit++;
    out.set(key, t);
  }
  return out;
}

const blocks = (f: () => unknown) => {
  try {
    f();
    return false;
  } catch (error) {
    return error instanceof GuardrailError;
  }
};

/** Words of an instruction to the model, looked for in what `strip` leaves. */
const INSTRUCTION_WORDS =
  /\b(?:ignore|disregard|forget|instructions?|system prompt|you are now|pretend|jailbr[eo]ak\w*|developer mode|do anything now|reveal|repeat after|respond only|your (?:rules|guidelines|prompt))\b/i;

/** A source named by its project: "semgrep/semgrep-rules python/x.py" → "semgrep/semgrep-rules". */
function sourceLabel(source: string): string {
  const words = source.replace(/^adapted from /, "").split(/[\s(,;]+/);
  return words[0]!.split("/").slice(0, 2).join("/") || source;
}

/** Layer 2 over one set. */
export interface InjectionScore {
  detected: Tally;
  benignChanged: Tally;
  /** Of the stripped injections: those whose stripped text still has a finding. */
  remnants: Tally;
  /** Of the stripped injections: those whose stripped text still holds an instruction word. */
  residue: Tally;
  byTechnique: Breakdown;
  bySource: Breakdown;
  byLanguage: Breakdown;
  benignBySource: Breakdown;
  benignByTrigger: Breakdown;
  benignByLanguage: Breakdown;
  /** Average time of one call, in milliseconds. */
  msPerCall: number;
  missed: string[];
  changed: string[];
  remnantTexts: string[];
}

/** What `sanitizeInput` does with an injection: found or not, and what strip leaves. */
function stripOutcome(text: string): { found: boolean; left?: string } {
  try {
    const result = sanitizeInput(text);
    return result.findings.length === 0 ? { found: false } : { found: true, left: result.text };
  } catch (error) {
    // Stripped to nothing, or refused as still injected after stripping: found, nothing left.
    if (error instanceof RangeError || error instanceof GuardrailError) return { found: true };
    throw error;
  }
}

/**
 * @param set The corpora.
 * @returns The scores of layer 2.
 */
export function scoreInjections(set: Corpora): InjectionScore {
  const started = performance.now();
  const outcomes = new Map(set.injections.map((i) => [i, stripOutcome(i.text)]));
  const changedSet = new Set(set.benign.filter((b) => {
    try {
      const result = sanitizeInput(b.text);
      return result.text !== b.text || result.findings.length > 0;
    } catch (error) {
      if (error instanceof RangeError || error instanceof GuardrailError) return true;
      throw error;
    }
  }));
  const msPerCall = (performance.now() - started) /
    Math.max(1, set.injections.length + set.benign.length);
  const found = (i: (typeof set.injections)[number]) => outcomes.get(i)!.found;
  const stripped = set.injections.filter((i) => outcomes.get(i)!.left !== undefined);
  const remnant = (i: (typeof set.injections)[number]) => {
    const left = outcomes.get(i)!.left!;
    try {
      return sanitizeInput(left).findings.length > 0;
    } catch {
      return false;
    }
  };
  return {
    detected: count(set.injections, found),
    benignChanged: count(set.benign, (b) => changedSet.has(b)),
    remnants: count(stripped, remnant),
    residue: count(stripped, (i) => INSTRUCTION_WORDS.test(outcomes.get(i)!.left!)),
    byTechnique: breakdown(set.injections, (i) => i.technique, found),
    bySource: breakdown(set.injections, (i) => sourceLabel(i.source), found),
    byLanguage: breakdown(set.injections, (i) => i.language, found),
    benignBySource: breakdown(set.benign, (b) => sourceLabel(b.source), (b) => changedSet.has(b)),
    benignByTrigger: breakdown(
      set.benign,
      (b) => b.triggerWords ? "trigger words" : "plain",
      (b) => changedSet.has(b),
    ),
    benignByLanguage: breakdown(set.benign, (b) => b.language, (b) => changedSet.has(b)),
    msPerCall,
    missed: set.injections.filter((i) => !found(i)).map((i) => i.text),
    changed: set.benign.filter((b) => changedSet.has(b)).map((b) => b.text),
    remnantTexts: stripped.filter(remnant).map((i) => outcomes.get(i)!.left!),
  };
}

/** Layer 5 over one set. */
export interface SandboxScore {
  blocked: Tally;
  legitAllowed: Tally;
  blockedByKind: Breakdown;
  blockedBySource: Breakdown;
  legitByKind: Breakdown;
  through: string[];
  refused: string[];
}

/**
 * @param set The corpora.
 * @param root The output folder the paths are checked against.
 * @returns The scores of layer 5.
 */
export function scoreSandbox(set: Corpora, root = "/srv/out"): SandboxScore {
  const blocked = new Set(set.payloads.filter((p) => blocks(() => sandboxFilePath(root, p.path))));
  const allowed = new Set(set.legit.filter((p) => !blocks(() => sandboxFilePath(root, p.path))));
  return {
    blocked: count(set.payloads, (p) => blocked.has(p)),
    legitAllowed: count(set.legit, (p) => allowed.has(p)),
    blockedByKind: breakdown(set.payloads, (p) => p.kind, (p) => blocked.has(p)),
    blockedBySource: breakdown(set.payloads, (p) => sourceLabel(p.source), (p) => blocked.has(p)),
    legitByKind: breakdown(set.legit, (p) => p.kind, (p) => allowed.has(p)),
    through: set.payloads.filter((p) => !blocked.has(p)).map((p) =>
      `${JSON.stringify(p.path)} (${p.kind})`
    ),
    refused: set.legit.filter((p) => !allowed.has(p)).map((p) => JSON.stringify(p.path)),
  };
}

/** A reviewer to score: the gate, or an outside analyser alone. */
export type Reviewer = (
  files: readonly GeneratedFile[],
) => Promise<readonly (RiskFinding | AnalyserFinding)[]>;

/** Layer 6 (or an analyser) over one set of code files. */
export interface CodeScore {
  risky: Tally;
  /** Of the risky files with a known line: those with a finding on that line. */
  atLine: Tally;
  safeFlagged: Tally;
  byFamily: Breakdown;
  byLanguage: Breakdown;
  bySource: Breakdown;
  safeByFamily: Breakdown;
  missed: string[];
  flagged: string[];
}

/**
 * Scores a reviewer over code files, all given to it at once as one app.
 *
 * @param items The files.
 * @param review The reviewer.
 * @param anyRule Count any finding on a risky file, even where the corpus names the rule.
 * @returns The scores.
 */
export async function scoreCode(
  items: readonly CodeItem[],
  review: Reviewer,
  anyRule = false,
): Promise<CodeScore> {
  // Each file under its own folder, so two corpus files with the same `as` stay apart.
  const files = items.map((item, n) => ({
    path: `c${n}/${item.as}`,
    content: Deno.readTextFileSync(item.file),
  }));
  const findings = await review(files);
  const byPath = new Map<string, (RiskFinding | AnalyserFinding)[]>();
  for (const f of findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  const of = (item: CodeItem) => byPath.get(`c${items.indexOf(item)}/${item.as}`) ?? [];
  const hit = (item: CodeItem) =>
    item.rule === undefined || anyRule
      ? of(item).length > 0
      : of(item).some((f) => f.rule === item.rule);
  const risky = items.filter((i) => i.expected === "risky");
  const safe = items.filter((i) => i.expected === "safe");
  const withLine = risky.filter((i) => i.line !== undefined);
  return {
    risky: count(risky, hit),
    atLine: count(withLine, (i) => of(i).some((f) => Math.abs(f.line - i.line!) <= 1)),
    safeFlagged: count(safe, (i) => of(i).length > 0),
    byFamily: breakdown(risky, (i) => i.family, hit),
    byLanguage: breakdown(risky, (i) => i.language, hit),
    bySource: breakdown(risky, (i) => sourceLabel(i.source), hit),
    safeByFamily: breakdown(safe, (i) => i.family, (i) => of(i).length > 0),
    missed: risky.filter((i) => !hit(i)).map((i) =>
      `${i.file.pathname.split("/security/")[1]} (${i.rule ?? i.family}; got ${
        of(i).map((f) => f.rule).join(", ") || "nothing"
      })`
    ),
    flagged: safe.filter((i) => of(i).length > 0).map((i) =>
      `${i.file.pathname.split("/security/")[1]} (${of(i).map((f) => f.rule).join(", ")})`
    ),
  };
}
