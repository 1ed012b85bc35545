/**
 * Encoded runs in a text, decoded and handed back to be scanned: base64
 * (standard and URL-safe), percent- and hex-encoded bytes, the ciphers of
 * `_ciphers.ts` and the encodings of `_decoders.ts`; and quoted fragments
 * meant to be joined into one instruction (`a = "ign"`, `b = "ore…"`), and
 * acrostics whose lines' first letters spell an order to the model.
 *
 * @module
 */
import { decodeCiphers } from "./_ciphers.ts";
import { decodeEncodings } from "./_decoders.ts";
import type { Span } from "./_hidden_text.ts";

const BASE64 = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const URL_ENCODED = /(?:[A-Za-z0-9._~!*'()+-]|%[0-9A-Fa-f]{2}){12,}/g;
const PERCENT = /(?:%[0-9A-Fa-f]{2}){6,}/g;
const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){10,}(?![0-9A-Fa-f])/g;
// "69 67 6e", "0x69 0x67", "\x69\x67", "69:67:6e"
const SPACED_HEX =
  /(?<![0-9A-Za-z])(?:(?:0x|\\x)?[0-9A-Fa-f]{2}[\s,:;-]{1,3}){7,}(?:0x|\\x)?[0-9A-Fa-f]{2}(?![0-9A-Za-z])/g;

/**
 * Decodes base64, percent- and hex-encoded runs, ciphers and other encodings.
 *
 * @param input The text.
 * @param injected Whether a decoded text holds an injection (the caller's scan, one level deeper).
 * @returns A span for each run whose decoding is injected.
 */
export function findEncoded(input: string, injected: (text: string) => boolean): Span[] {
  const spans: Span[] = [];
  const keep = (start: number, end: number, text: string | undefined, detail: string) => {
    if (text !== undefined && injected(text)) {
      spans.push({ start, end, kind: "encoded_instruction", match: text, detail });
    }
  };
  const decoders: [RegExp, string, (s: string) => string | undefined][] = [
    [BASE64, "base64", (s) => printable(decodeBase64(s))],
    [PERCENT, "percent", (s) => printable(hexBytes(s.replaceAll("%", "")))],
    [HEX, "hex", (s) => printable(hexBytes(s))],
    [SPACED_HEX, "hex", (s) => printable(hexBytes(s.replace(/0x|\\x|[\s,:;-]/gi, "")))],
    // URL-encoded text ("ignore%20all%20previous…"): letters left as they are between escapes.
    [
      URL_ENCODED,
      "percent",
      (s) => (s.match(/%[0-9A-Fa-f]{2}/g) ?? []).length < 3 ? undefined : uriText(s),
    ],
  ];
  for (const [pattern, detail, decode] of decoders) {
    for (const m of input.matchAll(pattern)) {
      keep(m.index, m.index + m[0].length, decode(m[0]), detail);
    }
  }
  for (const d of [...decodeCiphers(input), ...decodeEncodings(input)]) {
    keep(d.start, d.end, d.text, d.detail);
  }
  return spans;
}

// What an acrostic spells when it hides an order to the model.
const ACROSTIC_WORD =
  /(?:prompt|system|ignore|reveal|leak|secret|password|jailbreak|rules|instructions|dumpenv|printenv)/;

/**
 * @param text The text.
 * @returns The runs of five or more short lines whose first letters spell a word of an order to
 * the model ("Print / Reveal / Output / Make / Present / Tell": PROMPT), with what they spell.
 */
export function findAcrostics(text: string): Span[] {
  const out: Span[] = [];
  const lines = [...text.matchAll(/^[ \t]*(\p{L})[^\n]{0,40}$/gmu)];
  let run: RegExpMatchArray[] = [];
  const flush = () => {
    const word = run.map((m) => m[1]!).join("").toLowerCase();
    if (run.length >= 5 && ACROSTIC_WORD.test(word)) {
      const last = run.at(-1)!;
      out.push({
        start: run[0]!.index!,
        end: last.index! + last[0].length,
        kind: "encoded_instruction",
        match: word,
        detail: "acrostic",
      });
    }
    run = [];
  };
  for (const m of lines) {
    const prev = run.at(-1);
    const adjacent = prev !== undefined && prev.index! + prev[0].length + 1 === m.index;
    const short = m[0].trim().split(/\s+/).length <= 4;
    if (!adjacent || !short) flush();
    if (short) run.push(m);
  }
  flush();
  return out;
}

/**
 * @param text The text.
 * @returns Its quoted fragments joined, for payloads split across variables: a = "ign",
 * b = "ore…"; `undefined` with fewer than two.
 */
export function joinedFragments(
  text: string,
): { text: string; spaced: string; start: number; end: number } | undefined {
  const quotes = [...text.matchAll(/["'“‘]([^"'”’\n]{2,80})["'”’]/g)];
  if (quotes.length < 2) return undefined;
  const parts = quotes.map((q) => q[1]!);
  const last = quotes.at(-1)!;
  return {
    text: parts.join(""),
    // "remember 'ignore', then 'your rules'": words joined as words.
    spaced: parts.map((p) => p.trim()).join(" "),
    start: quotes[0]!.index,
    end: last.index + last[0].length,
  };
}

function uriText(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

function decodeBase64(s: string): Uint8Array | undefined {
  const std = s.replaceAll("-", "+").replaceAll("_", "/").replace(/=+$/, "");
  if (std.length % 4 === 1) return undefined;
  try {
    return Uint8Array.from(
      atob(std + "=".repeat((4 - std.length % 4) % 4)),
      (c) => c.charCodeAt(0),
    );
  } catch {
    return undefined;
  }
}

function hexBytes(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The bytes as text when they are valid UTF-8 and mostly readable, else `undefined`. */
function printable(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined || bytes.length < 8) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const readable = [...text].filter((c) => /[\p{L}\p{N}\p{P}\p{Zs}\n]/u.test(c)).length;
  return readable / [...text].length >= 0.9 && /\p{L}{2}/u.test(text) ? text : undefined;
}
