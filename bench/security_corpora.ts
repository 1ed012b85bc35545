/**
 * Loads the security corpora of `tests/fixtures/security/` into one shape
 * per layer: the tuned corpora (the files at the top of that folder and the
 * code manifests under `code/`), the tuning set `fresh4/`, and the held-out
 * ones in `unseen/`, `unseen2/`, `unseen3/` (scored before tuning, tuned on since) and
 * `unseen4/`. Old
 * corpora hold bare strings; newer ones hold objects naming their technique
 * and source. Items are returned to be scored; the bench prints only
 * aggregate rates for the held-out sets.
 *
 * @module
 */
import { existsSync, readdirSync } from "node:fs";

/** The corpora folder. */
export const FIXTURES = new URL("../tests/fixtures/security/", import.meta.url);

/** One prompt injection. */
export interface InjectionItem {
  text: string;
  technique: string;
  source: string;
  language: string;
}

/** One benign prompt. */
export interface BenignItem {
  text: string;
  source: string;
  /** Whether it uses injection-like words innocently. */
  triggerWords: boolean;
  language: string;
}

/** One path for the sandbox. */
export interface PathItem {
  path: string;
  kind: string;
  source: string;
}

/** One code file for the review gate. */
export interface CodeItem {
  file: URL;
  /** The path the gate sees. */
  as: string;
  expected: "risky" | "safe";
  family: string;
  language: string;
  source: string;
  /** The rule the gate must report (old tuned manifest only). */
  rule?: string;
  /** The 1-based line of the risky construct, when known. */
  line?: number;
}

/** All corpora of one set (tuned or unseen). */
export interface Corpora {
  injections: InjectionItem[];
  benign: BenignItem[];
  payloads: PathItem[];
  legit: PathItem[];
  code: CodeItem[];
}

type Raw = Record<string, unknown>;
const str = (v: unknown, fallback: string) => typeof v === "string" && v !== "" ? v : fallback;
const readJson = (url: URL): { items?: unknown[] } & Raw => JSON.parse(Deno.readTextFileSync(url));
const languageOf = (path: string) =>
  /\.py$/.test(path) ? "python" : /\.(?:tsx|jsx)$/.test(path) ? "tsx" : "typescript";

function items(dir: URL, prefix: RegExp): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const name of readdirSync(dir).filter((n) => prefix.test(n)).sort()) {
    for (const item of readJson(new URL(name, dir)).items ?? []) out.push([name, item]);
  }
  return out;
}

function loadCode(manifestUrl: URL): CodeItem[] {
  const manifest = readJson(manifestUrl) as { risky?: Raw[]; safe?: Raw[] };
  const base = new URL("./", manifestUrl);
  const row = (r: Raw, expected: "risky" | "safe"): CodeItem => {
    const as = str(r.as, str(r.file, ""));
    const item: CodeItem = {
      file: new URL(str(r.file, ""), base),
      as,
      expected: r.expected === "safe" || r.expected === "risky" ? r.expected : expected,
      family: str(r.family, str(r.rule, expected === "safe" ? "safe" : "unlabelled")),
      language: str(r.language, languageOf(as)),
      source: str(r.source, "stackforge"),
    };
    if (typeof r.rule === "string") item.rule = r.rule;
    if (typeof r.line === "number") item.line = r.line;
    return item;
  };
  return [
    ...(manifest.risky ?? []).map((r) => row(r, "risky")),
    ...(manifest.safe ?? []).map((r) => row(r, "safe")),
  ];
}

function loadSet(dir: URL, manifests: URL[]): Corpora {
  const obj = (v: unknown): Raw => typeof v === "object" && v !== null ? v as Raw : { text: v };
  return {
    injections: items(dir, /^injections.*\.json$/).map(([name, v]) => {
      const r = obj(v);
      return {
        text: str(r.text, ""),
        technique: str(r.technique, "unlabelled"),
        source: str(r.source, name),
        language: str(r.language, "en"),
      };
    }),
    benign: items(dir, /^benign.*\.json$/).map(([name, v]) => {
      const r = obj(v);
      const trigger = r.trigger_words;
      return {
        text: str(r.text, ""),
        source: str(r.source, name),
        triggerWords: Array.isArray(trigger) ? trigger.length > 0 : trigger === true,
        language: str(r.language, "en"),
      };
    }),
    payloads: items(dir, /^traversal.*\.json$/).map(([name, v]) => {
      const r = typeof v === "object" && v !== null ? v as Raw : { path: v };
      return {
        path: str(r.path, ""),
        kind: str(r.kind, str(r.threat, "unlabelled")),
        source: str(r.source, name),
      };
    }),
    legit: items(dir, /^legit.*\.json$/).map(([name, v]) => {
      const r = typeof v === "object" && v !== null ? v as Raw : { path: v };
      return {
        path: str(r.path, ""),
        kind: str(r.kind, "unlabelled"),
        source: str(r.source, name),
      };
    }),
    code: manifests.filter((m) => existsSync(m)).flatMap(loadCode),
  };
}

/**
 * @returns The tuned corpora: every `injections*`, `benign*`, `traversal*` and
 * `legit*` JSON file at the top of the folder, and `code/manifest.json` plus
 * `code/<folder>/manifest.json`.
 */
export function loadTuned(): Corpora {
  const code = new URL("code/", FIXTURES);
  const manifests = [new URL("manifest.json", code)];
  for (const entry of readdirSync(code, { withFileTypes: true })) {
    if (entry.isDirectory()) manifests.push(new URL(`${entry.name}/manifest.json`, code));
  }
  return loadSet(FIXTURES, manifests);
}

/**
 * @param folder A set's folder under the fixtures: `unseen`, `unseen2`, `unseen3` (once held
 * out, tuned on since) and `unseen4` (held out), or a tuning set such as `fresh4`; each holds the same files as the top of the folder
 * and a `code/manifest.json`.
 * @returns The corpora of that folder; the bench prints only rates for the held-out ones.
 */
export function loadUnseen(folder = "unseen"): Corpora {
  const dir = new URL(`${folder}/`, FIXTURES);
  return loadSet(dir, [new URL("code/manifest.json", dir)]);
}
