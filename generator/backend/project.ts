/**
 * Renders the backend's project files: `app/main.py` and `app/__init__.py`,
 * `requirements.txt`, `pytest.ini`, `README.md`, `.env.example` and
 * `.gitignore`.
 *
 * @module
 */
import { BACKEND_ENTRY, ENV, PORTS } from "../../core/contract.ts";
import type { BackendContext } from "./context.ts";
import { pyDoc, pyModule, pyStr, wrapCall } from "./python.ts";
import { appSettings } from "./settings.ts";

/** The origins a Next.js dev server uses, allowed when CORS_ORIGINS is unset. */
export const DEFAULT_CORS_ORIGINS = "http://localhost:3000,http://127.0.0.1:3000";

/** The database file used when DATABASE_PATH is unset. */
export const DEFAULT_DATABASE_PATH = "app.db";

/**
 * Renders `backend/app/main.py`: `create_app(db_path)` and the module-level
 * `app` that uvicorn serves.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderMain(ctx: BackendContext): string {
  const tags = [
    { name: "stats", description: "Row counts for the home page." },
    ...(ctx.auth ? [{ name: "auth", description: "Accounts and bearer tokens." }] : []),
    ...ctx.entities.map((e) => ({ name: e.plural, description: e.entity.description })),
  ];
  const tagLines = tags.map((t) =>
    wrapCall(
      "    ",
      "",
      [`"name": ${pyStr(t.name)}`, `"description": ${pyStr(t.description)}`],
      ",",
      "{}",
    )
  );
  return pyModule([
    [
      pyDoc(`${ctx.spec.title}: the FastAPI application.`),
      "import os",
      "",
      "from fastapi import FastAPI",
      "from fastapi.middleware.cors import CORSMiddleware",
      "",
      "from app.routers import ROUTERS",
      "from app.security import SafeJSONResponse, SecurityHeaders, secure",
      "from app.settings import load_settings",
      "",
      `DEFAULT_CORS_ORIGINS = ${pyStr(DEFAULT_CORS_ORIGINS)}`,
      "",
      "TAGS = [",
      ...tagLines,
      "]",
    ].join("\n"),
    [
      "def create_app(db_path: str | None = None) -> FastAPI:",
      '    """Builds the app on the SQLite database at `db_path`.',
      "",
      "    Without `db_path`, the DATABASE_PATH environment variable names the",
      `    database (default \`${DEFAULT_DATABASE_PATH}\`). CORS_ORIGINS lists the origins`,
      "    allowed to call the API, comma-separated; the limits are read by",
      "    `app.settings` (a bad value raises ValueError naming it).",
      '    """',
      "    settings = load_settings()",
      wrapCall("    ", "app = FastAPI", [
        `title=${pyStr(ctx.spec.title)}`,
        `description=${pyStr(ctx.spec.summary)}`,
        'version="1.0.0"',
        "openapi_tags=TAGS",
        "default_response_class=SafeJSONResponse",
      ]),
      "    app.state.settings = settings",
      wrapCall("    ", "app.state.db_path = db_path or os.environ.get", [
        '"DATABASE_PATH"',
        pyStr(DEFAULT_DATABASE_PATH),
      ]),
      "    app.state.schema_ready = False",
      "    # Innermost first: the body limit, then CORS (so refusals carry CORS",
      "    # headers), then the security headers on every response.",
      "    secure(app, settings.max_body_bytes)",
      '    origins = os.environ.get("CORS_ORIGINS", DEFAULT_CORS_ORIGINS)',
      "    app.add_middleware(",
      "        CORSMiddleware,",
      '        allow_origins=[o.strip() for o in origins.split(",") if o.strip()],',
      "        allow_credentials=False,",
      '        allow_methods=["GET", "POST", "PUT", "DELETE"],',
      '        allow_headers=["Authorization", "Content-Type"],',
      '        expose_headers=["Retry-After"],',
      "    )",
      "    app.add_middleware(SecurityHeaders)",
      "    for router in ROUTERS:",
      "        app.include_router(router)",
      "    return app",
    ].join("\n"),
    "app = create_app()",
  ]);
}

/**
 * Renders `backend/app/__init__.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderPackageInit(ctx: BackendContext): string {
  return pyModule([pyDoc(`The ${ctx.spec.title} API.`)]);
}

/**
 * The versions `requirements.txt` pins: those stackforge's CI runs every
 * generated backend's test suite with (Debian 12's python3-fastapi,
 * -pydantic, -uvicorn, -httpx and -pytest).
 */
