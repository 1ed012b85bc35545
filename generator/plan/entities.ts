/**
 * The things a prompt names: noun phrases are scored as things the app keeps
 * many rows of (named in the plural, "each X", the object of "track", "add",
 * "log", named again, linked by "with"/"per") or as context ("for our
 * office", "a rowing club"), and only things become entities. A compound
 * such as "focus session" stays one; attribute words become fields of the
 * thing they describe; the connectors between things give relations
 * ("recipes with ingredients", "check-ins for each habit", "cards in
 * columns"). People are left to `frames/people.ts`; function words, verbs,
 * adverbs, states and time words are never things.
 *
 * @module
 */
import {
  addField,
  type Draft,
  type DraftEntity,
  ensureEntity,
  findEntity,
  relate,
} from "./draft.ts";
import { APP_HEADS, APP_HOLDS, APP_NOUNS, attributeOf, NOT_THINGS, PEOPLE } from "./lexicon.ts";
import type { Clause, Word } from "./nlp.ts";
import type { Field } from "../../core/spec.ts";
import { singularize, snakeCase } from "../../core/words.ts";

/** A noun phrase of a clause. */
export interface Mention {
  /** Lower-case singular words. */
  words: string[];
  /** Index of its first word in the clause. */
  at: number;
  span: number;
  kind: "thing" | "attribute" | "person" | "app";
  plural: boolean;
}

/** States a row can be in: never things ("posts stay drafts until published"). */
export const STATE_WORDS: ReadonlySet<string> = new Set(
  `draft published pending approved rejected open closed done available adopted claimed
  finished active archived full free overdue late returned planned shipped completed
  cancelled canceled unpaid paid due taken vacant occupied private public overlapping clashing
  conflicting upcoming past future recent previous current duplicate double`.split(/\s+/),
);

/** Words people use for a thing that has a plainer name. */
export const NOUN_ALIASES: Readonly<Record<string, string[]>> = {
  spending: ["expense"],
  ppl: ["person"],
  meds: ["medication"],
  med: ["medication"],
  nite: ["night"],
  pic: ["photo"],
  pics: ["photo"],
  checkout: ["order"],
  cart: ["cart item"],
  "shopping cart": ["cart item"],
  basket: ["cart item"],
};

const CHILD_AFTER = new Set(["with", "having", "containing", "including", "has", "have"]);
const CHILD_BEFORE = new Set(["per", "each", "every", "in", "inside", "under", "within"]);
const KEEP_VERBS = new Set(
  `track tracks tracking add adds adding log logs logging record records keep keeps list lists
  manage manages store stores save saves create creates post posts enter enters submit
  submits register catalogue catalog collect organize organise plan plans offer offers open
  opens book books reserve reserves write writes share shares upload sell sells buy
  schedule schedules assign give see view browse pick picks choose rate rates vote votes like
  likes follow join`.split(/\s+/),
);

