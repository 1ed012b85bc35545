/**
 * TypeScript and JavaScript rule families beyond code execution: files and
 * URLs from the request (path traversal, SSRF, open redirects), `require`,
 * `import()` and `RegExp` of computed values, `javascript:` links, JWTs read
 * without verification, randomness for secrets, prototype pollution, CORS
 * with credentials, TLS checks turned off, XML entities, node-serialize, and
 * literal signing keys. "From the request" means the expression names
 * `req.query`, `req.body`, `searchParams`... or a variable bound from one.
 *
 * @module
 */
import ts from "typescript";
import type { RawFinding } from "./_review_python.ts";
import { checkWebFamilies } from "./_review_js_web.ts";
import {
  enclosingName,
  fixedHost,
  insideKeyLoop,
  isJavascriptUrl,
  p,
  sitePath,
  SOURCE,
  taintedNames,
  walksPath,
} from "./_review_js_values.ts";

type Add = (node: ts.Node, rule: string, severity: RawFinding["severity"], message: string) => void;

const FS_METHODS =
  /^(?:readFile|readFileSync|createReadStream|createWriteStream|writeFile|writeFileSync|appendFile|appendFileSync|unlink|unlinkSync|rm|rmSync|readdir|readdirSync|open|openSync|stat|statSync|access|accessSync|copyFile|copyFileSync|rename|renameSync|sendFile|download|readJson|outputFile)$/;