export const PINNED_VERSIONS = {
  fastapi: "0.92.0",
  pydantic: "1.10.4",
  uvicorn: "0.17.6",
  httpx: "0.23.3",
  pytest: "7.2.1",
} as const;

/** `backend/requirements.txt`: exact versions, the ones the tests ran on. */
export const REQUIREMENTS = [
  "# Exact versions, the ones this app's tests were run with; see README.md",
  "# (Upgrading) before changing them.",
  ...Object.entries(PINNED_VERSIONS).map(([name, version]) => `${name}==${version}`),
  "",
].join("\n");

/** `backend/pytest.ini`. */
export const PYTEST_INI = [
  "[pytest]",
  "testpaths = tests",
  "pythonpath = .",
  "",
].join("\n");

/** `backend/.gitignore`. */
export const GITIGNORE = ["__pycache__/", "*.db", ".env", ".venv/", ""].join("\n");

/**
 * Renders `backend/.env.example`.
 *
 * @returns The file's text.
 */
export function renderEnvExample(ctx: BackendContext): string {
  const staff = ctx.roles.some((r) => r.staff);
  return [
    "# Settings of the API, read from the environment (see README.md).",
    "# SQLite database file, relative to the folder uvicorn starts in.",
    `DATABASE_PATH=${DEFAULT_DATABASE_PATH}`,
    "# Origins allowed to call the API from a browser, comma-separated.",
    `CORS_ORIGINS=${DEFAULT_CORS_ORIGINS}`,
    ...(staff
      ? [
        "# The code that grants a staff role at sign-up; unset: no staff sign-up.",
        "STAFF_SIGNUP_CODE=",
      ]
      : []),
    ...appSettings(ctx).flatMap((s) => [`# ${s.doc}`, `${s.env}=${s.default}`]),
    "",
  ].join("\n");
}

/**
 * Renders `backend/README.md`: install, run, test, settings and endpoints.
 *
 * @param ctx The render context.
 * @returns The Markdown text.
 */