function isCandidate(word: Word, clause: Clause, index: number): boolean {
  // Acronyms for people ("HR") are not always tagged as nouns.
  if ((PEOPLE.has(word.lower) || PEOPLE.has(word.singular)) && !clause.blocked.has(index)) {
    return true;
  }
  if (word.lower.endsWith("ing") && !word.noun) return false;
  // "teams that still have space": never a thing.
  if (NEVER_THINGS.has(word.lower)) return false;
  // "teams that still have space", "spots left": room for more, not spaces the app keeps.
  if (["space", "room", "spot", "place"].includes(word.lower) && !word.plural) {
    const before = clause.words[index - 1]?.lower ?? "";
    if (["have", "has", "any", "no", "with", "enough", "more", "some"].includes(before)) {
      return false;
    }
  }
  if (
    !word.noun || word.pronoun || word.time || word.value || word.possessive || word.function ||
    clause.blocked.has(index) || !/^[a-z][a-z-]{1,30}$/.test(word.singular) ||
    STATE_WORDS.has(word.singular)
  ) {
    return false;
  }
  const then = clause.words[index + 1];
  // "and show total pages", "show me which": the verb.
  if (
    /^(show|shows|display|displays|list|lists)$/.test(word.lower) && then !== undefined &&
    /^(total|totals|all|how|the|a|an|my|our|which|me|each|every|number|count|average|who|what|when|where|today'?s?|upcoming)$/
      .test(then.lower)
  ) return false;
  // "kitchen screen", "admin page": what the view is for, not a thing.
  if (then !== undefined && !word.plural && SCREEN_NOUNS.has(then.singular)) return false;
  // "members post pictures", "HR approves requests": after a person and
  // before a noun or determiner, a verb-like word is the verb.
  const previous = clause.words[index - 1];
  const next = clause.words[index + 1];
  if (
    previous !== undefined && (PEOPLE.has(previous.singular) || previous.pronoun) &&
    !previous.possessive && !previous.pause && next !== undefined && (next.noun || next.function) &&
    VERB_LIKE.has(word.lower)
  ) {
    return false;
  }
  return true;
}

const SCREEN_NOUNS = new Set(["screen", "page", "view", "display", "dashboard", "panel", "tab"]);

const NEVER_THINGS = new Set([
  "remove",
  "removes",
  "removed",
  "have",
  "has",
  "had",
  "get",
  "gets",
  "got",
  "let",
  "lets",
  "make",
  "makes",
]);

/** Words that are verbs after a person ("members post pictures", "HR posts openings"). */
const VERB_LIKE = new Set(
  `post posts book books record records log logs vote votes plan plans list lists order orders
  rate rates review reviews report reports like likes share shares request requests check
  checks tag tags set sets play plays score scores offer offers claim claims pick picks mark
  marks need needs use uses`.split(/\s+/),
);

/** App nouns that name a business: the word before them says what it does, not what it keeps. */
const BUSINESS_HEADS = new Set(
  `salon shop store boutique studio clinic gym restaurant cafe bakery agency school office club
  community center centre service marketplace desk`.split(/\s+/),
);

/** Attribute words that are things of their own in a list of things ("channels and messages"). */
const LIST_THINGS = new Set([
  "message",
  "venue",
  "link",
  "grade",
  "review",
  "place",
  "location",
  "budget",
  "author",
]);

/** Heads that make a compound with a gerund before them ("watering log", "reading session"). */
const COMPOUND_HEADS = new Set(
  `log entry record request note session plan slot report review list event ticket task visit
  check checkin appointment booking reservation movement transaction payment invoice goal
  class lesson course shift order`.split(/\s+/),
);

/** Words that name what is booked, never a modifier of the booking ("table reservations"). */
const RESOURCE_WORDS = new Set(
  `table room spot seat court desk machine lane studio pitch bike car boat chair`.split(/\s+/),
);
const RECORD_HEADS = new Set(
  `reservation booking appointment loan signup rsvp order request application rental`.split(/\s+/),
);

function canonical(word: string): string[] {
  return NOUN_ALIASES[word] ?? [word];
}

/**
 * @param clause A clause.
 * @returns Its noun phrases, classified.
 */
export function mentionsOf(clause: Clause): Mention[] {
  const out: Mention[] = [];
  const words = clause.words;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const following = words[i + 1];
    // "watering logs", "cooking notes": a gerund before a record noun names one thing.
    if (
      word.lower.endsWith("ing") && following !== undefined && !STATE_WORDS.has(word.lower) &&
      isCandidate(following, clause, i + 1) &&
      COMPOUND_HEADS.has(following.singular) && !clause.blocked.has(i)
    ) {
      out.push({
        words: [word.lower, following.singular],
        at: i,
        span: 2,
        kind: "thing",
        plural: following.plural,
      });
      i++;
      continue;
    }
    if (!isCandidate(word, clause, i)) continue;
    // "a due date", "a cover letter": an adjective and a noun naming one attribute.
    const adjective = words[i - 1];
    if (
      adjective !== undefined && !adjective.noun &&
      attributeOf(`${adjective.lower} ${word.singular}`) !== undefined
    ) {
      out.push({
        words: [adjective.lower, word.singular],
        at: i - 1,
        span: 2,
        kind: "attribute",
        plural: word.plural,
      });
      continue;
    }
    // "a pet adoption site", "car rental app": the app keeps the first noun;
    // the second names what is done with it.
    const activity = words[i + 1];
    const head = words[i + 2];
    if (
      activity !== undefined && head !== undefined && !activity.plural &&
      isCandidate(activity, clause, i + 1) && isCandidate(head, clause, i + 2) &&
      APP_HEADS.has(head.singular) && !APP_HEADS.has(activity.singular) &&
      /(tion|sion|ment|ing|rental)$/.test(activity.singular)
    ) {
      out.push(classify(canonical(word.singular), i, 1, word.plural));
      out.push({ words: [head.singular], at: i + 2, span: 1, kind: "app", plural: head.plural });
      i += 2;
      continue;
    }
    const next = words[i + 1];
    const pair = next !== undefined && isCandidate(next, clause, i + 1)
      ? [word.singular, next.singular]
      : undefined;
    // "listing pets": a gerund before any other noun is the verb.
    if (pair !== undefined && pair[0]!.endsWith("ing") && !COMPOUND_HEADS.has(pair[1]!)) continue;
    if (pair !== undefined && RESOURCE_WORDS.has(pair[0]!) && RECORD_HEADS.has(pair[1]!)) {
      out.push(classify(canonical(pair[0]!), i, 1, word.plural));
      continue;
    }
    if (pair !== undefined) {
      const phrase = pair.join(" ");
      if (attributeOf(phrase) !== undefined) {
        out.push({ words: pair, at: i, span: 2, kind: "attribute", plural: next!.plural });
        i++;
        continue;
      }
      // "a recipe box", "habit tracker": the app keeps the first noun.
      if (APP_HEADS.has(pair[1]!) && APP_HEADS.has(pair[0]!)) {
        out.push({ words: [pair[0]!], at: i, span: 1, kind: "app", plural: false });
        out.push({ words: [pair[1]!], at: i + 1, span: 1, kind: "app", plural: next!.plural });
        i++;
        continue;
      }
      if (APP_HEADS.has(pair[1]!) && !APP_NOUNS.has(pair[0]!) && !next!.plural) {
        const first = classify(canonical(pair[0]!), i, 1, word.plural);
        out.push(first.kind === "attribute" ? { ...first, kind: "thing" } : first);
        out.push({ words: [pair[1]!], at: i + 1, span: 1, kind: "app", plural: next!.plural });
        i++;
        continue;
      }
      // "standings table", "results page": a view, not a thing.
      if (NOT_THINGS.has(pair[0]!) || PEOPLE.has(pair[0]!)) {
        out.push(classify([pair[0]!], i, 1, word.plural));
        if (["table", "list", "page", "board", "chart", "report", "view"].includes(pair[1]!)) {
          out.push({ words: [pair[1]!], at: i + 1, span: 1, kind: "app", plural: next!.plural });
          i++;
        }
        continue;
      }
      if (
        !NOT_THINGS.has(pair[1]!) && attributeOf(pair[1]!) === undefined &&
        attributeOf(pair[0]!) === undefined && !PEOPLE.has(pair[1]!) && !word.plural
      ) {
        const aliased = NOUN_ALIASES[pair.join(" ")];
        out.push({ words: aliased ?? pair, at: i, span: 2, kind: "thing", plural: next!.plural });
        i++;
        continue;
      }
    }
    const single = classify(canonical(word.singular), i, 1, word.plural);
    const before = words[i - 1]?.lower ?? "";
    // A plural attribute word is a thing when the app keeps many of them:
    // "members post pictures", "short links", "channels and messages",
    // "events, venues and attendees".
    const previous = out.at(-1);
    const inList = previous !== undefined && previous.kind === "thing" &&
      previous.at + previous.span >= i - 1 &&
      (before === "and" || before === "or" || previous.at + previous.span === i);
    if (
      single.kind === "attribute" && word.plural &&
      ((!["with", "and", "their", "its", "his", "her", "of", "a", "an"].includes(before) &&
        ["link", "photo", "picture", "image", "pic", "message"].includes(word.singular)) ||
        (LIST_THINGS.has(word.singular) && (inList || !["with", "its", "of"].includes(before))))
    ) {
      out.push({ ...single, kind: "thing" });
      continue;
    }
    out.push(single);
  }
  return out;
}

