/**
 * Clauses no frame read: a clause that asks for more than keeping the
 * things it names ("members can only edit their own profile", "show my
 * longest run") and that no requirement came from becomes a requirement
 * marked not implemented, so the spec never drops what the user asked for
 * without saying so.
 *
 * @module
 */
import { type Draft, type DraftRequirement, require, sentence } from "../draft.ts";
import { mentionsOf } from "../entities.ts";
import { PEOPLE } from "../lexicon.ts";
import { singularize } from "../../../core/words.ts";
import type { Clause, Word } from "../nlp.ts";
import type { Rule } from "../../../core/behaviours.ts";

/** Verbs that only say the app keeps or lists what the clause names. */
const NAMING_VERBS = new Set(
  `track tracks tracking add adds adding log logs logging record records recording keep keeps
  list lists listing manage manages managing store stores save saves create creates creating
  enter enters submit submits register catalogue catalog collect collects organize organise
  write writes upload uploads have has had want wants need needs make build built use uses
  using help helps let lets allow allows is are be was were can edit edits delete deletes
  remove removes update updates change changes browse see sees view views show shows
  get gets do does go put set find finds look looks jot note pick picks choose chooses select
  selects give gives borrow borrows borrowed lend lends lent leave leaves post posts send sends
  sending request requests`.split(/\s+/),
);
/** Words that say nothing about what the app does. */
const FILLER = new Set(
  `simple small little basic tiny quick easy nice clean personal online shared web mobile
  app also just really please basically maybe kind sort new own good great cool lost found`.split(
    /\s+/,
  ),
);

/** Words that ask for a figure, a rule or a view: never the mere keeping of things. */
const STRONG =
  /\b(total|totals|average|avg|sum|leaderboard|rank|ranked|ranking|most|least|top|count|counts|streak|streaks|free|available|remaining|overdue|weekly|monthly|daily|calendar|schedule|map|chart|report|once|never|max|maximum|limit|limits|overbook|twice|approve|approves|approved)\b/i;

/** Words that make a clause a rule about who may do what. */
const MODALS = new Set(
  `can cannot can't cant should shouldn't must mustn't only never nobody always`.split(/\s+/),
);

/**
 * Whether a word is a verb the clause asks for: its first word ("split
 * costs among friends") or after who or a person ("who played").
 */
function saysToDo(clause: Clause, word: Word): boolean {
  if (!word.verb || word.lower.endsWith("ing")) return false;
  const at = clause.words.indexOf(word);
  const first = clause.words.findIndex((w) => !w.function && !w.pronoun && !w.possessive);
  const before = clause.words[at - 1];
  return at === first || (before !== undefined && (before.pronoun || before.lower === "who"));
}

/** How people say a rule of each kind. */
const RULE_WORDS: Partial<Record<Rule["kind"], string[]>> = {
  capacity: ["overbook", "overbooking", "full", "more than"],
  unique: ["twice", "again", "double", "once"],
  no_overlap: ["overlap", "double", "clash"],
  available: ["again", "already"],
};

/** An app's own description: "a board for our customers", "time tracking for our agency". */
const TITLE =
  /\b(board|tracker|app|portal|site|page|system|platform|tool)\b|\bfor (our|my|a|an|the)\b[^,]*$/i;

