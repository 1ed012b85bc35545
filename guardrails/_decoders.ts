/**
 * Character-level encodings an injection may be written in: HTML character
 * references, `\u`/`\x` escapes, binary octets, decimal character codes, the
 * NATO spelling alphabet, ROT47, Ascii85, the RFC 1924 and Z85 base85
 * alphabets and quoted-printable. A run is
 * decoded only when it is dense in the encoding's units, and a decoding is
 * kept only when it reads as language (see {@link readsAsLanguage}), so a
 * list of scores, a hash or an option string is never "decoded" into noise.
 * What a decoding says is classified by the caller like any other text.
 *
 * @module
 */
import type { Decoded } from "./_ciphers.ts";
import { englishShare, segmentWords } from "./_english_words.ts";

/**
 * Whether a decoded text reads as language: most of its words are known
 * English words, or most of its letters belong to a script other than Latin
 * (a decoding into Greek, Cyrillic or Devanagari is text, not noise).
 *
 * @param text The decoded text.
 * @returns True for text worth classifying.
 */
export function readsAsLanguage(text: string): boolean {
  const lower = text.toLowerCase();
  const { share, count } = englishShare(lower);
  if (count >= 2 && share >= 0.5) return true;
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  const other = letters.filter((c) => !/\p{Script=Latin}/u.test(c)).length;
  return letters.length >= 6 && other / letters.length >= 0.6 &&
    /\p{L}{2,}\s+\p{L}{2,}/u.test(text);
}

const utf8 = (bytes: number[]): string | undefined => {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
};
const printable = (text: string | undefined) =>
  text !== undefined && /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\n\r\t]+$/u.test(text) ? text : undefined;

type Decoder = (run: string) => string | undefined;

/** Runs of one encoding, and how many of its units a run must hold. */
interface Encoding {
  detail: string;
  run: RegExp;
  unit: RegExp;
  min: number;
  decode: Decoder;
}

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  colon: ":",
  sol: "/",
  period: ".",
  comma: ",",
  lpar: "(",
  rpar: ")",
  excl: "!",
  quest: "?",
  num: "#",
  percnt: "%",
  lowbar: "_",
};
const fromCode = (n: number) => n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "\uFFFD";

const htmlEntities: Decoder = (run) =>
  run.replace(
    /&#x([0-9a-f]{1,6});?|&#(\d{1,7});?|&([a-z]{2,8});/gi,
    (m, hex, dec, name) =>
      hex
        ? fromCode(parseInt(hex, 16))
        : dec
        ? fromCode(parseInt(dec, 10))
        : NAMED[name.toLowerCase()] ?? m,
  );

const escapes: Decoder = (run) => {
  // \x and octal escapes are bytes (UTF-8 when several make one letter); \u are code points.
  const out: number[] = [];
  // "U+0070 U+0072": code points written out, a space between two of them only a separator.
  const re =
    /\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})|\\([0-7]{3})|u\+([0-9a-f]{4,6})(?:\s(?=u\+))?|([\s\S])/gi;
  for (const m of run.matchAll(re)) {
    const cp = m[1] ?? m[2] ?? m[5];
    if (cp !== undefined) {
      for (const b of new TextEncoder().encode(fromCode(parseInt(cp, 16)))) out.push(b);
    } else if (m[3] !== undefined) out.push(parseInt(m[3], 16));
    else if (m[4] !== undefined) out.push(parseInt(m[4], 8));
    else for (const b of new TextEncoder().encode(m[6]!)) out.push(b);
  }
  return utf8(out)?.replace(/[\uD800-\uDFFF]/g, "");
};

const binary: Decoder = (run) => {
  const groups = /\s|,/.test(run) ? run.split(/[\s,]+/).filter(Boolean) : run.match(/.{8}/g) ?? [];
  if (groups.some((g) => g.length < 7 || g.length > 8)) return undefined;
  return utf8(groups.map((g) => parseInt(g, 2)));
};

// Decimal codes, or octal ones ("160 162 151") when only octal digits appear and decimal is noise.
const decimal: Decoder = (run) => {
  const numbers = run.split(/[^\d]+/).filter(Boolean);
  const asText = (base: number) => numbers.map((n) => fromCode(parseInt(n, base))).join("");
  const dec = asText(10);
  if (readsAsLanguage(dec) || numbers.some((n) => /[89]/.test(n))) return dec;
  return asText(8);
};