function classify(words: string[], at: number, span: number, plural: boolean): Mention {
  const phrase = words.join(" ");
  const head = words.at(-1)!;
  const kind: Mention["kind"] = attributeOf(phrase) !== undefined
    ? "attribute"
    : PEOPLE.has(head)
    ? "person"
    : APP_NOUNS.has(head) || NOT_THINGS.has(head)
    ? "app"
    : "thing";
  return { words, at, span, kind, plural };
}

/** The connector word between two mentions of a clause ("with", "per", …), if any. */
function connector(clause: Clause, a: Mention, b: Mention): string | undefined {
  const between = clause.words.slice(a.at + a.span, b.at).map((w) => w.lower);
  if (between.length > 7) return undefined;
  const cue = between.find((w) =>
    CHILD_AFTER.has(w) || CHILD_BEFORE.has(w) || w === "of" || w === "for" || w === "to"
  );
  // "each plot has a gardener, a gate code and harvest entries": a "has" reaches further.
  return between.length <= 4 || (cue !== undefined && CHILD_AFTER.has(cue)) ? cue : undefined;
}

/** How much a noun phrase looks like a thing the app keeps many rows of. */
interface Candidate {
  words: string[];
  score: number;
  clauses: Set<number>;
  /** Named in the first clause only, as the app's own description. */
  titleOnly: boolean;
  /** Named only in the app's name, before its head ("band practice app", "a habit tracker"). */
  titled?: boolean;
}

