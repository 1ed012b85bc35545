/**
 * Risky constructs in Python, found on tokens so comments, strings and names
 * such as `evaluation` or `ast.literal_eval` are not hits.
 *
 * @module
 */
import { type PyToken, tokenizePython } from "./_python_tokens.ts";
import { checkPythonCall, fromUser, lookupKeys, type PyFileFacts } from "./_review_python_calls.ts";
import { checkPythonWebCall } from "./_review_python_web.ts";
import { isConstantArgv, isFixedProgramArgv } from "./_review_python_argv.ts";
import {
  hasSecretFormat,
  isTestFile,
  looksLikeSecretValue,
  SECRET_FORMATS,
  SECRET_NAME,
} from "./_secrets.ts";

/** A finding before the gate adds the file and the snippet. */
export interface RawFinding {
  line: number;
  rule: string;
  severity: "high" | "medium" | "low";
  /** Why, in a few words. */
  message: string;
}

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
const OS_EXEC = /^(?:system|popen|popen[234]|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)$/;
const DESERIALISE: Record<string, RegExp> = {
  pickle: /^(?:loads?|Unpickler)$/,
  cPickle: /^(?:loads?|Unpickler)$/,
  _pickle: /^(?:loads?|Unpickler)$/,
  dill: /^loads?$/,
  marshal: /^loads?$/,
  shelve: /^open$/,
  jsonpickle: /^decode$/,
};
const GETATTR_RULES: readonly [RegExp, string][] = [
  [/^builtins\.(?:eval|exec|compile)$/, "python-eval"],
  [/^builtins\.__import__$/, "python-dunder-import"],
  [/^os\.(?:system|popen|exec\w*|spawn\w*)$/, "python-os-exec"],
  [/^subprocess\./, "python-subprocess"],
  [/^(?:c?pickle|marshal|dill)\.loads?$/, "python-unsafe-deserialise"],
];
const SAFE_YAML_LOADER = /^(?:SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;

/**
 * Scans one Python file.
 *
 * @param path The file's path (test files are spared the password rule).
 * @param source The code.
 * @returns The findings, in order.
 */
export function reviewPython(path: string, source: string): RawFinding[] {
  const t = tokenizePython(source);
  const out: RawFinding[] = [];
  const add = (line: number, rule: string, severity: RawFinding["severity"], message: string) =>
    out.push({ line, rule, severity, message });
  // Names bound by `from <module> import <name> [as alias]`.
  const imported = new Map<string, string>();
  // Names bound to SQL built by string formatting.
  const formattedSql = new Map<string, boolean>();
  const isOp = (k: number, v: string) => t[k]?.type === "op" && t[k]!.value === v;
  const isName = (k: number, v?: string) =>
    t[k]?.type === "name" && (v === undefined || t[k]!.value === v);
  const lineStart = (k: number) => k === 0 || t[k - 1]!.type === "newline";
  const facts = fileFacts(t, source);
  let inDef: string | undefined;
  // Calls to subprocess with a constant argument list and no shell: reported only when the
  // file also runs a command built from values.
  const constantRuns: RawFinding[] = [];
  let builtRuns = 0;

  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    // import statements
    if (tok.type === "name" && tok.value === "import" && lineStart(k)) {
      for (let j = k + 1; t[j] && t[j]!.type !== "newline"; j++) {
        if (isName(j, "subprocess")) {
          add(tok.line, "python-subprocess", "medium", "imports subprocess");
        }
        // import os as o, subprocess as sp
        if (isName(j) && isName(j + 1, "as") && isName(j + 2)) {
          let dotted = t[j]!.value;
          for (let b = j; isOp(b - 1, ".") && isName(b - 2); b -= 2) {
            dotted = `${t[b - 2]!.value}.${dotted}`;
          }
          imported.set(t[j + 2]!.value, dotted);
          j += 2;
        }
      }
    }
    if (tok.type === "name" && tok.value === "from" && lineStart(k) && t[k + 1]?.type === "name") {
      let module = t[k + 1]!.value;
      let j = k + 2;
      while (isOp(j, ".") && t[j + 1]?.type === "name") {
        module += "." + t[j + 1]!.value;
        j += 2;
      }
      if (module === "subprocess") {
        add(tok.line, "python-subprocess", "medium", "imports from subprocess");
      }
      for (; t[j] && t[j]!.type !== "newline"; j++) {
        if (t[j]!.type !== "name" || t[j]!.value === "import" || t[j]!.value === "as") continue;
        const alias = isName(j + 1, "as") && t[j + 2]?.type === "name"
          ? t[j + 2]!.value
          : t[j]!.value;
        imported.set(alias, `${module}.${t[j]!.value}`);
        if (isName(j + 1, "as")) j += 2;
      }
    }
    if (tok.type !== "name") continue;
    if (tok.value === "def" && t[k + 1]?.type === "name") inDef = t[k + 1]!.value;
    // Settings that switch protections off: DEBUG = True, ctx.check_hostname = False.
    if (isOp(k + 1, "=") && lineStart(k) && tok.value === "DEBUG" && isName(k + 2, "True")) {
      add(tok.line, "python-debug-mode", "high", "DEBUG = True serves tracebacks to anyone");
    }
    if (
      isOp(k - 1, ".") && isOp(k + 1, "=") && /^(?:debug)$/.test(tok.value) && isName(k + 2, "True")
    ) {
      add(tok.line, "python-debug-mode", "high", "debug = True serves tracebacks to anyone");
    }
    if (tok.value === "check_hostname" && isOp(k + 1, "=") && isName(k + 2, "False")) {
      add(
        tok.line,
        "python-tls-unverified",
        "high",
        "check_hostname = False skips certificate checks",
      );
    }
    if (tok.value === "CERT_NONE" && isOp(k - 1, ".")) {
      add(tok.line, "python-tls-unverified", "high", "ssl.CERT_NONE skips certificate checks");
    }
    // NAME = "literal" and NAME = f"...SQL {x}..."
    if (isOp(k + 1, "=") || (isOp(k + 1, ":") && isName(k + 2) && isOp(k + 3, "="))) {
      const v = isOp(k + 1, "=") ? k + 2 : k + 4;
      if (t[v]?.type === "string") {
        const end = endOfExpression(t, v);
        if (isFormattedSql(t, v, end)) formattedSql.set(tok.value, quotedInterpolation(t, v, end));
        if (end === v + 1) checkSecret(path, tok.value, t[v]!, add);
      }
    }
    // name="literal" keyword arguments and "name": "literal" dict entries
    if (isOp(k + 1, "=") && (isOp(k - 1, "(") || isOp(k - 1, ",")) && t[k + 2]?.type === "string") {
      checkSecret(path, tok.value, t[k + 2]!, add);
    }
    if (!isOp(k + 1, "(")) continue;
    if (isName(k - 1, "def") || isName(k - 1, "class")) continue;
    // The dotted name being called, e.g. "os.system" or "subprocess.run".
    let callee = tok.value;
    let j = k;
    while (isOp(j - 1, ".") && t[j - 2]?.type === "name") {
      callee = t[j - 2]!.value + "." + callee;
      j -= 2;
    }
    if (isOp(j - 1, ".")) callee = "?." + callee; // called on an expression
    const full = imported.get(callee.split(".")[0]!);
    const resolved = full ? full + callee.slice(callee.split(".")[0]!.length) : callee;
    const parts = resolved.split(".");
    const last = parts.at(-1)!;
    const owner = parts.at(-2);
    const close = matchingParen(t, k + 1);
    const args = t.slice(k + 2, close);
    const line = tok.line;
    const assignedTo = isOp(j - 1, "=") && t[j - 2]?.type === "name" ? t[j - 2]!.value : undefined;
    const call = { resolved, last, args, line, inDef, assignedTo };
    checkPythonCall(call, facts, add);
    checkPythonWebCall(call, facts, add);

    if (/^(?:builtins\.)?(?:eval|exec|compile)$/.test(resolved)) {
      add(line, "python-eval", "high", `calls ${last}() on code`);
    } else if (resolved === "getattr" && args[0]?.type === "name" && args[2]?.type === "string") {
      // getattr(os, "system") reaches the same function without naming it in a call.
      const target = `${imported.get(args[0].value) ?? args[0].value}.${args[2].body}`;
      const rule = GETATTR_RULES.find(([re]) => re.test(target));
      if (rule) add(line, rule[1], "high", `reaches ${target} through getattr()`);
    } else if (
      /^(?:builtins\.)?__import__$/.test(resolved) ||
      resolved === "importlib.import_module" && !constantModule(args)
    ) {
      add(line, "python-dunder-import", "medium", "imports a module by a computed name");
    } else if (parts[0] === "subprocess" || resolved.startsWith("asyncio.create_subprocess")) {
      const shell = args.some((a, n) =>
        a.type === "name" && a.value === "shell" && args[n + 1]?.value === "=" &&
        args[n + 2]?.value !== "False"
      );
      const finding: RawFinding = {
        line,
        rule: "python-subprocess",
        severity: shell ? "high" : "medium",
        message: shell ? "runs a shell command (shell=True)" : `runs a process (${resolved})`,
      };
      // An argument list naming its program, without a shell, runs no command the user wrote.
      if (!shell && (isConstantArgv(args) || isFixedProgramArgv(args, source))) {
        constantRuns.push(finding);
      } else {
        builtRuns++;
        out.push(finding);
      }
    } else if (
      (owner === "os" && OS_EXEC.test(last)) || resolved === "pty.spawn" ||
      resolved.startsWith("commands.getoutput")
    ) {
      add(line, "python-os-exec", "high", `runs a shell command (${resolved})`);
    } else if (owner !== undefined && DESERIALISE[owner]?.test(last)) {
      add(line, "python-unsafe-deserialise", "high", `deserialises untrusted data (${resolved})`);
    } else if (
      owner === "yaml" && /^(?:load|load_all|unsafe_load|unsafe_load_all|full_load)$/.test(last)
    ) {
      const safe = args.some((a) => a.type === "name" && SAFE_YAML_LOADER.test(a.value));
      if (!safe || last.startsWith("unsafe") || last.startsWith("full")) {
        add(line, "python-unsafe-deserialise", "high", `yaml.${last}() without a safe loader`);
      }
    } else if (SQL_CALLS.has(last) && (owner !== undefined || last === "text")) {
      const firstEnd = topLevelComma(args);
      const first = args.slice(0, firstEnd);
      const single = firstEnd === args.length;
      const viaName = first.length === 1 && first[0]!.type === "name" &&
        formattedSql.has(first[0]!.value);
      const formatted = first[0]?.type === "string" && isFormattedSql(first, 0, first.length);
      const quoted = viaName
        ? formattedSql.get(first[0]!.value)!
        : quotedInterpolation(t, k, close);
      // Only names picked from a constant table (ORDER BY {column}, column = SORTABLE.get(...)).
      const picked = formatted && (first[0]!.prefix ?? "").includes("f") &&
        [...(first[0]!.body ?? "").matchAll(/\{([^}]*)\}/g)].every((m) =>
          /^[A-Za-z_]\w*$/.test(m[1]!.trim()) && fromTable(t, m[1]!.trim())
        );
      if ((formatted || viaName) && (single || quoted) && !picked) {
        add(line, "python-sql-format", "high", "SQL built by string formatting");
      }
    }
  }
  if (builtRuns > 0) out.push(...constantRuns);
  else {
    // Only constant commands: an import of subprocess alone runs nothing either.
    for (let i = out.length - 1; i >= 0; i--) {
      if (out[i]!.rule === "python-subprocess" && out[i]!.severity === "medium") out.splice(i, 1);
    }
  }
  for (const tok of t) {
    if (tok.type !== "string") continue;
    if (hasSecretFormat(tok.body ?? "")) {
      add(tok.line, "hardcoded-secret", "high", "a key or credential in the code");
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Names bound from request data, route parameters, and modules imported. */
function fileFacts(t: PyToken[], source: string): PyFileFacts {
  const facts: PyFileFacts = { tainted: new Set(), source, modules: new Set() };
  const bodies = bodyModels(t);
  for (let k = 0; k < t.length; k++) {
    const start = k === 0 || t[k - 1]!.type === "newline";
    if (start && (t[k]!.value === "import" || t[k]!.value === "from")) {
      for (let j = k + 1; t[j] && t[j]!.type !== "newline" && t[j]!.value !== "import"; j++) {
        if (t[j]!.type === "name") facts.modules.add(t[j]!.value);
        if (t[k]!.value === "from") break;
      }
      if (t[k]!.value === "import") {
        for (let j = k + 1; t[j] && t[j]!.type !== "newline"; j++) {
          if (t[j]!.type === "name" && t[j - 1]?.value !== "as") facts.modules.add(t[j]!.value);
        }
      }
    }
    // Parameters of route handlers (@app.get, @router.post, @bp.route) and Django views.
    if (t[k]!.value === "def" && t[k + 1]?.type === "name" && t[k + 2]?.value === "(") {
      let back = k - 1;
      let routed = false;
      for (let lines = 0; back >= 0 && lines < 4; back--) {
        if (t[back]!.type === "newline") lines++;
        if (
          t[back]!.value === "@" &&
          /^(?:get|post|put|patch|delete|route|api_route|websocket|head)$/.test(
            t[back + 3]?.value ?? "",
          )
        ) routed = true;
      }
      const params: string[] = [];
      let depth = 0;
      for (let j = k + 2; j < t.length; j++) {
        const v = t[j]!.type === "op" ? t[j]!.value : "";
        if ("([{".includes(v) && v) depth++;
        if (")]}".includes(v) && v) depth--;
        if (depth === 0) break;
        if (
          depth === 1 && t[j]!.type === "name" &&
          (t[j - 1]!.value === "(" || t[j - 1]!.value === ",")
        ) {
          // The parameter's own annotation only: up to the next "," or ")" at this depth.
          let stop = j + 1;
          for (let d = 0; stop < t.length; stop++) {
            const w = t[stop]!.type === "op" ? t[stop]!.value : "";
            if (d === 0 && (w === "," || w === ")")) break;
            if ("([{".includes(w) && w) d++;
            if (")]}".includes(w) && w) d--;
          }
          const annotation = t.slice(j + 1, stop).map((x) => x.value).join(" ");
          if (!/Depends|Session|BackgroundTasks|Response|Request\b/.test(annotation)) {
            params.push(t[j]!.value);
          }
          // A request body model's fields are the client's text wherever the model goes.
          if (stop === j + 3 && t[j + 1]!.value === ":" && bodies.has(t[j + 2]!.value)) {
            facts.tainted.add(t[j]!.value);
          }
        }
      }
      const django = params[0] === "request";
      if (routed || django) {
        for (const p of params) {
          if (
            !/^(?:self|cls|request|db|session|background_tasks|response|current_user|user|settings)$/
              .test(p)
          ) {
            facts.tainted.add(p);
          }
        }
      }
    }
  }
  // NAME = <expression from the user>, twice so that one hop through a helper name counts.
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < t.length; k++) {
      if (t[k]!.type !== "name" || t[k + 1]?.value !== "=" || t[k + 2]?.value === "=") continue;
      let end = k + 2;
      while (end < t.length && t[end]!.type !== "newline") end++;
      if (fromUser(t.slice(k + 2, end), facts)) facts.tainted.add(t[k]!.value);
    }
  }
  return facts;
}

