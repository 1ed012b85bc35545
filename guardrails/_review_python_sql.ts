/**
 * SQL built by string formatting in Python (CWE-89): an f-string, `%`, `+`
 * or `.format()` that puts values into SQL text passed to `execute()`,
 * `text()`, `read_sql()`..., directly or through a name bound to it, unless
 * every value is picked out of a constant table (`ORDER BY {column}` with
 * `column = SORTABLE[key]`).
 *
 * @module
 */
import type { RawFinding } from "./_review_python.ts";
import { type PyToken, topLevelComma } from "./_python_tokens.ts";

const SQL_CALLS = new Set([
  "execute",
  "executemany",
  "executescript",
  "raw",
  "exec_driver_sql",
  "text",
  "read_sql",
  "read_sql_query",
]);
const SQL_WORDS =
  /\b(?:select|insert|update|delete|drop|create|alter|replace|where|from|into|values)\b/i;

/**
 * @param last The called function's last name.
 * @param owner What it is called on, if anything.
 * @returns Whether the call runs SQL text.
 */
export function isSqlCall(last: string, owner: string | undefined): boolean {
  return SQL_CALLS.has(last) && (owner !== undefined || last === "text");
}

/**
 * Reports a call that runs SQL built by string formatting.
 *
 * @param t The file's tokens.
 * @param k The index of the called name.
 * @param close The index of the call's closing parenthesis.
 * @param args The tokens of its arguments.
 * @param formattedSql Names bound to formatted SQL, and whether it quotes a value.
 * @param add Reports a finding.
 */
export function checkSqlCall(
  t: PyToken[],
  k: number,
  close: number,
  args: PyToken[],
  formattedSql: ReadonlyMap<string, boolean>,
  add: (line: number, rule: string, severity: RawFinding["severity"], message: string) => void,
): void {
  const firstEnd = topLevelComma(args);
  const first = args.slice(0, firstEnd);
  const single = firstEnd === args.length;
  const viaName = first.length === 1 && first[0]!.type === "name" &&
    formattedSql.has(first[0]!.value);
  const formatted = first[0]?.type === "string" && isFormattedSql(first, 0, first.length);
  const quoted = viaName ? formattedSql.get(first[0]!.value)! : quotedInterpolation(t, k, close);
  // Only names picked from a constant table (ORDER BY {column}, column = SORTABLE.get(...)).
  const picked = formatted && (first[0]!.prefix ?? "").includes("f") &&
    [...(first[0]!.body ?? "").matchAll(/\{([^}]*)\}/g)].every((m) =>
      /^[A-Za-z_]\w*$/.test(m[1]!.trim()) && fromTable(t, m[1]!.trim())
    );
  if ((formatted || viaName) && (single || quoted) && !picked) {
    add(t[k]!.line, "python-sql-format", "high", "SQL built by string formatting");
  }
}

/** A string expression in tokens [from, to) that is SQL and is formatted with values. */
export function isFormattedSql(t: PyToken[], from: number, to: number): boolean {
  const strings = t.slice(from, to).filter((x) => x.type === "string");
  if (!strings.some((s) => SQL_WORDS.test(s.body ?? ""))) return false;
  for (let k = from; k < to; k++) {
    const x = t[k]!;
    if (x.type === "string" && (x.prefix ?? "").includes("f") && /\{[^}]/.test(x.body ?? "")) {
      return true;
    }
    if (
      x.type === "op" && (x.value === "%" || x.value === "+") &&
      (t[k - 1]?.type === "string" || t[k + 1]?.type === "string")
    ) return true;
    if (
      x.type === "op" && x.value === "." && t[k + 1]?.value === "format" &&
      t[k - 1]?.type === "string"
    ) return true;
  }
  return false;
}

/** Whether SQL text in tokens [from, to) puts a value between quotes: `'{name}'` or `'%s'`. */
export function quotedInterpolation(t: PyToken[], from: number, to: number): boolean {
  return t.slice(from, to).some((x) =>
    x.type === "string" && /['"](?:\{[^}]*\}|%[sd])['"]/.test(x.body ?? "")
  );
}

/** Whether every assignment of `name` picks its value out of a constant table. */
function fromTable(t: PyToken[], name: string): boolean {
  let seen = false;
  for (let k = 0; k < t.length - 2; k++) {
    if (t[k]!.type !== "name" || t[k]!.value !== name || t[k + 1]!.value !== "=") continue;
    if (t[k + 2]!.value === "=") continue;
    const value = t[k + 2]!;
    const next = t[k + 3]?.value;
    if (!/^[A-Z][A-Z0-9_]+$/.test(value.value) || (next !== "[" && next !== ".")) return false;
    if (next === "." && t[k + 4]?.value !== "get") return false;
    seen = true;
  }
  return seen;
}