function scoreMentions(draft: Draft, skip: ReadonlySet<number>): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  draft.parsed.clauses.forEach((clause, index) => {
    if (skip.has(index) || clause.aside) return;
    const mentions = mentionsOf(clause);
    for (const mention of mentions) {
      if (mention.kind !== "thing") continue;
      const key = mention.words.join(" ");
      const c = candidates.get(key) ??
        { words: mention.words, score: 0, clauses: new Set<number>(), titleOnly: true };
      const before = clause.words[mention.at - 1];
      const before2 = clause.words[mention.at - 2];
      const after = clause.words[mention.at + mention.span];
      if (mention.plural) c.score += 2;
      // "a store with products, a cart and checkout": the parts of the app.
      if (clause.words.slice(0, mention.at).some((w) => w.lower === "with")) c.score += 2;
      // "a recipe box", "a habit tracker": the app is named after what it keeps;
      // "a hair salon", "a pottery studio": after what the business does.
      const head = mentions.find((m) => m.kind === "app" && m.at === mention.at + mention.span);
      if (head !== undefined) c.score += BUSINESS_HEADS.has(head.words[0]!) ? -2 : 2;
      if (head !== undefined && !mention.plural && index === 0) c.titled = c.titled ?? true;
      else c.titled = false;
      // "a shopping cart", "an invite code": one of many.
      if (!mention.plural && ["a", "an"].includes(before?.lower ?? "")) c.score += 1;
      if (["each", "every", "per"].includes(before?.lower ?? "")) c.score += 2;
      if (
        clause.words.slice(Math.max(0, mention.at - 3), mention.at).some((w) =>
          KEEP_VERBS.has(w.lower)
        )
      ) {
        c.score += 2;
      }
      if (after !== undefined && CHILD_AFTER.has(after.lower)) c.score += 1;
      // "a setlist for each gig", "a wishlist of gifts": one per something, or holding some.
      const after2 = clause.words[mention.at + mention.span + 1]?.lower;
      if (
        (after?.lower === "of" && !mention.plural) ||
        ((after?.lower === "for" || after?.lower === "per") &&
          (after2 === "each" || after2 === "every"))
      ) c.score += 1;
      if (
        before !== undefined && (CHILD_AFTER.has(before.lower) || CHILD_BEFORE.has(before.lower))
      ) c.score += 1;
      if (c.clauses.size > 0 && !c.clauses.has(index)) c.score += 1;
      // "for my wedding", "at our office": where the app is used, not what it keeps.
      if (
        !mention.plural && before?.lower !== "own" && (before?.possessive || before2?.possessive) &&
        ["for", "at", "in", "of"].includes(
          (before?.possessive ? before2 : clause.words[mention.at - 3])?.lower ?? "for",
        )
      ) {
        c.score -= 2;
      }
      if (index > 0) c.titleOnly = false;
      c.clauses.add(index);
      candidates.set(key, c);
    }
  });
  return candidates;
}

