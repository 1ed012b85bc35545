/**
 * A small English vocabulary for injection detection: the most frequent
 * English words, plus the words the English intent patterns are built from.
 * It tells whether a decoded run reads as English (a cipher key is accepted
 * only then) and lets a scrambled word ("itnsrcutinos") be read back as the
 * trigger word with the same first and last letter and the same letters.
 *
 * @module
 */
import { ENGLISH_INTENTS } from "./_injection_intents.ts";
import { ENGLISH_REQUESTS } from "./_injection_requests.ts";

// The most frequent English words (function words, common verbs and nouns).
// deno-fmt-ignore
const COMMON = (
  "a about above after again against all also am an and any are as at be because been before " +
  "being below between both but by can cannot could did do does doing down during each few for " +
  "from further had has have having he her here hers him his how i if in into is it its itself " +
  "just me more most my no nor not now of off on once only or other our out over own same she " +
  "should so some such than that the their them then there these they this those through to too " +
  "under until up very was we were what when where which while who whom why will with would you " +
  "your yours yourself one two three first last next new old every many much well way back even " +
  "still here there always never again ever make made get got give gave go went come came take " +
  "took see saw know knew think say said tell told ask asked use used find want need try call " +
  "keep let put show write read print send reply answer follow start stop begin end add remove " +
  "open close run work help like look turn move play change text word words message line lines " +
  "rule rules task job thing things time day people user users data file files code app page " +
  "please thanks must shall may might yes ok okay hello hi dear note above below instead full " +
  "exact exactly everything anything nothing something everyone secret hidden key keys password " +
  "system prompt instructions instruction previous prior earlier original initial reveal ignore " +
  "disregard forget output repeat display list share translate decode encode follow obey comply " +
  "respond response content request requests assistant model bot ai chat conversation session " +
  "mode developer admin access token tokens environment variables variable contents word am " +
  "server env site website link url route endpoint script shell command commands config " +
  "settings readme repo repository upload download install database private public"
).split(" ");

const words = new Set<string>(COMMON);
for (const { pattern } of [...ENGLISH_INTENTS, ...ENGLISH_REQUESTS]) {
  // Regex escapes (\b, \s, \w...) are not words; what is left between them is.
  for (const m of pattern.source.replace(/\\[a-z]/gi, " ").matchAll(/[a-z]{4,}/g)) words.add(m[0]);
}

/** Lower-case English words the detector knows. */
export const ENGLISH_WORDS: ReadonlySet<string> = words;

const key = (w: string) => w[0]! + w.at(-1)! + [...w.slice(1, -1)].sort().join("");
const SHORT = ["the", "and", "you", "are", "all", "for", "not", "now", "new", "key"];
const byLetters = new Map<string, string>();
for (const w of words) if (w.length >= 4 && !byLetters.has(key(w))) byLetters.set(key(w), w);
const byShort = new Map(SHORT.map((w) => [[...w].sort().join(""), w]));

// Known words by their consonants ("nstrctns"), and by their consonants after a first vowel
// ("instrctns"), for text with its vowels dropped. The first, most frequent word wins.
const byConsonants = new Map<string, string>();
for (const w of words) {
  const all = w.replace(/[aeiou]/g, "");
  const first = w[0]! + w.slice(1).replace(/[aeiou]/g, "");
  for (const k of [all, first]) {
    if (k !== w && k.length > 0 && !byConsonants.has(k)) byConsonants.set(k, w);
  }
}

/**
 * @param skeleton A lower-case word without vowels.
 * @returns The known word it is, vowels restored, or `undefined`.
 */
export function revowel(skeleton: string): string | undefined {
  return byConsonants.get(skeleton);
}

/**
 * @param word A lower-case word.
 * @returns The known word it is a scrambling of (same first and last letter,
 * same letters; any order for three-letter function words), or `undefined`.
 */
export function unscramble(word: string): string | undefined {
  if (words.has(word)) return undefined;
  if (word.length === 3) return byShort.get([...word].sort().join(""));
  if (word.length < 4) return undefined;
  return byLetters.get(key(word));
}

/**
 * @param text Lower-case text.
 * @returns The share of its words (letters only, two or more) that are known
 * English words, and how many words it has.
 */
export function englishShare(text: string): { share: number; count: number } {
  const found = text.match(/[a-z]{2,}/g) ?? [];
  if (found.length === 0) return { share: 0, count: 0 };
  return { share: found.filter((w) => words.has(w)).length / found.length, count: found.length };
}

/**
 * Splits letters written without spaces into known words ("ignoreallprevious"
 * → "ignore all previous"), preferring fewer, longer words.
 *
 * @param letters Lower-case letters.
 * @returns The words joined by spaces, or `undefined` when the letters are not all known words.
 */
export function segmentWords(letters: string): string | undefined {
  if (!/^[a-z]+$/.test(letters) || letters.length > 400) return undefined;
  // Cheapest split: a known word costs 1, an unknown letter 3 (kept, to be read as it is).
  const cost: number[] = [0];
  const back: [number, boolean][] = [[0, false]];
  for (let end = 1; end <= letters.length; end++) {
    cost[end] = cost[end - 1]! + 3;
    back[end] = [end - 1, false];
    for (let start = Math.max(0, end - 16); start < end; start++) {
      const word = letters.slice(start, end);
      if (!words.has(word) || (word.length === 1 && word !== "a" && word !== "i")) continue;
      if (cost[start]! + 1 < cost[end]!) {
        cost[end] = cost[start]! + 1;
        back[end] = [start, true];
      }
    }
  }
  const pieces: [string, boolean][] = [];
  for (let end = letters.length; end > 0;) {
    const [start, known] = back[end]!;
    const first = pieces[0];
    // Unknown letters in a row stay one word.
    if (!known && first !== undefined && !first[1]) first[0] = letters[start] + first[0];
    else pieces.unshift([letters.slice(start, end), known]);
    end = start;
  }
  const unknown = pieces.filter(([, known]) => !known).reduce((n, [p]) => n + p.length, 0);
  const parts = pieces.map(([p]) => p);
  return unknown / letters.length <= 0.25 ? parts.join(" ") : undefined;
}
