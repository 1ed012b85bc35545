/**
 * Risky constructs in Python, found on tokens so comments, strings and names
 * such as `evaluation` or `ast.literal_eval` are not hits.
 *
 * @module
 */
import { endOfExpression, matchingParen, type PyToken, tokenizePython } from "./_python_tokens.ts";
import { lookupKeys } from "./_review_python_args.ts";
import { checkPythonCall } from "./_review_python_calls.ts";
import { fileFacts } from "./_review_python_facts.ts";
import {
  checkSqlCall,
  isFormattedSql,
  isSqlCall,
  quotedInterpolation,
} from "./_review_python_sql.ts";
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
    } else if (isSqlCall(last, owner)) {
      checkSqlCall(t, k, close, args, formattedSql, add);
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

/** A module named by a plain string, or picked from a constant table (`EXPORTERS[fmt]`). */
function constantModule(args: PyToken[]): boolean {
  const first = args[0];
  if (first === undefined) return false;
  if (first.type === "string") return !(first.prefix ?? "").includes("f");
  const keys = lookupKeys(args);
  return /^[A-Z][A-Z0-9_]+$/.test(first.value) && keys.has(1);
}
