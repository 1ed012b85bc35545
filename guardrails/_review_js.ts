/**
 * Risky constructs in TypeScript and JavaScript, found on the syntax tree so
 * comments, strings and look-alike names are not hits.
 *
 * @module
 */
import ts from "typescript";
import type { RawFinding } from "./_review_python.ts";
import { checkScriptFamilies } from "./_review_js_rules.ts";
import { scriptTree } from "./script_tree.ts";
import {
  hasSecretFormat,
  isOptionValue,
  isTestFile,
  looksLikeSecretValue,
  SECRET_FORMATS,
  SECRET_NAME,
} from "./_secrets.ts";

const GLOBAL_OBJECTS = new Set(["window", "globalThis", "self", "global"]);
const SQL_METHODS = new Set([
  "query",
  "execute",
  "exec",
  "raw",
  "run",
  "all",
  "get",
  "prepare",
  "$queryRawUnsafe",
  "$executeRawUnsafe",
  "unsafe",
]);
const VM_RUNNERS = new Set([
  "runInThisContext",
  "runInNewContext",
  "runInContext",
  "compileFunction",
  "Script",
]);
const SQL_START = /^\s*(?:select|insert|update|delete|drop|create|alter|replace|with)\b/i;

/**
 * Scans one TypeScript or JavaScript file.
 *
 * @param path The file's path; its extension picks the dialect (TSX, JSX...).
 * @param source The code.
 * @returns The findings, in order.
 */
