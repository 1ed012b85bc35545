/**
 * Renders `app/computed.py`: what rows get when they are read (derived
 * fields in dependency order, linked ids) and the values the server stores
 * at creation (slugs, codes, positions). One `complete_<plural>()` per
 * entity that needs one, calling shared helpers with literal arguments.
 *
 * @module
 */
import type { Field } from "../../core/spec.ts";
import type { BackendContext, EntityPlan } from "./context.ts";
import { planOf } from "./context.ts";
import { pyConditions } from "./conditions.ts";
import { pyDoc, pyFromImport, pyModule, pyStr, wrapCall } from "./python.ts";

const HELPERS = String.raw`def children(
    db: sqlite3.Connection, table: str, via: str, parent_id: int
) -> list[dict[str, Any]]:
    """The rows of a table pointing at one parent row."""
    return select_rows(db, table, {via: parent_id}, order=("id", "asc"))


def matching(
    rows: list[dict[str, Any]], conditions: list[Condition]
) -> list[dict[str, Any]]:
    """The rows satisfying every condition."""
    return [row for row in rows if matches(row, conditions)]


def aggregate(rows: list[dict[str, Any]], op: str, field: str = "") -> Any:
    """count, or sum/avg/min/max of a field over rows (sum of none is 0)."""
    if op == "count":
        return len(rows)
    values = [row[field] for row in rows if row.get(field) is not None]
    if op in ("sum", "avg"):
        # Only numbers add up; a text value never makes the read fail.
        values = [v for v in values if isinstance(v, (int, float))]
    if op == "sum":
        return sum(values)
    if not values:
        return None
    if op == "avg":
        return round(sum(values) / len(values), 2)
    return min(values) if op == "min" else max(values)


def streak(rows: list[dict[str, Any]], field: str) -> int:
    """Days in a row with a row, up to today (or yesterday, while today
    has none yet)."""
    days = {str(row[field])[:10] for row in rows if row.get(field)}
    day = date.today()
    if day.isoformat() not in days:
        day -= timedelta(days=1)
    count = 0
    while day.isoformat() in days:
        count += 1
        day -= timedelta(days=1)
    return count


def remaining(whole: Any, part: Any) -> Any:
    """whole minus part; None when whole is unknown."""
    if whole is None:
        return None
    return whole - (part or 0)


def percent(part: Any, whole: Any) -> float:
    """100 * part / whole rounded to one decimal; 0 when whole is 0."""
    if not whole:
        return 0.0
    return round(100 * (part or 0) / whole, 1)


def total(rows: list[dict[str, Any]], field: str) -> Any:
    """The sum of a field over rows (its numbers only)."""
    values = [row.get(field) for row in rows]
    return sum(v for v in values if isinstance(v, (int, float)))


def date_plus(start: Any, days: Any) -> str | None:
    """The date start plus a number of days; today when start is empty (a
    plant never watered is due now)."""
    if days is None:
        return None
    if start is None:
        return date.today().isoformat()
    first = date.fromisoformat(str(start)[:10])
    return (first + timedelta(days=int(days))).isoformat()`;

const STORED_HELPERS = String.raw`def slugify(text: str) -> str:
    """Lower-case ASCII words joined by dashes."""
    ascii_text = normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def unique_slug(
    db: sqlite3.Connection, table: str, field: str, text: str, fallback: str
) -> str:
    """A slug of the text no row of the table has yet: -2, -3... on clashes."""
    base = slugify(text)[:80].strip("-") or fallback
    slug, n = base, 1
    while count_rows(db, table, {field: slug}) > 0:
        n += 1
        slug = f"{base}-{n}"
    return slug


CODE_ALPHABET = string.ascii_letters + string.digits


def new_code(db: sqlite3.Connection, table: str, field: str, length: int) -> str:
    """A random URL-safe code no row of the table has yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if count_rows(db, table, {field: code}) == 0:
            return code


def next_position(
    db: sqlite3.Connection, table: str, field: str, within: dict[str, Any]
) -> int:
    """One more than the largest value of a field among the rows sharing
    the values of within (1 for the first)."""
    clause, params = where(within)
    sql = f"SELECT MAX({quote(field)}) FROM {quote(table)}{clause}"
    largest = db.execute(sql, params).fetchone()[0]
    return 1 if largest is None else int(largest) + 1`;

