/**
 * How the Python rules read a call: its shape (callee, arguments, where it
 * stands), what is known of the whole file, keyword and positional
 * arguments, literal `True`/`False`, and whether an expression carries
 * request data (a name bound from it, not a key looked up in a constant
 * table).
 *
 * @module
 */
import type { PyToken } from "./_python_tokens.ts";

/** One call, as the Python reviewer sees it. */
export interface PyCall {
  /** The dotted callee with imports resolved: `requests.get`, `os.chmod`. */
  resolved: string;
  /** Its last name: `get`. */
  last: string;
  /** The tokens between the parentheses. */
  args: PyToken[];
  line: number;
  /** The name of the enclosing `def`, if any. */
  inDef: string | undefined;
  /** The name this call's result is assigned to, if any. */
  assignedTo: string | undefined;
}

/** What the reviewer knows about the whole file. */
export interface PyFileFacts {
  /** Names bound from request data or route parameters. */
  tainted: Set<string>;
  /** The file's text. */
  source: string;
  /** Modules imported anywhere in the file. */
  modules: Set<string>;
}

/** The value tokens of a keyword argument at the top level of `args`, or `undefined`. */
export function keyword(args: PyToken[], name: string): PyToken[] | undefined {
  let depth = 0;
  for (let k = 0; k < args.length; k++) {
    const v = args[k]!.type === "op" ? args[k]!.value : "";
    if ("([{".includes(v) && v) depth++;
    if (")]}".includes(v) && v) depth--;
    if (
      depth === 0 && args[k]!.type === "name" && args[k]!.value === name &&
      args[k + 1]?.value === "="
    ) {
      const out: PyToken[] = [];
      let d = 0;
      for (let j = k + 2; j < args.length; j++) {
        const w = args[j]!.type === "op" ? args[j]!.value : "";
        if ("([{".includes(w) && w) d++;
        if (")]}".includes(w) && w) d--;
        if (d === 0 && w === ",") break;
        out.push(args[j]!);
      }
      return out;
    }
  }
  return undefined;
}

/** The tokens of the `n`th (0-based) top-level argument. */
export function positional(args: PyToken[], n: number): PyToken[] {
  const parts: PyToken[][] = [[]];
  let d = 0;
  for (const a of args) {
    const w = a.type === "op" ? a.value : "";
    if ("([{".includes(w) && w) d++;
    if (")]}".includes(w) && w) d--;
    if (d === 0 && w === ",") parts.push([]);
    else parts.at(-1)!.push(a);
  }
  const part = parts[n] ?? [];
  return part[1]?.value === "=" && part[0]?.type === "name" ? [] : part;
}

/** The tokens of the first positional argument. */
/** The first positional argument's tokens; none when it is a keyword argument. */
export function firstArg(args: PyToken[]): PyToken[] {
  const out: PyToken[] = [];
  let d = 0;
  for (const a of args) {
    const w = a.type === "op" ? a.value : "";
    if ("([{".includes(w) && w) d++;
    if (")]}".includes(w) && w) d--;
    if (d === 0 && w === ",") break;
    out.push(a);
  }
  if (out[1]?.value === "=" && out[0]?.type === "name") return []; // a keyword argument
  return out;
}

/** Whether a value is the literal `True`. */
export const isTrue = (v: PyToken[] | undefined) => v?.length === 1 && v[0]!.value === "True";
/** Whether a value is the literal `False`. */
export const isFalse = (v: PyToken[] | undefined) => v?.length === 1 && v[0]!.value === "False";

/**
 * Whether tokens carry user data: `request...`, a tainted name, or an f-string naming one.
 *
 * @param tokens The tokens of an expression.
 * @param facts The file's facts.
 * @returns True when the expression is built from user data.
 */
export function fromUser(tokens: PyToken[], facts: PyFileFacts): boolean {
  const looked = lookupKeys(tokens);
  return tokens.some((t, i) =>
    (t.type === "name" && !looked.has(i) &&
      (t.value === "request" || facts.tainted.has(t.value))) ||
    (t.type === "string" && (t.prefix ?? "").includes("f") &&
      [...(t.body ?? "").matchAll(/\{([A-Za-z_]\w*)/g)].some((m) =>
        m[1] === "request" || facts.tainted.has(m[1]!)
      ))
  );
}

/**
 * The indices of tokens that only pick a value out of a constant table:
 * `EXPORTERS[fmt]`, `SORTABLE.get(sort, "id")`. The table is the allow-list,
 * so what comes out is not the user's.
 *
 * @param tokens The tokens of an expression.
 * @returns Indices of the tokens inside such lookups.
 */
export function lookupKeys(tokens: PyToken[]): Set<number> {
  const out = new Set<number>();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.type !== "name" || !/^[A-Z][A-Z0-9_]+$/.test(t.value)) continue;
    let open = k + 1;
    if (tokens[open]?.value === "." && tokens[open + 1]?.value === "get") open += 2;
    else if (tokens[open]?.value !== "[") continue;
    if (!["[", "("].includes(tokens[open]?.value ?? "")) continue;
    let depth = 0;
    for (let j = open; j < tokens.length; j++) {
      const v = tokens[j]!.type === "op" ? tokens[j]!.value : "";
      if ("([{".includes(v) && v) depth++;
      if (")]}".includes(v) && v) depth--;
      if (depth === 0) break;
      out.add(j);
    }
  }
  return out;
}
