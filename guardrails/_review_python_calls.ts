/**
 * Python rule families beyond code execution: user paths, SSRF, XML
 * entities, archive extraction, model files and pickled frames, TLS checks
 * turned off, debug servers, templates without escaping, weak password
 * hashes, insecure temp files and randomness, SSH commands, JWTs read
 * without verification, open redirects, CORS with credentials, regexes from
 * input, LDAP filters built from values and world-writable modes. Each looks at one call and its arguments;
 * "from the user" means the argument names `request` or a name bound from it
 * or a route handler's parameter.
 *
 * @module
 */
import type { RawFinding } from "./_review_python.ts";
import {
  firstArg,
  fromUser,
  isFalse,
  isTrue,
  keyword,
  positional,
  type PyCall,
  type PyFileFacts,
} from "./_review_python_args.ts";

type Add = (line: number, rule: string, severity: RawFinding["severity"], message: string) => void;

const SECRETISH =
  /(?:token|secret|password|passwd|pwd|otp|nonce|salt|session|api_?key|csrf|reset|verification|auth|key|code|pin)/i;
const PASSWORDISH = /(?:password|passwd|pwd|passphrase|credential|secret)/i;
const CONTAINED =
  /\b(?:realpath|resolve|abspath|normpath)\b[\s\S]{0,400}?\b(?:startswith|is_relative_to|commonpath|relative_to)\b|\bsecure_filename\b|\bos\.path\.basename\b|\bPath\([^)]*\)\.name\b/;
const ALLOWLIST =
  /\b(?:allow(?:ed)?_?(?:hosts?|domains?|list|urls?|origins?|netlocs?)|allowlist|whitelist|trusted_(?:hosts?|domains?))\b/i;