export function reviewScript(path: string, source: string): RawFinding[] {
  const file = scriptTree(path, source);
  const out: RawFinding[] = [];
  const add = (node: ts.Node, rule: string, severity: RawFinding["severity"], message: string) =>
    out.push({
      line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1,
      rule,
      severity,
      message,
    });
  const test = isTestFile(path);
  // child_process: a command run through a shell, or built from values, is high; execFile or
  // spawn of a literal program with no shell runs no input and is not reported.
  const processBindings = new Map<string, string>();
  const processNamespaces = new Set<string>();
  const processImports: ts.Node[] = [];
  let processCalls = 0;

  // `const { execFile } = require("child_process")` binds like an import does.
  const boundRequires = new Set<ts.Node>();

  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) && node.initializer && isChildProcessRequire(node.initializer)
    ) {
      const name = node.name;
      if (ts.isIdentifier(name)) processNamespaces.add(name.text);
      else if (ts.isObjectBindingPattern(name)) {
        for (const el of name.elements) {
          const key = el.propertyName ?? el.name;
          if (ts.isIdentifier(el.name) && ts.isIdentifier(key)) {
            processBindings.set(el.name.text, key.text);
          }
        }
      }
      if (ts.isIdentifier(name) || ts.isObjectBindingPattern(name)) {
        boundRequires.add(node.initializer);
        processImports.push(node);
      }
    }
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const spec = node.moduleSpecifier;
      const typeOnly = ts.isImportDeclaration(node)
        ? node.importClause?.isTypeOnly === true ||
          (node.importClause?.namedBindings !== undefined && !node.importClause.name &&
            ts.isNamedImports(node.importClause.namedBindings) &&
            node.importClause.namedBindings.elements.every((el) => el.isTypeOnly))
        : node.isTypeOnly;
      if (spec && ts.isStringLiteral(spec) && isChildProcess(spec.text) && !typeOnly) {
        const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
        const named = clause?.namedBindings;
        if (clause && !clause.name && named && ts.isNamedImports(named)) {
          for (const el of named.elements) {
            processBindings.set(el.name.text, (el.propertyName ?? el.name).text);
          }
          processImports.push(node);
        } else if (clause && (clause.name || (named && ts.isNamespaceImport(named)))) {
          processNamespaces.add(clause.name?.text ?? (named as ts.NamespaceImport).name.text);
          processImports.push(node);
        } else add(node, "js-child-process", "high", `imports ${spec.text}`);
      }
    } else if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (
        ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression) &&
        isChildProcess(ref.expression.text)
      ) {
        add(node, "js-child-process", "high", `imports ${ref.expression.text}`);
      }
    } else if (ts.isCallExpression(node)) {
      if (!boundRequires.has(node)) checkCall(node, add);
      const c = node.expression;
      const method = ts.isIdentifier(c)
        ? processBindings.get(c.text)
        : ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) &&
            processNamespaces.has(c.expression.text)
        ? c.name.text
        : undefined;
      if (method !== undefined) {
        processCalls++;
        const first = node.arguments[0];
        const shell = node.arguments.some((a) =>
          /\bshell\s*:\s*(?!\s|false\b)/.test(a.getText(file))
        );
        if (
          /^(?:exec|execSync)$/.test(method) || shell || !first || !ts.isStringLiteralLike(first)
        ) {
          add(node, "js-child-process", "high", `${method}() runs a command`);
        }
      }
    } else if (ts.isNewExpression(node) && calleeName(node.expression) === "Function") {
      add(node, "js-eval", "high", "new Function() compiles code from a string");
    } else if (
      ts.isNewExpression(node) && ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) && node.expression.expression.text === "vm" &&
      node.expression.name.text === "Script"
    ) {
      add(node, "js-eval", "high", "new vm.Script() compiles code from a string");
    } else if (ts.isJsxAttribute(node) && node.name.getText(file) === "dangerouslySetInnerHTML") {
      if (!isSanitisedHtml(node.initializer, file)) {
        add(node, "js-dangerous-html", "high", "renders raw HTML (dangerouslySetInnerHTML)");
      }
    } else if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.EqualsToken ||
        node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken)
    ) {
      const left = node.left;
      const prop = ts.isPropertyAccessExpression(left)
        ? left.name.text
        : ts.isElementAccessExpression(left) && ts.isStringLiteralLike(left.argumentExpression)
        ? left.argumentExpression.text
        : undefined;
      // el.dataset.innerHTML and el.style.x are plain properties, not the DOM sinks.
      const owner = ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)
        ? left.expression
        : undefined;
      const plain = owner !== undefined && ts.isPropertyAccessExpression(owner) &&
        (owner.name.text === "dataset" || owner.name.text === "style");
      // A literal ("" to clear, or fixed markup) injects nothing.
      const constant = ts.isStringLiteralLike(node.right) || isSanitiserCall(node.right, file);
      if ((prop === "innerHTML" || prop === "outerHTML") && !plain && !constant) {
        add(node, "js-dangerous-html", "high", `assigns ${prop}`);
      }
      if (ts.isIdentifier(left) || ts.isPropertyAccessExpression(left)) {
        const name = ts.isIdentifier(left) ? left.text : left.name.text;
        checkSecret(name, node.right, node);
      }
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      checkSecret(node.name.text, node.initializer, node);
    } else if (ts.isPropertyAssignment(node) && node.initializer) {
      const name = ts.isIdentifier(node.name) || ts.isStringLiteralLike(node.name)
        ? node.name.text
        : "";
      // Props passed by spread or to createElement reach React the same way as the attribute.
      if (name === "dangerouslySetInnerHTML" && !isSanitisedHtml(node.initializer, file)) {
        add(node, "js-dangerous-html", "high", "renders raw HTML (dangerouslySetInnerHTML)");
      }
      checkSecret(name, node.initializer, node);
    } else if (
      ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      if (hasSecretFormat(node.text)) {
        add(node, "hardcoded-secret", "high", "a key or credential in the code");
      }
    }
    ts.forEachChild(node, visit);
  };

  function checkSecret(name: string, value: ts.Expression, at: ts.Node) {
    if (test || !SECRET_NAME.test(name) || !ts.isStringLiteralLike(value)) return;
    if (isOptionValue(name, value.text)) return;
    if (SECRET_FORMATS.some((re) => re.test(value.text))) return; // reported on its own
    if (looksLikeSecretValue(value.text)) {
      add(at, "hardcoded-secret", "high", `"${name}" is a literal`);
    }
  }

  visit(file);
  if (processCalls === 0) {
    for (const node of processImports) {
      add(node, "js-child-process", "high", "imports child_process");
    }
  }
  checkScriptFamilies(file, add);
  return out.sort((a, b) => a.line - b.line);
}

