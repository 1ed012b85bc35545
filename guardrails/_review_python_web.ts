/**
 * Python rule families of document stores, ciphers and templates: MongoDB
 * filters built from the request (a `$where` clause formatted from a value,
 * or the request's JSON passed whole as the filter, which may carry
 * `{"$ne": null}`), ciphers that leak structure or are broken (ECB, DES,
 * RC4, Blowfish) or reuse a constant IV, and a Jinja2 or Mako `Template`
 * compiled from text the request sent.
 *
 * @module
 */
import type { PyToken } from "./_python_tokens.ts";
import type { RawFinding } from "./_review_python.ts";
import {
  fromUser,
  keyword,
  positional,
  type PyCall,
  type PyFileFacts,
} from "./_review_python_args.ts";

type Add = (line: number, rule: string, severity: RawFinding["severity"], message: string) => void;

const MONGO_METHODS =
  /^(?:find|find_one|find_one_and_update|find_one_and_delete|find_one_and_replace|update_one|update_many|delete_one|delete_many|replace_one|count_documents|distinct|aggregate)$/;
const WEAK_MODULE = /(?:^|\.)(?:DES|DES3|ARC2|ARC4|Blowfish|CAST)\.new$/;
const WEAK_ALGORITHM =
  /(?:^|\.)algorithms\.(?:TripleDES|Blowfish|ARC4|CAST5|IDEA|SEED)$|(?:^|\.)decrepit\.ciphers\.algorithms\.\w+$/;
const IV_MODES = /(?:^|\.)modes\.(?:CBC|CTR|OFB|CFB|CFB8|GCM)$/;

// A name that says where its text came from: user_template, body, raw_input…
const USER_NAMED = /(?:user|input|request|req|body|payload|custom|untrusted|submitted|query|form)/i;

/** `request.json["x"]`, `request.get_json()["x"]` inside a dict: JSON may hold `{"$ne": …}`. */
function jsonValue(tokens: PyToken[]): boolean {
  if (tokens[0]?.value !== "{") return false;
  return tokens.some((t, i) =>
    t.value === "request" && tokens[i + 1]?.value === "." &&
    /^(?:json|get_json)$/.test(tokens[i + 2]?.value ?? "") &&
    !(tokens[i - 2]?.value === "str" && tokens[i - 1]?.value === "(")
  );
}

const formatted = (tokens: PyToken[]) =>
  tokens.some((a) => a.value === "+" || a.value === "%" || a.value === "format") ||
  tokens.some((a) =>
    a.type === "string" && (a.prefix ?? "").includes("f") && /\{/.test(a.body ?? "")
  );

/**
 * Checks one call against the families above.
 *
 * @param call The call.
 * @param facts The file's facts.
 * @param add Reports a finding.
 */
export function checkPythonWebCall(call: PyCall, facts: PyFileFacts, add: Add): void {
  const { resolved, last, args, line } = call;
  const first = positional(args, 0);
  if (MONGO_METHODS.test(last) && resolved.includes(".")) {
    const where = first.findIndex((a) => a.type === "string" && a.body === "$where");
    if (where >= 0 && formatted(first.slice(where + 1))) {
      add(line, "python-nosql-injection", "high", "a $where clause built from a value");
    } else if (first.length === 1 && first[0]!.type === "name" && fromUser(first, facts)) {
      add(line, "python-nosql-injection", "high", `${last}() with a filter taken from the request`);
    } else if (jsonValue(first)) {
      add(
        line,
        "python-nosql-injection",
        "high",
        "a filter value straight from the request's JSON",
      );
    }
  }
  if (last === "ECB" && /(?:^|\.)modes\.ECB$/.test(resolved)) {
    add(line, "python-weak-crypto", "high", "a block cipher in ECB mode");
  }
  if (WEAK_MODULE.test(resolved) || WEAK_ALGORITHM.test(resolved)) {
    add(line, "python-weak-crypto", "high", `a broken or weak cipher (${resolved})`);
  }
  if (/(?:^|\.)AES\.new$/.test(resolved)) {
    if (args.some((a) => a.type === "name" && a.value === "MODE_ECB")) {
      add(line, "python-weak-crypto", "high", "AES in ECB mode");
    } else if (
      isConstantIv(keyword(args, "iv") ?? keyword(args, "nonce") ?? positional(args, 2), facts)
    ) {
      add(line, "python-weak-crypto", "medium", "a cipher with a constant IV");
    }
  }
  if (IV_MODES.test(resolved) && isConstantIv(first, facts)) {
    add(line, "python-weak-crypto", "medium", "a cipher with a constant IV");
  }
  // Server-side template injection: a template compiled from the request's text.
  if (
    (/^(?:jinja2\.)?Template$/.test(resolved) && facts.modules.has("jinja2")) ||
    /^mako\.template\.Template$/.test(resolved) ||
    /^django\.template\.(?:Template|engines\.\w+)$|(?:^|\.)from_string$/.test(resolved) &&
      facts.modules.has("django")
  ) {
    const named = first.length === 1 && first[0]!.type === "name" &&
      USER_NAMED.test(first[0]!.value);
    if (fromUser(first, facts) || named) {
      add(line, "python-template-injection", "high", "a template compiled from input");
    }
  }
}

/** `b"0000..."`, `bytes(16)`, or a name bound to one of them in the file. */
function isConstantIv(tokens: PyToken[], facts: PyFileFacts): boolean {
  if (tokens.length === 0) return false;
  if (tokens[0]!.type === "string" && !(tokens[0]!.prefix ?? "").includes("f")) return true;
  if (tokens[0]!.value === "bytes" && tokens[2]?.type === "number") return true;
  if (tokens.length === 1 && tokens[0]!.type === "name") {
    const n = tokens[0]!.value;
    return new RegExp(
      `^[ \\t]*${n}\\s*=\\s*(?:[rb]{1,2}["']|bytes\\(\\s*\\d+\\s*\\)|bytearray\\(\\s*\\d+\\s*\\))`,
      "m",
    )
      .test(facts.source);
  }
  return false;
}