const quotedPrintable: Decoder = (run) => {
  const out: number[] = [];
  for (const m of run.replace(/=\r?\n/g, "").matchAll(/=([0-9A-Fa-f]{2})|([\s\S])/g)) {
    if (m[1] !== undefined) out.push(parseInt(m[1], 16));
    else for (const b of new TextEncoder().encode(m[2]!)) out.push(b);
  }
  return utf8(out);
};

const rot47 = (run: string): string =>
  run.replace(/[!-~]/g, (c) => String.fromCharCode(33 + (c.charCodeAt(0) - 33 + 47) % 94));

const ascii85: Decoder = (run) => {
  const body = run.replace(/^<~|~>$/g, "").replace(/\s+/g, "").replaceAll("z", "!!!!!");
  if (!/^[!-u]+$/.test(body) || body.length % 5 === 1) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i += 5) {
    const chunk = body.slice(i, i + 5);
    const padded = chunk.padEnd(5, "u");
    let value = 0;
    for (const c of padded) value = value * 85 + (c.charCodeAt(0) - 33);
    if (value > 0xffffffff) return undefined;
    const four = [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    bytes.push(...four.slice(0, chunk.length - 1));
  }
  return utf8(bytes);
};

// Base85 alphabets other than Ascii85's: RFC 1924 (Python's b85encode, git) and ZeroMQ's Z85.
const B85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";
const Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/** A decoder of one base85 alphabet; a short last group is padded with its last digit. */
const base85 = (alphabet: string): Decoder => (run) => {
  const body = run.replace(/\s+/g, "");
  if (body.length % 5 === 1) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i += 5) {
    const chunk = body.slice(i, i + 5);
    let value = 0;
    for (const c of chunk.padEnd(5, alphabet.at(-1))) {
      const digit = alphabet.indexOf(c);
      if (digit < 0) return undefined;
      value = value * 85 + digit;
    }
    if (value > 0xffffffff) return undefined;
    const four = [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    bytes.push(...four.slice(0, chunk.length - 1));
  }
  return utf8(bytes);
};

// deno-fmt-ignore
const NATO: Record<string, string> = {
  alfa: "a", alpha: "a", bravo: "b", charlie: "c", delta: "d", echo: "e", foxtrot: "f", golf: "g",
  hotel: "h", india: "i", juliett: "j", juliet: "j", kilo: "k", lima: "l", mike: "m",
  november: "n", oscar: "o", papa: "p", quebec: "q", romeo: "r", sierra: "s", tango: "t",
  uniform: "u", victor: "v", whiskey: "w", whisky: "w", "x-ray": "x", xray: "x", yankee: "y",
  zulu: "z",
};
const NATO_WORD = Object.keys(NATO).join("|").replace("-", "\\-");

// Between NATO words: a word break ("/", "|", "(space)", "stop", a wide gap) or a letter break.
const NATO_BREAK = /\s*[/|]\s*|\s*\(?\b(?:space|stop|break)\b\)?[\s,;]*|\s{2,}/gi;

const nato: Decoder = (run) => {
  const separated = new RegExp(NATO_BREAK.source, "i").test(run.replace(/^\s+|\s+$/g, ""));
  const words = (separated ? run.split(NATO_BREAK) : [run]).map((part) =>
    [...part.matchAll(new RegExp(`\\b(?:${NATO_WORD})\\b`, "gi"))].map((m) =>
      NATO[m[0].toLowerCase()]
    )
      .join("")
  ).filter(Boolean);
  return separated ? words.join(" ") : segmentWords(words.join(""));
};