// An HTML sanitiser's output: DOMPurify.sanitize(x), sanitizeHtml(x), purify.sanitize(x).
const SANITISER =
  /^(?:DOMPurify|purify|dompurify)\.sanitize$|^(?:sanitizeHtml|sanitize_html|xss|filterXSS)$/;

function isSanitiserCall(node: ts.Node, file: ts.SourceFile): boolean {
  return ts.isCallExpression(node) && SANITISER.test(node.expression.getText(file));
}

/** `{{ __html: DOMPurify.sanitize(x) }}` or `{{ __html: "<b>fixed</b>" }}`. */
function isSanitisedHtml(init: ts.Node | undefined, file: ts.SourceFile): boolean {
  const value = init && ts.isJsxExpression(init) ? init.expression : init;
  if (value === undefined || !ts.isObjectLiteralExpression(value)) return false;
  return value.properties.length === 1 &&
    value.properties.every((p) =>
      ts.isPropertyAssignment(p) && p.name.getText(file) === "__html" &&
      (ts.isStringLiteralLike(p.initializer) || isSafeMarkup(p.initializer, file))
    );
}

/**
 * Markup that injects nothing: a sanitiser's output, a `const` bound to one, or JSON with its
 * `<` escaped (`JSON.stringify(data).replace(/</g, "\\u003c")` for a JSON-LD script).
 */
function isSafeMarkup(node: ts.Expression, file: ts.SourceFile): boolean {
  if (isSanitiserCall(node, file)) return true;
  if (
    ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) &&
    /^replace(?:All)?$/.test(node.expression.name.text) &&
    /^JSON\.stringify\(/.test(node.expression.expression.getText(file)) &&
    /^\/<\/g?$|^["'`]<["'`]$/.test(node.arguments[0]?.getText(file) ?? "")
  ) return true;
  if (!ts.isIdentifier(node)) return false;
  let safe = false;
  const visit = (n: ts.Node) => {
    if (
      ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === node.text &&
      n.initializer && (n.parent.flags & ts.NodeFlags.Const) !== 0 &&
      isSafeMarkup(n.initializer, file)
    ) safe = true;
    if (!safe) ts.forEachChild(n, visit);
  };
  visit(file);
  return safe;
}

/** `require("child_process")`, `require("node:child_process")`. */
function isChildProcessRequire(expr: ts.Expression): expr is ts.CallExpression {
  const [first] = ts.isCallExpression(expr) ? expr.arguments : [];
  return ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) &&
    expr.expression.text === "require" && expr.arguments.length === 1 && first !== undefined &&
    ts.isStringLiteralLike(first) && isChildProcess(first.text);
}

function isChildProcess(module: string): boolean {
  return module === "child_process" || module === "node:child_process";
}

/** `eval`, `window.eval`, `globalThis["eval"]` → "eval"; other callees → their text or undefined. */
function calleeName(expr: ts.Expression): string | undefined {
  if (ts.isParenthesizedExpression(expr)) return calleeName(expr.expression);
  if (ts.isIdentifier(expr)) return expr.text;
  if (
    ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) &&
    GLOBAL_OBJECTS.has(expr.expression.text)
  ) {
    return expr.name.text;
  }
  if (
    ts.isElementAccessExpression(expr) && ts.isIdentifier(expr.expression) &&
    GLOBAL_OBJECTS.has(expr.expression.text) && ts.isStringLiteralLike(expr.argumentExpression)
  ) {
    return expr.argumentExpression.text;
  }
  // (0, eval)(x) is an indirect eval
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.CommaToken) {
    return calleeName(expr.right);
  }
  return undefined;
}

