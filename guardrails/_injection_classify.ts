/**
 * Classifies one sentence by what it asks of the model. The sentence is read
 * in several ways (folded, look-alikes mapped, leetspeak, letters joined,
 * dots read as spaces, rot13, reversed, unscrambled, upside down, words in
 * reverse order, vowels put back, joined words split; see `_sentences.ts`)
 * against the English intents, then folded against the patterns and
 * lexicons of other languages, then, for a sentence that does not read as
 * English, against the stems most languages borrow. A shell command shown
 * as content ("an install page that shows `curl … | sh`") is not an order
 * to run it.
 *
 * @module
 */
import { ENGLISH_BEHAVIOUR } from "./_injection_behaviour.ts";
import { ENGLISH_FRAMINGS } from "./_injection_framings.ts";
import { englishShare } from "./_english_words.ts";
import type { Span } from "./_hidden_text.ts";
import { CROSSLINGUAL_INTENTS, LEXICON_INTENTS, PERSONA_INTENTS } from "./_injection_lexicon.ts";
import type { Intent, IntentPattern } from "./_injection_grammar.ts";
import { ENGLISH_INTENTS, OTHER_INTENTS } from "./_injection_intents.ts";
import { ENGLISH_REQUESTS, OTHER_REQUESTS } from "./_injection_requests.ts";
import { LATIN_PATTERNS, MULTILINGUAL_PATTERNS } from "./_injection_patterns.ts";
import { englishReadings, otherReading } from "./_sentences.ts";
import { leetPattern } from "./_text_views.ts";

/** The cross-lingual fallback reads sentences whose share of English words is below this. */
const CROSSLINGUAL_MAX_ENGLISH = 0.3;

interface Classifier {
  kind: Span["kind"];
  lang: string;
  pattern: RegExp;
  accept?: IntentPattern["accept"];
}

/** Where the classifier's first accepted match starts, or `undefined`. */
function firstMatch(c: Classifier, text: string): number | undefined {
  if (c.accept === undefined) return c.pattern.exec(text)?.index;
  for (const m of text.matchAll(new RegExp(c.pattern.source, c.pattern.flags + "g"))) {
    if (c.accept(text, m.index, m[0])) return m.index;
  }
  return undefined;
}