const ENCODINGS: readonly Encoding[] = [
  {
    detail: "html_entities",
    run: /(?:&#x[0-9a-f]{1,6};?|&#\d{1,7};?|&[a-z]{2,8};|[^\S\n]|[\w.,:!?'"-]){8,}/gi,
    unit: /&#x?[0-9a-f]{1,7};?/gi,
    min: 4,
    decode: htmlEntities,
  },
  {
    detail: "escapes",
    run:
      /(?:\\u\{[0-9a-f]{1,6}\}|\\u[0-9a-f]{4}|\\x[0-9a-f]{2}|\\[0-7]{3}|u\+[0-9a-f]{4,6}|[^\S\n]|[\w.,:!?'"-]){8,}/gi,
    unit: /\\(?:u\{[0-9a-f]{1,6}\}|u[0-9a-f]{4}|x[0-9a-f]{2}|[0-7]{3})|u\+[0-9a-f]{4,6}/gi,
    min: 4,
    decode: escapes,
  },
  {
    detail: "binary",
    run: /(?<![\w])(?:[01]{7,8}(?:[\s,]+[01]{7,8}){3,}|(?:[01]{8}){5,})(?![\w])/g,
    unit: /[01]{7,8}/g,
    min: 4,
    decode: binary,
  },
  {
    detail: "decimal_codes",
    run: /(?<![\w.#-])\d{2,5}(?:\s*[,; ]\s*\d{2,5}){5,}(?![\w.])/g,
    unit: /\d{2,5}/g,
    min: 6,
    decode: decimal,
  },
  {
    detail: "quoted_printable",
    run: /(?:=[0-9A-Fa-f]{2}|=\r?\n|[!-<>-~]|[^\S\n])+/g,
    unit: /=[0-9A-Fa-f]{2}/g,
    min: 4,
    decode: quotedPrintable,
  },
  {
    detail: "nato",
    run: new RegExp(
      `\\b(?:${NATO_WORD})\\b(?:(?:\\s*[/|;,]\\s*|\\s+)(?:\\(?(?:space|stop|break)\\)?(?:\\s*[/|;,]\\s*|\\s+))?\\b(?:${NATO_WORD})\\b){5,}`,
      "gi",
    ),
    unit: new RegExp(`\\b(?:${NATO_WORD})\\b`, "gi"),
    min: 6,
    decode: nato,
  },
  {
    detail: "ascii85",
    run: /<~[!-u\s]{5,}~>|(?<![!-~])[!-u]{20,}(?![!-~])/g,
    unit: /[!-u]/g,
    min: 20,
    decode: ascii85,
  },
  {
    detail: "base85",
    run: /(?<![!-~])[0-9A-Za-z!#$%&()*+\-;<=>?@^_`{|}~]{20,}(?![!-~])/g,
    unit: /[0-9A-Za-z!#$%&()*+\-;<=>?@^_`{|}~]/g,
    min: 20,
    decode: base85(B85),
  },
  {
    detail: "z85",
    run: /(?<![!-~])[0-9A-Za-z.\-:+=^!/*?&<>()[\]{}@%$#]{20,}(?![!-~])/g,
    unit: /[0-9A-Za-z.\-:+=^!/*?&<>()[\]{}@%$#]/g,
    min: 20,
    decode: base85(Z85),
  },
];

// Words of printable ASCII between spaces: a ROT47 run keeps the spaces of its text. A word that
// already reads as English ends a run, so the app idea before an encoded line is not part of it.
const ASCII_WORD = /(?<![!-~])[!-~]+(?![!-~])/g;

function rot47Runs(input: string): Decoded[] {
  const out: Decoded[] = [];
  let run: RegExpMatchArray[] = [];
  const flush = () => {
    if (run.length >= 4) {
      const start = run[0]!.index!;
      const last = run.at(-1)!;
      const end = last.index! + last[0].length;
      const original = input.slice(start, end);
      const text = rot47(original);
      if (
        /[!-/:-@[-`{-~]/.test(original) && englishShare(original.toLowerCase()).share <= 0.3 &&
        englishShare(text.toLowerCase()).share >= 0.6
      ) {
        out.push({ start, end, text, detail: "rot47" });
      }
    }
    run = [];
  };
  let prevEnd = -1;
  for (const m of input.matchAll(ASCII_WORD)) {
    const plain = /^[a-z]+[.,:;!?]*$/i.test(m[0]) &&
      englishShare(m[0].toLowerCase().replace(/[^a-z]/g, "")).share === 1;
    if (plain || /\n/.test(input.slice(prevEnd, m.index))) flush();
    if (!plain) run.push(m);
    prevEnd = m.index + m[0].length;
  }
  flush();
  return out;
}

/**
 * @param input The original text.
 * @returns The runs that decode to language, with what they say.
 */
export function decodeEncodings(input: string): Decoded[] {
  const out: Decoded[] = [];
  for (const e of ENCODINGS) {
    for (const m of input.matchAll(e.run)) {
      if ((m[0].match(e.unit) ?? []).length < e.min) continue;
      const text = printable(e.decode(m[0])?.trim());
      if (text === undefined || text === m[0] || !readsAsLanguage(text)) continue;
      out.push({ start: m.index, end: m.index + m[0].length, text, detail: e.detail });
    }
  }
  out.push(...rot47Runs(input));
  return out;
}
