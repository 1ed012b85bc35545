/**
 * Folded views of untrusted text for injection detection. Each view maps
 * every one of its UTF-16 units back to the range of the original text it
 * came from, so a match found in a view can be stripped from the original.
 *
 * @module
 */
import { isInvisible } from "./_hidden_text.ts";

/** A transformed copy of a text that remembers where each unit came from. */
export interface TextView {
  text: string;
  /** For each unit of `text`, the start offset in the original. */
  starts: number[];
  /** For each unit of `text`, the end offset (exclusive) in the original. */
  ends: number[];
}

/** How to fold a text. */
export interface FoldOptions {
  /** Map Cyrillic/Greek/other look-alikes to Latin letters. */
  confusables?: boolean;
  /**
   * Map leetspeak digits and symbols to letters. As `1` may stand for `i` or
   * `l`, both `1` and `l` become `i`: match such a view with {@link leetPattern}.
   */
  leet?: boolean;
  /** Read line breaks, tabs and underscores as spaces, so a phrase may span lines. */
  flat?: boolean;
}

// Look-alikes, mapped before lower-casing so capitals such as Cyrillic "В" fold to "B".
// deno-fmt-ignore
const CONFUSABLES: Record<string, string> = {
  "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
  "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W",
  "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
  "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g", "ո": "n", "ս": "u",
  "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
  "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
  "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "ε": "e",
  "ı": "i", "ℓ": "l", "ⅰ": "i", "ℯ": "e", "ℴ": "o",
  // Small capitals, and the letters "small caps" generators borrow for the missing ones.
  "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
  "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ǫ": "q", "ʀ": "r",
  "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z", "ꞯ": "q", "ᴦ": "r",
};

// Upside-down text: each letter turned, and the letters in reverse order.
// deno-fmt-ignore
const TURNED: Record<string, string> = {
  "ɐ": "a", "q": "b", "ɔ": "c", "p": "d", "ǝ": "e", "ɟ": "f", "ƃ": "g", "ɓ": "g", "ɥ": "h", "ᴉ": "i",
  "ı": "i", "ɾ": "j", "ʞ": "k", "ꞁ": "l", "ɯ": "m", "u": "n", "d": "p", "b": "q", "ɹ": "r", "ʇ": "t",
  "n": "u", "ʌ": "v", "ʍ": "w", "ʎ": "y", "∀": "A", "Ɔ": "C", "Ǝ": "E", "Ⅎ": "F", "⅁": "G",
  "ſ": "J", "˥": "L", "Ԁ": "P", "┴": "T", "∩": "U", "Λ": "V", "⅄": "Y", "˙": ".", "¿": "?",
  "¡": "!", "'": ",", ",": "'",
};
const TURNED_ONLY = /[ɐɔǝɟƃɓɥᴉɾʞɯɹʇʌʍʎ∀ƆƎℲ⅁˥Ԁ┴∩⅄]/g;

/**
 * Reads upside-down text back: letters turned the right way up, in reverse order.
 *
 * @param input The original text.
 * @returns The text read the right way up, or `undefined` when it has no turned letters.
 */
export function unturn(input: string): string | undefined {
  if ((input.match(TURNED_ONLY) ?? []).length < 2) return undefined;
  return [...input].reverse().map((c) => TURNED[c] ?? c).join("");
}

/** Letters with no compatibility form: negative circled and squared, and regional indicators. */
function enclosed(c: string): string | undefined {
  const cp = c.codePointAt(0)!;
  for (const start of [0x1f150, 0x1f170, 0x1f1e6]) {
    if (cp >= start && cp < start + 26) return String.fromCharCode(97 + cp - start);
  }
  return undefined;
}

// deno-fmt-ignore
const LEET: Record<string, string> = {
  "0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s",
  "€": "e", "+": "t",
};

const COMBINING = /[\u0300-\u036f]/g;

/**
 * Folds a text: compatibility forms and accents removed, lower case, and
 * optionally look-alikes and leetspeak mapped to Latin letters.
 *
 * @param input The original text.
 * @param options What to fold.
 * @returns The view.
 */
export function foldText(input: string, options: FoldOptions = {}): TextView {
  const view: TextView = { text: "", starts: [], ends: [] };
  const parts: string[] = [];
  let offset = 0;
  for (const cp of input) {
    const start = offset;
    offset += cp.length;
    if (isInvisible(cp)) continue;
    let out = cp.normalize("NFKD").replace(COMBINING, "").normalize("NFC");
    if (options.confusables) out = [...out].map((c) => CONFUSABLES[c] ?? enclosed(c) ?? c).join("");
    out = out.toLowerCase();
    if (options.leet) {
      out = [...out].map((c) =>
        c === "1" || c === "|" || c === "!" || c === "l" ? "i" : LEET[c] ?? c
      ).join("");
    }
    if (options.flat) out = out.replace(/[\n\r\t_]/g, " ");
    for (let i = 0; i < out.length; i++) {
      view.starts.push(start);
      view.ends.push(offset);
    }
    parts.push(out);
  }
  view.text = parts.join("");
  return view;
}

/**
 * Joins letters spread out with separators ("i g n o r e", "i.g.n.o.r.e"):
 * runs of at least four single letters lose their separators, and a wider
 * gap between runs becomes one space.
 *
 * @param view A folded view.
 * @returns A view with the runs joined, or `undefined` when there are none.
 */
export function joinSpacedLetters(view: TextView): TextView | undefined {
  const run = /(?<![\p{L}\p{N}])\p{L}(?:[ .\-_*·]{1,3}\p{L}(?![\p{L}\p{N}])){3,}/gu;
  const drop = new Set<number>();
  const space = new Set<number>();
  let found = false;
  for (const m of view.text.matchAll(run)) {
    found = true;
    const base = m.index;
    const segment = m[0];
    // "i.g.n.o.r.e p.r.e.v" uses spaces between words; "i g n o r e  a l l" uses wider gaps.
    const mixed = /[ ]/.test(segment) && /[.\-_*·]/.test(segment);
    for (let i = 0; i < segment.length; i++) {
      if (/\p{L}/u.test(segment[i]!)) continue;
      const gapStart = i;
      while (i + 1 < segment.length && !/\p{L}/u.test(segment[i + 1]!)) i++;
      const gap = segment.slice(gapStart, i + 1);
      const boundary = mixed ? gap.includes(" ") : gap.length > 1;
      for (let j = gapStart; j <= i; j++) {
        if (boundary && j === gapStart) space.add(base + j);
        else drop.add(base + j);
      }
    }
  }
  if (!found) return undefined;
  const out: TextView = { text: "", starts: [], ends: [] };
  const chars: string[] = [];
  for (let i = 0; i < view.text.length; i++) {
    if (drop.has(i)) continue;
    chars.push(space.has(i) ? " " : view.text[i]!);
    out.starts.push(view.starts[i]!);
    out.ends.push(view.ends[i]!);
  }
  out.text = chars.join("");
  return out;
}

/**
 * The same pattern for a leetspeak view, where `l` reads as `i`. Patterns
 * must not use `l` or `i` as an escape or inside a character class.
 *
 * @param pattern A pattern over folded text.
 * @returns The pattern with every `l` replaced by `i`.
 */
export function leetPattern(pattern: RegExp): RegExp {
  return new RegExp(pattern.source.replaceAll("l", "i"), pattern.flags);
}