/** Who the user is, not what the app does: "I run a small language school", "we own a café". */
const WHO_I_AM =
  /^\s*(i|we)(?:'m| am| are)? (run|own|manage|operate|coach|teach|organi[sz]e|host|work at|work in|volunteer at|have|am|are|fix|repair|make|sell|bake|train|groom|walk|clean|build|grow|breed|brew|tutor|paint|cook|knit|sew)\b/i;

const CAN = new Set(["can", "cant", "cannot", "can't", "should", "must"]);

const fold = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

/**
 * Adds a not-implemented requirement for every clause that asks for more than
 * its things and that no requirement covers.
 *
 * @param draft The draft, after every other frame.
 */
export function readUncovered(draft: Draft): void {
  readMissingFigures(draft);
  const clauses = draft.parsed.clauses;
  const covered = new Set(
    draft.requirements.map((r) => r.clause).filter((c) => c !== undefined),
  );
  const texts = draft.requirements.map((r) => fold(r.text));
  const sentences = new Set([...covered].map((c) => clauses[c]?.sentence));
  const known = [
    ...draft.requirements.filter((r) => r.status === "implemented").flatMap((r) =>
      fold(r.text).split(" ")
    ),
    ...draft.actions.map((a) => a.name.toLowerCase()),
    ...draft.rules.flatMap((r) => RULE_WORDS[r.kind] ?? []),
    ...(draft.personal ? ["only", "read", "private", "visible"] : []),
    ...draft.entities.flatMap((e) => e.fields.map((f) => f.name.toLowerCase())),
  ].filter((w) => w.length >= 4);
  readUnderstood(draft, covered);
  // Figure, rule and view words are read only by a requirement of their own.
  const strongKnown = new Set(
    draft.requirements.filter((r) => !r.kinds.every((k) => k === "crud" || k === "relation"))
      .flatMap((r) => fold(r.text).split(" ")),
  );
  for (const word of draft.rules.flatMap((r) => RULE_WORDS[r.kind] ?? [])) strongKnown.add(word);
  for (const view of draft.views) {
    for (const word of fold(view.label).split(" ")) strongKnown.add(word);
  }
  const missing = new Map<
    number,
    { requirement: DraftRequirement; words: string[]; last: number }
  >();
  clauses.forEach((clause, index) => {
    if (clause.aside || covered.has(index) || draft.consumed.has(index)) return;
    const text = fold(clause.text);
    if (text.length === 0 || texts.some((t) => t.includes(text) || text.includes(t))) return;
    const modal = clause.words.some((w) => MODALS.has(w.lower));
    const strong = STRONG.test(clause.text);
    // A clause beside one a frame read, in the same sentence, is usually its
    // detail — unless it asks for a figure, a rule or a view of its own.
    if (!modal && !strong && sentences.has(clause.sentence)) return;
    const named = new Set<number>();
    for (const mention of mentionsOf(clause)) {
      for (let i = mention.at; i < mention.at + mention.span; i++) named.add(i);
    }
    // "boats (name, type, seats)": a thing's name read as a verb is still the thing.
    const things = new Set(draft.entities.flatMap((e) => [e.label, e.labelPlural, ...e.words]));
    const asks = clause.words.filter((w, i) =>
      !named.has(i) && !w.function && !w.pronoun && !w.possessive &&
      !things.has(w.lower) && !things.has(singularize(w.lower)) &&
      (w.noun || w.verb || w.adjective || w.adverb || w.time || w.value) &&
      !NAMING_VERBS.has(w.lower) && !FILLER.has(w.lower) && /^[a-z]/i.test(w.text) &&
      // "where visitors send requests": who does it asks for nothing by itself.
      (modal || !(PEOPLE.has(w.lower) || PEOPLE.has(w.singular)))
    );
    if (asks.length === 0) return;
    // The app's own description ("a leaderboard for our gym's comp") asks
    // for something only with a verb.
    if (
      index === 0 && !modal &&
      (!asks.some((w) => saysToDo(clause, w)) || TITLE.test(clause.text))
    ) return;
    // "Hello, I have a tailor shop": who the user is, wherever it comes.
    if (!modal && !strong && WHO_I_AM.test(clause.text)) return;
    // Words the plan already uses: "a book that's out can't be lent" was read.
    const unread = asks.filter((w) =>
      !CAN.has(w.lower) &&
      (STRONG.test(w.lower)
        ? !strongKnown.has(w.lower)
        : !known.some((k) => k.startsWith(w.lower.slice(0, 5))))
    );
    if (unread.length === 0) return;
    const words = asks.map((w) => w.lower);
    // "League table: played, won, drawn, lost": one ask, not a requirement per item.
    const before = missing.get(clause.sentence);
    if (
      before !== undefined &&
      !Array.from({ length: index - before.last - 1 }, (_, k) => before.last + 1 + k)
        .some((c) => covered.has(c))
    ) {
      before.words.push(...words);
      before.last = index;
      before.requirement.text = sentence(draft.parsed.sentences[clause.sentence] ?? clause.text)
        .slice(0, 300);
      before.requirement.reason = reasonFor(before.words);
      return;
    }
    const requirement: DraftRequirement = {
      text: sentence(clause.text),
      kinds: ["unsupported"],
      by: [],
      status: "not_implemented",
      reason: reasonFor(words),
      clause: index,
    };
    require(draft, requirement);
    missing.set(clause.sentence, { requirement, words, last: index });
  });
}

function reasonFor(words: readonly string[]): string {
  return `the offline planner has no behaviour for "${
    [...new Set(words)].join(" ")
  }" here; a model provider may build it, or say it as a rule, count, status or view`;
}

/** Words that name how much or how many: what a count, sum or average is of. */
const MEASURES =
  /^(minutes?|hours?|seconds?|miles?|km|kilometers?|kilometres?|meters?|metres?|calories?|kcal|grams?|kg|kilos?|pounds?|lbs?|liters?|litres?|ml|points?|goals?|wins?|scores?|steps?|reps?|cups?|glasses?|servings?|duration|distance|weight|ratings?|stars?|grades?|marks?)$/;

/**
 * A clause a requirement came from may still ask for a quantity the plan does
 * not keep ("total minutes per day" when no session has minutes): its
 * requirement would promise what the code cannot compute, so the clause is
 * also listed as not implemented, naming the missing quantity.
 */
function readUnderstood(draft: Draft, covered: ReadonlySet<number>): void {
  const kept = new Set<string>();
  for (const entity of draft.entities) {
    for (const field of entity.fields) for (const part of field.name.split("_")) kept.add(part);
    for (const word of entity.words) for (const part of word.split(" ")) kept.add(part);
  }
  const stem = (w: string) => w.replace(/s$/, "").slice(0, 5);
  const keptStems = new Set([...kept].map(stem));
  for (const index of covered) {
    const clause = draft.parsed.clauses[index];
    if (clause === undefined || clause.aside) continue;
    const own = draft.requirements.filter((r) => r.clause === index);
    if (own.some((r) => r.status === "not_implemented")) continue;
    if (!own.some((r) => r.kinds.some((k) => k === "aggregate" || k.startsWith("view_")))) continue;
    const missing = clause.words.filter((w) =>
      w.noun && MEASURES.test(w.lower) && !keptStems.has(stem(w.singular)) &&
      !["day", "days", "week", "weeks", "month", "months", "year", "years"].includes(w.lower)
    );
    if (missing.length === 0) continue;
    require(draft, {
      text: sentence(clause.text),
      kinds: ["unsupported"],
      by: [],
      status: "not_implemented",
      reason: `the plan keeps no ${
        missing.map((w) => w.lower).join(" or ")
      } to compute this from; a model provider may build it, or name the field in the prompt`,
      clause: index,
    });
  }
}

/** Figures a user asks the app to work out. */
const FIGURE =
  /\b(totals?|sum|average|avg|mean|revenue|income|earnings|profit|per (day|week|month|year)|weekly|monthly)\b/i;

/**
 * A figure asked for in a clause that another frame read for something else
 * ("a pickup schedule, a 'picked up' button, and total revenue per month"):
 * unless a figure of the plan came from that clause, the figure is listed as
 * not implemented rather than lost with the rest of the clause.
 */
function readMissingFigures(draft: Draft): void {
  const listed = new Set(draft.requirements.map((r) => fold(r.text)));
  // What the plan can work figures out of: its fields, views and their measures.
  const kept = new Set(
    [
      ...draft.entities.flatMap((e) => e.fields.map((f) => f.name)),
      ...draft.views.flatMap((v) => [v.name, v.measure?.field ?? ""]),
    ].flatMap((n) => n.split("_")).filter((w) => w.length >= 2),
  );
  const summed = draft.views.some((v) => v.measure !== undefined && v.measure.op !== "count");
  draft.parsed.clauses.forEach((clause, index) => {
    if (clause.aside) return;
    if (!draft.requirements.some((r) => r.clause === index && r.status === "implemented")) return;
    for (const part of clause.text.split(/\s*(?:,|;|\band\b)\s*/)) {
      if (!FIGURE.test(part) || part.split(/\s+/).length < 2) continue;
      const quantity = part.toLowerCase().match(
        /\b(?:totals?|sum|average|avg|mean)\s+(?:of\s+)?(?:the\s+)?([a-z]+)|\b([a-z]+)\s+per\b/,
      );
      const word = (quantity?.[1] ?? quantity?.[2])?.replace(/s$/, "");
      if (word === undefined || kept.has(word) || kept.has(`${word}s`)) continue;
      if (
        summed &&
        /^(revenue|income|earning|sale|spend|spending|spent|pay|paid|cost|amount)$/.test(word)
      ) {
        continue;
      }
      const text = sentence(part);
      if (listed.has(fold(text))) continue;
      listed.add(fold(text));
      require(draft, {
        text,
        kinds: ["aggregate"],
        by: [],
        status: "not_implemented",
        reason:
          `the offline planner keeps no ${word} to work this out from; a model provider may build it, or name the quantity and what it is counted over`,
      });
    }
  });
}
