"""A small acceptance runner standing in for the generated one: status,
top-level `expect` keys (equality or {"$type": ...}), `save` of top-level
keys and `{name}`/`{today}`/`{run}` placeholders. One JSON line per scenario."""

import json
import re
import sys
import uuid
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from app.main import create_app

HERE = Path(__file__).parent
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_+-]*)\}")


def resolve(value, saved, run):
    if isinstance(value, str):
        def one(name):
            if name == "run":
                return run
            if name == "today":
                return date.today().isoformat()
            return saved[name]
        whole = PLACEHOLDER.fullmatch(value)
        if whole:
            return one(whole.group(1))
        return PLACEHOLDER.sub(lambda m: str(one(m.group(1))), value)
    if isinstance(value, list):
        return [resolve(v, saved, run) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, saved, run) for k, v in value.items()}
    return value


def run_scenario(requirement, scenario):
    client = TestClient(create_app())
    saved, run = {}, uuid.uuid4().hex[:8]
    for index, step in enumerate(scenario["steps"]):
        try:
            path = resolve(step["path"], saved, run)
            body = resolve(step.get("body"), saved, run)
        except KeyError as missing:
            return index, f"no saved value {missing}"
        answer = client.request(step["method"], path, json=body)
        if answer.status_code != step["status"]:
            return index, f"expected status {step['status']}, got {answer.status_code}: {answer.text[:200]}"
        data = answer.json() if answer.content else None
        for key, want in resolve(step.get("expect") or {}, saved, run).items():
            got = (data or {}).get(key)
            if isinstance(want, dict) and "$type" in want:
                ok = {"string": str, "integer": int}[want["$type"]]
                if not isinstance(got, ok):
                    return index, f"$.{key}: expected a value of type {want['$type']}, got {json.dumps(got)}"
            elif got != want:
                return index, f"$.{key}: expected {json.dumps(want)}, got {json.dumps(got)}"
        for name, key in (step.get("save") or {}).items():
            saved[name] = data[key]
    return None, None


def main():
    requirements = json.loads((HERE / "acceptance.json").read_text())
    failed = 0
    for requirement in requirements:
        for scenario in requirement["scenarios"]:
            step, error = run_scenario(requirement, scenario)
            failed += error is not None
            print(json.dumps({
                "requirement": requirement["id"],
                "scenario": scenario["name"],
                "ok": error is None,
                "step": step,
                "error": error,
            }), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
