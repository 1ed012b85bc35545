/**
 * What a generated app cannot do by itself: sending email, SMS or push
 * notifications, taking real payments, storing uploaded files, maps, AI
 * features, and other services' APIs. Each such ask becomes a requirement
 * marked not implemented with the reason, and its clause is not read for
 * entities (so "Stripe" or "Strava" never becomes a table).
 *
 * @module
 */
import { type Draft, require, sentence } from "../draft.ts";

/** An ask the offline generator cannot build, and why. */
interface Unsupported {
  test: RegExp;
  reason: string;
}

const UNSUPPORTED: readonly Unsupported[] = [
  {
    test:
      /\b(e-?mails?|newsletters?)\b[^.]*\b(remind|reminders?|send|sends|sent|notif\w*|alerts?)\b|\b(send|sends|email)\b[^.]*\b(e-?mails?|newsletters?|reminders?)\b|\bemail reminders?\b/i,
    reason: "sending email needs a mail server or provider the generated app is not connected to",
  },
  {
    test: /\b(sms|text messages?|whatsapp)\b/i,
    reason: "sending SMS needs a messaging provider the generated app is not connected to",
  },
  {
    test: /\bpush notifications?\b|\bnotif(y|ication)\b[^.]*\b(phone|mobile|when it'?s time)\b/i,
    reason: "push notifications need a push service the generated app is not connected to",
  },
  {
    test:
      /\b(stripe|paypal|card payments?|credit cards?|pay (online|by card)|payment (gateway|provider))\b/i,
    reason: "taking real payments needs a payment provider the generated app is not connected to",
  },
  {
    test: /\b(ai|a\.i\.|gpt|chatgpt|llm|machine learning|artificial intelligence)\b/i,
    reason: "AI features need a model the generated app does not call",
  },
  {
    test:
      /\b(uploads?|uploading|attach(ments?)?)\b[^.]*\b(pdfs?|documents?|files?|docs?|scans?)\b|\b(pdfs?|documents?|files?)\b[^.]*\bupload/i,
    reason:
      "storing uploaded files needs file storage the generated app does not have (it keeps text and links)",
  },
  {
    test: /\b(on a map|maps?|gps|geolocat\w*)\b/i,
    reason: "maps need a map service the generated app does not use",
  },
  {
    test:
      /\b(import|sync|connect|integrat\w*)\b[^.]*\b(strava|google|spotify|calendar|apple|fitbit|garmin|slack|notion|dropbox|instagram|facebook)\b|\bfrom (strava|google|spotify|fitbit|garmin)\b/i,
    reason:
      "importing from another service needs that service's API, which the generated app does not call",
  },
  {
    test: /\bqr[- ]?codes?\b[^.]*\b(print|image|generate|scan)|\bscan(ning)? (a |the )?qr\b/i,
    reason:
      "QR code images need an image generator the generated app does not have (it gives each row a short link a QR code can point to)",
  },
  {
    test: /\b(video call|livestream|live stream|real-?time chat|websockets?)\b/i,
    reason: "live video and real-time streams need services the generated app does not have",
  },
];

/**
 * Records every unsupported ask as a requirement with status not implemented.
 *
 * @param draft The draft; clauses with an unsupported ask are marked consumed.
 * @returns The clauses that only say what the app cannot do or are examples
 *   in brackets, which are not read for entities.
 */
export function readUnsupported(draft: Draft): Set<number> {
  const skip = new Set<number>();
  const seen = new Set<string>();
  draft.parsed.clauses.forEach((clause, index) => {
    const sentenceText = draft.parsed.sentences[clause.sentence] ?? clause.text;
    for (const rule of UNSUPPORTED) {
      const here = rule.test.test(clause.text);
      if (
        !here &&
        !(rule.test.test(sentenceText) && clauseTouches(clause.text, rule.test, sentenceText))
      ) continue;
      // The words of the ask are never things ("SMS reminders", "Stripe").
      const match = (clause.text.match(rule.test)?.[0] ?? sentenceText.match(rule.test)?.[0] ?? "")
        .toLowerCase().split(/[^a-z0-9-]+/);
      clause.words.forEach((w, i) => {
        if (match.includes(w.lower) || match.includes(w.singular)) clause.blocked.add(i);
      });
      const rest = clause.words.filter((w, i) => !clause.blocked.has(i) && w.noun && !w.pronoun);
      if (rest.length === 0) skip.add(index);
      if (seen.has(rule.reason)) break;
      seen.add(rule.reason);
      require(draft, {
        text: sentence(rule.test.test(clause.text) ? clause.text : sentenceText),
        kinds: ["unsupported"],
        by: [],
        status: "not_implemented",
        reason: `Not implemented: ${rule.reason}`,
        clause: index,
      });
      break;
    }
  });
  draft.parsed.clauses.forEach((clause, index) => {
    if (clause.aside) skip.add(index);
  });
  return skip;
}

/** Whether a clause holds the words of a match found in its whole sentence. */
function clauseTouches(clause: string, test: RegExp, whole: string): boolean {
  const match = whole.match(test)?.[0] ?? "";
  return match.split(/\s+/).some((w) =>
    w.length > 3 && clause.toLowerCase().includes(w.toLowerCase())
  );
}