/**
 * Adds the things of every clause to the draft, with their attributes and
 * the relations their connectors give.
 *
 * @param draft The draft (entities are added in the order first named).
 * @param skip Clauses not to read (handled elsewhere).
 * @param relaxed Keep every thing named, for a prompt whose strict reading keeps none.
 */
export function readThings(draft: Draft, skip: ReadonlySet<number>, relaxed = false): void {
  const candidates = scoreMentions(draft, skip);
  const kept = new Set<string>();
  // The app's name says what it keeps only when nothing else does: "a habit
  // tracker" keeps habits, "band practice app: songs, setlists" keeps no practices.
  const named = [...candidates.values()].some((c) => !c.titleOnly && c.score >= 1);
  // "printed on a label", "training for a marathon": a thing named once, in
  // the singular, beside things the app clearly keeps, is context.
  const strong = [...candidates.values()].filter((c) => c.score >= 2).length;
  for (const [key, c] of candidates) {
    const once = c.score === 1 && c.clauses.size === 1 && strong >= 1;
    const known = draft.entities.some((e) => e.words.includes(key));
    if (!known && named && c.titleOnly && c.titled) continue;
    // A singular noun named once in the app's own description is context,
    // unless nothing else is named ("a running log", "a quiz for students").
    if (
      known || c.score >= 2 || (c.score >= 1 && !c.titleOnly && !once) || (relaxed && c.score > -2)
    ) {
      kept.add(key);
    }
  }
  const unowned: Field[] = [];
  draft.parsed.clauses.forEach((clause, index) => {
    if (skip.has(index) || clause.aside) return;
    // A word that is an attribute elsewhere ("pages") is the entity the app already has.
    const mentions = mentionsOf(clause).map((m): Mention =>
      m.kind === "attribute" && findEntity(draft, m.words.join(" ")) !== undefined
        ? { ...m, kind: "thing" }
        : m
    );
    let current: DraftEntity | undefined;
    const things: { mention: Mention; entity: DraftEntity }[] = [];
    for (const mention of mentions) {
      const key = mention.words.join(" ");
      if (mention.kind === "thing" && kept.has(key)) {
        const entity = ensureEntity(draft, mention.words, { clause: index });
        things.push({ mention, entity });
        current = entity;
      } else if (mention.kind === "app") {
        // "a blog with comments": the blog's posts, unless the prompt names them.
        // "a bike repair shop" sells a service, not products.
        const service = SERVICE_WORDS.has(clause.words[mention.at - 1]?.lower ?? "");
        // Only as the app's own description: a later "weekly calendar view" shows what is kept.
        const described = index === 0 || draft.entities.length === 0;
        const holds = service || !described ? undefined : APP_HOLDS[mention.words.at(-1)!];
        if (holds !== undefined && !holds.some((h) => kept.has(h))) {
          const known = draft.entities.some((e) => e.words.includes(holds[0]!));
          current = ensureEntity(draft, [holds[0]!], { clause: index });
          if (!known) current.implied = true;
          things.push({ mention, entity: current });
        } else if (holds !== undefined) {
          const named = draft.entities.find((e) => holds.includes(e.label));
          if (named !== undefined) {
            current = named;
            things.push({ mention, entity: named });
          }
        }
      } else if (mention.kind === "attribute") {
        const rule = attributeOf(mention.words.join(" "))!;
        const after = mentions.find((m) =>
          m.at > mention.at && m.kind === "thing" && kept.has(m.words.join(" "))
        );
        const owner = current ??
          (after === undefined ? undefined : ensureEntity(draft, after.words, { clause: index }));
        if (owner !== undefined) addField(owner, { ...rule.field });
        // "todo list with due dates …, done items": the app's name's attributes
        // are its main thing's.
        else if (index === 0) unowned.push(rule.field);
      }
    }
    relateThings(clause, things);
  });
  const main = draft.entities[0];
  if (main !== undefined) { for (const field of unowned) addField(main, { ...field }); }
}

/** What a business does rather than sells: a "repair shop" keeps jobs, not products. */
const SERVICE_WORDS = new Set(
  `repair repairs service services grooming cleaning tattoo barber print printing tailoring
  alteration alterations detailing tailor cobbler locksmith upholstery`.split(/\s+/),
);

