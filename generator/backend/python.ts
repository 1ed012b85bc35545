/**
 * Python source helpers: safe literals and PEP 8 line wrapping for the
 * backend renderer. Private to this folder.
 *
 * @module
 */

/** PEP 8's maximum line length. */
export const MAX_LINE = 79;

/**
 * Python keywords and soft keywords, which cannot be attribute names, names
 * Pydantic 1 or 2 reserve on `BaseModel`, and the type names the generated
 * models annotate with (a field `date: date | None = None` would shadow the
 * type in its own annotation).
 */
const UNUSABLE_ATTRIBUTES = new Set([
  "False",
  "None",
  "True",
  "and",
  "as",
  "assert",
  "async",
  "await",
  "break",
  "class",
  "continue",
  "def",
  "del",
  "elif",
  "else",
  "except",
  "finally",
  "for",
  "from",
  "global",
  "if",
  "import",
  "in",
  "is",
  "lambda",
  "nonlocal",
  "not",
  "or",
  "pass",
  "raise",
  "return",
  "try",
  "while",
  "with",
  "yield",
  "construct",
  "copy",
  "dict",
  "fields",
  "from_orm",
  "json",
  "parse_file",
  "parse_obj",
  "parse_raw",
  "schema",
  "schema_json",
  "update_forward_refs",
  "validate",
  "date",
  "datetime",
  "time",
  "timedelta",
  "timezone",
  "str",
  "int",
  "float",
  "bool",
  "list",
  "dict",
  "set",
  "tuple",
  "bytes",
  "object",
  "type",
  "any",
]);

/**
 * A Python string literal for any text. JSON's escapes are all valid Python
 * escapes, so spec text with quotes, backslashes or newlines stays data.
 *
 * @param text Any text.
 * @returns A double-quoted Python literal.
 */
export function pyStr(text: string): string {
  return JSON.stringify(text);
}

/**
 * A docstring: whitespace runs become single spaces, and backslashes and
 * double quotes are escaped so text cannot end the string. Text too long for
 * one line is wrapped, with the closing quotes on their own line.
 *
 * @param text Any text.
 * @param indent The indentation of the line the docstring starts on.
 * @returns `"""text"""`, its first line without indentation.
 */
