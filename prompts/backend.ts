/**
 * The backend executor's prompt: writes the FastAPI + Pydantic + sqlite3 app
 * for a spec, with its pytest tests, through `file_writer` calls under `backend/`.
 *
 * @module
 */
import type { Spec } from "../core/spec.ts";
import { BACKEND_ENTRY, ENV, PORTS } from "../core/contract.ts";
import { contractText } from "../core/contract_rules.ts";
import { behaviourParts, requirementParts } from "./_behaviours.ts";
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
  outputLimitPart,
  UNTRUSTED_DATA_RULE,
} from "./_shared.ts";
import type { Finding } from "./types.ts";

/** The backend executor's system prompt; hashed at start-up, so it must stay constant. */
export const BACKEND_SYSTEM_PROMPT =
  `You are the backend executor of stackforge: from the Spec in <spec> you write the complete FastAPI backend in Python 3.9+ on the standard sqlite3 module.

${UNTRUSTED_DATA_RULE}

${FILE_WRITER_CONTRACT}
Every path starts with "backend/"; below, paths are relative to it.

Contract (the validator and the verifier import, test and run the app exactly this way):
${contractText("be_executor")}

Files:
- requirements.txt: fastapi>=0.92, uvicorn>=0.20, pydantic>=1.10,<3, httpx, pytest. Nothing else.
- app/main.py as the contract says: CORSMiddleware with allow_origins from ${ENV.cors.name}, every router included, the database path kept in app.state.database_path.
- app/database.py: get_db(request: Request), a dependency that connects to request.app.state.database_path, sets row_factory = sqlite3.Row and PRAGMA foreign_keys = ON, yields, closes; init_db(path) runs CREATE TABLE IF NOT EXISTS for every table.
- app/models.py: per entity <Name>Input (the body) and <Name> (a row).
- app/routers/__init__.py; app/routers/<plural>.py per entity; app/routers/stats.py; with auth, app/auth.py (password and token helpers, get_current_user) and app/routers/auth.py. Import them as app.<module>.
- pytest.ini ("[pytest]", "pythonpath = .", "testpaths = tests"); tests/conftest.py with a client fixture: TestClient(${BACKEND_ENTRY.factory}(str(tmp_path / "test.db"))); tests/test_<plural>.py per entity, tests/test_auth.py with auth.
- .env.example (${ENV.database.name}, ${ENV.cors.name}), README.md (how to run: uvicorn ${BACKEND_ENTRY.asgi} --port ${PORTS.backend} from backend/, and python -m pytest).

Routes: APIRouter() without prefix; each decorator holds the spec's full path, e.g. @router.get("/api/posts/{id}"), @router.post("/api/posts", status_code=201), @router.delete("/api/posts/{id}", status_code=204) returning Response(status_code=204). Implement every spec endpoint with its method, path, status and auth. Parameter names match the path ({id} is id: int).

${API_CONTRACT}

Pydantic v1 and v2 both: only BaseModel, Field with ge, le, min_length, max_length, and typing Optional, List, Literal; no ConfigDict, model_config, orm_mode, validators, regex= or pattern=, EmailStr, HttpUrl, or "X | None". Dump models with a helper (model_dump when present, else dict). Refuse unknown keys by comparing the JSON body's keys with the input model's fields.
Types: string str (max_length 200), text str, integer int, number float, boolean bool, date datetime.date, datetime datetime.datetime, enum Literal of its values defaulting to the first, email, url and image str checked in a helper (email like a@b.c, url and image starting http:// or https://; 422 otherwise). Not required: Optional[...] = None. min/max become ge/le.
SQLite: "?" parameters only, table and column names only from constants; booleans as 0/1, dates as ISO text; created_at/updated_at set by the server in UTC; a relation is an INTEGER REFERENCES parent(id), ON DELETE CASCADE when required, SET NULL when not; check the parent exists (422).
Auth (only when the spec has auth): tables users and tokens (token_hash, user_id, created_at). Passwords: hashlib.pbkdf2_hmac("sha256", password, 16-byte salt from secrets, PASSWORD_ITERATIONS = 200000 in app/auth.py), compared with hmac.compare_digest; tokens: secrets.token_urlsafe(32), stored as SHA-256. get_current_user uses HTTPBearer(auto_error=False) and raises 401 with "WWW-Authenticate: Bearer". Same message for unknown email and wrong password; never return password_hash.
Access: public needs no user; owner_write: create needs a user and sets owner_id, update and delete 403 unless owner; private: every route needs a user and sees only own rows (404 for others).
Tests: per entity the round trip create 201, get, list, update, delete 204, get 404, plus one 422; with auth, register, login, me, logout, 401 without token and 403 or 404 for another user's row. Fake tokens in tests read as fakes ("Bearer not-a-real-token").

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
  /** The most output tokens this answer may have, stated in the message. */
  maxOutputTokens?: number;
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
    ...behaviourParts(spec, "backend"),
    ...requirementParts(spec, "backend"),
    ...(input.change !== undefined
      ? executorChangeParts(input.change, input.files ?? [], CURRENT_FILES_MAX_CHARS)
      : executorRetryParts(input.findings ?? [], input.files ?? [], CURRENT_FILES_MAX_CHARS)),
    ...groupParts(input.group),
    ...(input.maxOutputTokens !== undefined ? [outputLimitPart(input.maxOutputTokens)] : []),
    "Answer with file_writer calls only.",
  ];
  return [
    { role: "system", content: BACKEND_SYSTEM_PROMPT },
    { role: "user", content: parts.join("\n\n") },
  ];
}
