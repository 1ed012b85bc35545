/**
 * Who uses the app: sign-in when asked for or implied, data private to its
 * owner ("my spending", "only I can read", "their own tickets"), kinds of
 * user with their own permissions (agents and employees, teachers and
 * students), and people the app keeps track of (members, friends, players).
 *
 * @module
 */
import type { Role } from "../../../core/behaviours.ts";
import { type Draft, ensureEntity, findEntity, require, sentence } from "../draft.ts";
import { mentionsOf } from "../entities.ts";
import { APP_NOUNS, AUTH_PATTERN, PEOPLE, STAFF_WORDS } from "../lexicon.ts";
import { proveAuth } from "../proofs.ts";

const PRIVATE_CUE =
  /\b(private|privately|only (i|me|they|them|he|she|the owner|its owner)\b|(their|his|her|my) own|visible only to|(nobody|no one) else (can |could |may |gets to |should )?(see|sees|view|read|access)|only visible)\b/i;
const FIRST_PERSON_ACTIVITY =
  /\bi(?:'ve| have)? (did|done|read|ran|watched|spent|drank|ate|walked|slept|felt)\b/i;
/** Nouns after "my" that are the user's own business, not personal records. */
const NOT_PERSONAL = new Set(
  `restaurant bakery shop store band studio clinic salon gym office team company business club
  wedding grandma grandpa mom dad mum family kids husband wife partner clients customers
  students pottery museum theatre theater school`.split(/\s+/),
);
/** Nouns after people that make them the app's records: "a members directory". */
const DIRECTORY_NOUNS = new Set(
  `directory roster list register database registry book`.split(/\s+/),
);
/** Verbs people do to records the app keeps, so the people are kept too. */
const KEEP_VERBS = new Set(
  `track add list keep manage record register store log enter invite assign give post upload
  share submit create write`.split(/\s+/),
);

/**
 * Reads sign-in, privacy and roles. Runs after the things are read, since
 * "my X" is personal only when X is a thing the app keeps.
 *
 * @param draft The draft.
 */
export function readPeople(draft: Draft): void {
  const text = draft.parsed.text;
  const explicitAuth = AUTH_PATTERN.test(text);
  draft.personal = PRIVATE_CUE.test(text) || FIRST_PERSON_ACTIVITY.test(text) ||
    myThings(draft).length > 0;
  const roles = readRoles(draft);
  if (roles.length > 1) draft.roles = roles;
  draft.auth = explicitAuth || draft.personal || draft.roles.length > 0;
  if (explicitAuth) {
    const clause = draft.parsed.clauses.findIndex((c) => AUTH_PATTERN.test(c.text));
    require(draft, {
      text: sentence(draft.parsed.clauses[clause]?.text ?? "Users sign up and sign in"),
      kinds: ["auth"],
      by: ["endpoint:POST /api/auth/register", "endpoint:POST /api/auth/login"],
      status: "implemented",
      ...(clause >= 0 ? { clause } : {}),
      prove: proveAuth,
    });
  }
  keepPeople(draft);
}

/** The things the user calls "my …". */
function myThings(draft: Draft): string[] {
  const out: string[] = [];
  for (const clause of draft.parsed.clauses) {
    clause.words.forEach((word, i) => {
      if (word.lower !== "my") return;
      for (const next of clause.words.slice(i + 1, i + 4)) {
        if (!next.noun) continue;
        if (
          NOT_PERSONAL.has(next.lower) || APP_NOUNS.has(next.singular) || PEOPLE.has(next.singular)
        ) return;
        if (findEntity(draft, next.singular) !== undefined) out.push(next.singular);
        return;
      }
    });
  }
  return out;
}

/**
 * Kinds of user: two or more people words in one prompt where one is a
 * staff word and someone "can", "only", "approves", "sees all"… The first
 * role is the one everyone signs up as.
 */
function readRoles(draft: Draft): Role[] {
  const found: string[] = [];
  // People who do something themselves: "teachers enter grades, students enroll".
  const acting = new Set<string>();
  for (const clause of draft.parsed.clauses) {
    for (const mention of mentionsOf(clause)) {
      if (mention.kind !== "person") continue;
      const word = mention.words.at(-1)!;
      if (!found.includes(word)) found.push(word);
      const next = clause.words[mention.at + mention.span];
      if (mention.plural && next?.verb && !next.noun && !next.function) acting.add(word);
    }
  }
  const text = draft.parsed.text.toLowerCase();
  const staff = found.filter((w) => STAFF_WORDS.has(w) || w === "hr");
  const others = found.filter((w) =>
    !staff.includes(w) && !["person", "people", "user", "guest", "visitor", "everyone"].includes(w)
  );
  const bothAct = staff.some((w) => acting.has(w)) && others.some((w) => acting.has(w));
  if (
    !bothAct &&
    !/\b(only|can|cannot|can't|approve|approves|see all|sees all|assign|admins?|permission)\b/.test(
      text,
    )
  ) return [];
  if (staff.length === 0) return [];
  if (others.length === 0 && !/\badmins?\b/.test(text)) return [];
  const base = others[0] ?? "member";
  return [
    { name: roleName(base), label: label(base), staff: false },
    ...staff.filter((w) => w !== base).map((w) => ({
      name: roleName(w),
      label: label(w),
      staff: true,
    })),
  ];
}

function roleName(word: string): string {
  return word === "hr" ? "hr" : word.replace(/[^a-z]/g, "_");
}

function label(word: string): string {
  return word === "hr" ? "HR" : word[0]!.toUpperCase() + word.slice(1);
}

/**
 * People the app keeps rows of: those added, tracked or assigned to ("track
 * books, members and loans", "assign chores to the kids"), those named by
 * "who …" in a clause about records, and people that are not kinds of user.
 */
function keepPeople(draft: Draft): void {
  const roleWords = new Set(draft.roles.map((r) => r.name));
  draft.parsed.clauses.forEach((clause, index) => {
    // A clause that only lists fields still says who keeps them ("Members log catches with …").
    const listing = draft.consumed.has(index);
    for (const mention of mentionsOf(clause)) {
      if (mention.kind !== "person") continue;
      const word = mention.words.at(-1)!;
      // "a members directory", "a player roster": the people are what it keeps.
      const next = clause.words[mention.at + mention.span];
      if (next !== undefined && DIRECTORY_NOUNS.has(next.singular)) {
        ensureEntity(draft, mention.words, { person: true, clause: index });
        continue;
      }
      if (
        roleWords.has(word) ||
        ["person", "people", "user", "everyone", "visitor", "guest", "customer"].includes(word)
      ) continue;
      const before = clause.words.slice(0, mention.at).map((w) => w.lower);
      const previous = mentionsOf(clause).filter((m) => m.at < mention.at).at(-1);
      const listed = previous !== undefined && previous.kind === "thing" &&
        clause.words.slice(previous.at + previous.span, mention.at).every((w) =>
          w.lower === "and" || w.lower === "or"
        );
      const following = mentionsOf(clause).find((m) => m.at > mention.at);
      // "owners, their pets": kept like the things listed beside them.
      const listedBefore = following !== undefined && following.kind === "thing" &&
        clause.words.slice(mention.at + mention.span, following.at).every((w) =>
          w.lower === "and" || w.lower === "or" || w.possessive
        );
      const object = before.some((w) =>
        KEEP_VERBS.has(w) || w === "to" || w === "with" || w === "between"
      ) ||
        listed || listedBefore;
      const subject = clause.words[mention.at + mention.span]?.verb === true ||
        clause.words[mention.at + mention.span]?.lower === "can";
      // "Members log catches": people who keep records of their own are kept,
      // so the records can be theirs.
      const verb = clause.words[mention.at + mention.span];
      const made = mentionsOf(clause).find((m) => m.at > mention.at && m.kind === "thing");
      const keeper = subject && !draft.auth && mention.plural && verb !== undefined &&
        KEEP_VERBS.has(verb.lower) && made !== undefined &&
        made.at <= mention.at + mention.span + 2 &&
        findEntity(draft, made.words.join(" ")) !== undefined;
      if (
        listing ? keeper : (object && !subject) || keeper || findEntity(draft, word) !== undefined
      ) {
        ensureEntity(draft, mention.words, { person: true, clause: index });
      }
    }
  });
}
