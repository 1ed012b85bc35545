/**
 * Test helpers of the validator: a stand-in backend (a tiny FastAPI app and
 * an acceptance runner of its own, in `testdata/standin_backend/`) and a
 * library spec with requirements and scenarios written for it.
 *
 * @module
 */
import { join } from "node:path";
import type { GeneratedFile } from "../../../core/artifact.ts";
import type { Requirement } from "../../../core/behaviours.ts";
import type { Spec } from "../../../core/spec.ts";
import { librarySpec } from "../../../tests/fixtures/behaviour_specs.ts";
import { isHttpStep } from "./scenario_problems.ts";

const STANDIN = new URL("./testdata/standin_backend/", import.meta.url).pathname;

/** Returning a loan, once; proven over HTTP. */
export const RETURN_LOAN: Requirement = {
  id: "r1",
  text: "A loan can be returned once",
  kinds: ["action_transition"],
  status: "implemented",
  by: ["action:Loan.return", "field:Loan.returned_at"],
  scenarios: [{
    name: "return a loan, then again",
    steps: [
      {
        method: "POST",
        path: "/api/books",
        body: { title: "Book {run}" },
        status: 201,
        save: { book: "id" },
      },
      {
        method: "POST",
        path: "/api/members",
        body: { name: "Ann" },
        status: 201,
        save: { member: "id" },
      },
      {
        method: "POST",
        path: "/api/loans",
        body: { due_date: "{today}", book_id: "{book}", member_id: "{member}" },
        status: 201,
        save: { loan: "id" },
      },
      {
        method: "POST",
        path: "/api/loans/{loan}/return",
        status: 200,
        expect: { id: "{loan}", returned_at: { $type: "string" } },
      },
      { method: "POST", path: "/api/loans/{loan}/return", status: 409 },
    ],
  }],
};

/** Seen in the browser only. */
export const UI_ONLY: Requirement = {
  id: "r2",
  text: "Loans are listed",
  kinds: ["crud"],
  status: "implemented",
  by: ["entity:Loan"],
  scenarios: [{
    name: "the loans page",
    steps: [{ ui: "goto", path: "/loans" }, { ui: "see", text: "Loans" }],
  }],
};

/** What the app does not do. */
export const NOT_DONE: Requirement = {
  id: "r3",
  text: "Members get an email when a loan is overdue",
  kinds: ["unsupported"],
  status: "not_implemented",
  reason: "the offline generator sends no email",
  by: [],
  scenarios: [],
};

/** A scenario that cannot pass against any app: the spec has no renew endpoint. */
export const WRONG_SCENARIO: Requirement = {
  id: "r4",
  text: "A loan can be renewed",
  kinds: ["action_transition"],
  status: "implemented",
  by: ["action:Loan.renew"],
  scenarios: [{
    name: "renew a loan",
    steps: [{ method: "POST", path: "/api/loans/1/renew", status: 200 }],
  }],
};

/**
 * @param requirements The requirements to add.
 * @returns The library fixture spec with them.
 */
export function librarySpecWith(...requirements: Requirement[]): Spec {
  return { ...librarySpec, requirements };
}

/** What `backend/tests/acceptance.json` holds for a spec: implemented requirements, UI steps dropped. */
export function acceptanceJson(spec: Spec): string {
  const requirements = (spec.requirements ?? []).filter((r) => r.status === "implemented").map((
    r,
  ) => ({
    ...r,
    scenarios: r.scenarios.map((s) => ({ ...s, steps: s.steps.filter(isHttpStep) })),
  }));
  return JSON.stringify(requirements, null, 2);
}

/** Options of {@link standinBackend}. */
export interface StandinOptions {
  /** Replace or add files (path under `backend/`), or drop them (`null`). */
  files?: Record<string, string | null>;
}

/**
 * The stand-in backend's files, with `tests/acceptance.json` for `spec`.
 *
 * @param spec The spec whose scenarios it carries.
 * @param options Files to change.
 * @returns The files, paths under `backend/`.
 */
export function standinBackend(spec: Spec, options: StandinOptions = {}): GeneratedFile[] {
  const files = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.name === "__pycache__") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path, `${rel}${entry.name}/`);
      else files.set(`backend/${rel}${entry.name}`, Deno.readTextFileSync(path));
    }
  };
  walk(STANDIN, "");
  files.set("backend/tests/acceptance.json", acceptanceJson(spec));
  for (const [path, content] of Object.entries(options.files ?? {})) {
    if (content === null) files.delete(`backend/${path}`);
    else files.set(`backend/${path}`, content);
  }
  return [...files].map(([path, content]) => ({ path, content }));
}