function isStringy(expr: ts.Expression | undefined): boolean {
  if (expr === undefined) return false;
  if (ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr)) return true;
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return isStringy(expr.left) || isStringy(expr.right);
  }
  return ts.isParenthesizedExpression(expr) && isStringy(expr.expression);
}

/** A template or `+` concatenation that builds SQL from values, or a `const` bound to one. */
function isFormattedSql(expr: ts.Expression | undefined): boolean {
  if (expr === undefined) return false;
  if (ts.isIdentifier(expr)) return isFormattedSql(initializerOf(expr));
  if (ts.isTemplateExpression(expr)) return SQL_START.test(expr.head.text);
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    let leftmost: ts.Expression = expr;
    while (
      ts.isBinaryExpression(leftmost) && leftmost.operatorToken.kind === ts.SyntaxKind.PlusToken
    ) {
      leftmost = leftmost.left;
    }
    return ts.isStringLiteralLike(leftmost) && SQL_START.test(leftmost.text);
  }
  return false;
}

/** The initializer of the variable an identifier names, when it is declared in the same file. */
function initializerOf(id: ts.Identifier): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (
      ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === id.text &&
      n.initializer && !ts.isIdentifier(n.initializer)
    ) {
      found = n.initializer;
    }
    ts.forEachChild(n, visit);
  };
  visit(id.getSourceFile());
  return found;
}

function checkCall(
  node: ts.CallExpression,
  add: (node: ts.Node, rule: string, severity: RawFinding["severity"], message: string) => void,
) {
  const name = calleeName(node.expression);
  const first = node.arguments[0];
  if (name === "eval") add(node, "js-eval", "high", "eval() runs code from a string");
  else if (
    ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === "vm" && VM_RUNNERS.has(node.expression.name.text)
  ) {
    add(node, "js-eval", "high", `vm.${node.expression.name.text}() runs code from a string`);
  } else if (name === "Function") {
    add(node, "js-eval", "high", "Function() compiles code from a string");
  } else if (
    (name === "setTimeout" || name === "setInterval" || name === "setImmediate") && isStringy(first)
  ) {
    add(node, "js-string-timer", "high", `${name}() with a string runs it as code`);
  } else if (
    name === "require" && first && ts.isStringLiteralLike(first) && isChildProcess(first.text)
  ) {
    add(node, "js-child-process", "high", `requires ${first.text}`);
  } else if (
    node.expression.kind === ts.SyntaxKind.ImportKeyword && first &&
    ts.isStringLiteralLike(first) && isChildProcess(first.text)
  ) {
    add(node, "js-child-process", "high", `imports ${first.text}`);
  }
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const owner = callee.expression;
    const isDocument = (ts.isIdentifier(owner) && owner.text === "document") ||
      (ts.isPropertyAccessExpression(owner) && owner.name.text === "document" &&
        ts.isIdentifier(owner.expression) && GLOBAL_OBJECTS.has(owner.expression.text));
    const markup = method === "insertAdjacentHTML" ? node.arguments[1] : first;
    // Fixed markup, or a sanitiser's output, injects nothing.
    const constant = markup !== undefined &&
      (ts.isStringLiteralLike(markup) || isSanitiserCall(markup, markup.getSourceFile()));
    if (
      constant && (method === "insertAdjacentHTML" || method === "write" || method === "writeln")
    ) {
      // nothing to report
    } else if ((method === "write" || method === "writeln") && isDocument) {
      add(node, "js-document-write", "medium", `document.${method}() writes raw HTML`);
    } else if (method === "insertAdjacentHTML") {
      add(node, "js-dangerous-html", "high", "inserts raw HTML (insertAdjacentHTML)");
    } else if (SQL_METHODS.has(method) && isFormattedSql(first)) {
      add(node, "js-sql-format", "high", "SQL built by string formatting");
    }
  }
}
