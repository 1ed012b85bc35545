/**
 * The contract of `contract.ts` in words: one rule per thing the checks or
 * the verifier hold an app to, with the agent that must follow it and what
 * enforces it. The executors' system prompts are built from these texts,
 * and a test proves each one is in the prompt of the agent responsible.
 *
 * @module
 */
import type { ExecutorName } from "./agents.ts";
import {
  API_CLIENT,
  BACKEND_ENTRY,
  ENV,
  PORTS,
  REQUIRED_FILES,
  SCAFFOLD_FILES,
  SCENARIO_COMMAND,
  testIds,
  UI_NAMES,
} from "./contract.ts";

/** What enforces a rule: a validator check (`check:<id>`) or a verify stage (`verify:<stage>`). */
export type Enforcer =
  | `check:${string}`
  | `verify:${"backend" | "scenarios" | "frontend" | "browser" | "ui_scenarios"}`;

/** One rule of the contract. */
export interface ContractRule {
  id: string;
  agent: ExecutorName;
  /** The rule as the agent's prompt states it, one line. */
  text: string;
  enforcedBy: readonly Enforcer[];
  /** Part of the HTTP contract both sides follow: stated in both executors' prompts. */
  http?: true;
}

const relative = (path: string) => path.replace(/^(frontend|backend)\//, "");
const filesOf = (agent: ExecutorName) =>
  REQUIRED_FILES.filter((f) => f.agent === agent).map((f) => relative(f.path)).join(", ");
const ids = testIds("<plural>");

/** Every rule of the contract: the HTTP contract, the backend's, the frontend's. */
export const CONTRACT_RULES: readonly ContractRule[] = [
  {
    id: "http-rows",
    agent: "be_executor",
    http: true,
    text:
      'Row: "id", its fields, relation fields (null when unset), link lists, computed fields, "created_at" and "updated_at" (ISO 8601), and "owner_id" on non-public entities of auth apps.',
    enforcedBy: ["verify:backend", "verify:scenarios"],
  },
  {
    id: "http-crud",
    agent: "be_executor",
    http: true,
    text:
      "List: a JSON array, newest first unless the entity has an order; query: relation fields as filters (?post_id=3), ?q= for search fields, the entity's filters, limit (1-500, default 100) and offset, any other parameter 400. Create (201) and update (200) take the same body (input fields, relation fields, link lists; optional ones null) and return the row; a computed field or an unknown key in a body is refused with 422. Get 200, a missing row 404. Delete: 204, no body.",
    enforcedBy: ["verify:backend", "verify:scenarios"],
  },
  {
    id: "http-stats",
    agent: "be_executor",
    http: true,
    text:
      'GET /api/stats: {"<plural>": row count} per entity; private entities count only the caller\'s rows.',
    enforcedBy: ["verify:backend"],
  },
  {
    id: "http-auth",
    agent: "be_executor",
    http: true,
    text:
      'Auth: POST /api/auth/register {"email", "password" (8+ characters), "name"} (plus "role" and "staff_code" with roles) answers 201 {"token", "user": {"id", "email", "name", "created_at"}} (users table: id, email UNIQUE, name, password_hash, created_at; a role column with roles); POST /api/auth/login {"email", "password"} answers {"token", "user"}, 401 when wrong; GET /api/auth/me the user (with "role"); POST /api/auth/logout revokes the token, 204. Requests send "Authorization: Bearer <token>".',
    enforcedBy: ["verify:backend", "verify:scenarios", "check:acceptance_scenarios"],
  },
  {
    id: "http-errors",
    agent: "be_executor",
    http: true,
    text:
      'Errors: {"detail": ...}: 401 no or bad token, 403 a write the user may not make, 404 a missing row (and another user\'s private row), 409 a conflict (email taken, a unique or capacity rule, an action whose "when" does not hold), 422 invalid input or an unknown parent.',
    enforcedBy: ["verify:backend", "verify:scenarios"],
  },
  {
    id: "backend-entry",
    agent: "be_executor",
    text: `Entry point: ${
      relative(BACKEND_ENTRY.file)
    } defines ${BACKEND_ENTRY.factory}(database_path: Optional[str] = None) -> FastAPI, which builds a fresh app on that SQLite file (every router included, CORS set, tables created), and the module-level app = ${BACKEND_ENTRY.factory}(); ${
      relative(BACKEND_ENTRY.packageFile)
    } makes app a package. From backend/, "uvicorn ${BACKEND_ENTRY.asgi}" serves it and "import ${BACKEND_ENTRY.module}" must work with nothing else on sys.path.`,
    enforcedBy: [
      "check:project_files",
      "check:python_imports",
      "check:acceptance_scenarios",
      "verify:backend",
    ],
  },
  {
    id: "backend-env",
    agent: "be_executor",
    text:
      `Settings from the environment: ${ENV.database.name} (default "${ENV.database.default}") names the database when ${BACKEND_ENTRY.factory}() gets no path; ${ENV.cors.name} lists the origins CORSMiddleware allows, comma-separated (default "${ENV.cors.default}"); ${ENV.staffCode.name} is the staff code of apps with roles. Read them when the app is created, never at import of other modules; list them in .env.example.`,
    enforcedBy: ["verify:backend", "verify:browser"],
  },
  {
    id: "backend-files",
    agent: "be_executor",
    text: `Required files: ${
      filesOf("be_executor")
    }, and pytest tests in tests/test_<name>.py that pass with "python -m pytest" run from backend/ (port ${PORTS.backend} in the README).`,
    enforcedBy: ["check:project_files", "verify:backend"],
  },
  {
    id: "backend-routes",
    agent: "be_executor",
    text:
      'Routes: every spec endpoint is one decorator @router.<method>("<the full spec path>") (or @app.<method>) with its status code, and there is no other /api route; the validator matches them literally.',
    enforcedBy: ["check:backend_routes", "verify:backend"],
  },
  {
    id: "backend-scaffold",
    agent: "be_executor",
    text: `stackforge writes ${relative(SCAFFOLD_FILES.scenarioRunner)} and ${
      relative(SCAFFOLD_FILES.acceptance)
    } (the runner of the spec's acceptance scenarios, "${SCENARIO_COMMAND}" from backend/, on ${BACKEND_ENTRY.factory}(<a temporary file>)); never write them, and keep tests/ importable (no tests/scenarios module of your own).`,
    enforcedBy: ["check:acceptance_scenarios"],
  },
  {
    id: "frontend-files",
    agent: "fe_executor",
    text: `Required files: ${
      filesOf("fe_executor")
    }, next.config.mjs, next-env.d.ts; "npm install" then "next build" and "next start" must work with ${ENV.apiUrl.name} set (default "${ENV.apiUrl.default}"; dev server on port ${PORTS.frontend}).`,
    enforcedBy: ["check:project_files", "verify:frontend"],
  },
  {
    id: "frontend-pages",
    agent: "fe_executor",
    text:
      'Pages: each spec page is app + route + "/page.tsx" ("/" is app/page.tsx, "/posts/[id]" is app/posts/[id]/page.tsx).',
    enforcedBy: ["check:frontend_pages", "verify:browser"],
  },
  {
    id: "frontend-api-client",
    agent: "fe_executor",
    text: `API client: ${
      relative(API_CLIENT.file)
    } is the only module calling fetch, with ${API_CLIENT.signature}, prefixing process.env.${ENV.apiUrl.name} (default "${ENV.apiUrl.default}"), sending JSON and "Authorization: Bearer <token>" when localStorage holds "${API_CLIENT.tokenKey}", returning undefined for 204 and throwing ApiError (an Error with status) with the answer's "detail".`,
    enforcedBy: ["check:frontend_api_calls", "verify:browser"],
  },
  {
    id: "frontend-calls",
    agent: "fe_executor",
    text:
      'Calls: write each call literally as apiFetch<T>("METHOD", "/api/...") with the method a string literal and the path a string or template literal equal to the spec path ({id} written as ${...}; a list call may add a query); every endpoint a page lists is called somewhere, and every call matches a backend route.',
    enforcedBy: ["check:frontend_api_calls"],
  },
  {
    id: "ui-headings",
    agent: "fe_executor",
    text:
      "Every page has one <h1> (a detail page's h1 is the row's display field, updated after a save) and shows role=\"alert\" only for a real error; no console errors and no failed requests on any page (no icon links to files you do not write; stackforge adds app/icon.svg when you write none).",
    enforcedBy: ["verify:browser"],
  },
  {
    id: "ui-forms",
    agent: "fe_executor",
    text:
      `Forms: every control has a visible <label htmlFor> whose text is the field's name in words, capitalised ("due_date" is "Due date"); a relation is a <select> labelled by its field without "_id" ("poll_option_id" is "Poll option") whose option values are the parents' ids and texts their display fields; an enum is a <select>. A list page has a create form sent by a button whose text starts with Add, Create, Save, New or Submit; a detail page has an edit form sent by a button starting with Save or Update.`,
    enforcedBy: ["verify:browser", "verify:ui_scenarios"],
  },
  {
    id: "ui-rows",
    agent: "fe_executor",
    text:
      "Rows: a list shows each row as a table row (<tr> with <td> cells) or a list item (<li>) holding its display field as text and a link to its detail page (the route with [id] replaced by the row's id), and a button named Delete (or Remove; a confirm() dialog is fine); a new row appears and a deleted one disappears without a reload.",
    enforcedBy: ["verify:browser"],
  },
  {
    id: "ui-auth",
    agent: "fe_executor",
    text:
      `Sign-in (apps with auth): /register has fields labelled ${UI_NAMES.name}, ${UI_NAMES.email} and ${UI_NAMES.password} (a second one, "Confirm password", is optional) and a button "Create account"; /login has ${UI_NAMES.email} and ${UI_NAMES.password} and a button "Sign in"; after either the app leaves the form (to ?next= when given, else "/") and the nav shows a "Sign out" button that calls POST /api/auth/logout (from the layout, whatever the page's endpoints), then clears the token.`,
    enforcedBy: ["verify:browser", "verify:ui_scenarios"],
  },
  {
    id: "ui-test-ids",
    agent: "fe_executor",
    text:
      `Optional hints the verifier reads when a page has several forms: data-testid="${ids.form}" on a create form, "${ids.editForm}" on an edit form, "${ids.item}" on a row, "${ids.delete}" on a delete button.`,
    enforcedBy: ["verify:browser"],
  },
];

/**
 * The rules of one agent as prompt lines.
 *
 * @param agent An executor.
 * @returns One "- rule" line per rule.
 * @example
 * ```ts
 * import { contractText } from "./contract_rules.ts";
 * if (!contractText("be_executor").includes("uvicorn app.main:app")) throw new Error();
 * ```
 */
export function contractText(agent: ExecutorName): string {
  return CONTRACT_RULES.filter((r) => r.agent === agent && !r.http).map((r) => `- ${r.text}`)
    .join("\n");
}

/**
 * The HTTP contract both executors follow, as prompt lines.
 *
 * @returns One "- rule" line per rule.
 */
export function httpContractText(): string {
  return CONTRACT_RULES.filter((r) => r.http).map((r) => `- ${r.text}`).join("\n");
}
