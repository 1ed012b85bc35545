/**
 * Text handling of the pattern store: normalisation, stop words, a memoising
 * tokenizer around Orama's English stemmer, and typo distance.
 *
 * @module
 */
import { components, type Tokenizer } from "@orama/orama";

// Function words and words every app idea uses ("build an app where users
// can..."): indexing them would only add noise to the scores.
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ..."abcdefghijklmnopqrstuvwxyz",
  ..."a about after all allow allows also am an and any app apps application applications are as at"
    .split(" "),
  ..."basic be been build building but by can could create creating do does each easy for from"
    .split(" "),
  ..."full get give has have help i if in into is it its just let lets like make makes making"
    .split(" "),
  ..."manage management managing me mvp my need needs new of on one or our own people platform"
    .split(" "),
  ..."please should simple site so some something such system than that the their them"
    .split(" "),
  ..."then there these they this those to tool use used using very want wants way we web website"
    .split(" "),
  ..."what when where which while who whose will with would you your"
    .split(" "),
]);

/**
 * Lower-cases, splits snake_case and expands hyphenated words to both forms
 * ("e-commerce" → "e commerce ecommerce"), so queries and patterns agree.
 */
export function normalize(text: string): string {
  return text.toLowerCase()
    .replace(/([a-z0-9]+)-([a-z0-9]+)/g, "$1 $2 $1$2")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The most words a tokenizer remembers the stem of. */
export const STEM_MEMO_LIMIT = 20_000;

/**
 * A tokenizer using Orama's English (Porter) stemmer, with stems memoised and
 * stop words in a set: Orama re-stems every token on insert, which took most
 * of the store's build time. `stems` maps every word seen to its token ("" for
 * a stop word), so after indexing its values are the vocabulary. It keeps at
 * most {@link STEM_MEMO_LIMIT} words: the index's own vocabulary is far
 * smaller, and query words must not grow a long-lived server's memory.
 */
export function createTokenizer(): { tokenizer: Tokenizer; stems: Map<string, string> } {
  const stem = components.tokenizer.createTokenizer({ stemming: true }).stemmer!;
  const stems = new Map<string, string>();
  const tokenOf = (word: string): string => {
    let token = stems.get(word);
    if (token === undefined) {
      token = STOP_WORDS.has(word) ? "" : stem(word);
      if (stems.size < STEM_MEMO_LIMIT) stems.set(word, token);
    }
    return token;
  };
  const tokenizer: Tokenizer = {
    language: "english",
    normalizationCache: new Map(),
    tokenize(raw: string): string[] {
      const tokens = new Set<string>();
      for (const word of normalize(raw).split(" ")) {
        const token = tokenOf(word);
        if (token !== "") tokens.add(token);
      }
      return [...tokens];
    },
  };
  return { tokenizer, stems };
}

/**
 * True when `a` and `b` are at most one edit apart: an insertion, deletion,
 * substitution or swap of neighbours ("warehuose"), the commonest typos.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return swapped || a.slice(i + 1) === b.slice(i + 1);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