/** Classes of the file that are Pydantic models (`class Draft(BaseModel)`), one hop deep. */
function bodyModels(t: PyToken[]): Set<string> {
  const out = new Set<string>();
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k + 3 < t.length; k++) {
      if (t[k]!.value !== "class" || t[k + 1]!.type !== "name" || t[k + 2]!.value !== "(") continue;
      for (let j = k + 3; j < t.length && t[j]!.value !== ")"; j++) {
        if (t[j]!.value === "BaseModel" || out.has(t[j]!.value)) out.add(t[k + 1]!.value);
      }
    }
  }
  return out;
}

function checkSecret(
  path: string,
  name: string,
  value: PyToken,
  add: (l: number, r: string, s: "high", m: string) => void,
) {
  if (isTestFile(path) || !SECRET_NAME.test(name) || (value.prefix ?? "").includes("f")) return;
  if (SECRET_FORMATS.some((re) => re.test(value.body ?? ""))) return; // reported on its own
  if (looksLikeSecretValue(value.body ?? "")) {
    add(value.line, "hardcoded-secret", "high", `"${name}" is a literal`);
  }
}

function matchingParen(t: PyToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < t.length; k++) {
    const v = t[k]!.type === "op" ? t[k]!.value : "";
    if (v === "(" || v === "[" || v === "{") depth++;
    if (v === ")" || v === "]" || v === "}") depth--;
    if (depth === 0) return k;
  }
  return t.length;
}

