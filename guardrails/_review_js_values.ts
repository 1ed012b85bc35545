/**
 * What the TypeScript and JavaScript rules read off a value and its place:
 * names bound from request data, the name a value is given, a path of this
 * site, a URL whose host is written in the code, a `javascript:` URL, and
 * assignments inside loops over keys or down a dotted path.
 *
 * @module
 */
import ts from "typescript";

/** Request data, by the names web frameworks give it. */
export const SOURCE =
  /\b(?:req|request|ctx|context)\.(?:query|params|body|headers|cookies|url|originalUrl|path|header|get|param|search|nextUrl)\b|\b(?:req|request)\.(?:json|formData|text|arrayBuffer|blob)\(|\bsearchParams\b|\b(?:event|evt)\.(?:body|queryStringParameters|pathParameters)\b|\blocation\.(?:search|hash|href)\b|\bprocess\.argv\b|\bformData\.get\b|\buseSearchParams\b|\brouter\.query\b/;

/** The property `key` of an object literal, or the literal itself. */
export function p(node: ts.ObjectLiteralExpression, key: string): ts.Node {
  return node.properties.find((x) => x.name?.getText() === key) ?? node;
}

/** A string, template or concatenation that starts with `javascript:`. */
export function isJavascriptUrl(node: ts.Node): boolean {
  let n = node;
  while (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken) n = n.left;
  if (ts.isParenthesizedExpression(n)) return isJavascriptUrl(n.expression);
  const head = ts.isStringLiteralLike(n) ? n.text : ts.isTemplateExpression(n) ? n.head.text : "";
  return /^\s*javascript:/i.test(head);
}

/** The name a value is given: the variable, property or function around the node. */
export function enclosingName(node: ts.Node): string {
  const names: string[] = [];
  for (let n: ts.Node | undefined = node.parent; n && names.length < 3; n = n.parent) {
    if (
      (ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isFunctionDeclaration(n) ||
        ts.isMethodDeclaration(n) || ts.isPropertyDeclaration(n)) && n.name
    ) {
      names.push(n.name.getText());
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      names.push(n.left.getText());
    }
    if (ts.isReturnStatement(n) || ts.isCallExpression(n) && n !== node) {
      const fn = ts.findAncestor(n, ts.isFunctionLike);
      if (fn && "name" in fn && fn.name) names.push(fn.name.getText());
    }
  }
  return names.join(" ");
}

/** A path of this site: `"/x"`, `` `/items/${id}` ``, `new URL("/dashboard", req.url)`. */
export function sitePath(node: ts.Node | undefined): boolean {
  if (node === undefined) return false;
  const path = (n: ts.Node) =>
    ts.isStringLiteralLike(n) && /^\/(?!\/)/.test(n.text) ||
    ts.isTemplateExpression(n) && /^\/(?!\/)/.test(n.head.text);
  if (path(node)) return true;
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) &&
    node.expression.text === "URL" && node.arguments?.[0] !== undefined && path(node.arguments[0]);
}

/**
 * `node[key] = value` at the end of a walk down a dotted path (`node = node[part]` in a loop):
 * a path such as `"__proto__.isAdmin"` reaches the prototype.
 */
export function walksPath(target: ts.ElementAccessExpression): boolean {
  const owner = target.expression;
  if (!ts.isIdentifier(owner)) return false;
  let scope: ts.Node = target;
  while (scope.parent && !ts.isFunctionLike(scope)) scope = scope.parent;
  let walked = false;
  const visit = (n: ts.Node) => {
    if (walked) return;
    if (
      ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(n.left) && n.left.text === owner.text &&
      ts.isElementAccessExpression(n.right) && ts.isIdentifier(n.right.expression) &&
      n.right.expression.text === owner.text && insideLoop(n)
    ) walked = true;
    ts.forEachChild(n, visit);
  };
  visit(scope);
  return walked;
}

/**
 * A URL whose scheme and host are written in the code, with request data only after the host:
 * `` `https://api.example.com/items/${id}` ``, `` `${API}/items/${id}` `` with `API` a literal,
 * `"https://api.example.com/q?x=" + q`.
 */
export function fixedHost(node: ts.Expression): boolean {
  const HOST = /^https?:\/\/[^/?#\s]+[/?#]/;
  if (ts.isParenthesizedExpression(node)) return fixedHost(node.expression);
  if (ts.isTemplateExpression(node)) {
    if (HOST.test(node.head.text)) return true;
    const [span] = node.templateSpans;
    if (node.head.text !== "" || span === undefined || !/^[/?#]/.test(span.literal.text)) {
      return false;
    }
    return ts.isIdentifier(span.expression) && literalUrl(span.expression);
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    let leftmost: ts.Expression = node;
    while (
      ts.isBinaryExpression(leftmost) && leftmost.operatorToken.kind === ts.SyntaxKind.PlusToken
    ) leftmost = leftmost.left;
    return ts.isStringLiteralLike(leftmost) && HOST.test(leftmost.text);
  }
  return false;
}

/** Whether a `const` of the file binds the name to a literal `http(s)://host` URL. */
export function literalUrl(id: ts.Identifier): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (
      ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === id.text &&
      n.initializer && ts.isStringLiteralLike(n.initializer) &&
      /^https?:\/\/[^/?#\s]+\/?$/.test(n.initializer.text) &&
      (n.parent.flags & ts.NodeFlags.Const) !== 0
    ) found = true;
    if (!found) ts.forEachChild(n, visit);
  };
  visit(id.getSourceFile());
  return found;
}

export function insideLoop(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isIterationStatement(n, false)) return true;
    if (
      ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) &&
      /^(?:forEach|reduce)$/.test(n.expression.name.text)
    ) return true;
    if (ts.isFunctionLike(n) && !ts.isArrowFunction(n)) return false;
  }
  return false;
}

export function insideKeyLoop(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isForInStatement(n)) return true;
    if (ts.isForOfStatement(n) && /Object\.(?:keys|entries)\(/.test(n.expression.getText())) {
      return true;
    }
    if (
      ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === "forEach" &&
      /Object\.keys\(/.test(n.expression.expression.getText())
    ) return true;
    if (ts.isFunctionLike(n) && !ts.isArrowFunction(n)) return false;
  }
  return false;
}

/** Variables bound from request data: `const { url } = req.query`, `const u = req.body.url`. */
export function taintedNames(file: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) out.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  for (let pass = 0; pass < 2; pass++) {
    const visit = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && node.initializer) {
        const init = node.initializer.getText(file);
        const uses = SOURCE.test(init) ||
          [...out].some((n) => new RegExp(`\\b${n}\\b`).test(init));
        if (uses) bind(node.name);
      }
      // Route handlers' `params` / `searchParams` arguments (Next.js) are request data.
      if (ts.isParameter(node) && ts.isObjectBindingPattern(node.name)) {
        for (const el of node.name.elements) {
          if (ts.isIdentifier(el.name) && /^(?:params|searchParams|query)$/.test(el.name.text)) {
            out.add(el.name.text);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return out;
}
