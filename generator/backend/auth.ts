/**
 * Renders the auth parts of the backend: `app/auth.py` (password hashing,
 * sessions, the signed-in-user dependencies) and `app/routers/auth.py`
 * (register, login, me, logout).
 *
 * @module
 */
import type { BackendContext } from "./context.ts";
import { pyModule, pyStr, wrapAligned, wrapCall } from "./python.ts";
import type { Endpoint } from "../../core/spec.ts";

/** PBKDF2-SHA256 iterations of new password hashes (OWASP's 2023 advice). */
export const PASSWORD_ITERATIONS = 600_000;

/**
 * Passwords of at least 8 characters that head every leaked-password list;
 * registration refuses them (NIST SP 800-63B asks for such a check).
 */
export const COMMON_PASSWORDS: readonly string[] = [
  "password",
  "password1",
  "password123",
  "passw0rd",
  "12345678",
  "123456789",
  "1234567890",
  "11111111",
  "00000000",
  "87654321",
  "abc12345",
  "abcd1234",
  "qwertyui",
  "qwertyuiop",
  "qwerty123",
  "1q2w3e4r",
  "asdfghjk",
  "iloveyou",
  "sunshine",
  "football",
  "baseball",
  "princess",
  "superman",
  "starwars",
  "welcome1",
  "letmein1",
  "trustno1",
  "changeme",
];

