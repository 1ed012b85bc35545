/**
 * `app/throttle.py` of the generated backend (apps with auth): failed
 * sign-ins counted per account and per client address over a sliding
 * window; past the limit a sign-in is refused with 429 and `Retry-After`,
 * even with the right password.
 *
 * @module
 */

/** `backend/app/throttle.py`. */
export const THROTTLE_MODULE = String
  .raw`"""Login throttling: failed sign-ins per account and per client address.

Failures are counted over a sliding window (LOGIN_WINDOW_MINUTES); once an
account has LOGIN_ATTEMPTS_PER_ACCOUNT of them, or an address
LOGIN_ATTEMPTS_PER_ADDRESS, further sign-ins are refused with 429 and a
Retry-After header until the oldest failure leaves the window, even with
the right password. Unknown emails count like known ones, so throttling
says nothing about which accounts exist.

Failures live in the database, so every worker process shares them, under
hashed keys, so the table holds no email address. Behind a reverse proxy,
run uvicorn with --proxy-headers so the client's address is the caller's.
"""
import hashlib
import sqlite3

from fastapi import HTTPException

from app import auth
from app.settings import Settings


def key_of(kind: str, value: str) -> str:
    """The stored key of an account or address."""
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def limits(
    settings: Settings, email: str, address: str
) -> list[tuple[str, str, int]]:
    """(what it is, key, limit) for the account and the address."""
    return [
        (
            "for this account",
            key_of("account", email),
            settings.login_attempts_per_account,
        ),
        (
            "from this address",
            key_of("address", address),
            settings.login_attempts_per_address,
        ),
    ]


def check_login(
    db: sqlite3.Connection, settings: Settings, email: str, address: str
) -> None:
    """Refuses a sign-in while its account or address has too many recent
    failures: 429 with Retry-After."""
    moment = auth.clock()
    window = settings.login_window_minutes * 60
    db.execute("DELETE FROM login_failures WHERE at <= ?", (moment - window,))
    db.commit()
    for what, key, limit in limits(settings, email, address):
        count, oldest = db.execute(
            "SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = ?",
            (key,),
        ).fetchone()
        if count >= limit:
            wait = max(1, oldest + window - moment)
            raise HTTPException(
                status_code=429,
                detail=(
                    f"Too many failed sign-ins {what}:"
                    f" try again in {wait} seconds"
                ),
                headers={"Retry-After": str(wait)},
            )


def record_failure(
    db: sqlite3.Connection, settings: Settings, email: str, address: str
) -> None:
    """Counts a failed sign-in against the account and the address."""
    moment = auth.clock()
    db.executemany(
        "INSERT INTO login_failures (key, at) VALUES (?, ?)",
        [(key, moment) for _, key, _ in limits(settings, email, address)],
    )
    db.commit()


def clear_failures(db: sqlite3.Connection, email: str) -> None:
    """Forgets an account's failures once its owner signs in."""
    key = key_of("account", email)
    db.execute("DELETE FROM login_failures WHERE key = ?", (key,))
`;
