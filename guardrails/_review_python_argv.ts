/**
 * Python argument lists that run no command the user wrote: a list of
 * literals (`["git", "status"]`), or a literal program whose other values the
 * file checked, converted or typed before the call.
 *
 * @module
 */
import type { PyToken } from "./_python_tokens.ts";

/**
 * `["tar", "czf", OUT, name]` after `name.isalnum()`: a literal program and values that are
 * constants or checked to be plain (`isalnum()`, `isdigit()`, a regex `fullmatch`, `int()`), so
 * no value can start an option or reach a shell.
 */
export function isFixedProgramArgv(args: PyToken[], source: string): boolean {
  if (
    args[0]?.value !== "[" || args[1]?.type !== "string" || (args[1].prefix ?? "").includes("f")
  ) {
    return false;
  }
  // A value is plain when the file checked it (isalnum(), fullmatch(), "not in ALLOWED"), parsed
  // it (int(), ipaddress.ip_address()) or typed it as a number or an address.
  const checked = (n: string) => {
    if (/^[A-Z][A-Z0-9_]*$/.test(n)) return true; // a module constant
    return new RegExp(
      `\\b${n}\\.(?:isalnum|isdigit|isdecimal|isidentifier)\\(\\)|\\bfullmatch\\([^)\\n]*\\b${n}\\b|\\b${n}\\s*=\\s*(?:str\\(\\s*)?(?:int|float|(?:ipaddress\\.)?(?:ip_address|ip_network|ip_interface|IPv4Address|IPv6Address)|(?:uuid\\.)?UUID)\\(|\\b(?:ipaddress\\.)?(?:ip_address|ip_network|IPv4Address|IPv6Address)\\(\\s*${n}\\s*\\)|\\bif\\s+${n}\\s+not\\s+in\\s+[A-Z_][A-Z0-9_]*\\b|\\b${n}\\s*:\\s*(?:int|float|bool|UUID|uuid\\.UUID|IPv4Address|IPv6Address|ipaddress\\.\\w+)\\s*[,)=]`,
    ).test(source);
  };
  // The list's elements, split at its top-level commas.
  const elements: PyToken[][] = [[]];
  let depth = 0;
  let k = 1;
  for (; k < args.length; k++) {
    const v = args[k]!.type === "op" ? args[k]!.value : "";
    if (depth === 0 && v === "]") break;
    if ("([{".includes(v) && v) depth++;
    if (")]}".includes(v) && v) depth--;
    if (depth === 0 && v === ",") elements.push([]);
    else elements.at(-1)!.push(args[k]!);
  }
  return elements.filter((e) => e.length > 0).every((e) => {
    const [a, b, c, d] = e;
    if (e.length === 1 && a!.type === "string") {
      if (!(a!.prefix ?? "").includes("f")) return true;
      return [...(a!.body ?? "").matchAll(/\{([^}]*)\}/g)].every((m) =>
        /^[A-Za-z_]\w*$/.test(m[1]!.trim()) && checked(m[1]!.trim())
      );
    }
    if (e.length === 1 && a!.type === "name") return checked(a!.value);
    // str(count), int(n): a conversion of a checked value.
    return e.length === 4 && /^(?:str|int|float)$/.test(a!.value) && b!.value === "(" &&
      c!.type === "name" && d!.value === ")" && checked(c!.value);
  });
}

/** `["git", "status"]`: a list of string literals only. */
export function isConstantArgv(args: PyToken[]): boolean {
  if (args[0]?.value !== "[") return false;
  let k = 1;
  for (; k < args.length && args[k]!.value !== "]"; k++) {
    const a = args[k]!;
    if (a.type === "string" && !(a.prefix ?? "").includes("f")) continue;
    if (a.type === "op" && a.value === ",") continue;
    return false;
  }
  return k < args.length;
}
