/**
 * A small YAML reader for the subset `action.yml` and the workflow use
 * (block maps and lists, block scalars, flow `[a, b]` and `{}`, quoted
 * strings), so tests can check their structure without a YAML dependency.
 * Scalars stay strings. Not for general YAML.
 *
 * @module
 */

/** A parsed node. */
export type Yaml = string | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
}

/**
 * @param source The YAML text.
 * @returns The parsed document.
 * @throws {SyntaxError} On a construct outside the subset, naming the line.
 */
export function parseYaml(source: string): Yaml {
  const raw = source.replace(/\r\n/g, "\n").split("\n");
  const lines: (Line & { raw: string })[] = raw.map((r) => ({
    raw: r,
    indent: r.length - r.trimStart().length,
    text: r.trim(),
  }));
  let i = 0;
  const significant = () => {
    while (i < lines.length && (lines[i]!.text === "" || lines[i]!.text.startsWith("#"))) i++;
    return lines[i];
  };

  function node(minIndent: number): Yaml {
    const line = significant();
    if (!line || line.indent < minIndent) return "";
    return isItem(line.text) ? list(line.indent) : map(line.indent);
  }

  function list(indent: number): Yaml[] {
    const out: Yaml[] = [];
    for (
      let line = significant();
      line && line.indent === indent && isItem(line.text);
      line = significant()
    ) {
      const content = line.text.slice(1).trimStart();
      if (content === "") {
        i++;
        out.push(node(indent + 1));
      } else if (keyOf(content) !== undefined) {
        // "- key: value" opens a map whose keys sit two columns in.
        const inner = indent + (line.text.length - content.length);
        lines[i] = { raw: line.raw, indent: inner, text: content };
        out.push(map(inner));
      } else {
        i++;
        out.push(scalar(content, i));
      }
    }
    return out;
  }

  function map(indent: number): { [key: string]: Yaml } {
    const out: { [key: string]: Yaml } = {};
    for (
      let line = significant();
      line && line.indent === indent && !isItem(line.text);
      line = significant()
    ) {
      const split = keyOf(line.text);
      if (split === undefined) {
        throw new SyntaxError(`Cannot read YAML line ${i + 1}: ${line.text}`);
      }
      const [key, rest] = split;
      i++;
      if (rest === "") {
        const next = significant();
        out[key] = next && (next.indent > indent || (next.indent === indent && isItem(next.text)))
          ? node(next.indent)
          : "";
      } else if (/^[|>][-+]?$/.test(rest)) {
        out[key] = block(indent, rest);
      } else {
        out[key] = scalar(rest.replace(/\s+#.*$/, ""), i);
      }
    }
    return out;
  }

  function block(indent: number, style: string): string {
    const body: string[] = [];
    let inner = -1;
    while (i < lines.length) {
      const line = lines[i]!;
      if (line.text !== "" && line.indent <= indent) break;
      if (line.text !== "" && inner < 0) inner = line.indent;
      body.push(line.text === "" ? "" : line.raw.slice(inner));
      i++;
    }
    while (body.length > 0 && body.at(-1) === "") body.pop();
    const text = style.startsWith(">") ? body.join(" ").replace(/ {2,}/g, " ") : body.join("\n");
    return style.endsWith("-") ? text : text + "\n";
  }

  const doc = node(0);
  if (significant()) throw new SyntaxError(`Cannot read YAML line ${i + 1}: ${lines[i]!.text}`);
  return doc;
}

function isItem(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

function keyOf(text: string): [string, string] | undefined {
  const m = /^("[^"]*"|'[^']*'|[^\s"'#{[][^:]*?):(?:\s+(.*)|)$/.exec(text);
  if (!m) return undefined;
  return [m[1]!.replace(/^["']|["']$/g, ""), (m[2] ?? "").trim()];
}

function scalar(text: string, line: number): Yaml {
  if (text.startsWith('"')) return JSON.parse(text) as string;
  if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (text === "{}") return {};
  if (text.startsWith("[")) {
    if (!text.endsWith("]")) throw new SyntaxError(`Cannot read YAML line ${line}: ${text}`);
    const inner = text.slice(1, -1).trim();
    return inner === "" ? [] : inner.split(",").map((s) => scalar(s.trim(), line));
  }
  if (text.startsWith("{")) throw new SyntaxError(`Cannot read YAML line ${line}: flow maps`);
  return text;
}
