/**
 * Classical ciphers an injection may be written in: a Caesar shift (any of
 * the 25), Atbash, Pig Latin, Morse code and base32. A run of words that does not read
 * as English is tried with every key; a decoding is kept only when it does
 * read as English (most of its words are known English words), so that text
 * in another language, names and identifiers are not "decoded" into noise.
 * What a decoding says is classified by the caller like any other text.
 *
 * @module
 */
import { englishShare } from "./_english_words.ts";

/** A run of the original text and what it decodes to. */
export interface Decoded {
  start: number;
  end: number;
  text: string;
  /** `caesar-<shift>`, `atbash`, `pig_latin`, `morse` or `base32`. */
  detail: string;
}

/** A decoding reads as English when this share of its words are known ones. */
const ENGLISH_SHARE = 0.6;
/** A run already reads as English, and is left alone, above this share. */
const PLAIN_SHARE = 0.3;
const MIN_WORDS = 4;

const shift = (s: string, n: number) =>
  s.replace(/[a-z]/g, (c) => String.fromCharCode((c.charCodeAt(0) - 97 + n) % 26 + 97));
const atbash = (s: string) =>
  s.replace(/[a-z]/g, (c) => String.fromCharCode(122 - (c.charCodeAt(0) - 97)));

// Runs of at least four words of ASCII letters, with spaces and light punctuation between.
const LETTER_RUN = /(?<![A-Za-z0-9])[A-Za-z]{2,}(?:[ ,'-]{1,3}[A-Za-z]{1,}){3,}(?![A-Za-z0-9])/g;

/** Caesar and Atbash runs whose decoding, and only it, reads as English. */
function substitutions(input: string): Decoded[] {
  const out: Decoded[] = [];
  for (const m of input.matchAll(LETTER_RUN)) {
    const run = m[0].toLowerCase();
    const plain = englishShare(run);
    if (plain.count < MIN_WORDS || plain.share > PLAIN_SHARE) continue;
    let best: { text: string; detail: string; share: number } | undefined;
    const candidates: [string, string][] = [[atbash(run), "atbash"]];
    const pig = unpig(run);
    if (pig !== undefined) candidates.push([pig, "pig_latin"]);
    for (let n = 1; n < 26; n++) candidates.push([shift(run, n), `caesar-${26 - n}`]);
    for (const [text, detail] of candidates) {
      const { share } = englishShare(text);
      if (share >= ENGLISH_SHARE && (best === undefined || share > best.share)) {
        best = { text, detail, share };
      }
    }
    if (best) out.push({ start: m.index, end: m.index + m[0].length, ...best });
  }
  return out;
}

/**
 * Pig Latin read back ("gnoreiay llaay" → "ignore all"): each word's last letters before "ay"
 * moved back to its front, one to three of them, whichever makes a known word.
 */
function unpig(run: string): string | undefined {
  const words = run.split(/([ ,'-]+)/);
  const letters = words.filter((w) => /^[a-z]+$/.test(w));
  if (letters.filter((w) => /ay$/.test(w)).length < letters.length * 0.7) return undefined;
  return words.map((w) => {
    if (!/^[a-z]{3,}ay$/.test(w)) return w;
    const body = w.slice(0, -2);
    if (/w$/.test(body) && englishShare(body.slice(0, -1)).share === 1) return body.slice(0, -1);
    for (let k = 1; k <= 3 && k < body.length; k++) {
      const word = body.slice(-k) + body.slice(0, -k);
      if (englishShare(word).share === 1) return word;
    }
    return body.slice(-1) + body.slice(0, -1);
  }).join("");
}

// deno-fmt-ignore
const MORSE: Record<string, string> = {
  ".-": "a", "-...": "b", "-.-.": "c", "-..": "d", ".": "e", "..-.": "f", "--.": "g", "....": "h",
  "..": "i", ".---": "j", "-.-": "k", ".-..": "l", "--": "m", "-.": "n", "---": "o", ".--.": "p",
  "--.-": "q", ".-.": "r", "...": "s", "-": "t", "..-": "u", "...-": "v", ".--": "w", "-..-": "x",
  "-.--": "y", "--..": "z", "-----": "0", ".----": "1", "..---": "2", "...--": "3", "....-": "4",
  ".....": "5", "-....": "6", "--...": "7", "---..": "8", "----.": "9",
};
// Eight or more Morse letters; words split by " / ", " | " or three spaces.
const MORSE_RUN = /(?<![\w.-])[.-]{1,6}(?:(?: {1,3}| ?[/|] ?)[.-]{1,6}){7,}(?![\w.-])/g;

function morse(input: string): Decoded[] {
  const out: Decoded[] = [];
  for (const m of input.matchAll(MORSE_RUN)) {
    const text = m[0].split(/ ?[/|] ?| {3}/).map((word) =>
      word.trim().split(/ +/).map((code) => MORSE[code] ?? "?").join("")
    ).join(" ");
    if (text.includes("?") || englishShare(text).share < ENGLISH_SHARE) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text, detail: "morse" });
  }
  return out;
}

const BASE32 = /(?<![A-Za-z0-9+/])[A-Z2-7]{16,}={0,6}(?![A-Za-z0-9+/])/g;
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(input: string): Decoded[] {
  const out: Decoded[] = [];
  for (const m of input.matchAll(BASE32)) {
    let bits = 0;
    let value = 0;
    const bytes: number[] = [];
    for (const c of m[0].replace(/=+$/, "")) {
      value = (value << 5) | B32.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        bytes.push((value >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      continue;
    }
    // Readable text, not a TOTP secret's random bytes.
    if (
      !/^[\p{L}\p{N}\p{P}\p{Zs}\n]+$/u.test(text) || englishShare(text.toLowerCase()).share < 0.5
    ) {
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length, text, detail: "base32" });
  }
  return out;
}

/**
 * @param input The original text.
 * @returns The runs that decode to English, with what they say.
 */
export function decodeCiphers(input: string): Decoded[] {
  return [...substitutions(input), ...morse(input), ...base32(input)];
}
