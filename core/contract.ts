/**
 * The contract every generated app follows, whoever writes it: the entry
 * point, the environment variables, the ports, the API client's shape, the
 * file layout, and how the UI is driven. The offline renderer, the prompts
 * of real models, the validator's checks and the verifier all read it from
 * here, so they cannot drift apart; {@link CONTRACT_RULES} states it in
 * words for the prompts, each rule naming the checks that enforce it.
 *
 * @module
 */
import type { ExecutorName } from "./agents.ts";
import { capitalize, labelOf } from "./words.ts";

/** The backend's entry point. */
export const BACKEND_ENTRY = {
  /** The module file, relative to the output folder. */
  file: "backend/app/main.py",
  /** The package marker beside it. */
  packageFile: "backend/app/__init__.py",
  /** What `import` loads, run from `backend/`. */
  module: "app.main",
  /** What Uvicorn serves, run from `backend/`. */
  asgi: "app.main:app",
  /** `create_app(database_path=None)`: builds a fresh app on that database (tests, scenarios). */
  factory: "create_app",
} as const;

/** A setting read from the environment, with the old names still honoured. */
export interface EnvName {
  name: string;
  /** Names older prompts used; apps reading them keep working (verify sets them too). */
  legacy: readonly string[];
  default: string;
  doc: string;
}

/** The ports the apps listen on by default. */
export const PORTS = { backend: 8000, frontend: 3000 } as const;

/** The environment variables both apps read. */
export const ENV = {
  /** Origins the backend allows (CORS), comma-separated. */
  cors: {
    name: "CORS_ORIGINS",
    legacy: ["ALLOWED_ORIGINS"],
    default: `http://localhost:${PORTS.frontend},http://127.0.0.1:${PORTS.frontend}`,
    doc: "origins allowed to call the API, comma-separated",
  },
  /** The backend's SQLite file. */
  database: {
    name: "DATABASE_PATH",
    legacy: [],
    default: "app.db",
    doc: "the SQLite database file",
  },
  /** The backend's URL as the frontend calls it. */
  apiUrl: {
    name: "NEXT_PUBLIC_API_URL",
    legacy: [],
    default: `http://localhost:${PORTS.backend}`,
    doc: "the backend's URL",
  },
  /** The code a staff role signs up with (apps with roles). */
  staffCode: {
    name: "STAFF_SIGNUP_CODE",
    legacy: [],
    default: "",
    doc: "the code that grants a staff role at sign-up",
  },
} as const satisfies Record<string, EnvName>;

/**
 * The environment a running backend gets: each setting under its name and
 * its legacy names, so apps written to an older contract keep working.
 *
 * @param values Values by setting.
 * @returns Environment variables.
 * @example
 * ```ts
 * import { backendEnv } from "./contract.ts";
 * const env = backendEnv({ cors: "http://127.0.0.1:3001" });
 * if (env.CORS_ORIGINS !== env.ALLOWED_ORIGINS) throw new Error();
 * ```
 */
export function backendEnv(
  values: Partial<Record<keyof typeof ENV, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values) as [keyof typeof ENV, string | undefined][]) {
    if (value === undefined) continue;
    for (const name of [ENV[key].name, ...ENV[key].legacy]) out[name] = value;
  }
  return out;
}

/** The frontend's API client. */
export const API_CLIENT = {
  file: "frontend/lib/api.ts",
  /** Where the signed-in user's bearer token is kept. */
  tokenKey: "stackforge_token",
  signature:
    'export async function apiFetch<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T>',
} as const;

/** Files each app must have, and the agent that writes each. */
export const REQUIRED_FILES: readonly { agent: ExecutorName; path: string }[] = [
  { agent: "fe_executor", path: "frontend/package.json" },
  { agent: "fe_executor", path: "frontend/tsconfig.json" },
  { agent: "fe_executor", path: "frontend/README.md" },
  { agent: "fe_executor", path: "frontend/.env.example" },
  { agent: "be_executor", path: "backend/requirements.txt" },
  { agent: "be_executor", path: "backend/README.md" },
  { agent: "be_executor", path: "backend/.env.example" },
  { agent: "be_executor", path: BACKEND_ENTRY.file },
];

/** The backend's own tests: `tests/test_<name>.py`, run with pytest from `backend/`. */
export const BACKEND_TEST_FILE = /^backend\/tests\/test_[a-z0-9_]+\.py$/;

/**
 * Files stackforge itself adds to every app, whatever wrote the rest: the
 * acceptance runner and its scenarios (from the spec's requirements), and a
 * favicon when the frontend has none.
 */
export const SCAFFOLD_FILES = {
  scenarioRunner: "backend/tests/scenarios.py",
  acceptance: "backend/tests/acceptance.json",
  icon: "frontend/app/icon.svg",
} as const;

/**
 * The class names a frontend's stylesheet defines and its pages use: one
 * list, so pages written in separate answers agree with the stylesheet.
 */
export const STYLE_CLASSES: readonly string[] = [
  "card",
  "row",
  "actions",
  "muted",
  "error",
  "danger",
  "success",
];

/** How the acceptance runner is started, from `backend/`. */
export const SCENARIO_COMMAND = "python -m tests.scenarios";

/**
 * The accessible names the verifier drives the UI by. A form is sent by
 * its button, a row found by its text, a field by its label.
 */
export const UI_NAMES = {
  /** The button that sends a create form. */
  create: /^\s*(add|create|save|new|submit)\b/i,
  /** The button that sends an edit form. */
  save: /^\s*(save|update)\b/i,
  /** The button that deletes a row. */
  delete: /^\s*(delete|remove)\b/i,
  /** The button of the sign-up form. */
  signUp: /^\s*(create( an)? account|sign up|register)\s*$/i,
  /** The button of the sign-in form. */
  signIn: /^\s*(sign in|log in|login|sign me in)\s*$/i,
  /** The control that signs out. */
  signOut: /sign out|log out|logout/i,
  /** The labels of the sign-up and sign-in fields. */
  name: "Name",
  email: "Email",
  password: "Password",
} as const;

/**
 * The label a form gives a field: its name in words, capitalised.
 *
 * @param name A snake_case field name.
 * @returns e.g. "Due date" for `due_date`.
 * @example
 * ```ts
 * import { fieldLabel } from "./contract.ts";
 * if (fieldLabel("due_date") !== "Due date" || fieldLabel("poll_id") !== "Poll id") throw new Error();
 * ```
 */
export function fieldLabel(name: string): string {
  return capitalize(labelOf(name));
}

/**
 * The test ids the offline renderer writes: hints the verifier uses when a
 * page has several forms, never needed.
 *
 * @param plural An entity's plural.
 * @returns The ids.
 */
export function testIds(plural: string): {
  form: string;
  editForm: string;
  item: string;
  delete: string;
} {
  return {
    form: `${plural}-form`,
    editForm: `${plural}-edit-form`,
    item: `${plural}-item`,
    delete: `${plural}-delete`,
  };
}