const SAFE_REDIRECT =
  /url_has_allowed_host_and_scheme|is_safe_url|\.startswith\(\s*["']\/["']\s*\)|urlparse\([^)]*\)\.(?:netloc|hostname)/;

/**
 * Checks one call against the families above.
 *
 * @param call The call.
 * @param facts The file's facts.
 * @param add Reports a finding.
 */
export function checkPythonCall(call: PyCall, facts: PyFileFacts, add: Add): void {
  const { resolved, last, args, line } = call;
  const first = firstArg(args);
  const user = fromUser(args, facts);
  const context = `${call.inDef ?? ""} ${call.assignedTo ?? ""} ${
    args.map((a) => a.type === "string" ? a.body : a.value).join(" ")
  }`;

  // Templates compiled from text the request built (server-side template injection).
  if (
    /(?:^|\.)(?:render_template_string|from_string)$/.test(resolved) &&
    (fromUser(first, facts) || first.some((a) => a.value === "+" || a.value === "%") ||
      first.some((a) => a.type === "string" && (a.prefix ?? "").includes("f")))
  ) {
    add(line, "python-template-injection", "high", `${last}() of a template built from input`);
  }
  // LDAP filters built from a value without escaping (CWE-90): python-ldap's search*(base,
  // scope, filter) and ldap3's search(base, filter).
  if (
    /^(?:\?|.*)\.(?:search|search_s|search_st|search_ext|search_ext_s)$/.test(resolved) &&
    /\bldap3?\b/.test(facts.source) &&
    !/\b(?:escape_filter_chars|filter_format)\b/.test(facts.source)
  ) {
    const filter = keyword(args, "search_filter") ?? keyword(args, "filterstr") ??
      (facts.source.includes("ldap3") ? positional(args, 1) : positional(args, 2));
    const built = filter.some((a) => a.value === "+" || a.value === "%" || a.value === "format") ||
      filter.some((a) =>
        a.type === "string" && (a.prefix ?? "").includes("f") && /\{/.test(a.body ?? "")
      );
    if (built && filter.some((a) => a.type === "string" && /\(\s*[\w-]+\s*=/.test(a.body ?? ""))) {
      add(
        line,
        "python-ldap-injection",
        "high",
        "an LDAP filter built from a value without escaping",
      );
    }
  }
  // JWTs signed or checked with a key written in the code.
  if (/(?:^|\.)jwt\.(?:encode|decode)$/.test(resolved)) {
    const key = positional(args, 1);
    if (key.length === 1 && key[0]!.type === "string" && (key[0]!.body ?? "").length >= 8) {
      add(line, "hardcoded-secret", "high", `jwt.${last}() with a key written in the code`);
    }
  }
  // Files named by the user.
  if (
    /^(?:open|io\.open|codecs\.open|send_file|flask\.send_file|FileResponse|.*\.FileResponse|os\.remove|os\.unlink|shutil\.rmtree|shutil\.copy\w*|shutil\.move|os\.rename)$/
      .test(resolved) && fromUser(first, facts) && !CONTAINED.test(facts.source)
  ) {
    add(line, "python-path-traversal", "high", `${last}() on a path from the request`);
  }
  // World-writable modes.
  if (
    /^(?:os\.chmod|os\.fchmod|os\.lchmod|os\.makedirs|os\.mkdir|os\.open|\?\.chmod|.*\.chmod)$/
      .test(resolved)
  ) {
    const modes = args.filter((a) => a.type === "number" && /^0o?[0-7]+$/i.test(a.value));
    const open = modes.some((m) => (parseInt(m.value.replace(/^0o?/i, ""), 8) & 0o002) !== 0);
    if (open || args.some((a) => /^S_I(?:RWXO|WOTH)$/.test(a.value))) {
      add(line, "python-permissive-permissions", "medium", "makes a file writable by everyone");
    }
  }
  if (resolved === "os.umask" && first.length === 1 && /^0+$/.test(first[0]!.value)) {
    add(
      line,
      "python-permissive-permissions",
      "medium",
      "os.umask(0) makes new files writable by everyone",
    );
  }
  // Debug servers.
  if (
    (last === "run" || /(?:^|\.)(?:FastAPI|Flask|Starlette|Quart|Sanic)$/.test(resolved)) &&
    isTrue(keyword(args, "debug"))
  ) {
    add(line, "python-debug-mode", "high", `${last}(debug=True) serves tracebacks and a debugger`);
  }
  if (isTrue(keyword(args, "use_debugger"))) {
    add(line, "python-debug-mode", "high", "runs the Werkzeug debugger");
  }
  // Templates without escaping.
  if (
    /(?:^|\.)Environment$/.test(resolved) &&
    (facts.modules.has("jinja2") || resolved.startsWith("jinja2"))
  ) {
    const auto = keyword(args, "autoescape");
    if (auto === undefined || isFalse(auto)) {
      add(line, "python-template-autoescape", "high", "a Jinja environment without autoescaping");
    }
  }
  if (
    /^(?:jinja2\.)?Template$/.test(resolved) && facts.modules.has("jinja2") &&
    isFalse(keyword(args, "autoescape"))
  ) {
    add(line, "python-template-autoescape", "high", "a Jinja template without autoescaping");
  }
  if (/(?:^|\.)(?:mark_safe|Markup)$/.test(resolved) && user) {
    add(line, "python-template-autoescape", "high", `${last}() on request data`);
  }
  // Weak password hashes.
  const weak = /^hashlib\.(?:md5|sha1)$/.test(resolved) ||
    (resolved === "hashlib.new" && /^['"](?:md5|sha1)['"]$/i.test(first[0]?.value ?? ""));
  if (weak && PASSWORDISH.test(context) && !isFalse(keyword(args, "usedforsecurity"))) {
    add(line, "python-weak-password-hash", "high", `${resolved}() for a password`);
  } else if (
    weak &&
    /\b(?:key|secret|signing_key|hmac_key|api_key)\b/i.test(args.map((a) => a.value).join(" ")) &&
    !isFalse(keyword(args, "usedforsecurity"))
  ) {
    // md5(key + body): a keyed hash used as a signature can be forged by length extension.
    add(line, "python-weak-crypto", "medium", `${resolved}() of a key as a signature (use hmac)`);
  }
  // Insecure temporary files.
  if (/^(?:tempfile\.mktemp|os\.tempnam|os\.tmpnam)$/.test(resolved)) {
    add(
      line,
      "python-insecure-tempfile",
      "medium",
      `${resolved}() is racy: use NamedTemporaryFile`,
    );
  }
  // Any SSH host key accepted: the connection may be anyone's (Bandit B507).
  if (/(?:^|\.)(?:AutoAddPolicy|WarningPolicy)$/.test(resolved) && facts.modules.has("paramiko")) {
    add(line, "python-tls-unverified", "high", `${last}() accepts any SSH host key`);
  }
  // Commands over SSH.
  if (last === "exec_command" && (facts.modules.has("paramiko") || user)) {
    add(line, "python-ssh-exec", "high", "runs a command over SSH (exec_command)");
  }
  // TLS checks turned off.
  if (isFalse(keyword(args, "verify")) && !/^(?:jwt\.)/.test(resolved)) {
    add(line, "python-tls-unverified", "high", `${last}(verify=False) skips certificate checks`);
  }
  if (/^ssl\._create_unverified_context$|^urllib3\.disable_warnings$/.test(resolved)) {
    add(line, "python-tls-unverified", "high", `${resolved}() turns certificate checks off`);
  }
  // Requests to URLs from the user, by the HTTP modules or by a client or session made with them.
  const owner = resolved.split(".").at(-2);
  if (
    (/^(?:requests|httpx)\.(?:get|post|put|patch|delete|head|options|request|stream)$|^(?:urllib\.request\.)?urlopen$|^urllib\.request\.Request$|^(?:aiohttp\.)?request$|^http\.client\.HTTPS?Connection$/
      .test(resolved) ||
      /^(?:get|post|put|patch|delete|head|options|request|stream)$/.test(last) &&
        owner !== undefined && httpClients(facts).has(owner)) &&
    fromUser(resolved.endsWith("request") ? args : first, facts) && !ALLOWLIST.test(facts.source)
  ) {
    add(line, "python-ssrf", "high", `${resolved}() to a URL from the request`);
  }
  // XML parsers that resolve entities.
  if (
    /^(?:xml\.etree\.(?:c?ElementTree)\.(?:parse|fromstring|XML|iterparse|XMLParser)|xml\.dom\.minidom\.(?:parse|parseString)|xml\.dom\.pulldom\.(?:parse|parseString)|xml\.sax\.(?:parse|parseString|make_parser)|lxml\.etree\.(?:parse|fromstring|XML|XMLParser|iterparse))$/
      .test(resolved) &&
    !isFalse(keyword(args, "resolve_entities")) &&
    // lxml given a parser the file built with resolve_entities=False
    !(resolved.startsWith("lxml.") && /\bresolve_entities\s*=\s*False\b/.test(facts.source)) &&
    // XML written in the code itself holds no outside entity.
    !(first.length === 1 && first[0]!.type === "string" && !(first[0]!.prefix ?? "").includes("f"))
  ) {
    add(line, "python-xxe", "medium", `${resolved}() parses XML with entities (use defusedxml)`);
  }
  if (isTrue(keyword(args, "resolve_entities")) || isFalse(keyword(args, "no_network"))) {
    add(line, "python-xxe", "high", "an XML parser that resolves external entities");
  }
  // Archives extracted without a filter.
  if (
    (last === "extractall" || (last === "extract" && facts.modules.has("tarfile"))) &&
    keyword(args, "filter") === undefined && keyword(args, "members") === undefined
  ) {
    add(
      line,
      "python-archive-extraction",
      "high",
      `${last}() may write outside the folder (zip slip)`,
    );
  }
  if (resolved === "shutil.unpack_archive" && keyword(args, "filter") === undefined) {
    add(line, "python-archive-extraction", "high", "unpack_archive() may write outside the folder");
  }
  if (
    resolved === "os.path.join" && (facts.modules.has("zipfile") || facts.modules.has("tarfile")) &&
    args.some((a, n) => a.value === "." && /^(?:filename|name)$/.test(args[n + 1]?.value ?? "")) &&
    !CONTAINED.test(facts.source)
  ) {
    add(
      line,
      "python-archive-extraction",
      "high",
      "joins an archive member's name to a folder (zip slip)",
    );
  }
  // Model files and pickled frames.
  if (resolved === "torch.load" && !isTrue(keyword(args, "weights_only"))) {
    add(
      line,
      "python-unsafe-deserialise",
      "high",
      "torch.load() unpickles the file (weights_only=True)",
    );
  }
  if (/^(?:pandas\.read_pickle|joblib\.load|cloudpickle\.loads?|numpy\.load)$/.test(resolved)) {
    if (resolved !== "numpy.load" || isTrue(keyword(args, "allow_pickle"))) {
      add(line, "python-unsafe-deserialise", "high", `${resolved}() unpickles its input`);
    }
  }
  // Builtins reached indirectly.
  if (resolved === "getattr" && /^(?:builtins|__builtins__)$/.test(args[0]?.value ?? "")) {
    add(line, "python-eval", "high", "reaches a builtin by name through getattr()");
  }
  if (
    /^(?:importlib\.import_module|__import__)$/.test(resolved) &&
    /^['"](?:os|subprocess|builtins|pty|commands|posix|nt)['"]$/.test(first[0]?.value ?? "")
  ) {
    add(line, "python-dunder-import", "high", `imports ${first[0]!.body} by name`);
  }
  // JWTs read without verification.
  if (
    /(?:^|\.)jwt\.decode$|^decode$/.test(resolved) &&
    (facts.modules.has("jwt") || resolved.startsWith("jwt"))
  ) {
    const options = keyword(args, "options")?.map((a) =>
      a.type === "string" ? a.body : a.value
    ).join(" ") ?? "";
    const algorithms = keyword(args, "algorithms")?.map((a) => a.body ?? a.value).join(" ") ?? "";
    if (
      /verify_signature\s*:?\s*False|verify_signature False/.test(options) ||
      isFalse(keyword(args, "verify")) || /\bnone\b/i.test(algorithms)
    ) {
      add(line, "python-jwt-unverified", "high", "decodes a JWT without verifying its signature");
    }
  }
  // Randomness for secrets.
  if (
    /^random\.(?:random|randint|choice|choices|randrange|getrandbits|sample|uniform)$/.test(
        resolved,
      ) && SECRETISH.test(`${call.inDef ?? ""} ${call.assignedTo ?? ""}`) ||
    // uuid1 is a timestamp and a MAC address, not a secret.
    resolved === "uuid.uuid1" && SECRETISH.test(`${call.inDef ?? ""} ${call.assignedTo ?? ""}`)
  ) {
    add(line, "python-insecure-random", "medium", `${resolved}() for a secret (use secrets)`);
  }
  // Redirects to a URL from the user.
  if (
    /(?:^|\.)(?:redirect|RedirectResponse|HttpResponseRedirect|HttpResponsePermanentRedirect)$/
      .test(resolved) &&
    user && !SAFE_REDIRECT.test(facts.source) &&
    // redirect("profile", pk=…): a named route or a literal path; only its arguments vary.
    !(first.length === 1 && first[0]!.type === "string" && !(first[0]!.prefix ?? "").includes("f"))
  ) {
    add(line, "python-open-redirect", "medium", `${last}() to a URL from the request`);
  }
  // CORS: any origin, with credentials.
  if (/(?:^|\.)(?:CORSMiddleware|add_middleware|CORS)$/.test(resolved)) {
    const text = args.map((a) => a.type === "string" ? `"${a.body}"` : a.value).join(" ");
    const anyOrigin =
      /allow_origins\s*=\s*\[\s*"\*"|origins\s*=\s*"\*"|allow_origin_regex\s*=\s*"\.\*"/.test(
        text,
      ) ||
      (last === "CORS" && !/origins\s*=/.test(text));
    const credentials = /allow_credentials\s*=\s*True|supports_credentials\s*=\s*True/.test(text);
    if (anyOrigin && credentials) {
      add(line, "python-cors-credentials", "high", "CORS allows any origin with credentials");
    }
  }
  // Regexes built from input.
  if (
    /^(?:re|regex)\.(?:compile|search|match|fullmatch|findall|finditer|sub|subn|split)$/.test(
      resolved,
    ) && fromUser(first, facts) && !first.some((a) => a.value === "escape")
  ) {
    add(line, "python-regex-injection", "medium", "a regular expression built from request data");
  }
}

const CLIENT = "(?:httpx\\.)?(?:Async)?Client|(?:requests\\.)?Session|(?:aiohttp\\.)?ClientSession";

/** Names bound to an HTTP client or session: `async with httpx.AsyncClient() as client`. */
function httpClients(facts: PyFileFacts): Set<string> {
  const out = new Set<string>();
  if (!["httpx", "requests", "aiohttp"].some((m) => facts.modules.has(m))) return out;
  const bound = new RegExp(
    `\\b(?:${CLIENT})\\([^)]*\\)\\s+as\\s+(\\w+)|\\b(\\w+)\\s*=\\s*(?:${CLIENT})\\(`,
    "g",
  );
  for (const m of facts.source.matchAll(bound)) out.add((m[1] ?? m[2])!);
  return out;
}
