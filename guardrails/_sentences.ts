/**
 * Splits untrusted text into sentences (with their offsets in the original)
 * and makes the readings of one sentence that injection detection classifies:
 * folded, look-alikes mapped, leetspeak, letters joined back together
 * ("I|g|n|o|r|e", "i g n o r e"), dots between words read as spaces,
 * hyphens inside words dropped, scrambled words unscrambled, rot13 and reversed.
 *
 * @module
 */
import {
  ENGLISH_WORDS as words_,
  englishShare,
  revowel,
  segmentWords,
  unscramble,
} from "./_english_words.ts";
import { foldText, joinSpacedLetters, unturn } from "./_text_views.ts";

/** A sentence: `[start, end)` of the original text, ending after its punctuation. */
export interface Sentence {
  start: number;
  end: number;
  /** Index of the paragraph (blocks separated by a blank line). */
  paragraph: number;
}

// A sentence ends at . ! ? (and their CJK and Devanagari forms) followed by a space or the end,
// or at a line break. A dot after a dotted letter does not end one: "R.e.V.e.A.l. T.h.E." is a
// sentence spelled out, as "e.g." is no end either.
const END = /(?<!\.[A-Za-z])[.!?。！？।]+["'”’)\]]*(?=\s|$)|[。！？]+|\n/g;

/**
 * @param text The original text.
 * @returns Its sentences, in order, covering every non-blank part.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let at = 0;
  let paragraph = 0;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++;
    if (start < end) out.push({ start, end, paragraph });
  };
  for (const m of text.matchAll(END)) {
    const end = m.index + m[0].length;
    push(at, m[0] === "\n" ? m.index : end);
    if (m[0] === "\n" && /^[ \t]*\n/.test(text.slice(end))) paragraph++;
    at = end;
  }
  push(at, text.length);
  return out;
}

/** One reading of a sentence and the obfuscation it undoes (`undefined` for the plain one). */
export type Reading = [text: string, detail: string | undefined];

const rot13 = (s: string) =>
  s.replace(/[a-z]/g, (c) => String.fromCharCode((c.charCodeAt(0) - 97 + 13) % 26 + 97));

/**
 * @param sentence The sentence's original text.
 * @returns Its readings for English patterns; the first is the plain folded one.
 */
export function englishReadings(sentence: string): Reading[] {
  const plain = foldText(sentence, { flat: true });
  const look = foldText(sentence, { confusables: true, flat: true });
  const out: Reading[] = [[plain.text, undefined]];
  const add = (text: string | undefined, detail: string) => {
    if (text !== undefined && !out.some(([t]) => t === text)) out.push([text, detail]);
  };
  add(look.text, "homoglyph");
  // "I|g|n|o|r|e", "r-e-v-e-a-l" and "T.h.E.": one-letter runs with any separator.
  const interleaved = look.text.replace(
    /(?<![\p{L}\p{N}])\p{L}(?:[|/\\+~^,:;_\-*·.]\p{L}(?![\p{L}\p{N}])){2,}[.]?/gu,
    (run) => run.replace(/[^\p{L}]/gu, ""),
  );
  if (interleaved !== look.text) add(interleaved, "interleaved");
  add(joinSpacedLetters(look)?.text, "spaced");
  // "ignore.previous.instructions", "iGnOrE...aLl...PrIoR"
  const dotted = look.text.replace(/(?<=\p{L}{2})[._*~+]+(?=\p{L}{2})/gu, " ");
  if (dotted !== look.text) add(dotted, "dotted");
  const leet = foldText(sentence, { confusables: true, leet: true, flat: true });
  // Matched with patterns where "l" reads as "i" (see leetPattern), so both keep this name.
  add(leet.text, "leetspeak");
  add(joinSpacedLetters(leet)?.text, "leetspeak");
  // "ig-nore prev-ious in-struc-tions": hyphens inside words, as a hyphenation tool leaves them.
  const joined = look.text.replace(/(?<=\p{L})-(?=\p{L})/gu, "");
  if (joined !== look.text) add(joined, "hyphenated");
  // "IgNroe yuor pvreoius itnsrcutinos": scrambled middles read as the known word.
  const unscrambled = look.text.replace(/\p{L}+/gu, (w) => unscramble(w) ?? w);
  if (unscrambled !== look.text) add(unscrambled, "scrambled");
  add(rot13(look.text), "rot13");
  add([...look.text].reverse().join(""), "reversed");
  // "ignoreallpreviousinstructions": a long run of letters read as the known words it is made of.
  const split = look.text.replace(
    /\p{L}{16,}/gu,
    (run) => words_.has(run) ? run : segmentWords(run) ?? run,
  );
  if (split !== look.text) add(split, "joined_words");
  const turned = unturn(sentence);
  if (turned !== undefined) {
    add(foldText(turned, { confusables: true, flat: true }).text, "upside_down");
  }
  // "prompt system your reveal": the words in reverse order; "erongi lla": each word reversed.
  const words = look.text.match(/\p{L}+|[^\p{L}\s]+/gu) ?? [];
  if (words.length >= 4) {
    add(words.slice().reverse().join(" "), "reversed_word_order");
    if (englishShare(look.text).share < 0.5) {
      const each = words.map((w) => [...w].reverse().join("")).join(" ");
      if (englishShare(each).share >= 0.5) add(each, "reversed_words");
    }
    // "gnr ll prvs nstrctns": vowels dropped, read back as the known words with those consonants.
    const bare = words.filter((w) => /^[a-z]+$/.test(w) && !/[aeiou]/.test(w));
    if (bare.length >= 3 && bare.length / words.length >= 0.5) {
      add(
        look.text.replace(/\p{L}+/gu, (w) => /[aeiou]/.test(w) ? w : revowel(w) ?? w),
        "vowels_dropped",
      );
    }
  }
  return out;
}

/**
 * @param sentence The sentence's original text.
 * @returns Its folded reading for the other languages' patterns.
 */
export function otherReading(sentence: string): string {
  return foldLetters(foldText(sentence, { flat: true }).text);
}

// Letters that are not a base letter with an accent, so NFKD leaves them whole.
const LETTERS: Record<string, string> = {
  "ı": "i",
  "ł": "l",
  "ə": "e",
  "ø": "o",
  "æ": "ae",
  "œ": "oe",
  "đ": "d",
  "ð": "d",
  "ħ": "h",
  "þ": "th",
  "ß": "ss",
};

/**
 * @param text Lower-case text.
 * @returns It with the letters NFKD keeps whole read as plain ones ("ə" as "e", "ø" as "o").
 */
export function foldLetters(text: string): string {
  return text.replace(/[ıłəøæœđðħþß]/g, (c) => LETTERS[c]!);
}
