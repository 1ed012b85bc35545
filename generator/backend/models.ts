/**
 * Renders `app/schemas.py` (the Pydantic models) and `app/checks.py` (the
 * request checks Pydantic 1 and 2 cannot both express).
 *
 * @module
 */
import type { Field } from "../../core/spec.ts";
import type { BackendContext, EntityPlan, PyField } from "./context.ts";
import { withArticle } from "./context.ts";
import { capitalize } from "../../core/words.ts";
import { pyDoc, pyFromImport, pyModule, pyNum, pyStr, wrapCall } from "./python.ts";

/** Longest accepted value per text-like field type. */
export const MAX_LENGTHS = {
  string: 200,
  text: 10_000,
  email: 254,
  url: 2_000,
  image: 2_000,
} as const;

/**
 * The largest magnitude of an integer field without tighter bounds: the
 * largest integer a browser holds exactly, well inside SQLite's 64 bits.
 */
export const INTEGER_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The largest magnitude of a number field without tighter bounds: a
 * trillion, so amounts keep exact cents (beyond ~9e13 a float cannot) and
 * no value reaches Infinity.
 */
export const NUMBER_LIMIT = 1e12;

/**
 * The bounds an integer or number field is checked against: the spec's,
 * within the defaults above (integer bounds rounded inwards, so exactly the
 * same integers are valid).
 *
 * @param field An integer or number field.
 * @returns The inclusive bounds.
 */
export function numberBounds(field: Field): { ge: number; le: number } {
  const integer = field.type === "integer";
  const limit = integer ? INTEGER_LIMIT : NUMBER_LIMIT;
  const clamp = (v: number) => Math.min(Math.max(v, -limit), limit);
  const ge = clamp(field.min === undefined ? -limit : integer ? Math.ceil(field.min) : field.min);
  const le = clamp(field.max === undefined ? limit : integer ? Math.floor(field.max) : field.max);
  return { ge, le };
}

const PY_TYPES: Record<string, string> = {
  string: "str",
  text: "str",
  email: "str",
  url: "str",
  image: "str",
  integer: "int",
  number: "float",
  boolean: "bool",
  date: "date",
  datetime: "datetime",
};

/**
 * The Python type of a field in both models, without `| None`.
 *
 * @param f A field.
 * @returns e.g. `str`, `date` or an enum's `Literal` alias.
 */
export function pyType(f: PyField): string {
  return f.enumType ?? PY_TYPES[f.field.type]!;
}

/**
 * True when a field is nullable: optional fields that are neither booleans
 * (default false) nor enums (default: the first value).
 *
 * @param f A field.
 * @returns Whether `None` is a valid value.
 */
export function isNullable(f: PyField): boolean {
  return !f.field.required && f.field.type !== "boolean" && f.field.type !== "enum";
}

/**
 * Renders `backend/app/schemas.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderSchemas(ctx: BackendContext): string {
  const fields = ctx.entities.flatMap((e) => e.fields);
  const has = (...types: string[]) => fields.some((f) => types.includes(f.field.type));
  const dates = [...(has("date") ? ["date"] : []), ...(has("datetime") ? ["datetime"] : [])];
  const typing = ["Any", ...(has("enum") ? ["Literal"] : [])];
  const imports = [
    ...(dates.length > 0 ? [`from datetime import ${dates.join(", ")}`] : []),
    `from typing import ${typing.join(", ")}`,
    "",
    "from pydantic import BaseModel, Field",
  ].join("\n");
  const enums = fields.flatMap((f) =>
    f.enumType === undefined
      ? []
      : [wrapCall("", `${f.enumType} = Literal`, f.field.values!.map(pyStr), "", "[]")]
  );
  return pyModule([
    [
      '"""Pydantic models of the API: `<Entity>In` bodies and `<Entity>` rows.',
      "",
      "Only features shared by Pydantic 1.10 and 2 are used, so the app runs on",
      "both; what they cannot express alike is checked in `app.checks`.",
      '"""',
      imports,
      ...(enums.length > 0 ? ["", ...enums] : []),
    ].join("\n"),
    [
      "def to_dict(model: BaseModel) -> dict[str, Any]:",
      '    """The fields of a model by their JSON names, on Pydantic 1 or 2."""',
      '    if hasattr(model, "model_dump"):',
      "        return model.model_dump(by_alias=True)",
      "    return model.dict(by_alias=True)",
    ].join("\n"),
    ...ctx.entities.flatMap((e) => [inModel(e), outModel(e)]),
  ]);
}

function inModel(plan: EntityPlan): string {
  const lines = plan.inputs.map((f) => inField(f));
  for (const { relation } of plan.parents) {
    lines.push(
      relation.required ? `    ${relation.field}: int` : `    ${relation.field}: int | None = None`,
    );
  }
  for (const { link } of plan.behaviour.links) lines.push(`    ${link.field}: list[int] = []`);
  return [
    `class ${plan.inName}(BaseModel, extra="forbid"):`,
    `    ${
      pyDoc(
        `Body of the requests that create or replace ${withArticle(plan.entity.label)}.`,
        "    ",
      )
    }`,
    "",
    ...lines,
  ].join("\n");
}

/**
 * One field of a body model.
 *
 * @param f A field a client sends.
 * @returns Its line(s), indented for a class body.
 */
