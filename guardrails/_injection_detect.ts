/**
 * Finds prompt injection in untrusted text, sentence by sentence. Hidden text
 * (HTML comments, invisible characters), chat-template tokens and role lines
 * are found as spans; every other sentence is read in several ways (folded,
 * look-alikes mapped, leetspeak, letters joined, dots read as spaces, rot13,
 * reversed, unscrambled, upside down, words in reverse order, vowels put
 * back, joined words split, and in other languages) and classified by what it
 * asks of the model (see `_injection_intents.ts`, `_injection_framings.ts`).
 * Encoded runs (base64, hex, percent, base32, and those of `_decoders.ts`),
 * ciphers that decode to English (Caesar, Atbash, Morse, see `_ciphers.ts`)
 * and quoted fragments meant to be joined are decoded and classified too, and
 * rules over several sentences (`_injection_documents.ts`) find rules files
 * for agents and Crescendo build-ups.
 * A flagged sentence takes with it the sentences right around it that keep
 * talking to the model ("DAN can do anything…", "Stay in character"), so what
 * `strip` leaves holds no half of an instruction.
 *
 * @module
 */
import { decodeCiphers } from "./_ciphers.ts";
import { decodeEncodings } from "./_decoders.ts";
import { findHiddenMarkup, findInvisible, type Span } from "./_hidden_text.ts";
import { ENGLISH_BEHAVIOUR } from "./_injection_behaviour.ts";
import { ENGLISH_FRAMINGS } from "./_injection_framings.ts";
import { documentFindings } from "./_injection_documents.ts";
import { englishShare } from "./_english_words.ts";
import { CROSSLINGUAL_INTENTS, LEXICON_INTENTS, PERSONA_INTENTS } from "./_injection_lexicon.ts";
import { ENGLISH_INTENTS, type Intent, OTHER_INTENTS } from "./_injection_intents.ts";
import { ENGLISH_REQUESTS, OTHER_REQUESTS } from "./_injection_requests.ts";
import {
  LATIN_PATTERNS,
  MULTILINGUAL_PATTERNS,
  ROLE_PATTERNS,
  SPECIAL_TOKENS,
} from "./_injection_patterns.ts";
import { englishReadings, otherReading, type Sentence, splitSentences } from "./_sentences.ts";
import { foldText, leetPattern, type TextView } from "./_text_views.ts";

const MAX_DECODE_DEPTH = 2;
/** The cross-lingual fallback reads sentences whose share of English words is below this. */
const CROSSLINGUAL_MAX_ENGLISH = 0.3;

interface Classifier {
  kind: Span["kind"];
  lang: string;
  pattern: RegExp;
}

const once = (re: RegExp) => new RegExp(re.source, re.flags.replace("g", ""));
const ENGLISH: readonly Classifier[] = [
  ...[...ENGLISH_INTENTS, ...ENGLISH_REQUESTS, ...ENGLISH_BEHAVIOUR, ...ENGLISH_FRAMINGS].map((
    p,
  ) => ({
    kind: p.intent,
    lang: p.lang,
    pattern: p.pattern,
  })),
  ...LATIN_PATTERNS.map((p) => ({ kind: p.kind, lang: p.lang, pattern: once(p.pattern) })),
];
const ENGLISH_LEET: readonly Classifier[] = ENGLISH.map((c) => ({
  ...c,
  pattern: leetPattern(c.pattern),
}));
// The lexicons last: a word shared by neighbouring languages is reported as the language whose
// own patterns matched it.
const OTHER: readonly Classifier[] = [
  ...[...OTHER_INTENTS, ...OTHER_REQUESTS].map((p) => ({
    kind: p.intent,
    lang: p.lang,
    pattern: p.pattern,
  })),
  ...MULTILINGUAL_PATTERNS.map((p) => ({ kind: p.kind, lang: p.lang, pattern: once(p.pattern) })),
  ...[...LEXICON_INTENTS, ...PERSONA_INTENTS].map((p) => ({
    kind: p.intent,
    lang: p.lang,
    pattern: p.pattern,
  })),
];

/** What a sentence asks of the model, or `undefined` when it asks nothing. */
export interface Verdict {
  kind: Intent;
  /** The language of the pattern, or the obfuscation undone. */
  detail: string;
}

/**
 * Classifies one sentence.
 *
 * @param sentence The sentence's text.
 * @returns The verdict, or `undefined` for a sentence that is not an injection.
 */
