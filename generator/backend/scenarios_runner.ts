/**
 * `tests/scenarios.py` of the generated backend: a small generic runner of
 * acceptance scenarios, implementing the semantics documented on
 * `ScenarioSchema` and `HttpStepSchema` (`core/behaviours.ts`).
 *
 * @module
 */

/** `backend/tests/scenarios.py`. */
export const SCENARIOS_MODULE = String
  .raw`"""Runs the acceptance scenarios of tests/acceptance.json against the app.

Each scenario signs its actors up first (POST /api/auth/register, with a
role and the STAFF_SIGNUP_CODE setting for an actor with a role), then sends
its steps in order as its actors (or anonymously), resolving placeholders
({saved}, {today}, {today+N}, {today-N}, {now}, {run}), never following
redirects, and checks each answer's status, JSON and headers.

    python -m tests.scenarios

runs every scenario against a fresh app on a temporary database and prints
one JSON line per scenario:
{"requirement", "scenario", "ok", "step", "error"}.
"""
import json
import os
import re
import secrets
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

ACCEPTANCE = Path(__file__).with_name("acceptance.json")
REGISTER = "/api/auth/register"
PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+(?:[+-][0-9]+)?)\}")
TYPES = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


class Failure(Exception):
    """A step whose answer is not what the scenario expects."""


def requirements() -> list[dict[str, Any]]:
    """The requirements of acceptance.json."""
    loaded: list[dict[str, Any]] = json.loads(ACCEPTANCE.read_text("utf-8"))
    return loaded


def scenario(requirement: str, index: int) -> dict[str, Any]:
    """One scenario of a requirement, by its position."""
    for item in requirements():
        if item["id"] == requirement:
            found: dict[str, Any] = item["scenarios"][index]
            return found
    raise KeyError(requirement)


def placeholder(name: str, saved: dict[str, Any], run: str) -> Any:
    """The value of one placeholder."""
    if name == "today":
        return date.today().isoformat()
    shifted = re.fullmatch(r"today([+-][0-9]+)", name)
    if shifted:
        return (date.today() + timedelta(days=int(shifted.group(1)))).isoformat()
    if name == "now":
        return datetime.now(timezone.utc).isoformat(timespec="seconds")
    if name == "run":
        return run
    if name in saved:
        return saved[name]
    raise Failure(f"Unknown placeholder {{{name}}}: no earlier step saved it")


def resolve(value: Any, saved: dict[str, Any], run: str) -> Any:
    """The value with its placeholders filled in; a string that is exactly
    one placeholder keeps the saved value's type."""
    if isinstance(value, str):
        whole = PLACEHOLDER.fullmatch(value)
        if whole:
            return placeholder(whole.group(1), saved, run)
        return PLACEHOLDER.sub(
            lambda m: str(placeholder(m.group(1), saved, run)), value
        )
    if isinstance(value, list):
        return [resolve(item, saved, run) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item, saved, run) for key, item in value.items()}
    return value


def is_number(value: Any) -> bool:
    """True for ints and floats, not booleans."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def special(expected: dict[str, Any], actual: Any, where: str) -> str | None:
    """Checks a {"$op": argument} matcher; the error, or None."""
    op, arg = next(iter(expected.items()))
    if op == "$len":
        if not isinstance(actual, (list, str)) or len(actual) != arg:
            return f"{where}: expected length {arg}, got {actual!r}"
    elif op == "$has":
        if not isinstance(actual, list) or all(mismatch(arg, a, where) for a in actual):
            return f"{where}: no item matches {arg!r} in {actual!r}"
    elif op == "$lacks":
        if not isinstance(actual, list):
            return f"{where}: expected an array, got {actual!r}"
        if any(mismatch(arg, a, where) is None for a in actual):
            return f"{where}: an item matches {arg!r}"
    elif op == "$sorted":
        return sorted_error(arg, actual, where)
    elif op in ("$gte", "$lte"):
        if not is_number(actual):
            return f"{where}: expected a number, got {actual!r}"
        if (op == "$gte" and actual < arg - 0.01) or (op == "$lte" and actual > arg + 0.01):
            return f"{where}: expected {op[1:]} {arg}, got {actual!r}"
    elif op == "$type":
        if arg == "null":
            ok = actual is None
        elif arg in ("number", "integer"):
            ok = is_number(actual) and (arg == "number" or isinstance(actual, int))
        else:
            ok = isinstance(actual, TYPES.get(arg, ()))
        if not ok:
            return f"{where}: expected a {arg}, got {actual!r}"
    elif op == "$absent":
        return f"{where}: expected no such key, got {actual!r}"
    elif op == "$ne":
        if mismatch(arg, actual, where) is None:
            return f"{where}: expected anything but {arg!r}"
    elif op == "$contains":
        if not isinstance(actual, str) or str(arg) not in actual:
            return f"{where}: expected text containing {arg!r}, got {actual!r}"
    else:
        return f"{where}: unknown matcher {op}"
    return None


def sorted_error(arg: dict[str, Any], actual: Any, where: str) -> str | None:
    """Checks {"$sorted": {"field", "direction"}}: nulls last."""
    if not isinstance(actual, list):
        return f"{where}: expected an array, got {actual!r}"
    field, descending = arg["field"], arg.get("direction") == "desc"
    values = [item.get(field) if isinstance(item, dict) else None for item in actual]
    present = [v for v in values if v is not None]
    if any(v is not None for v in values[len(present):]):
        return f"{where}: {field} values are not nulls last: {values!r}"
    try:
        ordered = present == sorted(present, reverse=descending)
    except TypeError:
        ordered = False
    if not ordered:
        way = "descending" if descending else "ascending"
        return f"{where}: {field} values are not {way}: {values!r}"
    return None


def mismatch(expected: Any, actual: Any, where: str = "answer") -> str | None:
    """Why the actual value does not match the expected one, or None."""
    if isinstance(expected, dict):
        if len(expected) == 1 and next(iter(expected)).startswith("$"):
            return special(expected, actual, where)
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {actual!r}"
        for key, want in expected.items():
            if isinstance(want, dict) and list(want) == ["$absent"]:
                if key in actual:
                    return f"{where}.{key}: expected no such key, got {actual[key]!r}"
                continue
            if key not in actual:
                return f"{where}.{key}: missing"
            error = mismatch(want, actual[key], f"{where}.{key}")
            if error is not None:
                return error
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{where}: expected {len(expected)} items, got {actual!r}"
        for index, (want, got) in enumerate(zip(expected, actual)):
            error = mismatch(want, got, f"{where}.{index}")
            if error is not None:
                return error
        return None
    if is_number(expected) and is_number(actual):
        if abs(expected - actual) <= 0.01:
            return None
        return f"{where}: expected {expected!r}, got {actual!r}"
    if expected != actual or type(expected) is bool and type(actual) is not bool:
        return f"{where}: expected {expected!r}, got {actual!r}"
    return None


def pick(value: Any, path: str) -> Any:
    """The part of an answer at a dotted path: id, user.id, 0.id."""
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise Failure(f"Cannot save {path!r}: the answer has no {part!r}")
    return value


def sign_up(
    client: TestClient, actors: dict[str, dict[str, Any]], run: str
) -> dict[str, str]:
    """Registers each actor in order; their Authorization headers."""
    headers: dict[str, str] = {}
    for actor, info in actors.items():
        body: dict[str, Any] = {
            "email": f"{actor}-{run}@example.com",
            "password": f"{actor}-Pass-{run}",
            "name": actor.replace("_", " ").title(),
        }
        if info.get("role"):
            body["role"] = info["role"]
            body["staff_code"] = os.environ.get("STAFF_SIGNUP_CODE", "")
        response = client.post(REGISTER, json=body)
        if response.status_code != 201:
            raise Failure(
                f"Cannot sign up {actor!r}: {response.status_code} {response.text}"
            )
        headers[actor] = f"Bearer {response.json()['token']}"
    return headers


def run_step(
    client: TestClient,
    step: dict[str, Any],
    tokens: dict[str, str],
    default: str | None,
    saved: dict[str, Any],
    run: str,
) -> None:
    """Sends one step and checks its answer; raises Failure."""
    actor = step.get("as", default)
    headers: dict[str, str] = {}
    if actor is not None and actor != "anonymous":
        if actor not in tokens:
            raise Failure(f"Unknown actor {actor!r}")
        headers["Authorization"] = tokens[actor]
    path = resolve(step["path"], saved, run)
    options: dict[str, Any] = {"headers": headers, "follow_redirects": False}
    if "body" in step:
        options["json"] = resolve(step["body"], saved, run)
    response = client.request(step["method"], str(path), **options)
    if response.status_code != step["status"]:
        raise Failure(
            f"{step['method']} {path}: expected status {step['status']},"
            f" got {response.status_code} {response.text[:300]}"
        )
    answer: Any = None
    if response.content:
        try:
            answer = response.json()
        except ValueError:
            answer = response.text
    if "expect" in step:
        error = mismatch(resolve(step["expect"], saved, run), answer)
        if error is not None:
            raise Failure(f"{step['method']} {path}: {error}")
    for name, value in (step.get("headers") or {}).items():
        want = str(resolve(value, saved, run))
        got = response.headers.get(name)
        if got != want:
            raise Failure(f"{step['method']} {path}: header {name}: expected {want!r}, got {got!r}")
    for name, where in (step.get("save") or {}).items():
        saved[name] = pick(answer, where)


def run_scenario(client: TestClient, item: dict[str, Any]) -> str | None:
    """Runs one scenario; None when it passes, else what failed."""
    outcome = outcome_of(client, item)
    if outcome["ok"]:
        return None
    step = outcome["step"]
    return f"step {step}: {outcome['error']}" if step is not None else outcome["error"]


def outcome_of(client: TestClient, item: dict[str, Any]) -> dict[str, Any]:
    """Runs one scenario: {"ok", "step", "error"}."""
    run = secrets.token_hex(4)
    actors = item.get("actors") or {}
    try:
        tokens = sign_up(client, actors, run)
    except Failure as failure:
        return {"ok": False, "step": None, "error": str(failure)}
    default = next(iter(actors), None)
    saved: dict[str, Any] = {}
    for index, step in enumerate(item["steps"]):
        try:
            run_step(client, step, tokens, default, saved, run)
        except Failure as failure:
            return {"ok": False, "step": index, "error": str(failure)}
        except Exception as error:  # noqa: BLE001 - report, then go on
            return {"ok": False, "step": index, "error": f"{type(error).__name__}: {error}"}
    return {"ok": True, "step": None, "error": None}


def main() -> int:
    """Runs every scenario against a fresh app; one JSON line each."""
    os.environ.setdefault("STAFF_SIGNUP_CODE", secrets.token_urlsafe(16))
    from app import main as app_main

    try:
        from app import auth

        # Sign-ups hash cheaply here, as in the test suite.
        auth.PASSWORD_ITERATIONS = 1_000
    except ImportError:
        pass
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        client = TestClient(app_main.create_app(str(Path(folder) / "scenarios.db")))
        for item in requirements():
            for each in item["scenarios"]:
                outcome = outcome_of(client, each)
                failed += 0 if outcome["ok"] else 1
                line = {"requirement": item["id"], "scenario": each["name"], **outcome}
                print(json.dumps(line, ensure_ascii=False), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
`;
