/**
 * What the intent patterns are made of: the intents, one pattern's shape,
 * the gap allowed between the words of one sentence, and the makers of
 * English and other-language patterns. `_injection_intents.ts`,
 * `_injection_requests.ts`, `_injection_behaviour.ts` and
 * `_injection_framings.ts` each hold one family of patterns built from them.
 *
 * @module
 */

/** What an injected sentence is after. */
export type Intent =
  | "instruction_override"
  | "persona_switch"
  | "role_marker"
  | "prompt_leak"
  | "exfiltration"
  | "goal_hijack"
  | "code_execution"
  | "model_addressed";

/** One intent pattern. */
export interface IntentPattern {
  intent: Intent;
  /** Language of the pattern (`en`, `de`...), or `any`. */
  lang: string;
  pattern: RegExp;
  /**
   * Whether a match of `pattern` at `index` of the text counts, for a condition a regular
   * expression states slowly (what comes before the match); every match counts without it.
   */
  accept?: (text: string, index: number, match: string) => boolean;
}

/**
 * @param chars The most characters between two words.
 * @param lazy Whether the gap takes as few characters as it can (default true).
 * @returns A lazy gap inside one sentence; a dot followed by a letter (".env", a URL) stays inside.
 */
export const gap = (chars: number, lazy = true): string =>
  `(?:[^.!?\\n]|[.!?](?=\\S)){0,${chars}}${lazy ? "?" : ""}`;

/**
 * @param intent The intent.
 * @param source The pattern's source, over the folded English readings.
 * @returns The English pattern.
 */
export const en = (intent: Intent, source: string): IntentPattern => ({
  intent,
  lang: "en",
  pattern: new RegExp(source),
});

/**
 * @param intent The intent.
 * @param lang The language.
 * @param source The pattern's source, over the folded reading of other languages.
 * @returns The pattern, with Unicode classes.
 */
export const other = (intent: Intent, lang: string, source: string): IntentPattern => ({
  intent,
  lang,
  pattern: new RegExp(source, "u"),
});
