/**
 * Text a reader cannot see but a model reads: invisible and bidi characters,
 * Unicode tag characters (which can spell out a whole hidden sentence), HTML
 * comments, hidden HTML elements and Markdown comments.
 *
 * @module
 */

/** A span of the original text to report and remove. */
export interface Span {
  start: number;
  end: number;
  kind:
    | "hidden_text"
    | "special_token"
    | "role_marker"
    | "instruction_override"
    | "encoded_instruction"
    | "persona_switch"
    | "prompt_leak"
    | "exfiltration"
    | "goal_hijack"
    | "code_execution"
    | "model_addressed";
  /** What to report; defaults to the spanned text. */
  match?: string;
  detail?: string;
}

// Control characters are the point of this pattern: they hide text.
const INVISIBLE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|[\u{1D173}-\u{1D17A}\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const BLACK_FLAG = 0x1f3f4;
const TAG_CANCEL = 0xe007f;

/** Whether a code point is dropped from the views used for detection. */
export function isInvisible(char: string): boolean {
  return INVISIBLE.test(char);
}

const isTag = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f;

/**
 * Finds invisible characters, except those that are part of emoji or of a
 * script's spelling: the zero-width joiner between pictographs, the tag
 * sequence of a subdivision flag such as England's, and a zero-width
 * (non-)joiner between two letters of Arabic-script or Indic text.
 *
 * @param input The original text.
 * @returns One span per invisible character or run of tag characters.
 */
export function findInvisible(input: string): Span[] {
  const cps = [...input];
  const spans: Span[] = [];
  let offset = 0;
  for (let i = 0; i < cps.length; i++) {
    const char = cps[i]!;
    const cp = char.codePointAt(0)!;
    const start = offset;
    offset += char.length;
    if (!INVISIBLE.test(char)) continue;
    if (cp === 0x200d && isEmojiJoin(cps[i - 1], cps[i + 1])) continue;
    if ((cp === 0x200c || cp === 0x200d) && isJoinerScript(cps[i - 1], cps[i + 1])) continue;
    if (isTag(cp)) {
      let j = i;
      let end = start;
      let decoded = "";
      while (j < cps.length && isTag(cps[j]!.codePointAt(0)!)) {
        const t = cps[j]!.codePointAt(0)!;
        if (t !== TAG_CANCEL) decoded += String.fromCodePoint(t - 0xe0000);
        end += cps[j]!.length;
        j++;
      }
      const last = cps[j - 1]!.codePointAt(0);
      const flag = cps[i - 1]?.codePointAt(0) === BLACK_FLAG && last === TAG_CANCEL &&
        /^[a-z0-9]{2,6}$/.test(decoded);
      if (!flag) {
        spans.push({ start, end, kind: "hidden_text", match: decoded, detail: "tag_characters" });
      }
      offset = end;
      i = j - 1;
      continue;
    }
    const name = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
    const previous = spans.at(-1);
    if (previous?.detail === "invisible_character" && previous.end === start) {
      // One finding per run of invisible characters, naming each kind once.
      previous.end = offset;
      if (!previous.match!.split(" ").includes(name)) previous.match += ` ${name}`;
      continue;
    }
    spans.push({
      start,
      end: offset,
      kind: "hidden_text",
      match: name,
      detail: "invisible_character",
    });
  }
  return spans;
}

// Scripts whose spelling uses the zero-width (non-)joiner between letters: Persian "کلاس‌ها",
// Indic conjuncts. Between Latin letters, or in a run, it still hides text.
const JOINER_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}]/u;

function isJoinerScript(before: string | undefined, after: string | undefined): boolean {
  return before !== undefined && after !== undefined && JOINER_SCRIPT.test(before) &&
    JOINER_SCRIPT.test(after);
}

function isEmojiJoin(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  const b = before.codePointAt(0)!;
  const beforeOk = PICTOGRAPHIC.test(before) || b === 0xfe0f || (b >= 0x1f3fb && b <= 0x1f3ff);
  return beforeOk && PICTOGRAPHIC.test(after);
}

const HIDDEN_MARKUP: readonly [RegExp, string][] = [
  [/<!--[\s\S]*?(?:-->|$)/g, "html_comment"],
  [
    /<([a-z][a-z0-9]*)\b[^>]*\bstyle\s*=\s*["'][^"']*(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9]))[^"']*["'][^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi,
    "hidden_element",
  ],
  [/<([a-z][a-z0-9]*)\b[^>]*\shidden(?:\s|=|>)[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, "hidden_element"],
  [/^\[\/\/\]:\s*#\s*[("'].*$/gm, "markdown_comment"],
];

/**
 * Finds HTML comments, elements styled invisible and Markdown comments.
 *
 * @param input The original text.
 * @returns One span per hidden block.
 */
export function findHiddenMarkup(input: string): Span[] {
  const spans: Span[] = [];
  for (const [pattern, detail] of HIDDEN_MARKUP) {
    for (const m of input.matchAll(pattern)) {
      spans.push({ start: m.index, end: m.index + m[0].length, kind: "hidden_text", detail });
    }
  }
  return spans;
}