function topLevelComma(args: PyToken[]): number {
  let depth = 0;
  for (let k = 0; k < args.length; k++) {
    const v = args[k]!.type === "op" ? args[k]!.value : "";
    if ("([{".includes(v) && v) depth++;
    if (")]}".includes(v) && v) depth--;
    if (v === "," && depth === 0) return k;
  }
  return args.length;
}

function endOfExpression(t: PyToken[], from: number): number {
  let depth = 0;
  for (let k = from; k < t.length; k++) {
    const v = t[k]!.type === "op" ? t[k]!.value : "";
    if ("([{".includes(v) && v) depth++;
    if (")]}".includes(v) && v) depth--;
    if (t[k]!.type === "newline" || (depth < 0) || (v === "," && depth === 0)) return k;
  }
  return t.length;
}

/** A string expression in tokens [from, to) that is SQL and is formatted with values. */
function isFormattedSql(t: PyToken[], from: number, to: number): boolean {
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
function quotedInterpolation(t: PyToken[], from: number, to: number): boolean {
  return t.slice(from, to).some((x) =>
    x.type === "string" && /['"](?:\{[^}]*\}|%[sd])['"]/.test(x.body ?? "")
  );
}

/** A module named by a plain string, or picked from a constant table (`EXPORTERS[fmt]`). */
function constantModule(args: PyToken[]): boolean {
  const first = args[0];
  if (first === undefined) return false;
  if (first.type === "string") return !(first.prefix ?? "").includes("f");
  const keys = lookupKeys(args);
  return /^[A-Z][A-Z0-9_]+$/.test(first.value) && keys.has(1);
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
