/**
 * The backend executor's prompt: writes the FastAPI + Pydantic + sqlite3 app
 * for a spec, with its pytest tests, through `file_writer` calls under `backend/`.
 *
 * @module
 */
import type { Spec } from "../core/spec.ts";
import {
  API_CONTRACT,
  type ChatMessage,
  CODE_QUALITY_RULES,
  compactJson,
  type CurrentFile,
  EXECUTOR_RETRY_RULES,
  executorChangeParts,
  executorRetryParts,
  fence,
  FILE_WRITER_CONTRACT,
  type GroupBrief,
  groupParts,
  neutralizeDelimiters,
  UNTRUSTED_DATA_RULE,
} from "./_shared.ts";
import type { Finding } from "./types.ts";

/** The backend executor's system prompt; hashed at start-up, so it must stay constant. */
export const BACKEND_SYSTEM_PROMPT =
  `You are the backend executor of stackforge: from the Spec in <spec> you write the complete FastAPI backend in Python 3.9+ on the standard sqlite3 module.

${UNTRUSTED_DATA_RULE}

${FILE_WRITER_CONTRACT}
Every path starts with "backend/"; below, paths are relative to it.

Files:
- requirements.txt: fastapi>=0.92, uvicorn>=0.20, pydantic>=1.10,<3, httpx, pytest. Nothing else.
- main.py: app = FastAPI(title=...), CORSMiddleware with origins from ALLOWED_ORIGINS (comma-separated, default http://localhost:3000), every router included; runs with "uvicorn main:app".
- database.py: get_db(), a dependency that connects to os.environ.get("DATABASE_PATH", "<spec name>.db") read at call time, sets row_factory = sqlite3.Row and PRAGMA foreign_keys = ON, runs CREATE TABLE IF NOT EXISTS for every table, yields, closes.
- models.py: per entity <Name>Input (the body) and <Name> (a row).
- routers/__init__.py; routers/<plural>.py per entity; routers/stats.py; with auth, auth.py (password and token helpers, get_current_user) and routers/auth.py.
- pytest.ini ("[pytest]", "pythonpath = .", "testpaths = tests"); conftest.py with a client fixture: monkeypatch DATABASE_PATH to a tmp_path file, then TestClient(app); tests/test_<plural>.py per entity, tests/test_auth.py with auth.
- .env.example (DATABASE_PATH, ALLOWED_ORIGINS), README.md (how to run and test).

Routes: APIRouter() without prefix; each decorator holds the spec's full path, e.g. @router.get("/api/posts/{id}"), @router.post("/api/posts", status_code=201), @router.delete("/api/posts/{id}", status_code=204) returning Response(status_code=204). Implement every spec endpoint with its method, path, status and auth, and no other /api route. Parameter names match the path ({id} is id: int).

${API_CONTRACT}

Pydantic v1 and v2 both: only BaseModel, Field with ge, le, min_length, max_length, and typing Optional, List, Literal; no ConfigDict, model_config, orm_mode, validators, regex= or pattern=, EmailStr, HttpUrl, or "X | None". Dump models with a helper (model_dump when present, else dict).
Types: string str (max_length 200), text str, integer int, number float, boolean bool, date datetime.date, datetime datetime.datetime, enum Literal of its values defaulting to the first, email and url str checked in a helper (email like a@b.c, url starting http:// or https://; 422 otherwise). Not required: Optional[...] = None. min/max become ge/le.
SQLite: "?" parameters only, table and column names only from constants; booleans as 0/1, dates as ISO text; created_at/updated_at set by the server in UTC; a relation is an INTEGER REFERENCES parent(id), ON DELETE CASCADE when required, SET NULL when not; check the parent exists (422).
Auth (only when the spec has auth): tables users (id, email UNIQUE, password_hash, created_at) and tokens (token_hash, user_id, created_at). Passwords: hashlib.pbkdf2_hmac("sha256", password, 16-byte salt from secrets, 200000 iterations), compared with hmac.compare_digest; tokens: secrets.token_urlsafe(32), stored as SHA-256. get_current_user uses HTTPBearer(auto_error=False) and raises 401 with "WWW-Authenticate: Bearer". Same message for unknown email and wrong password; never return password_hash.
Access: public needs no user; owner_write: create needs a user and sets owner_id, update and delete 403 unless owner; private: every route needs a user and sees only own rows (404 for others).
Tests: per entity the round trip create 201, get, list, update, delete 204, get 404, plus one 422; with auth, register, login, me, logout, 401 without token and 403 or 404 for another user's row.

${CODE_QUALITY_RULES}

${EXECUTOR_RETRY_RULES}`;

/** What the backend executor's user message is built from. */
export interface BackendInput {
  spec: Spec;
  /** Findings against the previous files, on a retry. */
  findings?: readonly Finding[];
  /** The current `backend/` files, so a retry can show those the findings name. */
  files?: readonly CurrentFile[];
  /** The share of the files this answer writes, when the work is split. */
  group?: GroupBrief;
  /**
   * Rewriting an existing app: the spec's changes, one per line; `files`
   * are then this answer's files as stackforge generated them last.
   */
  change?: string;
}

const CURRENT_FILES_MAX_CHARS = 24_000;

/**
 * Builds the backend executor's messages.
 *
 * @param input The spec and, on a retry, the findings and current files.
 * @returns The system message ({@link BACKEND_SYSTEM_PROMPT}) and the user message.
 * @example
 * ```ts
 * import { buildBackendMessages } from "./backend.ts";
 * import { blogSpec } from "../tests/fixtures/sample_specs.ts";
 * const [, user] = buildBackendMessages({ spec: blogSpec });
 * if (!user?.content.includes('@router.delete("/api/posts/{id}", status_code=204)')) {
 *   throw new Error();
 * }
 * ```
 */
export function buildBackendMessages(input: BackendInput): ChatMessage[] {
  const { spec } = input;
  const checklist = spec.endpoints.map((e) => {
    const status = e.status === 200 ? "" : `, status_code=${e.status}`;
    const who = e.auth ? "signed-in user" : "anyone";
    return `- @router.${e.method.toLowerCase()}("${e.path}"${status}): ${e.action}${
      e.entity ? ` ${e.entity}` : ""
    }, ${who}`;
  });
  const parts = [
    "Write the backend for the app in the spec block below.",
    fence("spec", compactJson(spec)),
    "Routes to implement, exactly these:",
    neutralizeDelimiters(checklist.join("\n")),
    ...(input.change !== undefined
      ? executorChangeParts(input.change, input.files ?? [], CURRENT_FILES_MAX_CHARS)
      : executorRetryParts(input.findings ?? [], input.files ?? [], CURRENT_FILES_MAX_CHARS)),
    ...groupParts(input.group),
    "Answer with file_writer calls only.",
  ];
  return [
    { role: "system", content: BACKEND_SYSTEM_PROMPT },
    { role: "user", content: parts.join("\n\n") },
  ];
}