export function pyDoc(text: string, indent = ""): string {
  const line = text.replace(/\s+/g, " ").trim().replace(/[\\"]/g, (c) => `\\${c}`);
  if (indent.length + line.length + 6 <= MAX_LINE) return `"""${line}"""`;
  const lines: string[] = [];
  let current = '"""';
  for (const word of line.split(" ")) {
    if (current !== '"""' && indent.length + current.length + 1 + word.length > MAX_LINE) {
      lines.push(current);
      current = word;
    } else {
      current = current === '"""' ? current + word : `${current} ${word}`;
    }
  }
  lines.push(current, '"""');
  return lines.join(`\n${indent}`);
}

/**
 * A Python number literal.
 *
 * @param value A finite number.
 * @returns e.g. `5`, `-0.5`, `1e+21`.
 */
export function pyNum(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value}: not a finite number`);
  return Object.is(value, -0) ? "0" : String(value);
}

/** A JSON-like value the renderer writes as a Python literal. */
export type PyValue = string | number | boolean | null;

/**
 * @param value A JSON-like value.
 * @returns Its Python literal (`True`, `None`, `"x"`, `3`).
 */
export function pyLiteral(value: PyValue): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return pyNum(value);
  return pyStr(value);
}

/**
 * The Python attribute for a JSON field name. Names Python or Pydantic
 * reserve get a trailing underscore, and names in Pydantic 2's protected
 * `model_` namespace a `field_` prefix; both need `alias=` on their `Field`.
 *
 * @param name A snake_case field name.
 * @returns e.g. `title`, `from_` for `from`, `field_model_name` for `model_name`.
 */
export function pyAttr(name: string): string {
  if (name.startsWith("model_")) return `field_${name}`;
  return UNUSABLE_ATTRIBUTES.has(name) ? `${name}_` : name;
}

/**
 * A call, subscript or signature wrapped like black does: on one line when
 * it fits, else its arguments on one indented line, else one per line with
 * a trailing comma.
 *
 * @param indent The indentation of the first line.
 * @param head Everything before the opening bracket, e.g. `x = Field`.
 * @param args The arguments.
 * @param tail Text after the closing bracket, e.g. ` -> int:`.
 * @param brackets The opening and closing bracket.
 * @returns The wrapped source, without a final newline.
 */
export function wrapCall(
  indent: string,
  head: string,
  args: readonly string[],
  tail = "",
  brackets = "()",
): string {
  const [open, close] = [brackets[0]!, brackets[1]!];
  const flat = `${indent}${head}${open}${args.join(", ")}${close}${tail}`;
  if (flat.length <= MAX_LINE) return flat;
  const inner = `${indent}    `;
  const oneLine = `${inner}${args.join(", ")}`;
  if (oneLine.length <= MAX_LINE) {
    return `${indent}${head}${open}\n${oneLine}\n${indent}${close}${tail}`;
  }
  const lines = args.map((a) => `${inner}${a},`).join("\n");
  return `${indent}${head}${open}\n${lines}\n${indent}${close}${tail}`;
}

/**
 * A function definition's first lines: the wrapped signature and its
 * docstring.
 *
 * @param name The function name.
 * @param params Its parameters, with annotations and defaults.
 * @param returns Its return annotation.
 * @param doc The docstring text.
 * @returns The `def` line(s) and the indented docstring.
 */
export function pyDef(
  name: string,
  params: readonly string[],
  returns: string,
  doc: string,
): string {
  return `${wrapCall("", `def ${name}`, params, ` -> ${returns}:`)}\n    ${pyDoc(doc, "    ")}`;
}

/**
 * A call whose first argument must stay on the first line (route
 * decorators, which the validator finds by `@router.get("<path>"`); later
 * arguments continue aligned with the opening bracket.
 *
 * @param indent The indentation of the first line.
 * @param head Everything before the opening bracket.
 * @param args The arguments; the first one always stays on the first line.
 * @returns The wrapped source, without a final newline.
 */
export function wrapAligned(indent: string, head: string, args: readonly string[]): string {
  const pad = " ".repeat(indent.length + head.length + 1);
  const lines: string[] = [];
  let line = `${indent}${head}(`;
  args.forEach((arg, i) => {
    const piece = i === args.length - 1 ? `${arg})` : `${arg},`;
    if (i === 0 || `${line} ${piece}`.length <= MAX_LINE) {
      line = i === 0 ? `${line}${piece}` : `${line} ${piece}`;
    } else {
      lines.push(line);
      line = `${pad}${piece}`;
    }
  });
  lines.push(line);
  return lines.join("\n");
}

/**
 * A `from module import names` statement, sorted and wrapped in
 * parentheses when too long.
 *
 * @param module The module, e.g. `app.db`.
 * @param names The names to import; duplicates are dropped.
 * @returns The statement, without a final newline.
 */
export function pyFromImport(module: string, names: readonly string[]): string {
  const sorted = [...new Set(names)].sort(pySortKey);
  const flat = `from ${module} import ${sorted.join(", ")}`;
  if (flat.length <= MAX_LINE) return flat;
  return `from ${module} import (\n${sorted.map((n) => `    ${n},`).join("\n")}\n)`;
}

/** isort's order for imported names: constants, then classes, then functions. */
function pySortKey(a: string, b: string): number {
  const rank = (n: string) => n === n.toUpperCase() ? 0 : /^[A-Z]/.test(n) ? 1 : 2;
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Joins top-level Python blocks with two blank lines, as PEP 8 asks
 * between top-level definitions, puts one blank line after the module
 * docstring (as black does), and ends the file with one newline.
 *
 * @param blocks Top-level blocks; the first starts with the docstring.
 * @returns The module source.
 */
export function pyModule(blocks: readonly string[]): string {
  const parts = blocks.map((b) => b.trimEnd()).filter((b) => b.length > 0);
  const first = parts[0];
  if (first !== undefined && first.startsWith('"""')) {
    const lines = first.split("\n");
    const end = /^""".*"""$/.test(lines[0]!) && lines[0]!.length >= 6
      ? 0
      : lines.findIndex((l, i) => i > 0 && l.endsWith('"""'));
    if (end >= 0 && end < lines.length - 1 && lines[end + 1] !== "") lines.splice(end + 1, 0, "");
    parts[0] = lines.join("\n");
  }
  return parts.join("\n\n\n") + "\n";
}

/** Imports of a Python module: module -> names (`from m import a, b`); no names: `import m`. */
export type PyImports = Readonly<Record<string, readonly string[]>>;

const THIRD_PARTY = new Set(["fastapi", "pydantic", "pytest", "starlette", "httpx"]);

/**
 * Merges import tables.
 *
 * @param tables Import tables.
 * @returns One table with every module and name.
 */
export function mergeImports(...tables: readonly PyImports[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    for (const [module, names] of Object.entries(table)) {
      out[module] = [...new Set([...(out[module] ?? []), ...names])];
    }
  }
  return out;
}

/**
 * The import block of a module, grouped as isort does: standard library,
 * third-party, then the app's own modules, each sorted.
 *
 * @param imports The imports.
 * @returns The lines, groups separated by a blank line.
 */
export function renderImports(imports: PyImports): string {
  const groups: string[][] = [[], [], []];
  const group = (module: string) => {
    const root = module.split(".")[0]!;
    if (root === "app" || root === "tests") return 2;
    return THIRD_PARTY.has(root) ? 1 : 0;
  };
  const modules = Object.keys(imports).sort((a, b) => {
    const plain = (m: string) => (imports[m]!.length === 0 ? 0 : 1);
    return group(a) - group(b) || plain(a) - plain(b) || (a < b ? -1 : a > b ? 1 : 0);
  });
  for (const module of modules) {
    const names = imports[module]!;
    groups[group(module)]!.push(
      names.length === 0 ? `import ${module}` : pyFromImport(module, names),
    );
  }
  return groups.filter((g) => g.length > 0).map((g) => g.join("\n")).join("\n\n");
}
