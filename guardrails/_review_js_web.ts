/**
 * TypeScript and JavaScript rule families of browser messaging, document
 * stores and ciphers: NoSQL filters built from the request (a `$where`
 * clause from a value, a request field passed as a filter value, which may
 * carry `{"$ne": null}`), `postMessage` to any origin and `message`
 * handlers on the window that never check the sender, an iframe's
 * `srcdoc` from data, ciphers that leak structure (ECB, DES, RC4) or reuse
 * a constant IV (Node's crypto, CryptoJS, WebCrypto), templates compiled
 * from the request (EJS, Pug, Handlebars, lodash, Nunjucks, Mustache, doT)
 * and deserialisers that revive code (js-yaml's full schema, `v8`).
 *
 * @module
 */
import ts from "typescript";
import type { RawFinding } from "./_review_python.ts";

type Add = (node: ts.Node, rule: string, severity: RawFinding["severity"], message: string) => void;

const MONGO_METHODS =
  /^(?:find|findOne|findOneAndUpdate|findOneAndDelete|findOneAndReplace|updateOne|updateMany|deleteOne|deleteMany|replaceOne|countDocuments|count|distinct|where|exists)$/;
const REQUEST_FIELD = /^(?:req|request|ctx\.request)\.(?:body|query|params|cookies)\b/;
// A value made plain before it reaches the filter: String(x), Number(x), an escaped regex.
const COERCED = /^(?:String|Number|parseInt|parseFloat|Boolean|BigInt|encodeURIComponent)$/;
const WEAK_CIPHER =
  /(?:^|-)(?:ecb)$|^(?:des|des-|des3|des-ede|rc2|rc4|bf|blowfish|cast|idea|seed)/i;
// Template engines' compile-from-text calls: owner (or default import) and method.
const TEMPLATE_COMPILE =
  /^(?:ejs\.(?:render|compile)|pug\.(?:render|compile)|jade\.(?:render|compile)|Handlebars\.(?:compile|precompile)|handlebars\.(?:compile|precompile)|_\.template|lodash\.template|nunjucks\.(?:renderString|compile)|Mustache\.render|mustache\.render|doT\.(?:template|compile)|dot\.(?:template|compile))$/;
const SANITISED = /\b(?:DOMPurify|purify|sanitize|sanitizeHtml|xss|escapeHtml|escape)\b/;

/**
 * Adds the findings of the families above for one file.
 *
 * @param file The syntax tree.
 * @param add Reports a finding.
 * @param fromUser Whether an expression carries request data.
 */