export function renderReadme(ctx: BackendContext): string {
  const cell = (text: string) => text.replace(/\s+/g, " ").replace(/\|/g, "\\|");
  const served = ctx.auth && !ctx.spec.endpoints.includes(ctx.authRoutes.logoutAll)
    ? [...ctx.spec.endpoints, ctx.authRoutes.logoutAll]
    : ctx.spec.endpoints;
  const api = `http://localhost:${PORTS.backend}`;
  const rows = served.map((e) =>
    `| ${e.method} | \`${e.path}\` | ${e.auth ? "yes" : "no"} | ${cell(e.summary)} |`
  );
  return [
    `# ${cell(ctx.spec.title)}: backend`,
    "",
    ...(ctx.spec.summary.trim() === "" ? [] : [ctx.spec.summary.trim(), ""]),
    "A FastAPI app storing its data in SQLite. It runs on Python 3.10 or later,",
    "with Pydantic 1.10 or 2.",
    "",
    "## Install",
    "",
    "From this folder:",
    "",
    "```sh",
    "python3 -m venv .venv",
    ". .venv/bin/activate            # Windows: .venv\\Scripts\\activate",
    "python -m pip install -r requirements.txt",
    "```",
    "",
    "## Run",
    "",
    "```sh",
    `python -m uvicorn ${BACKEND_ENTRY.asgi} --reload --port ${PORTS.backend}`,
    "```",
    "",
    "`python -m` runs the virtual environment's Uvicorn even when another one",
    `comes first on PATH. The API is then at ${api}, with its interactive`,
    `documentation at ${api}/docs.`,
    "",
    `On another port, e.g. \`--port ${PORTS.backend + 1}\`, point the frontend at it:`,
    `\`${ENV.apiUrl.name}=http://localhost:${
      PORTS.backend + 1
    }\` in the frontend's \`.env.local\`.`,
    `The API answers only pages from the origins \`${ENV.cors.name}\` names (default: port`,
    `${PORTS.frontend}); for a frontend on port ${PORTS.frontend + 1}:`,
    "",
    "```sh",
    `${ENV.cors.name}=http://localhost:${
      PORTS.frontend + 1
    } python -m uvicorn ${BACKEND_ENTRY.asgi} --reload --port ${PORTS.backend}`,
    "```",
    "",
    "## Test",
    "",
    "```sh",
    "python -m pytest",
    "```",
    "",
    "Each test runs on a fresh database in a temporary folder.",
    "",
    "## Settings",
    "",
    "Environment variables (`.env.example` lists them; load them with",
    "`set -a; . ./.env; set +a` after copying it to `.env`):",
    "",
    `- \`${ENV.database.name}\`: the SQLite file, default \`${DEFAULT_DATABASE_PATH}\`.`,
    `- \`${ENV.cors.name}\`: ${ENV.cors.doc}, default`,
    `  \`${DEFAULT_CORS_ORIGINS}\`.`,
    ...(ctx.roles.some((r) => r.staff)
      ? [
        "- `STAFF_SIGNUP_CODE`: the code that grants a staff role at sign-up",
        `  (${
          ctx.roles.filter((r) => r.staff).map((r) => `\`${r.name}\``).join(", ")
        }); unset, nobody can sign up as staff.`,
      ]
      : []),
    ...appSettings(ctx).map((s) =>
      `- \`${s.env}\`: ${s.doc.replace(/\.$/, "")}, default ${s.default}.`
    ),
    "",
    "A bad value stops the app at start-up with a message naming the variable.",
    "",
    ...(ctx.auth
      ? [
        "## Authentication",
        "",
        `Register with \`${ctx.authRoutes.register.method} ${ctx.authRoutes.register.path}\` or sign in with`,
        `\`${ctx.authRoutes.login.method} ${ctx.authRoutes.login.path}\`; both return \`{"token", "user"}\`. Send the`,
        "token as `Authorization: Bearer <token>`. A token expires after",
        `\`TOKEN_TTL_HOURS\`; \`${ctx.authRoutes.logout.method} ${ctx.authRoutes.logout.path}\` revokes it and`,
        `\`${ctx.authRoutes.logoutAll.method} ${ctx.authRoutes.logoutAll.path}\` revokes every token of the user.`,
        "",
        "Passwords need 8 characters besides spaces and may be neither the email",
        "address nor a common password. After `LOGIN_ATTEMPTS_PER_ACCOUNT` failed",
        "sign-ins for one account, or `LOGIN_ATTEMPTS_PER_ADDRESS` from one client",
        "address, within `LOGIN_WINDOW_MINUTES`, sign-ins get 429 with `Retry-After`.",
        "Behind a reverse proxy, start uvicorn with `--proxy-headers",
        "--forwarded-allow-ips <proxy address>` so the address is the client's.",
        "",
      ]
      : []),
    "## Security",
    "",
    "Whatever the route: bodies over `MAX_BODY_BYTES` get 413; JSON numbers",
    "must be finite (Infinity, NaN or 1e400 get 422 naming the field) and within",
    "each field's bounds; ids SQLite cannot hold are simply not found; fields the",
    "server sets (`id`, `owner_id`, timestamps, computed fields) are refused in",
    "bodies (422). Responses carry `X-Content-Type-Options: nosniff`,",
    "`X-Frame-Options: DENY`, `Referrer-Policy: no-referrer` and a",
    "Content-Security-Policy that lets nothing run, and JSON escapes `<`, `>`",
    "and `&`, so stored text is never markup.",
    "",
    "`tests/test_exploits.py` tries the attacks these defaults block (another",
    "user's rows, server fields in bodies, non-finite and huge numbers, oversize",
    "bodies, brute force, expired and revoked tokens, markup in text fields);",
    "it runs with the rest of the suite.",
    "",
    "## Upgrading",
    "",
    "`requirements.txt` pins the versions the tests were run with. The code is",
    "written for FastAPI 0.92 or later with Pydantic 1.10 or 2; to move to newer",
    "versions, change the pins, reinstall, and run `python -m pytest`: the app",
    "is fit to ship on them when the whole suite, exploit probes included,",
    "passes.",
    "",
    "## Endpoints",
    "",
    "| Method | Path | Token | Summary |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