export function classifySentence(sentence: string): Verdict | undefined {
  for (const [reading, detail] of englishReadings(sentence)) {
    const classifiers = detail === "leetspeak" ? ENGLISH_LEET : ENGLISH;
    for (const c of classifiers) {
      if (c.pattern.test(reading)) return { kind: c.kind as Intent, detail: detail ?? c.lang };
    }
  }
  const reading = otherReading(sentence);
  for (const c of OTHER) {
    if (c.pattern.test(reading)) return { kind: c.kind as Intent, detail: c.lang };
  }
  // Indic nuktas, which NFC leaves apart in some letters, as the lexicons write them: without.
  const bare = reading.replace(/[\u093C\u09BC\u0A3C\u0ABC\u0B3C\u0CBC]/g, "");
  if (bare !== reading) {
    for (const p of [...LEXICON_INTENTS, ...PERSONA_INTENTS]) {
      if (p.pattern.test(bare)) return { kind: p.intent, detail: p.lang };
    }
  }
  // Borrowed stems decide only where the English patterns could not: a sentence not in English.
  // Addresses and URLs are in no language: "admin@evil.example" makes no sentence English.
  const words = reading.replace(/\S*(?:https?:\/\/|www\.|@)\S*/g, " ");
  if (englishShare(words).share < CROSSLINGUAL_MAX_ENGLISH) {
    for (const c of CROSSLINGUAL_INTENTS) {
      if (c.pattern.test(reading)) return { kind: c.intent, detail: "crosslingual" };
    }
  }
  return undefined;
}

/**
 * Finds every injection span in a text, sorted by position, without changing
 * it. Spans other than hidden text cover whole sentences.
 *
 * @param input The text.
 * @param depth How many encodings deep this text already is.
 * @returns The spans, in order.
 */