export function checkWebFamilies(
  file: ts.SourceFile,
  add: Add,
  fromUser: (node: ts.Node | undefined) => boolean,
): void {
  const text = (n: ts.Node) => n.getText(file);
  const constants = constantBuffers(file);
  const raw = rawRequestNames(file);
  const routers = routerNames(file);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : "";
      const owner = ts.isPropertyAccessExpression(callee) ? text(callee.expression) : "";
      const [first, second, third] = node.arguments;
      if (ts.isPropertyAccessExpression(callee) && MONGO_METHODS.test(name) && first) {
        checkFilter(first, node);
      }
      // Open redirects the other rules do not see: a Location header, a client-side router.
      if (
        name === "writeHead" &&
          node.arguments.some((a) =>
            ts.isObjectLiteralExpression(a) &&
            a.properties.some((p) =>
              ts.isPropertyAssignment(p) && /^["']?location["']?$/i.test(p.name.getText(file)) &&
              fromUser(p.initializer)
            )
          ) ||
        name === "setHeader" && first && ts.isStringLiteralLike(first) &&
          /^location$/i.test(first.text) && fromUser(second) ||
        /^(?:push|replace)$/.test(name) && routers.has(owner) && fromUser(first) &&
          !startsWithPath(first) && !isCheckedPath(first, file) ||
        /^(?:assign|replace)$/.test(name) && /^(?:window\.)?location$/.test(owner) &&
          fromUser(first) && !startsWithPath(first) && !isCheckedPath(first, file)
      ) {
        add(node, "js-open-redirect", "medium", "a redirect to a URL from the request");
      }
      if (name === "$where" && first && !ts.isStringLiteral(first)) {
        add(node, "js-nosql-injection", "high", "a $where clause built from a value");
      }
      const qualified = owner ? `${owner}.${name}` : name;
      if (TEMPLATE_COMPILE.test(qualified) && first && fromUser(first)) {
        add(node, "js-template-injection", "high", `${qualified}() of a template from the request`);
      }
      if (
        (name === "load" || name === "loadAll") && /js-yaml/.test(file.text) &&
        node.arguments.slice(1).some((a) => /\b(?:DEFAULT_)?FULL_SCHEMA\b/.test(text(a)))
      ) {
        add(node, "js-unsafe-deserialise", "high", "js-yaml with the full schema can run code");
      }
      if (/^(?:unsafeLoad|unsafeLoadAll)$/.test(name) && /js-yaml/.test(file.text)) {
        add(node, "js-unsafe-deserialise", "high", `yaml.${name}() can run code`);
      }
      if (name === "deserialize" && owner === "v8") {
        add(node, "js-unsafe-deserialise", "medium", "v8.deserialize() of outside bytes");
      }
      if (
        name === "postMessage" && second && ts.isStringLiteralLike(second) && second.text === "*"
      ) {
        add(node, "js-postmessage-wildcard", "medium", 'postMessage() to any origin ("*")');
      }
      if (
        name === "addEventListener" && /^(?:window|globalThis)$/.test(owner) && first &&
        ts.isStringLiteralLike(first) && first.text === "message" && second &&
        !/\.origin\b|\bsource\s*[!=]==/.test(text(second))
      ) {
        add(
          node,
          "js-postmessage-wildcard",
          "medium",
          "a message handler that never checks the origin",
        );
      }
      if (/^(?:createCipheriv|createDecipheriv|createCipher|createDecipher)$/.test(name) && first) {
        if (ts.isStringLiteralLike(first) && WEAK_CIPHER.test(first.text)) {
          add(node, "js-weak-crypto", "high", `a weak cipher mode ("${first.text}")`);
        } else if (/^create(?:De)?[Cc]ipher$/.test(name)) {
          add(node, "js-weak-crypto", "medium", `${name}() derives its IV from the key`);
        } else if (third && isConstantIv(third, constants, file)) {
          add(node, "js-weak-crypto", "medium", "a cipher with a constant IV");
        }
      }
    }
    if (ts.isPropertyAccessExpression(node)) {
      const path = text(node);
      if (/^CryptoJS\.(?:DES|TripleDES|RC4|RC4Drop|Rabbit|mode\.ECB)$/.test(path)) {
        add(node, "js-weak-crypto", "high", `a weak cipher (${path})`);
      }
    }
    // WebCrypto: { name: "AES-CBC", iv: new Uint8Array(16) }.
    if (
      ts.isPropertyAssignment(node) && /^(?:iv|nonce|counter)$/.test(node.name.getText(file)) &&
      ts.isObjectLiteralExpression(node.parent) &&
      /\bname\s*:\s*["'`]AES-/.test(text(node.parent)) &&
      isConstantIv(node.initializer, constants, file)
    ) {
      add(node, "js-weak-crypto", "medium", "a cipher with a constant IV");
    }
    // window.onmessage = (e) => … without a look at e.origin.
    if (
      ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      /^(?:window|globalThis)\.onmessage$/.test(text(node.left)) &&
      !/\.origin\b/.test(text(node.right))
    ) {
      add(
        node,
        "js-postmessage-wildcard",
        "medium",
        "a message handler that never checks the origin",
      );
    }
    // <iframe srcDoc={html}>: the document runs with the page's origin unless sandboxed.
    if (ts.isJsxAttribute(node) && /^srcdoc$/i.test(node.name.getText(file))) {
      const init = node.initializer;
      const value = init && ts.isJsxExpression(init) ? init.expression : undefined;
      if (value && !ts.isStringLiteralLike(value) && !SANITISED.test(text(value))) {
        add(node, "js-dangerous-html", "high", "an iframe's srcdoc from data");
      }
    }
    if (
      ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) && node.left.name.text === "srcdoc" &&
      !ts.isStringLiteralLike(node.right) && !SANITISED.test(text(node.right))
    ) {
      add(node, "js-dangerous-html", "high", "an iframe's srcdoc from data");
    }
    ts.forEachChild(node, visit);
  };

  function checkFilter(filter: ts.Expression, call: ts.Node) {
    if (
      (REQUEST_FIELD.test(text(filter)) || ts.isIdentifier(filter) && raw.has(filter.text)) &&
      !ts.isObjectLiteralExpression(filter)
    ) {
      add(call, "js-nosql-injection", "high", "a query filter taken from the request");
      return;
    }
    if (!ts.isObjectLiteralExpression(filter)) return;
    for (const prop of filter.properties) {
      if (!ts.isPropertyAssignment(prop)) continue;
      const key = prop.name.getText(file).replace(/^["']|["']$/g, "");
      const value = prop.initializer;
      if (
        key === "$where" && !ts.isStringLiteral(value) && !ts.isNoSubstitutionTemplateLiteral(value)
      ) {
        add(prop, "js-nosql-injection", "high", "a $where clause built from a value");
      } else if (
        !key.startsWith("$") && REQUEST_FIELD.test(text(value)) && fromUser(value) &&
        !(ts.isCallExpression(value) && ts.isIdentifier(value.expression) &&
          COERCED.test(value.expression.text))
      ) {
        add(prop, "js-nosql-injection", "high", `"${key}" matched against a raw request value`);
      }
    }
  }
  visit(file);
}

/** `/items/${id}` or "/login": a path of this site whatever the value in it. */
function startsWithPath(node: ts.Node | undefined): boolean {
  if (node === undefined) return false;
  if (ts.isStringLiteralLike(node)) return /^\/(?!\/)/.test(node.text);
  if (ts.isTemplateExpression(node)) return /^\/(?!\/)/.test(node.head.text);
  return false;
}

/**
 * A target checked to be a path of this site before the redirect: `ok(next) ? next : "/"`, or
 * a function that tests `next.startsWith("/")` and refuses `"//"` (a protocol-relative URL
 * leaves the site) before it redirects.
 */
function isCheckedPath(node: ts.Node | undefined, file: ts.SourceFile): boolean {
  if (node === undefined) return false;
  if (ts.isParenthesizedExpression(node)) return isCheckedPath(node.expression, file);
  if (ts.isConditionalExpression(node)) {
    const [value, fallback] = startsWithPath(node.whenFalse)
      ? [node.whenTrue, node.whenFalse]
      : [node.whenFalse, node.whenTrue];
    return startsWithPath(fallback) &&
      (startsWithPath(value) || ts.isIdentifier(value) &&
          sameSitePathTest(node.condition.getText(file), value.text));
  }
  if (!ts.isIdentifier(node)) return false;
  let scope: ts.Node = node;
  while (scope.parent && !ts.isFunctionLike(scope)) scope = scope.parent;
  return sameSitePathTest(scope.getText(file), node.text);
}

function sameSitePathTest(code: string, name: string): boolean {
  const n = name.replace(/\$/g, "\\$");
  const slash = new RegExp(`\\b${n}\\.startsWith\\(\\s*["'\`]/["'\`]\\s*\\)`);
  const double = new RegExp(
    `\\b${n}\\.startsWith\\(\\s*["'\`]//["'\`]\\s*\\)|\\b${n}\\[1\\]\\s*!==?\\s*["'\`]/|\\b${n}\\.charAt\\(1\\)`,
  );
  const parsed = new RegExp(`new URL\\(\\s*${n}\\b[^)]*\\)\\.origin\\s*[!=]==`);
  return (slash.test(code) && double.test(code)) || parsed.test(code);
}

/** Names bound to the request's data as it came: `JSON.parse(req.query.f)`, `req.body`. */
function rawRequestNames(file: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer &&
      /^(?:JSON\.parse\(\s*(?:req|request)\.|(?:await\s+)?(?:req|request)\.(?:body|query|json\(\))\s*(?:as\b|$))/
        .test(node.initializer.getText(file))
    ) {
      out.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** Names bound to a router: `const router = useRouter()`, `const navigate = useNavigate()`. */
function routerNames(file: ts.SourceFile): Set<string> {
  const out = new Set<string>(["router", "history"]);
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer &&
      /^use(?:Router|History|Navigate)\(\)$/.test(node.initializer.getText(file))
    ) {
      out.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** Names bound to a buffer of constant bytes: `Buffer.from("0000")`, `Buffer.alloc(16)`. */
function constantBuffers(file: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer &&
      isConstantIv(node.initializer, out, file)
    ) {
      out.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

function isConstantIv(node: ts.Expression, constants: Set<string>, file: ts.SourceFile): boolean {
  if (ts.isIdentifier(node)) return constants.has(node.text);
  if (ts.isStringLiteralLike(node)) return true;
  if (ts.isNewExpression(node) && /^(?:Uint8Array|Buffer)$/.test(node.expression.getText(file))) {
    const args = node.arguments ?? ts.factory.createNodeArray();
    return args.length > 0 &&
      args.every((a) => ts.isNumericLiteral(a) || ts.isArrayLiteralExpression(a));
  }
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression.getText(file);
  const args = node.arguments;
  if (/^Buffer\.(?:from|alloc)$|^new Uint8Array$/.test(callee)) {
    return args.length > 0 &&
      args.every((a) =>
        ts.isStringLiteralLike(a) || ts.isNumericLiteral(a) || ts.isArrayLiteralExpression(a)
      );
  }
  return false;
}
