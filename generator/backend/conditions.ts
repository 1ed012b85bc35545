/**
 * Conditions on rows in the generated backend: `app/conditions.py` (how a
 * `(field, op, value)` condition holds for a row) and the Python literals of
 * the spec's conditions, which routers, views and rules pass to it.
 *
 * @module
 */
import type { Condition, Value } from "../../core/behaviours.ts";
import { pyLiteral, pyStr, wrapCall } from "./python.ts";

/**
 * The Python literal of a condition value.
 *
 * @param value A spec value.
 * @returns e.g. `"open"`, `{"today": -1}`, `{"now": True}`, `{"field": "minimum"}`.
 */
export function pyValue(value: Value | undefined): string {
  if (value === undefined) return "None";
  if (value !== null && typeof value === "object") {
    if ("today" in value) return `{"today": ${value.today}}`;
    if ("now" in value) return `{"now": True}`;
    return `{"field": ${pyStr(value.field)}}`;
  }
  return pyLiteral(value);
}

/**
 * The Python literal of a list of conditions, wrapped to fit.
 *
 * @param conditions The spec's conditions.
 * @param indent The indentation of the line the literal starts on.
 * @param head What comes before the list on that line.
 * @param tail What follows it.
 * @returns e.g. `[("returned_at", "is_null", None)]`.
 */
export function pyConditions(
  conditions: readonly Condition[],
  indent = "",
  head = "",
  tail = "",
): string {
  const items = conditions.map((c) => `(${pyStr(c.field)}, ${pyStr(c.op)}, ${pyValue(c.value)})`);
  return wrapCall(indent, head, items, tail, "[]");
}

/** `backend/app/conditions.py`. */
export const CONDITIONS_MODULE = String
  .raw`"""Conditions on rows: the spec's "when", "where" and "publicWhere".

A condition is (field, op, value); a value is a literal, {"today": n}
(today's date shifted by n days), {"now": True} (the current time) or
{"field": name} (another field of the same row).
"""
from datetime import date, datetime, timedelta
from typing import Any

from app.db import now

Condition = tuple[str, str, Any]


def today(shift: int = 0) -> str:
    """Today's date shifted by whole days, as ISO 8601 text."""
    return (date.today() + timedelta(days=shift)).isoformat()


def resolve(row: dict[str, Any], value: Any) -> Any:
    """The value a condition compares with, for this row."""
    if isinstance(value, dict):
        if "today" in value:
            return today(value["today"])
        if "now" in value:
            return now()
        if "field" in value:
            return row.get(value["field"])
    return value


def comparable(value: Any) -> Any:
    """Dates as ISO text and booleans as 0/1, as SQLite stores them."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def holds(row: dict[str, Any], condition: Condition) -> bool:
    """True when the row satisfies the condition; comparisons with a
    missing value never hold."""
    field, op, expected = condition
    actual = comparable(row.get(field))
    if op == "is_null":
        return actual is None
    if op == "not_null":
        return actual is not None
    other = comparable(resolve(row, expected))
    if op == "eq":
        return actual == other
    if op == "ne":
        return actual != other
    if actual is None or other is None:
        return False
    try:
        if op == "lt":
            return bool(actual < other)
        if op == "le":
            return bool(actual <= other)
        if op == "gt":
            return bool(actual > other)
        if op == "ge":
            return bool(actual >= other)
    except TypeError:
        return False
    raise ValueError(f"Unknown condition operator {op!r}")


def matches(row: dict[str, Any], conditions: list[Condition]) -> bool:
    """True when the row satisfies every condition."""
    return all(holds(row, condition) for condition in conditions)
`;