/**
 * Renders `backend/app/auth.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderAuthModule(ctx: BackendContext): string {
  const roles = ctx.roles.length > 0;
  const publicWhere = ctx.entities.some((e) => e.behaviour.publicWhere !== undefined);
  const names = ctx.roles.map((r) => pyStr(r.name));
  const staff = ctx.roles.filter((r) => r.staff).map((r) => pyStr(r.name));
  return pyModule([
    [
      '"""Accounts and bearer tokens.',
      "",
      "Passwords are stored as salted PBKDF2-SHA256 hashes; tokens are random",
      "and stored only as SHA-256 hashes, so a leaked database cannot sign in.",
      '"""',
      "import hashlib",
      "import hmac",
      "import secrets",
      "import sqlite3",
      "import time",
      ...(publicWhere || roles
        ? [
          `from typing import ${
            [...(publicWhere ? ["Any"] : []), ...(roles ? ["Literal"] : [])].join(", ")
          }`,
        ]
        : []),
      "",
      "from fastapi import Depends, HTTPException",
      "from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer",
      `from pydantic import BaseModel, Field`,
      "",
      "from app.checks import invalid",
      ...(publicWhere ? ["from app.conditions import Condition, matches"] : []),
      "from app.db import get_db, now",
      "",
      `PASSWORD_ITERATIONS = ${String(PASSWORD_ITERATIONS).replace(/(\d)(?=(\d{3})+$)/g, "$1_")}`,
      "",
      "bearer = HTTPBearer(auto_error=False)",
      ...(roles
        ? [
          "",
          "# Kinds of user; everyone signs up as the first unless given another.",
          names.length === 1 ? `ROLES = (${names[0]},)` : wrapCall("", "ROLES = ", names, "", "()"),
          "# Roles granted at sign-up only with the STAFF_SIGNUP_CODE setting.",
          staff.length === 0
            ? "STAFF_ROLES: frozenset[str] = frozenset()"
            : wrapCall("", "STAFF_ROLES = frozenset", [`{${staff.join(", ")}}`]),
        ]
        : []),
    ].join("\n"),
    [
      "class AuthUser(BaseModel):",
      '    """A user as the API returns it."""',
      "",
      "    id: int",
      "    email: str",
      "    name: str",
      ...(roles ? ["    role: str"] : []),
      "    created_at: str",
    ].join("\n"),
    [
      "class AuthToken(BaseModel):",
      '    """A bearer token and the user it signs in."""',
      "",
      "    token: str",
      "    user: AuthUser",
    ].join("\n"),
    [
      'class RegisterIn(BaseModel, extra="forbid"):',
      '    """Body of a registration."""',
      "",
      "    email: str = Field(..., min_length=3, max_length=254)",
      "    password: str = Field(..., min_length=8, max_length=200)",
      "    name: str = Field(..., min_length=1, max_length=200)",
      ...(roles
        ? [
          wrapCall("    ", "role: Literal", names, ` | None = None`, "[]"),
          "    staff_code: str | None = Field(None, max_length=200)",
        ]
        : []),
    ].join("\n"),
    [
      'class LoginIn(BaseModel, extra="forbid"):',
      '    """Body of a login."""',
      "",
      "    email: str = Field(..., max_length=254)",
      "    password: str = Field(..., max_length=200)",
    ].join("\n"),
    [
      "def encode_hash(salt: bytes, digest: bytes) -> str:",
      '    """A stored hash: its algorithm, cost, salt and digest."""',
      '    return f"pbkdf2_sha256${PASSWORD_ITERATIONS}${salt.hex()}${digest.hex()}"',
    ].join("\n"),
    [
      "def hash_password(password: str) -> str:",
      '    """A salted hash of the password, naming its algorithm and cost."""',
      "    salt = secrets.token_bytes(16)",
      "    digest = hashlib.pbkdf2_hmac(",
      '        "sha256", password.encode(), salt, PASSWORD_ITERATIONS',
      "    )",
      "    return encode_hash(salt, digest)",
    ].join("\n"),
    [
      "def verify_password(password: str, stored: str) -> bool:",
      '    """True when the password matches a hash from `hash_password`."""',
      "    try:",
      '        algorithm, iterations, salt, digest = stored.split("$")',
      "        candidate = hashlib.pbkdf2_hmac(",
      '            "sha256", password.encode(), bytes.fromhex(salt), int(iterations)',
      "        )",
      "    except ValueError:",
      "        return False",
      '    return algorithm == "pbkdf2_sha256" and hmac.compare_digest(',
      "        candidate.hex(), digest",
      "    )",
    ].join("\n"),
    [
      "# Checked against when an email is unknown, so that a failed login takes",
      "# as long whether or not the account exists: verifying it costs the same",
      "# PBKDF2 run, and no password matches its random digest. Built from random",
      "# bytes rather than by hashing, so importing the app costs no PBKDF2 run.",
      "UNUSABLE_PASSWORD_HASH = encode_hash(",
      "    secrets.token_bytes(16), secrets.token_bytes(32)",
      ")",
    ].join("\n"),
    [
      "# Passwords anyone would try first (all of at least 8 characters).",
      wrapCall("", "COMMON_PASSWORDS = frozenset(", COMMON_PASSWORDS.map(pyStr), ")", "{}"),
    ].join("\n"),
    [
      "def check_password(password: str, email: str) -> None:",
      '    """Refuses a password with fewer than 8 characters besides spaces, the',
      "    email address (or the part before its @) or a common password: 422",
      '    saying which."""',
      "    if sum(not char.isspace() for char in password) < 8:",
      "        raise invalid(",
      '            "password", "needs at least 8 characters that are not spaces"',
      "        )",
      "    folded = password.strip().casefold()",
      '    if folded in (email.casefold(), email.casefold().split("@")[0]):',
      '        raise invalid("password", "must not be your email address")',
      "    if folded in COMMON_PASSWORDS:",
      '        raise invalid("password", "is too common: choose a less guessable one")',
    ].join("\n"),
    [
      "def clock() -> int:",
      '    """The current time in whole seconds since the epoch (tests move it)."""',
      "    return int(time.time())",
    ].join("\n"),
    [
      "def hash_token(token: str) -> str:",
      '    """The stored form of a bearer token."""',
      "    return hashlib.sha256(token.encode()).hexdigest()",
    ].join("\n"),
    [
      "def create_session(",
      "    db: sqlite3.Connection, user_id: int, ttl_hours: int",
      ") -> str:",
      '    """Stores a new session for the user, valid for `ttl_hours`, and',
      '    returns its bearer token. Expired sessions are deleted."""',
      "    token = secrets.token_urlsafe(32)",
      "    moment = clock()",
      '    db.execute("DELETE FROM sessions WHERE expires_at <= ?", (moment,))',
      "    db.execute(",
      '        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)"',
      '        " VALUES (?, ?, ?, ?)",',
      "        (hash_token(token), user_id, now(), moment + ttl_hours * 3600),",
      "    )",
      "    return token",
    ].join("\n"),
    [
      "def revoke_session(db: sqlite3.Connection, token: str) -> bool:",
      '    """Deletes the session of a token; False when there was none."""',
      "    cursor = db.execute(",
      '        "DELETE FROM sessions WHERE token_hash = ?", (hash_token(token),)',
      "    )",
      "    return cursor.rowcount > 0",
    ].join("\n"),
    [
      "def revoke_sessions(db: sqlite3.Connection, user_id: int) -> int:",
      '    """Deletes every session of a user (sign out everywhere); returns',
      '    how many there were."""',
      '    cursor = db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))',
      "    return cursor.rowcount",
    ].join("\n"),
    [
      "def user_of(row: sqlite3.Row) -> AuthUser:",
      '    """The public fields of a users row."""',
      "    return AuthUser(",
      '        id=row["id"],',
      '        email=row["email"],',
      '        name=row["name"],',
      ...(roles ? ['        role=row["role"],'] : []),
      '        created_at=row["created_at"],',
      "    )",
    ].join("\n"),
    [
      "def unauthorized(detail: str) -> HTTPException:",
      '    """A 401 error asking for a bearer token."""',
      "    return HTTPException(",
      '        status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"}',
      "    )",
    ].join("\n"),
    [
      "def session_user(db: sqlite3.Connection, token: str) -> AuthUser | None:",
      '    """The user a token signs in, or None for an unknown, revoked or',
      '    expired token."""',
      "    row = db.execute(",
      '        "SELECT users.* FROM sessions"',
      '        " JOIN users ON users.id = sessions.user_id"',
      '        " WHERE sessions.token_hash = ? AND sessions.expires_at > ?",',
      "        (hash_token(token), clock()),",
      "    ).fetchone()",
      "    return None if row is None else user_of(row)",
    ].join("\n"),
    [
      "def current_token(",
      "    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),",
      ") -> str:",
      '    """FastAPI dependency: the bearer token of the request, or 401."""',
      "    if credentials is None:",
      '        raise unauthorized("Not signed in")',
      "    return credentials.credentials",
    ].join("\n"),
    [
      "def current_user(",
      "    token: str = Depends(current_token),",
      "    db: sqlite3.Connection = Depends(get_db),",
      ") -> AuthUser:",
      '    """FastAPI dependency: the signed-in user, or 401."""',
      "    user = session_user(db, token)",
      "    if user is None:",
      '        raise unauthorized("Invalid or expired token")',
      "    return user",
    ].join("\n"),
    [
      "def optional_user(",
      "    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),",
      "    db: sqlite3.Connection = Depends(get_db),",
      ") -> AuthUser | None:",
      '    """FastAPI dependency: the signed-in user, or None when anonymous."""',
      "    if credentials is None:",
      "        return None",
      "    return session_user(db, credentials.credentials)",
    ].join("\n"),
    [
      ...(roles
        ? [
          "def check_owner(",
          "    row: dict[str, object], user: AuthUser, noun: str, staff: tuple[str, ...] = ()",
          ") -> None:",
          '    """Only the owner of a row may change it, or a user of one of the',
          '    `staff` roles the spec lets change every row: 403 otherwise."""',
          "    if user.role in staff:",
          "        return",
        ]
        : [
          "def check_owner(row: dict[str, object], user: AuthUser, noun: str) -> None:",
          '    """Only the owner of a row may change it: 403 otherwise."""',
        ]),
      '    if row["owner_id"] != user.id:',
      "        raise HTTPException(",
      '            status_code=403, detail=f"Only its owner can change this {noun}"',
      "        )",
    ].join("\n"),
    ...(roles
      ? [
        [
          "def require_role(user: AuthUser, roles: tuple[str, ...], what: str) -> None:",
          '    """Refuses users whose role is not one of `roles`: 403."""',
          "    if user.role not in roles:",
          '        allowed = " or ".join(roles)',
          "        raise HTTPException(",
          "            status_code=403,",
          '            detail=f"Only {allowed} users can {what} (you are {user.role})",',
          "        )",
        ].join("\n"),
        [
          "def owner_scope(user: AuthUser, every: tuple[str, ...]) -> int | None:",
          '    """Whose rows the user sees: everyone\'s (None) for the roles in',
          '    `every`, else their own."""',
          "    return None if user.role in every else user.id",
        ].join("\n"),
      ]
      : []),
    ...(publicWhere
      ? [[
        "def visible(",
        "    row: dict[str, Any],",
        "    user: AuthUser | None,",
        "    public: list[Condition],",
        ") -> bool:",
        '    """Rows matching `public` are seen by everyone; the others by their',
        '    owner and staff roles only."""',
        "    if matches(row, public):",
        "        return True",
        "    if user is None:",
        "        return False",
        roles
          ? '    return row["owner_id"] == user.id or user.role in STAFF_ROLES'
          : '    return bool(row["owner_id"] == user.id)',
      ].join("\n")]
      : []),
  ]);
}

function decorator(endpoint: Endpoint, extra: string[]): string {
  return wrapAligned("", `@router.${endpoint.method.toLowerCase()}`, [
    pyStr(endpoint.path),
    ...extra,
    `status_code=${endpoint.status}`,
    `summary=${pyStr(endpoint.summary)}`,
  ]);
}

/**
 * Renders `backend/app/routers/auth.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderAuthRouter(ctx: BackendContext): string {
  const { register, login, me, logout, logoutAll } = ctx.authRoutes;
  const roles = ctx.roles.length > 0;
  return pyModule([
    [
      '"""Routes of accounts: register, login, me, logout and logout_all."""',
      ...(roles ? ["import hmac", "import os"] : []),
      "import sqlite3",
      "",
      "from fastapi import APIRouter, Depends, HTTPException, Request, Response",
      "",
      "from app.auth import (",
      ...(roles ? ["    ROLES,", "    STAFF_ROLES,"] : []),
      "    UNUSABLE_PASSWORD_HASH,",
      "    AuthToken,",
      "    AuthUser,",
      "    LoginIn,",
      "    RegisterIn,",
      "    check_password,",
      "    create_session,",
      "    current_token,",
      "    current_user,",
      "    hash_password,",
      "    revoke_session,",
      "    revoke_sessions,",
      "    unauthorized,",
      "    user_of,",
      "    verify_password,",
      ")",
      "from app.checks import check_email",
      "from app.db import get_db, now",
      "from app.settings import Settings, get_settings",
      "from app.throttle import check_login, clear_failures, record_failure",
      "",
      'router = APIRouter(tags=["auth"])',
    ].join("\n"),
    ...(roles
      ? [[
        "def check_staff_code(role: str, code: str | None) -> None:",
        '    """A staff role is granted only with the STAFF_SIGNUP_CODE setting\'s',
        '    code: 403 otherwise."""',
        '    expected = os.environ.get("STAFF_SIGNUP_CODE", "")',
        "    if not expected:",
        "        raise HTTPException(",
        "            status_code=403,",
        "            detail=(",
        '                f"Cannot sign up as \\"{role}\\": staff sign-up is closed"',
        '                " (the server has no STAFF_SIGNUP_CODE setting)"',
        "            ),",
        "        )",
        '    if not hmac.compare_digest((code or "").encode(), expected.encode()):',
        "        raise HTTPException(",
        "            status_code=403,",
        '            detail=f"Cannot sign up as \\"{role}\\": wrong staff code",',
        "        )",
      ].join("\n")]
      : []),
    [
      decorator(register, ["response_model=AuthToken"]),
      "def register(",
      "    body: RegisterIn,",
      "    db: sqlite3.Connection = Depends(get_db),",
      "    settings: Settings = Depends(get_settings),",
      ") -> AuthToken:",
      '    """Creates an account and signs it in."""',
      "    email = body.email.strip().lower()",
      '    check_email(email, "email")',
      "    check_password(body.password, email)",
      ...(roles
        ? [
          "    role = body.role or ROLES[0]",
          "    if role in STAFF_ROLES:",
          "        check_staff_code(role, body.staff_code)",
          "    try:",
          "        cursor = db.execute(",
          '            "INSERT INTO users (email, name, password_hash, role, created_at)"',
          '            " VALUES (?, ?, ?, ?, ?)",',
          "            (email, body.name, hash_password(body.password), role, now()),",
          "        )",
        ]
        : [
          "    try:",
          "        cursor = db.execute(",
          '            "INSERT INTO users (email, name, password_hash, created_at)"',
          '            " VALUES (?, ?, ?, ?)",',
          "            (email, body.name, hash_password(body.password), now()),",
          "        )",
        ]),
      "    except sqlite3.IntegrityError:",
      "        raise HTTPException(",
      '            status_code=409, detail="Email already registered"',
      "        ) from None",
      "    user_id = cursor.lastrowid or 0",
      "    token = create_session(db, user_id, settings.token_ttl_hours)",
      '    row = db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()',
      "    db.commit()",
      "    return AuthToken(token=token, user=user_of(row))",
    ].join("\n"),
    [
      decorator(login, ["response_model=AuthToken"]),
      "def login(",
      "    body: LoginIn,",
      "    request: Request,",
      "    db: sqlite3.Connection = Depends(get_db),",
      "    settings: Settings = Depends(get_settings),",
      ") -> AuthToken:",
      '    """Signs in with email and password; too many failures for the',
      '    account or from the address get 429 for a while."""',
      "    email = body.email.strip().lower()",
      '    address = request.client.host if request.client else "unknown"',
      "    check_login(db, settings, email, address)",
      "    row = db.execute(",
      '        "SELECT * FROM users WHERE email = ?", (email,)',
      "    ).fetchone()",
      '    stored = UNUSABLE_PASSWORD_HASH if row is None else row["password_hash"]',
      "    if not verify_password(body.password, stored) or row is None:",
      "        record_failure(db, settings, email, address)",
      '        raise unauthorized("Incorrect email or password")',
      "    clear_failures(db, email)",
      '    token = create_session(db, row["id"], settings.token_ttl_hours)',
      "    db.commit()",
      "    return AuthToken(token=token, user=user_of(row))",
    ].join("\n"),
    [
      decorator(me, ["response_model=AuthUser"]),
      "def me(user: AuthUser = Depends(current_user)) -> AuthUser:",
      '    """The signed-in user."""',
      "    return user",
    ].join("\n"),
    [
      decorator(logout, []),
      "def logout(",
      "    token: str = Depends(current_token),",
      "    db: sqlite3.Connection = Depends(get_db),",
      ") -> Response:",
      '    """Revokes the token of the request."""',
      "    if not revoke_session(db, token):",
      '        raise unauthorized("Invalid or expired token")',
      "    db.commit()",
      `    return Response(status_code=${logout.status})`,
    ].join("\n"),
    [
      decorator(logoutAll, []),
      "def logout_all(",
      "    user: AuthUser = Depends(current_user),",
      "    db: sqlite3.Connection = Depends(get_db),",
      ") -> Response:",
      '    """Revokes every token of the signed-in user, on every device."""',
      "    revoke_sessions(db, user.id)",
      "    db.commit()",
      `    return Response(status_code=${logoutAll.status})`,
    ].join("\n"),
  ]);
}