/**
 * @param ctx The render context.
 * @returns True when the app needs `app/computed.py`.
 */
export function hasComputedModule(ctx: BackendContext): boolean {
  return ctx.entities.some((e) => e.behaviour.completes || storedHelpers(e).length > 0);
}

function storedHelpers(plan: EntityPlan): string[] {
  const out: string[] = [];
  for (const f of plan.behaviour.storedComputed) {
    if (f.computed!.kind === "slug") out.push("unique_slug");
    if (f.computed!.kind === "code") out.push("new_code");
  }
  if (plan.behaviour.swapped.length > 0) out.push("next_position");
  return out;
}

/**
 * The name of an entity's read function, when it has one.
 *
 * @param plan The entity.
 * @returns e.g. `complete_options`, or undefined.
 */
export function completeName(plan: EntityPlan): string | undefined {
  return plan.behaviour.completes ? `complete_${plan.plural}` : undefined;
}

/**
 * A Python expression of rows as the API returns them.
 *
 * @param plan The entity.
 * @param rows A Python expression of a list of rows.
 * @returns e.g. `complete_options(db, rows)`, or `rows` itself.
 */
export function completed(plan: EntityPlan, rows: string): string {
  const name = completeName(plan);
  return name === undefined ? rows : `${name}(db, ${rows})`;
}

/**
 * The stored computed values of a new row, as lines of a create route.
 *
 * @param plan The entity.
 * @returns Lines setting `values[...]`.
 */
export function creationLines(plan: EntityPlan): string[] {
  const lines: string[] = [];
  for (const f of plan.behaviour.storedComputed) {
    const c = f.computed!;
    const key = pyStr(f.name);
    if (c.kind === "slug") {
      lines.push(wrapCall("    ", `values[${key}] = unique_slug`, [
        "db",
        "TABLE",
        key,
        `values[${pyStr(c.from)}] or ""`,
        pyStr(plan.singular.replace(/_/g, "-")),
      ]));
    }
    if (c.kind === "code") {
      lines.push(
        wrapCall("    ", `values[${key}] = new_code`, ["db", "TABLE", key, String(c.length)]),
      );
    }
  }
  return lines;
}

/**
 * Lines numbering the fields `swap` actions move when a body leaves them empty.
 *
 * @param plan The entity.
 * @returns Lines of a create or update route.
 */
export function positionLines(plan: EntityPlan): string[] {
  return plan.behaviour.swapped.flatMap(({ field, within }) => [
    `    if values[${pyStr(field)}] is None:`,
    wrapCall("        ", `values[${pyStr(field)}] = next_position`, [
      "db",
      "TABLE",
      pyStr(field),
      within === undefined ? "{}" : `{${pyStr(within)}: values[${pyStr(within)}]}`,
    ]),
  ]);
}

/**
 * Renders `backend/app/computed.py`.
 *
 * @param ctx The render context.
 * @returns The module source.
 */