const CONTAINED =
  /\.startsWith\(\s*(?:root|base|baseDir|BASE|ROOT|[A-Za-z_]*(?:DIR|Dir|dir|Root|root|Base|base))|path\.basename\(|\bbasename\(/;
// A named allow-list, or the parsed URL's host tested against a set or a literal.
const ALLOWLIST =
  /\b(?:allow(?:ed)?_?(?:hosts?|domains?|list|urls?|origins?)|allowlist|whitelist|trusted(?:Hosts?|Domains?|Origins?))\b|\.(?:has|includes)\(\s*[\w$.]+\.(?:hostname|host|origin)\s*\)|\.(?:hostname|host|origin)\s*[!=]==\s*["'`]/i;
const SAFE_REDIRECT =
  /\.startsWith\(\s*["'`]\/["'`]\s*\)|new URL\([^)]*\)\.(?:origin|host|hostname)|\bisSafe\w*\(|\bisRelative\w*\(|ALLOWED|allowed/;
const SECRETISH =
  /(?:token|secret|password|passwd|otp|nonce|salt|session|apiKey|api_key|csrf|reset|verification|auth|key|code|pin)/i;
const ARCHIVES = /["'](?:adm-zip|unzipper|yauzl|jszip|tar-stream|tar|decompress|extract-zip)["']/;
const ENTRY_NAME =
  /\b(?:entry|file|header|zipEntry|item)\.(?:entryName|path|fileName|filename|name|relativePath)\b/;
const MERGE =
  /^(?:merge|mergeWith|defaultsDeep|extend|deepmerge|deepMerge|assign|set|setWith|zipObjectDeep)$/;

/**
 * Adds the findings of the families above for one file.
 *
 * @param file The syntax tree.
 * @param add Reports a finding.
 */
export function checkScriptFamilies(file: ts.SourceFile, add: Add): void {
  const text = file.text;
  const tainted = taintedNames(file);
  const fromUser = (node: ts.Node | undefined): boolean => {
    if (node === undefined) return false;
    const s = node.getText(file);
    if (SOURCE.test(s)) return true;
    let found = false;
    const walk = (n: ts.Node) => {
      if (found) return;
      if (ts.isIdentifier(n) && tainted.has(n.text)) {
        // `x.length` or a property name is not the value itself, but x.y is.
        found = !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n);
      }
      ts.forEachChild(n, walk);
    };
    walk(node);
    return found;
  };
  const literal = (node: ts.Node | undefined) =>
    node !== undefined && (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node));

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      const args = node.arguments ?? ts.factory.createNodeArray();
      const first = args[0];
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : "";
      const owner = ts.isPropertyAccessExpression(callee) ? callee.expression.getText(file) : "";
      if (
        ts.isCallExpression(node) && name === "require" && ts.isIdentifier(callee) && first &&
        !literal(first)
      ) {
        add(node, "js-non-literal-require", "medium", "require() of a computed module name");
      }
      if (
        ts.isCallExpression(node) && callee.kind === ts.SyntaxKind.ImportKeyword && first &&
        !literal(first)
      ) {
        add(
          node,
          "js-dynamic-import",
          fromUser(first) ? "high" : "medium",
          "import() of a computed module name",
        );
      }
      if (
        name === "RegExp" && ts.isIdentifier(callee) && first && !literal(first) &&
        !ts.isRegularExpressionLiteral(first)
      ) {
        if (!/escape|^esc\w*\(|quote\w*\(/i.test(first.getText(file))) {
          add(node, "js-regex-injection", "medium", "a regular expression built from a value");
        }
      }
      if (FS_METHODS.test(name) && first && fromUser(first) && !CONTAINED.test(text)) {
        add(node, "js-path-traversal", "high", `${name}() on a path from the request`);
      }
      if (
        /^(?:join|resolve)$/.test(name) && owner === "path" && args.some((a) => fromUser(a)) &&
        !CONTAINED.test(text) && /\bfs\b|sendFile|download|createReadStream/.test(text)
      ) {
        add(node, "js-path-traversal", "high", `path.${name}() with a path from the request`);
      }
      // Zip slip: an archive entry's own name used as a path to write.
      if (
        (FS_METHODS.test(name) || (/^(?:join|resolve)$/.test(name) && owner === "path")) &&
        args.some((a) => ENTRY_NAME.test(a.getText(file))) && ARCHIVES.test(text) &&
        !CONTAINED.test(text)
      ) {
        add(node, "js-archive-extraction", "high", `${name}() with an archive entry's name`);
      }
      const httpCall = (name === "fetch" && ts.isIdentifier(callee)) ||
        (/^(?:get|post|put|patch|delete|head|request)$/.test(name) &&
          /^(?:axios|http|https|got|needle|superagent|request|ky)$/.test(owner)) ||
        (ts.isIdentifier(callee) && /^(?:axios|got|request|needle)$/.test(name));
      if (httpCall && first && fromUser(first) && !ALLOWLIST.test(text) && !fixedHost(first)) {
        add(node, "js-ssrf", "high", `${name}() to a URL from the request`);
      }
      if (
        name === "redirect" && first && fromUser(args[args.length - 1]) &&
        !SAFE_REDIRECT.test(text) && !sitePath(args[args.length - 1])
      ) {
        add(node, "js-open-redirect", "medium", "redirect() to a URL from the request");
      }
      if (
        MERGE.test(name) &&
        /^(?:_|lodash|\$|jQuery|Object|merge|hoek|Hoek)?$/.test(owner.replace(/^.*\./, "")) &&
        args.some((a) => fromUser(a) || /JSON\.parse\(/.test(a.getText(file)))
      ) {
        add(node, "js-prototype-pollution", "high", `${name}() of request data can set __proto__`);
      }
      // A header read to pick the key, with the token verified in the same function, is fine.
      if (
        name === "decode" && /^(?:jwt|jsonwebtoken|JWT)$/.test(owner) &&
        !/\b(?:jwt|jsonwebtoken|JWT)\.verify\(/.test(
          ts.findAncestor(node, ts.isFunctionLike)?.getText(file) ?? "",
        )
      ) {
        add(node, "js-jwt-unverified", "high", "jwt.decode() reads a token without verifying it");
      }
      if (name === "verify" && /^(?:jwt|jsonwebtoken|JWT)$/.test(owner)) {
        const opts = args.map((a) => a.getText(file)).join(" ");
        if (
          /["']none["']|ignoreExpiration\s*:\s*true|complete\s*:\s*true\s*,\s*algorithms\s*:\s*\[\s*\]/i
            .test(opts)
        ) {
          add(node, "js-jwt-unverified", "high", "jwt.verify() accepts unsigned or expired tokens");
        }
      }
      if (
        /^(?:sign|verify)$/.test(name) && /^(?:jwt|jsonwebtoken|JWT)$/.test(owner) && args[1] &&
        ts.isStringLiteralLike(args[1]) && args[1].text.length >= 4
      ) {
        add(node, "hardcoded-secret", "high", `jwt.${name}() with a literal key`);
      }
      if (
        name === "createHmac" && args[1] && ts.isStringLiteralLike(args[1]) &&
        args[1].text.length >= 4
      ) {
        add(node, "hardcoded-secret", "high", "createHmac() with a literal key");
      }
      if (
        /^(?:unserialize|deserialize)$/.test(name) && /serial|funcster|^$/.test(owner) &&
        /node-serialize|serialize-to-js|funcster/.test(text)
      ) {
        add(node, "js-unsafe-deserialise", "high", `${name}() can run code in the data`);
      }
      if (
        /^(?:parseXml|parseXmlString|parseXmlAsync|xmlParse)$/.test(name) &&
        args.some((a) => /noent\s*:\s*true|dtdload\s*:\s*true/.test(a.getText(file)))
      ) {
        add(node, "js-xxe", "high", "an XML parser that resolves external entities (noent)");
      }
      // createHash("md5").update(password): a fast unsalted hash for a password.
      const hashed = ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression)
        ? callee.expression
        : undefined;
      const algorithm = hashed?.arguments[0];
      if (
        name === "update" && hashed && /createHash$/.test(hashed.expression.getText(file)) &&
        algorithm && ts.isStringLiteralLike(algorithm) &&
        /^(?:md4|md5|sha1|sha-1|sha224|sha256|sha512)$/i.test(algorithm.text) && first &&
        (/pass(?:word)?|passwd|pwd|^pw$/i.test(first.getText(file)) ||
          /password|passwd/i.test(enclosingName(node)))
      ) {
        add(
          node,
          "js-weak-password-hash",
          "high",
          "a password hashed with a fast hash (use scrypt)",
        );
      }
      if (name === "random" && owner === "Math" && SECRETISH.test(enclosingName(node))) {
        add(node, "js-insecure-random", "medium", "Math.random() for a secret (use crypto)");
      }
      if (name === "setHeader" || name === "header" || name === "set" || name === "append") {
        const [h, v] = args;
        // An origin echoed only after an allow-list check (ALLOWED.has(origin)) is no wildcard.
        const checked = v !== undefined && new RegExp(
          `\\.(?:has|includes)\\(\\s*${
            v.getText(file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          }\\s*\\)`,
        ).test(text);
        if (
          h && ts.isStringLiteralLike(h) && /^access-control-allow-origin$/i.test(h.text) && v &&
          ((fromUser(v) && !checked) || (ts.isStringLiteralLike(v) && v.text === "*")) &&
          /access-control-allow-credentials['"`]\s*,\s*['"`]?true/i.test(text)
        ) {
          add(node, "js-cors-credentials", "high", "CORS allows any origin with credentials");
        }
      }
    } else if (ts.isObjectLiteralExpression(node)) {
      const props = new Map<string, ts.Expression>();
      for (const p of node.properties) {
        if (
          ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name))
        ) {
          props.set(p.name.text, p.initializer);
        }
      }
      // { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true" }
      const header = (k: string) =>
        [...props].find(([key]) => key.toLowerCase() === k)?.[1]?.getText(file);
      if (
        /^["'`]\*["'`]$/.test(header("access-control-allow-origin") ?? "") &&
        /^["'`]?true["'`]?$/.test(header("access-control-allow-credentials") ?? "")
      ) {
        add(node, "js-cors-credentials", "high", "CORS allows any origin with credentials");
      }
      const origin = props.get("origin");
      const credentials = props.get("credentials");
      if (origin && credentials?.kind === ts.SyntaxKind.TrueKeyword) {
        const o = origin.getText(file);
        if (
          /^["'`]\*["'`]$|^true$/.test(o) || fromUser(origin) || /callback\(null,\s*true\)/.test(o)
        ) {
          add(node, "js-cors-credentials", "high", "CORS allows any origin with credentials");
        }
      }
      for (const key of ["rejectUnauthorized", "strictSSL", "verifySsl", "checkServerIdentity"]) {
        const v = props.get(key);
        if (
          v?.kind === ts.SyntaxKind.FalseKeyword ||
          (key === "checkServerIdentity" && v &&
            /=>\s*(?:undefined|null|\{\s*\})/.test(v.getText(file)))
        ) {
          add(p(node, key), "js-tls-unverified", "high", `${key}: false skips certificate checks`);
        }
      }
    } else if (
      ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      const left = node.left.getText(file);
      if (
        /NODE_TLS_REJECT_UNAUTHORIZED/.test(left) && /["'`]?0["'`]?/.test(node.right.getText(file))
      ) {
        add(
          node,
          "js-tls-unverified",
          "high",
          "NODE_TLS_REJECT_UNAUTHORIZED=0 skips certificate checks",
        );
      }
      if (
        /(?:^|\.)location(?:\.href)?$/.test(left) &&
        (isJavascriptUrl(node.right) || (fromUser(node.right) && !SAFE_REDIRECT.test(text)))
      ) {
        add(
          node,
          isJavascriptUrl(node.right) ? "js-javascript-url" : "js-open-redirect",
          "medium",
          "sets location from a value",
        );
      }
      // target[key] = source[key] in a loop over keys, with no __proto__ check.
      if (
        ts.isElementAccessExpression(node.left) &&
        !ts.isStringLiteralLike(node.left.argumentExpression) &&
        (insideKeyLoop(node) || walksPath(node.left)) &&
        !/__proto__|constructor|hasOwnProperty|hasOwn\(|Object\.create\(null\)|isSafeKey|isPrototypePolluted/
          .test(text)
      ) {
        add(
          node,
          "js-prototype-pollution",
          "high",
          "copies keys from input without refusing __proto__",
        );
      }
    } else if (ts.isJsxAttribute(node)) {
      const attr = node.name.getText(file);
      const init = node.initializer;
      if (/^(?:href|src|action|formAction|xlinkHref)$/.test(attr) && init) {
        const value = ts.isJsxExpression(init) ? init.expression : init;
        if (value && isJavascriptUrl(value)) {
          add(node, "js-javascript-url", "high", `${attr} is a javascript: URL`);
        } else if (
          value && /^(?:href|action|formAction)$/.test(attr) && fromUser(value) &&
          !sitePath(value) && !SAFE_REDIRECT.test(text)
        ) {
          add(node, "js-javascript-url", "medium", `${attr} from the request may be javascript:`);
        }
      }
    } else if (
      ts.isRegularExpressionLiteral(node) &&
      /\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]/.test(node.text)
    ) {
      add(
        node,
        "js-regex-injection",
        "medium",
        "a regular expression with nested repetition (ReDoS)",
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  checkWebFamilies(file, add, fromUser);
}
