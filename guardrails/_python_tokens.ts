/**
 * A small, lenient Python tokenizer: enough to tell code from comments and
 * strings, so the review gate matches calls rather than words.
 *
 * @module
 */

/** One token of Python source. */
export interface PyToken {
  type: "name" | "string" | "number" | "op" | "newline";
  value: string;
  /** 1-based line where the token starts. */
  line: number;
  /** For strings: the lower-cased prefix (`f`, `rb`...). */
  prefix?: string;
  /** For strings: the text between the quotes. */
  body?: string;
}

const STRING_START = /^([rRbBuUfF]{0,2})('''|"""|'|")/;

/**
 * Splits Python source into tokens, dropping comments. Newlines inside
 * brackets or after a backslash are not logical line ends and are dropped.
 *
 * @param source The code.
 * @returns The tokens.
 */
export function tokenizePython(source: string): PyToken[] {
  const tokens: PyToken[] = [];
  let i = 0;
  let line = 1;
  let depth = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "\n") {
      if (depth === 0) tokens.push({ type: "newline", value: "\n", line });
      line++;
      i++;
      continue;
    }
    if (c === "#") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (c === "\\" && source[i + 1] === "\n") {
      i += 2;
      line++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = source.slice(i, i + 6);
    const str = STRING_START.exec(rest);
    if (str && (str[1]!.length === 0 || /[a-z]/i.test(c))) {
      const prefix = str[1]!.toLowerCase();
      const quote = str[2]!;
      const raw = prefix.includes("r");
      let j = i + str[0].length;
      const startLine = line;
      while (j < source.length) {
        if (!raw && source[j] === "\\") {
          if (source[j + 1] === "\n") line++;
          j += 2;
          continue;
        }
        if (raw && source[j] === "\\" && j + 1 < source.length) {
          j += 2;
          continue;
        }
        if (source.startsWith(quote, j)) break;
        if (source[j] === "\n") {
          if (quote.length === 1) break; // unterminated: stop at the line end
          line++;
        }
        j++;
      }
      const body = source.slice(i + str[0].length, j);
      tokens.push({
        type: "string",
        value: source.slice(i, j + quote.length),
        line: startLine,
        prefix,
        body,
      });
      i = source.startsWith(quote, j) ? j + quote.length : j;
      continue;
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(source.slice(i, i + 200));
    if (name) {
      tokens.push({ type: "name", value: name[0], line });
      i += name[0].length;
      continue;
    }
    const num = /^\d[\w.]*/.exec(source.slice(i, i + 100));
    if (num) {
      tokens.push({ type: "number", value: num[0], line });
      i += num[0].length;
      continue;
    }
    const op = /^(\*\*=?|\/\/=?|->|:=|[<>=!]=|<<|>>|[+\-*\/%&|^@]=|[()\[\]{}.,:;=+\-*\/%<>&|^~@])/
      .exec(
        source.slice(i, i + 3),
      );
    const value = op ? op[0] : c;
    if ("([{".includes(value)) depth++;
    if (")]}".includes(value)) depth = Math.max(0, depth - 1);
    tokens.push({ type: "op", value, line });
    i += value.length;
  }
  tokens.push({ type: "newline", value: "\n", line });
  return tokens;
}

/**
 * @param t The tokens.
 * @param open The index of an opening bracket.
 * @returns The index of the bracket that closes it, or the number of tokens.
 */
export function matchingParen(t: PyToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < t.length; k++) {
    const v = t[k]!.type === "op" ? t[k]!.value : "";
    if (v === "(" || v === "[" || v === "{") depth++;
    if (v === ")" || v === "]" || v === "}") depth--;
    if (depth === 0) return k;
  }
  return t.length;
}

/**
 * @param args The tokens of an argument list.
 * @returns The index of its first comma outside brackets, or its length.
 */
export function topLevelComma(args: PyToken[]): number {
  let depth = 0;
  for (let k = 0; k < args.length; k++) {
    const v = args[k]!.type === "op" ? args[k]!.value : "";
    if ("([{".includes(v) && v) depth++;
    if (")]}".includes(v) && v) depth--;
    if (v === "," && depth === 0) return k;
  }
  return args.length;
}

/**
 * @param t The tokens.
 * @param from Where an expression starts.
 * @returns Where it ends: a newline, a comma or a closing bracket outside its own brackets.
 */
export function endOfExpression(t: PyToken[], from: number): number {
  let depth = 0;
  for (let k = from; k < t.length; k++) {
    const v = t[k]!.type === "op" ? t[k]!.value : "";
    if ("([{".includes(v) && v) depth++;
    if (")]}".includes(v) && v) depth--;
    if (t[k]!.type === "newline" || (depth < 0) || (v === "," && depth === 0)) return k;
  }
  return t.length;
}