function relateThings(clause: Clause, things: { mention: Mention; entity: DraftEntity }[]): void {
  for (let i = 0; i < things.length; i++) {
    for (let j = i + 1; j < things.length; j++) {
      const a = things[i]!;
      const b = things[j]!;
      if (a.entity === b.entity) continue;
      const cue = connector(clause, a.mention, b.mention);
      // "a wishlist of gifts", "playlists with songs": a list holds them (a link, below).
      if (LIST_HEADS.test(a.entity.label.split(" ").at(-1)!) && (cue === "of" || cue === "with")) {
        continue;
      }
      if (cue === undefined) {
        // "for each hive I log inspections": what is logged for each hive is the hive's.
        const each = clause.words[a.mention.at - 1]?.lower;
        const lead = clause.words[a.mention.at - 2]?.lower;
        if (
          (each === "each" || each === "every") && (lead === "for" || lead === "per") &&
          clause.words.slice(a.mention.at + a.mention.span, b.mention.at).length <= 4
        ) relate(b.entity, a.entity);
        continue;
      }
      if (CHILD_AFTER.has(cue)) relate(b.entity, a.entity);
      else if (CHILD_BEFORE.has(cue) || cue === "of") relate(a.entity, b.entity);
      else if (cue === "for" && clause.words[b.mention.at - 1]?.lower === "each") {
        relate(a.entity, b.entity);
      }
    }
  }
}

/** Verbs that hand one thing to another: "assign chores to the kids", "give a chore to a kid". */
const HAND_VERBS = new Set(
  `assign assigns assigned give gives given hand hands allocate allocates award awards lend lends
  lent send sends`.split(/\s+/),
);

/** Two different things, neither pointing at the other yet. */
function unlinked(a: DraftEntity, b: DraftEntity): boolean {
  return a !== b && !a.relations.some((r) => r.target === b.name) &&
    !b.relations.some((r) => r.target === a.name);
}

/** The booking-like thing the prompt keeps (a booking, reservation, rental, appointment), if any. */
function bookingOf(draft: Draft): DraftEntity | undefined {
  return draft.entities.find((e) =>
    !e.person && /^(booking|reservation|rental|appointment)$/.test(e.label)
  );
}

/** Verbs that book something: "members book a boat", "reserve the projector". */
export const BOOK_VERBS: ReadonlySet<string> = new Set([
  "book",
  "books",
  "reserve",
  "reserves",
  "rent",
  "rents",
  "hire",
  "hires",
]);

/** Things that hold several others: a setlist holds songs, a wishlist gifts. */
const LIST_HEADS =
  /^(setlist|playlist|wishlist|checklist|reading list|list|collection|album|menu|bundle|kit)$/;

/** Things that only exist on a record: a ticket's replies, a visit's photos. */
const DEPENDENT = new Set(
  `reply comment message answer step update photo picture attachment file image`.split(/\s+/),
);

/** Records that are about something else: an appointment is for a pet, a note about a wine. */
const ABOUT_HEADS = new Set(
  `appointment booking reservation loan signup rsvp request application rental note session entry
  log visit checkin review report ticket chore ride tasting payment`.split(/\s+/),
);

/**
 * Links things the prompt names together but no connector linked: a thing
 * handed "to" someone belongs to them ("assign chores to the kids"), and a
 * thing nothing else refers to belongs to the record named with it ("owners
 * register pets and make appointments" — an appointment is for a pet).
 *
 * @param draft The draft, after the things, people and frames were read.
 */