export function inField(f: PyField): string {
  const { field } = f;
  const type = isNullable(f) ? `${pyType(f)} | None` : pyType(f);
  let first = "...";
  if (!field.required) {
    first = field.type === "boolean"
      ? "False"
      : field.type === "enum"
      ? pyStr(field.values![0]!)
      : "None";
  }
  const args: string[] = [];
  if (f.attr !== f.name) args.push(`alias=${pyStr(f.name)}`);
  const maxLength = MAX_LENGTHS[field.type as keyof typeof MAX_LENGTHS];
  if (maxLength !== undefined) {
    if (field.required) args.push("min_length=1");
    args.push(`max_length=${maxLength}`);
  }
  // Every number is bounded, so none is infinite or too large for SQLite;
  // Pydantic 2 needs integer bounds on int fields.
  if (field.type === "integer" || field.type === "number") {
    const { ge, le } = numberBounds(field);
    args.push(`ge=${pyNum(ge)}`, `le=${pyNum(le)}`);
  }
  if (field.description !== undefined) args.push(`description=${pyStr(field.description)}`);
  if (args.length === 0) {
    return first === "..." ? `    ${f.attr}: ${type}` : `    ${f.attr}: ${type} = ${first}`;
  }
  return wrapCall("    ", `${f.attr}: ${type} = Field`, [first, ...args]);
}

function outModel(plan: EntityPlan): string {
  const lines = ["    id: int"];
  for (const f of plan.fields) {
    const counter = f.field.computed?.kind === "counter";
    const type = isNullable(f) && !counter ? `${pyType(f)} | None` : pyType(f);
    lines.push(
      f.attr === f.name
        ? `    ${f.attr}: ${type}`
        : `    ${f.attr}: ${type} = Field(..., alias=${pyStr(f.name)})`,
    );
  }
  for (const { relation } of plan.parents) {
    lines.push(`    ${relation.field}: ${relation.required ? "int" : "int | None"}`);
  }
  for (const { link } of plan.behaviour.links) lines.push(`    ${link.field}: list[int]`);
  if (plan.access !== "public") lines.push("    owner_id: int");
  lines.push("    created_at: str", "    updated_at: str");
  return [
    `class ${plan.className}(BaseModel):`,
    `    ${pyDoc(capitalize(`${withArticle(plan.entity.label)} as the API returns it.`), "    ")}`,
    "",
    ...lines,
  ].join("\n");
}

/**
 * Renders `backend/app/checks.py`: email and URL checks and the relation
 * check, each raising HTTP 422 with a detail that names the field.
 *
 * @returns The module source.
 */