export function renderComputed(ctx: BackendContext): string {
  const readers = ctx.entities.filter((e) => e.behaviour.completes);
  const stored = ctx.entities.some((e) => storedHelpers(e).length > 0);
  const usesConditions = readers.some((e) =>
    e.behaviour.derived.some((f) => f.computed!.kind === "aggregate" && f.computed!.where?.length)
  );
  const links = readers.some((e) => e.behaviour.links.length > 0);
  const stdlib = [
    ...(stored ? ["import re", "import secrets"] : []),
    "import sqlite3",
    ...(stored ? ["import string"] : []),
    "from datetime import date, timedelta",
    "from typing import Any",
    ...(stored ? ["from unicodedata import normalize"] : []),
  ];
  const local = [
    ...(usesConditions ? [pyFromImport("app.conditions", ["Condition", "matches"])] : []),
    pyFromImport("app.db", ["count_rows", "quote", "select_rows", "where"]),
    ...(links ? [pyFromImport("app.links", ["linked_ids"])] : []),
  ];
  const helpers = usesConditions
    ? HELPERS
    : HELPERS.replace(/def matching\([^]*?\n\n\n/, "").replace("from app.conditions", "");
  return pyModule([
    [
      '"""What rows get when they are read: computed fields and linked ids.',
      "",
      "Stored computed fields (counters, stamps, slugs, codes) are columns the",
      "server sets; the others are derived here from other rows on every read,",
      "each after the fields it is made from.",
      '"""',
      ...stdlib,
      "",
      ...local,
    ].join("\n"),
    helpers,
    stored ? STORED_HELPERS : "",
    ...readers.map((plan) => completeFunction(ctx, plan)),
  ]);
}

function completeFunction(ctx: BackendContext, plan: EntityPlan): string {
  const fields = plan.behaviour.derived;
  const until = fields.some((f) => siblingsDerived(plan, f));
  const names = [...plan.behaviour.links.map((l) => l.link.field), ...fields.map((f) => f.name)];
  const params = [
    "db: sqlite3.Connection",
    "rows: list[dict[str, Any]]",
    ...(until ? ["until: str | None = None"] : []),
  ];
  const lines = [
    wrapCall("", `def ${completeName(plan)}`, params, " -> list[dict[str, Any]]:"),
    `    ${
      pyDoc(`Adds what ${plan.entity.labelPlural} have on read: ${names.join(", ")}.`, "    ")
    }`,
    "    for row in rows:",
  ];
  for (const l of plan.behaviour.links) {
    lines.push(wrapCall("        ", `row[${pyStr(l.link.field)}] = linked_ids`, [
      "db",
      pyStr(l.table),
      pyStr(l.column),
      pyStr(l.targetColumn),
      'row["id"]',
    ]));
  }
  for (const f of fields) lines.push(...derivedLines(ctx, plan, f));
  lines.push("    return rows");
  return lines.join("\n");
}

function siblingsDerived(plan: EntityPlan, f: Field): boolean {
  const c = f.computed!;
  return c.kind === "percent" && typeof c.whole !== "string" &&
    plan.behaviour.derived.some((d) => typeof c.whole !== "string" && d.name === c.whole.siblings);
}

function derivedLines(ctx: BackendContext, plan: EntityPlan, f: Field): string[] {
  const c = f.computed!;
  const key = `row[${pyStr(f.name)}]`;
  const at = (name: string) => `row[${pyStr(name)}]`;
  const ind = "        ";
  switch (c.kind) {
    case "aggregate": {
      const child = planOf(ctx.entities, c.entity);
      const derivedNames = new Set(child.behaviour.derived.map((d) => d.name));
      let rows = `children(db, ${pyStr(child.plural)}, ${pyStr(c.via)}, row["id"])`;
      if ((c.where ?? []).some((w) => derivedNames.has(w.field)) && child !== plan) {
        rows = completed(child, rows);
      }
      const lines: string[] = [];
      if (c.where?.length) {
        lines.push(wrapCall(ind, "found = matching", [rows, pyConditions(c.where)]));
        rows = "found";
      }
      const args = c.op === "streak"
        ? [rows, pyStr(c.field ?? "")]
        : [rows, pyStr(c.op), ...(c.op === "count" ? [] : [pyStr(c.field ?? "")])];
      lines.push(wrapCall(ind, `${key} = ${c.op === "streak" ? "streak" : "aggregate"}`, args));
      return lines;
    }
    case "remaining":
      return [wrapCall(ind, `${key} = remaining`, [at(c.from), at(c.minus)])];
    case "date_plus":
      return [wrapCall(ind, `${key} = date_plus`, [at(c.from), at(c.days)])];
    case "percent": {
      if (typeof c.whole === "string") {
        return [wrapCall(ind, `${key} = percent`, [at(c.part), at(c.whole)])];
      }
      const { siblings, via } = c.whole;
      const select = `select_rows(db, ${pyStr(plan.plural)}, {${pyStr(via)}: ${at(via)}})`;
      const derived = siblingsDerived(plan, f);
      return [
        ...(derived ? [`${ind}if until == ${pyStr(f.name)}:`, `${ind}    continue`] : []),
        derived
          ? wrapCall(ind, `siblings = ${completeName(plan)}`, ["db", select, pyStr(f.name)])
          : wrapCall(ind, "siblings = select_rows", [
            "db",
            pyStr(plan.plural),
            `{${pyStr(via)}: ${at(via)}}`,
          ]),
        wrapCall(ind, `${key} = percent`, [at(c.part), `total(siblings, ${pyStr(siblings)})`]),
      ];
    }
    default:
      return [];
  }
}
