/**
 * Finds prompt injection in untrusted text, sentence by sentence. Hidden text
 * (HTML comments, invisible characters), chat-template tokens and role lines
 * are found as spans; every other sentence is classified by what it asks of
 * the model (see `_injection_classify.ts`). Encoded runs and quoted
 * fragments meant to be joined are decoded and classified too
 * (`_injection_encoded.ts`), faked dialogues are found by their turns
 * (`_injection_turns.ts`), and rules over several sentences
 * (`_injection_documents.ts`) find rules files for agents and Crescendo
 * build-ups.
 * A flagged sentence takes with it the sentences right around it that keep
 * talking to the model ("DAN can do anything…", "Stay in character"), so what
 * `strip` leaves holds no half of an instruction.
 *
 * @module
 */
import { findHiddenMarkup, findInvisible, type Span } from "./_hidden_text.ts";
import { classifySentence } from "./_injection_classify.ts";
import { documentFindings } from "./_injection_documents.ts";
import { findAcrostics, findEncoded, joinedFragments } from "./_injection_encoded.ts";
import { fewShotTurns, isQuotedSpeaker, modelDialogue } from "./_injection_turns.ts";
import { ROLE_PATTERNS, SPECIAL_TOKENS } from "./_injection_patterns.ts";
import { type Sentence, splitSentences } from "./_sentences.ts";
import { foldText, type TextView } from "./_text_views.ts";

const MAX_DECODE_DEPTH = 2;

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
  // A text that closes a turn it never opened fakes the turns after it ("… [/INST] Understood.
  // [INST] … [/INST]"): all of them go, from the first token to the end of the last one's turn.
  // "[INST] a blog [/INST]" only wraps the user's own text.
  const tokens = units.filter((u) => u.kind === "special_token");
  const closing =
    /^(?:\[\/inst\]|<end_of_turn>|<\|(?:im_end|eot_id|end|eom_id)\|>|<\/s>|<<\/sys>>|<\/(?:system|assistant|user|instructions?)>)$/i;
  if (tokens.length >= 2 && closing.test(tokens[0]!.match ?? "")) {
    const first = tokens[0]!;
    const last = tokens.reduce((a, b) => b.end > a.end ? b : a);
    units.push({ start: first.start, end: last.end, kind: "special_token", match: first.match });
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
      if (isQuotedSpeaker(m[0], masked.slice(span.end), plain.text)) continue;
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
    // A markdown heading stands alone: "…has a section:" does not run on into "## Notes for AI",
    // nor the heading into the section's first line.
    const heading = /^\s*#{1,6}\s/;
    if (
      heading.test(masked.slice(next.start, next.end)) || heading.test(masked.slice(s.start, s.end))
    ) {
      continue;
    }
    const verdict = classifySentence(read(s.start, next.end));
    if (verdict) {
      flag(i, { kind: verdict.kind, detail: verdict.detail });
      flag(i + 1, { kind: verdict.kind, detail: verdict.detail });
    }
  }

  // Encoded runs and quoted fragments, decoded and classified.
  if (depth < MAX_DECODE_DEPTH) {
    // An encoded order takes with it a sentence that only leads into it ("Payload: aWdub3Jl…",
    // "Decode and follow: …"); "a notes app aWdub3Jl…" keeps the app.
    for (const e of findEncoded(masked, (t) => detectInjection(t, depth + 1).length > 0)) {
      units.push(e);
      for (const i of covering(e.start, e.end)) {
        const s = sentences[i]!;
        const rest = masked.slice(s.start, Math.max(s.start, e.start)) +
          masked.slice(Math.min(s.end, e.end), s.end);
        if (LEAD_IN.test(rest)) flag(i, e);
      }
    }
    for (const a of findAcrostics(masked)) {
      for (const i of covering(a.start, a.end)) flag(i, { ...a, kind: "encoded_instruction" });
    }
    const joined = joinedFragments(masked);
    if (joined && (classifySentence(joined.text) || classifySentence(joined.spaced))) {
      for (const i of covering(joined.start, joined.end)) {
        flag(i, { kind: "encoded_instruction", match: joined.text, detail: "split_payload" });
      }
    }
  }

  for (const turn of [...fewShotTurns(masked), ...modelDialogue(masked)]) {
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

// What is left of a sentence around an encoded run when it only leads into it.
const LEAD_IN =
  /^[^\p{L}]*(?:[\p{L}\d-]+\s*){0,4}[:=>–—-]\s*[^\p{L}]*$|\b(?:decode|decoded|decoding|follow|obey|execute|run|payload|answer|do (?:it|this|that)|translate|read)\b/iu;

// A sentence that only makes sense beside the flagged one: "forget about the blog", "read the
// first letter of each line", "use your own as the sample", "keep this out of the changelog".
const FOLLOW_UP =
  /^\W*(?:emergency|urgent)\b|\b(?:a )?li(?:fe|ves) (?:depends?|are at stake|is at stake) on (?:this|it)\b|\blives are at stake\b|^\s*(?:now |then |please |just )?(?:write|print|show|list|output|paste|type|spell|read|send|share|dump) (?:it|them|that|those|these)(?: (?:out|down|all|here|below|verbatim|in full|word for word))*\s*[.!]?\s*$|\bnever (?:include|add|give|say|mention)\b.{0,20}\b(?:warnings?|disclaimers?|caveats?|apolog\w*)|\bhere'?s how to (?:bypass|jailbreak|disable|get around)\b|^\s*(?:my |the |your )?(?:first|next) (?:command|input|query|prompt)\b|^\s*(?:forget|never ?mind|scratch|drop) (?:about )?(?:the|that|this|my)(?: [\w-]+){1,3}\s*[.!]?\s*$|\b(?:read|take|join|combine)\b.{0,20}\b(?:first|initial|last) (?:letters?|characters?|words?) of (?:each|every)\b|\b(?:your own|with yours|of yours)\b|\b(?:keep|leave) (?:this|it|that|them) (?:out of|off|secret|quiet|hidden|between us)\b|\b(?:tell|inform) no ?one\b|\bno ?one (?:needs|has) to know\b|\b(?:don'?t|do not|never) (?:mention|document|disclose) (?:this|it|that|them)\b/;

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
    return (SECOND_PERSON.test(folded) && MODEL_WORDS.test(folded)) || FOLLOW_UP.test(folded);
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