export function renderChecks(): string {
  return pyModule([
    [
      '"""Request checks that Pydantic 1 and 2 cannot express alike.',
      "",
      "A failure about a field is an HTTP 422 whose detail starts with the field",
      'name, e.g. "post_id: Post 7 not found"; a refused write is rolled back.',
      '"""',
      "import re",
      "import sqlite3",
      "from typing import Any",
      "from urllib.parse import urlsplit",
      "",
      "from fastapi import HTTPException",
      "",
      "from app.db import fetch_row, quote",
      "",
      'EMAIL = re.compile(r"[^@\\s]+@[^@\\s]+\\.[^@\\s]+")',
    ].join("\n"),
    [
      "def invalid(field: str, message: str) -> HTTPException:",
      '    """A 422 error about one field of the request body."""',
      '    return HTTPException(status_code=422, detail=f"{field}: {message}")',
    ].join("\n"),
    [
      "def check_email(value: str | None, field: str) -> str | None:",
      '    """The address when it looks valid; None when it is empty."""',
      "    if not value:",
      "        return None",
      "    if EMAIL.fullmatch(value) is None:",
      '        raise invalid(field, "not a valid email address")',
      "    return value",
    ].join("\n"),
    [
      "def check_url(value: str | None, field: str) -> str | None:",
      '    """The URL when it is an absolute http(s) URL; None when empty."""',
      "    if not value:",
      "        return None",
      "    try:",
      "        parts = urlsplit(value)",
      "    except ValueError:",
      "        parts = None",
      "    if (",
      "        parts is None",
      '        or parts.scheme not in ("http", "https")',
      "        or not parts.netloc",
      "        or any(char.isspace() for char in value)",
      "    ):",
      '        raise invalid(field, "not a valid http or https URL")',
      "    return value",
    ].join("\n"),
    [
      "def refuse(db: sqlite3.Connection, status: int, message: str) -> HTTPException:",
      '    """An error refusing a write: the write is rolled back first."""',
      "    db.rollback()",
      "    return HTTPException(status_code=status, detail=message)",
    ].join("\n"),
    [
      "def check_unique(",
      "    db: sqlite3.Connection,",
      "    table: str,",
      "    row: dict[str, Any],",
      "    fields: tuple[str, ...],",
      "    message: str,",
      ") -> None:",
      '    """No other row may share the values of `fields`: 409 otherwise.',
      "",
      "    Rows with an empty value among them never clash.",
      '    """',
      "    if any(row.get(field) is None for field in fields):",
      "        return",
      '    clause = " AND ".join(f"{quote(field)} = ?" for field in fields)',
      '    sql = f"SELECT COUNT(*) FROM {quote(table)} WHERE {clause} AND id != ?"',
      '    params = [*(row[field] for field in fields), row["id"]]',
      "    if db.execute(sql, params).fetchone()[0] > 0:",
      "        raise refuse(db, 409, message)",
    ].join("\n"),
    [
      "def find_row(",
      "    db: sqlite3.Connection,",
      "    table: str,",
      "    label: str,",
      "    row_id: int,",
      "    owner_id: int | None = None,",
      ") -> dict[str, Any]:",
      '    """The row with this id (and owner, when given), or 404."""',
      "    row = fetch_row(db, table, row_id, owner_id)",
      "    if row is None:",
      "        raise HTTPException(",
      '            status_code=404, detail=f"{label} {row_id} not found"',
      "        )",
      "    return row",
    ].join("\n"),
    [
      "def check_parent(",
      "    db: sqlite3.Connection,",
      "    table: str,",
      "    label: str,",
      "    row_id: int | None,",
      "    field: str,",
      "    owner_id: int | None = None,",
      ") -> None:",
      '    """Rejects a relation id naming no row, or a row of another owner."""',
      "    if row_id is None:",
      "        return",
      "    if fetch_row(db, table, row_id, owner_id) is None:",
      '        raise invalid(field, f"{label} {row_id} not found")',
    ].join("\n"),
  ]);
}

/**
 * The `app.checks` calls that clean a body's values in a router, one line
 * each, for email and URL fields.
 *
 * @param plan The entity.
 * @returns Lines like `    values["x"] = check_url(values["x"], "x")`.
 */
export function formatChecks(plan: EntityPlan): string[] {
  return plan.inputs.flatMap((f) => {
    const check = f.field.type === "email"
      ? "check_email"
      : f.field.type === "url" || f.field.type === "image"
      ? "check_url"
      : "";
    if (check === "") return [];
    const key = pyStr(f.name);
    return [wrapCall("    ", `values[${key}] = ${check}`, [`values[${key}]`, key])];
  });
}

function checkImports(plan: EntityPlan): string[] {
  const names = new Set<string>();
  for (const f of plan.inputs) {
    if (f.field.type === "email") names.add("check_email");
    if (f.field.type === "url" || f.field.type === "image") names.add("check_url");
  }
  if (plan.parents.length > 0) names.add("check_parent");
  return [...names];
}

/**
 * @param plan The entity.
 * @returns The import of `app.checks` its router needs, or nothing.
 */
export function checksImport(plan: EntityPlan): string[] {
  const names = checkImports(plan);
  return names.length === 0 ? [] : [pyFromImport("app.checks", names)];
}