export function detectInjection(input: string, depth = 0): Span[] {
  // A comment of a word or two that asks nothing ("<!-- draft -->", "<!-- more -->") is a marker
  // the user shows, not hidden text.
  const markup = findHiddenMarkup(input).filter((m) => {
    if (m.detail !== "html_comment") return true;
    const body = input.slice(m.start, m.end).replace(/^<!--|-->$/g, "").trim();
    return !/^[\p{L}\p{N}_ -]{0,24}$/u.test(body) || body.split(/\s+/).length > 2 ||
      classifySentence(body) !== undefined;
  });
  const hidden: Span[] = [...findInvisible(input), ...markup];
  // What hidden markup says is reported as hidden text; blank it (same length) for the rest.
  let masked = input;
  for (const { start, end } of markup) {
    masked = masked.slice(0, start) + " ".repeat(end - start) + masked.slice(end);
  }
  const sentences = splitSentences(masked);
  const flagged = new Map<number, Span>();
  const flag = (index: number, span: Omit<Span, "start" | "end">) => {
    const s = sentences[index]!;
    if (!flagged.has(index)) flagged.set(index, { ...span, start: s.start, end: s.end });
  };
  const covering = (start: number, end: number) =>
    sentences.flatMap((s, i) => s.start < end && s.end > start ? [i] : []);

  // Chat-template tokens open a turn of their own: the token and the turn it opens (up to the
  // next token or a blank line) go, the user's text before it stays. Role lines go whole.
  const units: Span[] = [];
  const plain = foldText(masked);
  for (const m of plain.text.matchAll(SPECIAL_TOKENS)) {
    const span = mapMatch(plain, m.index, m[0].length);
    let end = span.end;
    if (/^\s*(?:system|assistant|developer|user)\b/.test(plain.text.slice(m.index + m[0].length))) {
      const rest = masked.slice(span.end);
      const stop = rest.search(/<\||\[\/?inst\]|<<\/?sys>>|<\/|\n[ \t]*\n/i);
      end = span.end + (stop < 0 ? rest.length : stop);
    }
    units.push({ start: span.start, end, kind: "special_token", match: m[0] });
  }
  for (const { pattern } of ROLE_PATTERNS) {
    for (const m of plain.text.matchAll(pattern)) {
      const span = mapMatch(plain, m.index, m[0].length);
      if (/^"role"/.test(m[0])) {
        // {"role": "system", "content": "..."}: the whole object.
        const open = masked.lastIndexOf("{", span.start);
        const close = masked.indexOf("}", span.end);
        units.push({
          start: open >= 0 ? open : span.start,
          end: close >= 0 ? close + 1 : span.end,
          kind: "role_marker",
          match: m[0],
          detail: "any",
        });
        continue;
      }
      const line = masked.indexOf("\n", span.end);
      for (const i of covering(span.start, line < 0 ? masked.length : line)) {
        flag(i, { kind: "role_marker", match: m[0].trim(), detail: "any" });
      }
    }
  }

  // Each sentence on its own, then a line that runs on into the next ("ignore all previous
  // \n instructions") read together with it.
  // Units are cut out of the sentence before it is read: "a blog <|im_start|>system" is a blog.
  const read = (start: number, end: number) => {
    let text = masked.slice(start, end);
    for (const u of units) {
      if (u.end <= start || u.start >= end) continue;
      const a = Math.max(u.start, start) - start;
      const b = Math.min(u.end, end) - start;
      text = text.slice(0, a) + " ".repeat(b - a) + text.slice(b);
    }
    return text;
  };
  // A role line's sentences are read too, so the report says what the line asked for.
  const also: Span[] = [];
  for (const [i, s] of sentences.entries()) {
    const inUnit = units.some((u) => u.start <= s.start && u.end >= s.end);
    const verdict = inUnit
      ? classifySentence(masked.slice(s.start, s.end))
      : classifySentence(read(s.start, s.end));
    if (verdict === undefined) continue;
    if (inUnit) {
      also.push({ start: s.start, end: s.end, kind: verdict.kind, detail: verdict.detail });
    } else if (!flagged.has(i)) flag(i, { kind: verdict.kind, detail: verdict.detail });
    else if (flagged.get(i)!.kind !== verdict.kind) {
      also.push({ start: s.start, end: s.end, kind: verdict.kind, detail: verdict.detail });
    }
  }
  for (const [i, s] of sentences.entries()) {
    const next = sentences[i + 1];
    if (next === undefined || flagged.has(i) || flagged.has(i + 1)) continue;
    if (/[.!?。！？।]["'”’)\]]*$/.test(masked.slice(s.start, s.end))) continue;
    const verdict = classifySentence(read(s.start, next.end));
    if (verdict) {
      flag(i, { kind: verdict.kind, detail: verdict.detail });
      flag(i + 1, { kind: verdict.kind, detail: verdict.detail });
    }
  }

  // Encoded runs and quoted fragments, decoded and classified.
  if (depth < MAX_DECODE_DEPTH) {
    units.push(...findEncoded(masked, depth));
    const joined = joinedFragments(masked);
    if (joined && (classifySentence(joined.text) || classifySentence(joined.spaced))) {
      for (const i of covering(joined.start, joined.end)) {
        flag(i, { kind: "encoded_instruction", match: joined.text, detail: "split_payload" });
      }
    }
  }

  for (const turn of fewShotTurns(masked)) {
    for (const i of covering(turn.start, turn.end)) {
      flag(i, {
        kind: "role_marker",
        match: masked.slice(turn.start, turn.end),
        detail: "few_shot",
      });
    }
  }

  for (const { index, detail } of documentFindings(masked, sentences)) {
    flag(index, {
      kind: detail === "crescendo" ? "instruction_override" : "model_addressed",
      detail,
    });
  }

  spreadToContinuations(masked, sentences, flagged);
  // A unit inside a flagged sentence goes with it.
  const sentenceSpans = [...flagged.values()];
  const loose = units.filter((u) =>
    !sentenceSpans.some((s) => s.start <= u.start && s.end >= u.end)
  );
  const spans = [...hidden, ...loose, ...sentenceSpans, ...also];
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  return spans;
}

// A sentence that keeps talking to the model: "you"/"your" with the model's vocabulary.
const SECOND_PERSON = /\b(?:you|your|yours|yourself|you'(?:re|ll|ve|d))\b/;
const MODEL_WORDS =
  /\b(?:ai|a\.i\.|assistant|model|chatbot|bot|gpt|chatgpt|openai|llm|prompts?|instructions?|rules|restrictions|filters?|guidelines|polic(?:y|ies)|respond|responses?|repl(?:y|ies)|answers?|character|persona|role|mode|jailbr\w+|comply|obey|refuse|censor\w*|tokens?|content|moral\w*|ethic\w*|limits?|anything|always|never|must|pretend|act)\b/;

/** Extends flagged sentences to their neighbours that keep addressing the model. */
function spreadToContinuations(text: string, sentences: Sentence[], flagged: Map<number, Span>) {
  if (flagged.size === 0) return;
  // Names the injection gave itself: "known as DAN", "called EvilBot".
  const names = new Set<string>();
  for (const span of flagged.values()) {
    const original = text.slice(span.start, span.end);
    for (
      const m of original.matchAll(
        /\b(?:as|called|named|known as|role of|persona of|is|am)\s+(?:an?\s+|the\s+)?(?:(?:AI|model|chatbot|bot)\s+)?([A-Z][A-Za-z0-9-]{1,20})\b/g,
      )
    ) {
      if (!/^(?:The|A|An|AI|I|It|This|That|My|Your)$/.test(m[1]!)) names.add(m[1]!);
    }
  }
  const named = names.size === 0
    ? undefined
    : new RegExp(`\\b(?:${[...names].map((n) => n.replace(/[-]/g, "\\-")).join("|")})\\b`);
  const continues = (i: number) => {
    const s = sentences[i]!;
    const original = text.slice(s.start, s.end);
    if (named?.test(original)) return true;
    const folded = foldText(original, { confusables: true, flat: true }).text;
    return SECOND_PERSON.test(folded) && MODEL_WORDS.test(folded);
  };
  const seeds = [...flagged.keys()].sort((a, b) => a - b);
  for (const seed of seeds) {
    const span = flagged.get(seed)!;
    if (span.kind === "hidden_text") continue;
    for (let i = seed + 1; i < sentences.length && !flagged.has(i) && continues(i); i++) {
      flagged.set(i, { ...span, start: sentences[i]!.start, end: sentences[i]!.end });
    }
    for (let i = seed - 1; i >= 0 && !flagged.has(i) && continues(i); i--) {
      flagged.set(i, { ...span, start: sentences[i]!.start, end: sentences[i]!.end });
    }
  }
}

function mapMatch(view: TextView, index: number, length: number): { start: number; end: number } {
  const last = Math.min(index + length, view.text.length) - 1;
  return { start: view.starts[index]!, end: view.ends[last]! };
}

const BASE64 = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const PERCENT = /(?:%[0-9A-Fa-f]{2}){6,}/g;
const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){10,}(?![0-9A-Fa-f])/g;
// "69 67 6e", "0x69 0x67", "\x69\x67", "69:67:6e"
const SPACED_HEX =
  /(?<![0-9A-Za-z])(?:(?:0x|\\x)?[0-9A-Fa-f]{2}[\s,:;-]{1,3}){7,}(?:0x|\\x)?[0-9A-Fa-f]{2}(?![0-9A-Za-z])/g;

/** Decodes base64, percent- and hex-encoded runs and scans what they say. */
function findEncoded(input: string, depth: number): Span[] {
  const spans: Span[] = [];
  const decoders: [RegExp, string, (s: string) => Uint8Array | undefined][] = [
    [BASE64, "base64", decodeBase64],
    [PERCENT, "percent", (s) => hexBytes(s.replaceAll("%", ""))],
    [HEX, "hex", hexBytes],
    [SPACED_HEX, "hex", (s) => hexBytes(s.replace(/0x|\\x|[\s,:;-]/gi, ""))],
  ];
  for (const [pattern, detail, decode] of decoders) {
    for (const m of input.matchAll(pattern)) {
      const text = printable(decode(m[0]));
      if (text === undefined) continue;
      if (detectInjection(text, depth + 1).length === 0) continue;
      spans.push({
        start: m.index,
        end: m.index + m[0].length,
        kind: "encoded_instruction",
        match: text,
        detail,
      });
    }
  }
  for (const d of [...decodeCiphers(input), ...decodeEncodings(input)]) {
    if (detectInjection(d.text, depth + 1).length === 0) continue;
    spans.push({
      start: d.start,
      end: d.end,
      kind: "encoded_instruction",
      match: d.text,
      detail: d.detail,
    });
  }
  return spans;
}

/** Quoted fragments joined, for payloads split across variables: a = "ign", b = "ore…". */
function joinedFragments(
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

// Turn labels of a faked dialogue, and an answer turn left open at the end for the model.
const TURN = /^[ \t>*-]*(?:q|a|user|human|bot|assistant|ai|model|question|answer)\s*:/gim;
const OPEN_ANSWER = /\n[ \t>*-]*(?:a|bot|assistant|ai|model|answer)\s*:\s*$/i;

/** Few-shot hijacks: two or more answered turns, then an answer left for the model to give. */
function fewShotTurns(text: string): { start: number; end: number }[] {
  if (!OPEN_ANSWER.test(text)) return [];
  const turns = [...text.matchAll(TURN)];
  const answers = turns.filter((m) =>
    /^[ \t>*-]*(?:a|bot|assistant|ai|model|answer)\s*:/i.test(m[0])
  );
  if (answers.length < 3) return [];
  return turns.map((m) => {
    const end = text.indexOf("\n", m.index);
    return { start: m.index, end: end < 0 ? text.length : end };
  });
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