export function linkThings(draft: Draft): void {
  const clauses = draft.parsed.clauses;
  const byWords = (m: Mention) => findEntity(draft, m.words.join(" "));
  clauses.forEach((clause, index) => {
    if (clause.aside) return;
    const hand = clause.words.findIndex((w) => HAND_VERBS.has(w.lower));
    if (hand < 0) return;
    const mentions = mentionsOf(clause).filter((m) => m.at > hand);
    const to = clause.words.findIndex((w, i) =>
      i > hand && (w.lower === "to" || w.lower === "for")
    );
    if (to < 0) return;
    const thing = mentions.find((m) => m.at < to && byWords(m) !== undefined);
    const holder = mentions.find((m) => m.at > to && byWords(m) !== undefined);
    if (thing === undefined || holder === undefined) return;
    const child = byWords(thing)!;
    const parent = byWords(holder)!;
    if (child === parent || parent.relations.some((r) => r.target === child.name)) return;
    relate(child, parent, { required: false });
    child.clauses.push(index);
  });
  // "Apiaries > hives > inspections": each inside the one before.
  for (const text of draft.parsed.sentences) {
    const chain = text.match(/\p{L}+(?:\s*(?:>|->|→)\s*\p{L}+)+/u)?.[0];
    if (chain === undefined) continue;
    const things = chain.split(/\s*(?:>|->|→)\s*/).map((w) =>
      findEntity(draft, singularize(w.toLowerCase()))
    );
    if (things.some((t) => t === undefined)) continue;
    for (let i = 1; i < things.length; i++) {
      const [parent, child] = [things[i - 1]!, things[i]!];
      if (parent !== child && !child.relations.some((r) => r.target === parent.name)) {
        relate(child, parent);
      }
    }
  }
  // Two kept things named one after the other, with only `between` between them.
  const neighbours = (
    visit: (a: DraftEntity, b: DraftEntity, between: Word[], plural: boolean) => void,
  ) => {
    for (const clause of clauses) {
      if (clause.aside) continue;
      const mentions = mentionsOf(clause).filter((m) => byWords(m) !== undefined);
      for (let i = 0; i + 1 < mentions.length; i++) {
        const [a, b] = [mentions[i]!, mentions[i + 1]!];
        visit(byWords(a)!, byWords(b)!, clause.words.slice(a.at + a.span, b.at), a.plural);
      }
    }
  };
  // "players on teams", "plants in rooms": the first is in the second.
  neighbours((child, parent, between, plural) => {
    if (
      plural && between.length === 1 && ["on", "in"].includes(between[0]!.lower) &&
      !parent.person && unlinked(child, parent)
    ) relate(child, parent);
  });
  // "anglers register, log catches": the clause goes on with the subject before it.
  clauses.forEach((clause, index) => {
    const previous = clauses[index - 1];
    const verb = clause.words[0];
    if (
      previous === undefined || clause.aside || previous.sentence !== clause.sentence ||
      verb === undefined || !KEEP_VERBS.has(verb.lower)
    ) return;
    const subject = mentionsOf(previous)[0];
    const object = mentionsOf(clause).find((m) => byWords(m) !== undefined);
    if (
      subject === undefined || object === undefined || subject.at !== 0 || !subject.plural ||
      previous.words[subject.span]?.verb !== true
    ) return;
    const maker = byWords(subject);
    const made = byWords(object)!;
    if (maker !== undefined && !made.person && unlinked(made, maker)) relate(made, maker);
  });
  // "groups book them for a date": the bookings are the groups'.
  const booking = bookingOf(draft);
  if (booking !== undefined) {
    clauses.forEach((clause) => {
      if (clause.aside) return;
      for (const mention of mentionsOf(clause)) {
        const maker = byWords(mention);
        const verb = clause.words[mention.at + mention.span];
        if (
          maker !== undefined && mention.plural && verb !== undefined &&
          BOOK_VERBS.has(verb.lower) && unlinked(booking, maker)
        ) relate(booking, maker);
      }
    });
  }
  // "owners, their pets": the pets are the owners'.
  neighbours((owner, owned, between, plural) => {
    if (
      plural && between.length > 0 && between.length <= 2 && between.at(-1)!.lower === "their" &&
      between.every((w) => w.lower === "and" || w.possessive) && unlinked(owner, owned)
    ) relate(owned, owner);
  });
  // "drivers offer rides", "companies post jobs": what a person or a group
  // makes belongs to them.
  clauses.forEach((clause, index) => {
    if (clause.aside) return;
    const mentions = mentionsOf(clause).filter((m) => byWords(m) !== undefined);
    for (let i = 0; i + 1 < mentions.length; i++) {
      const subject = mentions[i]!;
      const object = mentions[i + 1]!;
      if (!subject.plural) continue;
      const between = clause.words.slice(subject.at + subject.span, object.at);
      const verb = between.find((w) => KEEP_VERBS.has(w.lower) || VERB_LIKE.has(w.lower));
      if (verb === undefined || between.some((w) => w.noun && w !== verb && !w.function)) continue;
      const maker = byWords(subject)!;
      // "members book a boat": what they make is the booking, not the boat.
      const booked = BOOK_VERBS.has(verb.lower) ? bookingOf(draft) : undefined;
      const made = booked ?? byWords(object)!;
      if (
        maker === made || made.person || made.relations.some((r) => r.target === maker.name) ||
        maker.relations.some((r) => r.target === made.name)
      ) continue;
      relate(made, maker);
      if (!made.clauses.includes(index)) made.clauses.push(index);
    }
  });
  // "register pets and make appointments": a record is about the other
  // things of its sentence that it does not already reach.
  const reaches = (from: DraftEntity, to: DraftEntity, seen = new Set<string>()): boolean => {
    if (seen.has(from.name)) return false;
    seen.add(from.name);
    return from.relations.some((r) => {
      const parent = draft.entities.find((e) => e.name === r.target);
      return parent !== undefined && (parent === to || reaches(parent, to, seen));
    });
  };
  // A record whose listed fields date it ("vaccinations given (vaccine, date
  // given, next due)") is about something too.
  const dated = (e: DraftEntity) =>
    e.listed === true && e.relations.length === 0 &&
    e.fields.some((f) => (f.type === "date" || f.type === "datetime") && f.computed === undefined);
  for (const record of draft.entities) {
    if (record.person || !(ABOUT_HEADS.has(record.label.split(" ").at(-1)!) || dated(record))) {
      continue;
    }
    const sentences = new Set(record.clauses.map((c) => clauses[c]?.sentence));
    for (const thing of draft.entities) {
      if (
        thing === record || thing.person || DEPENDENT.has(thing.label.split(" ").at(-1)!) ||
        ABOUT_HEADS.has(thing.label.split(" ").at(-1)!) ||
        !thing.clauses.some((c) => sentences.has(clauses[c]?.sentence)) ||
        reaches(record, thing) || reaches(thing, record)
      ) continue;
      relate(record, thing, { required: false });
    }
  }
  // "a setlist for each gig", "wishlists": a list holds several of the things
  // the prompt keeps besides it (songs, gifts), in both directions.
  for (const list of draft.entities) {
    const head = list.label.split(" ").at(-1)!;
    if (!LIST_HEADS.test(head) || (list.links ?? []).length > 0 || list.person) continue;
    const item = draft.entities.find((e) =>
      e !== list && !e.person && !ABOUT_HEADS.has(e.label.split(" ").at(-1)!) &&
      !LIST_HEADS.test(e.label.split(" ").at(-1)!) &&
      !e.relations.some((r) => r.target === list.name) &&
      !list.relations.some((r) => r.target === e.name)
    );
    if (item === undefined) continue;
    list.links = [...(list.links ?? []), {
      name: item.plural,
      target: item.name,
      field: `${snakeCase(item.name)}_ids`,
      label: item.labelPlural,
    }];
  }
  const linked = (e: DraftEntity) =>
    e.relations.length > 0 ||
    draft.entities.some((o) => o.relations.some((r) => r.target === e.name)) ||
    (e.links ?? []).length > 0 ||
    draft.entities.some((o) => (o.links ?? []).some((l) => l.target === e.name));
  for (const island of draft.entities) {
    if (linked(island) || island.clauses.length === 0) continue;
    const sentences = new Set(island.clauses.map((c) => clauses[c]?.sentence));
    const about = (r: DraftEntity) =>
      r !== island && !r.person && ABOUT_HEADS.has(r.label.split(" ").at(-1)!) &&
      !island.relations.some((x) => x.target === r.name);
    const record = draft.entities.find((r) =>
      about(r) && r.clauses.some((c) => island.clauses.includes(c))
    ) ?? draft.entities.find((r) =>
      about(r) && r.clauses.some((c) => sentences.has(clauses[c]?.sentence))
    );
    if (
      record === undefined || island.person && !/pet|patient|child|kid|student/.test(island.label)
    ) {
      continue;
    }
    // A reply or a photo belongs to the record; the record is about anything else.
    if (DEPENDENT.has(island.label.split(" ").at(-1)!)) relate(island, record, { required: false });
    else relate(record, island, { required: false });
  }
}
