/**
 * Renders the acceptance scenarios of a spec's requirements into the
 * backend's test suite: `tests/acceptance.json` (the implemented
 * requirements, HTTP steps only), `tests/scenarios.py` (the runner of the
 * scenario semantics of `core/behaviours.ts`, also run as
 * `python -m tests.scenarios`) and `tests/test_acceptance.py`.
 *
 * @module
 */
import type { HttpStep, Requirement } from "../../core/behaviours.ts";
import type { BackendContext } from "./context.ts";
import { pyDoc, pyModule, pyStr } from "./python.ts";
import { SCENARIOS_MODULE } from "./scenarios_runner.ts";

/** A requirement as `acceptance.json` holds it. */
export interface AcceptanceRequirement {
  id: string;
  text: string;
  kinds: string[];
  by: string[];
  scenarios: { name: string; actors?: Record<string, { role?: string }>; steps: HttpStep[] }[];
}

/**
 * The implemented requirements with their HTTP scenarios (UI steps
 * dropped; scenarios left without steps dropped too).
 *
 * @param requirements The spec's requirements.
 * @returns What `acceptance.json` lists.
 */
export function acceptanceOf(requirements: readonly Requirement[]): AcceptanceRequirement[] {
  const out: AcceptanceRequirement[] = [];
  for (const r of requirements) {
    if (r.status !== "implemented") continue;
    const scenarios = r.scenarios.flatMap((s) => {
      const steps = s.steps.filter((step): step is HttpStep => !("ui" in step));
      if (steps.length === 0) return [];
      return [{ name: s.name, ...(s.actors ? { actors: s.actors } : {}), steps }];
    });
    if (scenarios.length === 0) continue;
    out.push({ id: r.id, text: r.text, kinds: [...r.kinds], by: [...r.by], scenarios });
  }
  return out;
}

function slug(text: string): string {
  return text.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "")
    .slice(0, 60).replace(/_+$/, "") || "scenario";
}

/**
 * @param ctx The render context.
 * @returns The files, relative to `backend/`; none when no requirement has an HTTP scenario.
 */
export function renderAcceptance(ctx: BackendContext): { path: string; content: string }[] {
  const requirements = acceptanceOf(ctx.spec.requirements ?? []);
  if (requirements.length === 0) return [];
  const names = new Set<string>();
  const tests: string[] = [];
  for (const r of requirements) {
    r.scenarios.forEach((s, index) => {
      let name = `test_${r.id}_${slug(s.name)}`;
      while (names.has(name)) name = `${name}_${index + 1}`;
      names.add(name);
      tests.push([
        `def ${name}(client: TestClient) -> None:`,
        `    ${pyDoc(`${r.id}: ${r.text} (${s.name})`, "    ")}`,
        `    failure = run_scenario(client, scenario(${pyStr(r.id)}, ${index}))`,
        "    assert failure is None, failure",
      ].join("\n"));
    });
  }
  const testModule = pyModule([
    [
      '"""The acceptance scenarios of the app\'s requirements, one test each.',
      "",
      "The scenarios are in tests/acceptance.json; tests/scenarios.py runs them.",
      '"""',
      "from fastapi.testclient import TestClient",
      "",
      "from tests.scenarios import run_scenario, scenario",
    ].join("\n"),
    ...tests,
  ]);
  return [
    { path: "tests/acceptance.json", content: JSON.stringify(requirements, null, 2) + "\n" },
    { path: "tests/scenarios.py", content: SCENARIOS_MODULE },
    { path: "tests/test_acceptance.py", content: testModule },
  ];
}