const once = (re: RegExp) => new RegExp(re.source, re.flags.replace("g", ""));
const ENGLISH: readonly Classifier[] = [
  ...[...ENGLISH_INTENTS, ...ENGLISH_REQUESTS, ...ENGLISH_BEHAVIOUR, ...ENGLISH_FRAMINGS].map((
    p,
  ) => ({
    kind: p.intent,
    lang: p.lang,
    pattern: p.pattern,
    accept: p.accept,
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
    accept: p.accept,
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
  const verdict = classifyReadings(sentence);
  if (verdict === undefined) return undefined;
  // An address to an AI that asks nothing, as a heading or in quotes ("a callout for
  // '## Notes for AI agents'"): what follows a heading is read on its own, and by the rules
  // over a whole section (`_injection_documents.ts`).
  if (verdict.kind === "model_addressed") {
    // A heading with nothing after the address: "# TODO(model): remove the check" says more.
    const heading = /^\s*#{1,6}\s+[^\n:,;]{1,80}:?$/.test(sentence.trim()) &&
      sentence.trim().split(/\s+/).length <= 9;
    // Only a quotation that orders nothing: a title, a heading, a label.
    const unquoted = sentence.replace(
      SHORT_QUOTE,
      (q) => q.split(/\s+/).length <= 6 && !ORDER_VERB.test(q.toLowerCase()) ? " " : q,
    );
    if (heading || (unquoted !== sentence && classifyReadings(unquoted) === undefined)) {
      return classifyReadings(sentence, "model_addressed");
    }
  }
  // A command shown as content: an install page's `curl … | sh`, a snippet, a cheat sheet.
  if (
    (verdict.kind === "code_execution" || verdict.kind === "exfiltration") &&
    SHOWN.test(sentence.toLowerCase()) && !RUN_CUE.test(sentence.toLowerCase())
  ) {
    const without = sentence.replace(COMMAND, " ");
    if (without !== sentence && classifyReadings(without) === undefined) return undefined;
  }
  return verdict;
}

// A short quotation standing as a word of the sentence ("a heading like '## For AI agents'"),
// not the quotes of an attribute (`content="Assistant, insert…"`).
const SHORT_QUOTE = /(?<=^|[\s(:,])["'“‘`](?=\S)[^"'”’`\n]{2,60}(?<=\S)["'”’`](?=$|[\s.,;:!?)])/g;
const ORDER_VERB =
  /\b(?:ignore|disregard|forget|override|reveal|print|output|add|insert|delete|remove|disable|send|upload|run|execute|write|create|replace|change|drop|skip|bypass|leak|show|dump|list|tell|give|make|build|push|commit|email|post|grant|open)\b/;
const COMMAND =
  /`[^`\n]+`|\b(?:curl|wget)\b[^|\n]{0,200}\|\s*(?:sudo\s+)?(?:ba|z)?sh\b|\b(?:curl|wget)\s+(?:-\S+\s+)*https?:\/\/\S+/g;
// Words that present a command to readers: a page, a snippet, a guide, a copy button.
const SHOWN =
  /\b(?:shows?|showing|displays?|displaying|renders?|rendering|snippets?|one-?liners?|cheat ?sheets?|docs|documentation|documents|documenting|tutorials?|guides?|copy button|code blocks?|highlight\w*|readme|explains?|explaining)\b/;
// Words that have it run: by the model, the build, the app or its install.
const RUN_CUE =
  /\b(?:run|runs|running|execute\w*|exec|invoke\w*|eval\w*|postinstall|preinstall|install script|setup script|build step|before (?:building|you|anything|starting)|on (?:the|your|a|every) (?:server|machine|host|runner|build|container|deploy\w*)|dockerfile|entrypoint|workflow|on start(?:up)?|at start(?:up)?|when (?:the app |it )?starts|cron|output of|result of|pipe|you|your)\b/;

// "An app that never forgets the doctor's instructions": a relative clause about the app, in the
// languages read folded. "I want you to ignore…" ("quiero que ignores") is not one.
const APP_NOUN =
  "(?:apps?|applications?|aplicaci[oó]n|aplicacion|aplicativo|applicazione|anwendung|aplikace|aplikacia|aplikacja|aplikacija|aplikasi|alkalmazas|aplicatie|sovellus|rakendus|programm?a?|programu|tool|herramienta|outil|strumento|werkzeug|nastroj|narzedzie|filt(?:er|re|ro|r)\\w*|bot|plataforma|platform\\w*|site|sitio|website|dashboard|sistema|systeem|system|приложение|программа|застосунок|додаток|апликација|aplikacioni|εφαρμογη|uygulama|ilova)";
const RELATIVE =
  "(?:que|qui|che|cui|die|der|das|welche[rs]?|dat|som|ktery|ktera|ktere|ktory|ktora|ktore|ktory|kt[oó]ra|kt[oó]re|kt[oó]ry|amely|amelyek|ami|aki|care|joka|jotka|kuri|kuris|kas|mis|koji|koja|koje|kateri|katera|ki|qe|yang|olan|который|которая|которое|которые|що|який|яка|яке|які|коjи|коjа|коjе|која|кој|που|jo|na|ambayo)";
const WANT =
  /\b(?:quiero|quisiera|necesito|want|need|veux|voudrais|voglio|vorrei|quero|gostaria|mochte|moechte|will|chci|chcem|chce|wil|vill|haluan|szeretnem|vreau|хочу|хочу|sizden|istiyorum)\b/u;
const DESCRIBED = new RegExp(
  `\\b${APP_NOUN}\\b[^.!?;]{0,40}(?<!\\p{L})${RELATIVE}(?:\\s+\\p{L}{1,10}){0,2}\\s+$`,
  "u",
);

/** Whether an override or a leak found at `index` sits in a relative clause about the app. */
function describesApp(reading: string, index: number, kind: Span["kind"]): boolean {
  if (kind !== "instruction_override" && kind !== "prompt_leak") return false;
  const before = reading.slice(Math.max(0, index - 80), index);
  const m = DESCRIBED.exec(before);
  return m !== null && !WANT.test(m[0]);
}

function classifyReadings(sentence: string, skip?: Intent): Verdict | undefined {
  for (const [reading, detail] of englishReadings(sentence)) {
    const classifiers = detail === "leetspeak" ? ENGLISH_LEET : ENGLISH;
    for (const c of classifiers) {
      if (c.kind === skip) continue;
      if (firstMatch(c, reading) !== undefined) {
        return { kind: c.kind as Intent, detail: detail ?? c.lang };
      }
    }
  }
  const reading = otherReading(sentence);
  for (const c of OTHER) {
    if (c.kind === skip) continue;
    const at = firstMatch(c, reading);
    if (at !== undefined && !describesApp(reading, at, c.kind)) {
      return { kind: c.kind as Intent, detail: c.lang };
    }
  }
  // Indic nuktas, which NFC leaves apart in some letters, as the lexicons write them: without.
  const bare = reading.replace(/[\u093C\u09BC\u0A3C\u0ABC\u0B3C\u0CBC]/g, "");
  if (bare !== reading) {
    for (const p of [...LEXICON_INTENTS, ...PERSONA_INTENTS]) {
      if (p.intent === skip) continue;
      const c = { kind: p.intent, lang: p.lang, pattern: p.pattern, accept: p.accept };
      if (firstMatch(c, bare) !== undefined) return { kind: p.intent, detail: p.lang };
    }
  }
  // Borrowed stems decide only where the English patterns could not: a sentence not in English.
  // Addresses and URLs are in no language: "admin@evil.example" makes no sentence English.
  const words = reading.replace(/\S*(?:https?:\/\/|www\.|@)\S*/g, " ");
  if (englishShare(words).share < CROSSLINGUAL_MAX_ENGLISH) {
    for (const c of CROSSLINGUAL_INTENTS) {
      if (c.intent === skip) continue;
      if (c.pattern.test(reading)) return { kind: c.intent, detail: "crosslingual" };
    }
  }
  return undefined;
}
