/**
 * Runs the exploit suite of generated backends (`backend/tests/test_exploits.py`)
 * and reads each probe's outcome from pytest's JUnit XML report. Used by
 * `bench/security_apps.ts` and its mutants.
 *
 * @module
 */
import { join } from "node:path";

/** One probe and how it ended: passed (refused), failed (exploitable) or skipped. */
export interface Probe {
  name: string;
  outcome: "passed" | "failed" | "skipped";
  detail?: string;
}

/** The probes of one app. */
export interface AppResult {
  id: string;
  root: string;
  probes: Probe[];
  /** Bandit's findings on the backend's app/, or undefined when Bandit is not installed. */
  bandit?: { severity: string; rule: string; where: string }[];
  error?: string;
}

const decoder = new TextDecoder();

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

/**
 * The probes of a JUnit XML report.
 *
 * @param xml pytest's `--junitxml` output.
 * @returns One probe per test case.
 */
export function probesOf(xml: string): Probe[] {
  const out: Probe[] = [];
  const cases = xml.matchAll(/<testcase\b([^>]*?)(\/>|>([^]*?)<\/testcase>)/g);
  for (const [, attrs, , body] of cases) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(attrs!)?.[1] ?? "?");
    const inner = body ?? "";
    const failure = /<(failure|error)\b[^>]*?message="([^"]*)"/.exec(inner);
    if (failure !== null || /<(failure|error)\b/.test(inner)) {
      out.push({ name, outcome: "failed", detail: unescapeXml(failure?.[2] ?? "").slice(0, 300) });
    } else if (/<skipped\b/.test(inner)) out.push({ name, outcome: "skipped" });
    else out.push({ name, outcome: "passed" });
  }
  return out;
}

/**
 * Runs one backend's exploit suite.
 *
 * @param python An interpreter with FastAPI and pytest.
 * @param backend The backend folder.
 * @param extra More pytest arguments (e.g. `-x`).
 * @returns Its probes, or an error when pytest could not run them.
 */
export async function exploitSuite(
  python: string,
  backend: string,
  extra: string[] = [],
): Promise<{ probes: Probe[]; error?: string }> {
  const report = await Deno.makeTempFile({ prefix: "stackforge-probes-", suffix: ".xml" });
  try {
    const run = await new Deno.Command(python, {
      args: [
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        `--junitxml=${report}`,
        ...extra,
        "tests/test_exploits.py",
      ],
      cwd: backend,
      env: { PYTHONDONTWRITEBYTECODE: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const probes = probesOf(await Deno.readTextFile(report).catch(() => ""));
    if (probes.length === 0) {
      const output = decoder.decode(run.stdout) + decoder.decode(run.stderr);
      return {
        probes,
        error: `pytest ran no probe: ${output.trim().split("\n").slice(-3).join(" ")}`,
      };
    }
    return { probes };
  } finally {
    await Deno.remove(report).catch(() => {});
  }
}

/**
 * Runs the exploit suites of many apps, `jobs` at a time.
 *
 * @param python An interpreter with FastAPI and pytest.
 * @param apps The apps: id, folder (holding `backend/`) and a generation error.
 * @param progress Called as each app finishes.
 * @param jobs How many suites run at once (default: one per core, at most 4).
 * @returns One result per app, in the order given.
 */
export async function runExploits(
  python: string,
  apps: { id: string; root: string; error?: string }[],
  progress: (done: number, total: number, id: string) => void = () => {},
  jobs = Math.max(1, Math.min(4, navigator.hardwareConcurrency ?? 2)),
): Promise<AppResult[]> {
  const results: AppResult[] = apps.map((a) => ({
    id: a.id,
    root: a.root,
    probes: [],
    ...(a.error ? { error: a.error } : {}),
  }));
  const queue = results.filter((r) => r.error === undefined);
  let done = 0;
  const worker = async () => {
    for (let r = queue.shift(); r !== undefined; r = queue.shift()) {
      const { probes, error } = await exploitSuite(python, join(r.root, "backend"));
      r.probes = probes;
      if (error) r.error = error;
      progress(++done, apps.length, r.id);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return results;
}
