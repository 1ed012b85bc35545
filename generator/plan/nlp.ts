/**
 * Reading a prompt as English: sentences split into clauses, each word with
 * its part of speech (from `compromise`, an NLP library that tags English
 * and knows plurals) and its singular. The planner reads nouns as things and
 * verbs as what happens to them, so verbs, adverbs, time words and function
 * words never become entities.
 *
 * @module
 */
import nlp from "compromise";

/** One word of a clause. */
export interface Word {
  /** As written, without punctuation. */
  text: string;
  /** Lower case. */
  lower: string;
  /** The lower-case singular of a noun (the word itself otherwise). */
  singular: string;
  noun: boolean;
  plural: boolean;
  verb: boolean;
  adjective: boolean;
  adverb: boolean;
  pronoun: boolean;
  /** A date or duration word (week, today, minutes). */
  time: boolean;
  /** A number. */
  value: boolean;
  /** Prepositions, determiners, conjunctions and question words. */
  function: boolean;
  /** Possessive ("my", "their", "our"). */
  possessive: boolean;
  /** Followed by a comma, semicolon or colon ("members, plans"). */
  pause?: boolean;
}

/** A clause: part of a sentence between commas, "and"s and connectors. */
export interface Clause {
  /** The clause as written (for requirement texts). */
  text: string;
  words: Word[];
  /** Index of the sentence it belongs to. */
  sentence: number;
  /**
   * Examples or values rather than things: words in brackets ("(vegan,
   * quick, dessert...)"), slash lists ("Idea / Filming / Editing").
   */
  aside: boolean;
  /** Words (by index) that say what the app cannot do; never read as things. */
  blocked: Set<number>;
}

/** A parsed prompt. */
export interface ParsedPrompt {
  text: string;
  sentences: string[];
  clauses: Clause[];
}

const FUNCTION_TAGS = ["Preposition", "Determiner", "Conjunction", "QuestionWord"];
/** Words compromise tags as verbs that, in app ideas, are mostly the things themselves. */
const NOUNS_FIRST = new Set(
  `loan loans rsvp rsvps booking bookings book books order orders post posts comment comments
  vote votes like likes log logs record records note notes review reviews rating ratings
  check checkin checkins request requests report reports shift shifts match matches plan plans
  schedule schedules tag tags link links bill bills tab tabs play plays set sets visit visits
  ride rides party parties signup signups entry entries reading readings payment payments
  transfer transfers lesson lessons class classes session sessions walk walks run runs trip trips
  dose doses claim claims move moves task tasks score scores point points problem problems
  deal deals message messages comment comments contact contacts order orders product products
  item items expense expenses sale sales supply supplies`
    .split(/\s+/),
);

/** Actions people take on rows that compromise may tag as adjectives ("can favorite them"). */
const ACTION_WORDS = new Set(
  `favorite favourite star bookmark like upvote follow rate review book reserve claim`.split(/\s+/),
);

/** Kinds of people compromise may tag as verbs ("only admins should…"). */
const ALWAYS_NOUNS = new Set(
  `admin admins administrator administrators moderator moderators`.split(/\s+/),
);

/**
 * Parses a prompt.
 *
 * @param text The prompt.
 * @returns Its sentences and clauses with tagged words.
 * @example
 * ```ts
 * import { parsePrompt } from "./nlp.ts";
 * const parsed = parsePrompt("Track books and loans. A lent book can't be lent again");
 * if (parsed.clauses.length < 2 || !parsed.clauses[0]!.words.some((w) => w.singular === "book")) {
 *   throw new Error();
 * }
 * ```
 */
export function parsePrompt(text: string): ParsedPrompt {
  const normal = text
    .replace(/\r\n?/g, "\n")
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\bcheck[- ]ins?\b/gi, (m) => (/s$/i.test(m) ? "checkins" : "checkin"))
    // "a to-do list", "to dos" — not "what to do", "things to do today".
    .replace(
      /(?<!\b(?:what|how|things?|stuff|anything|something|nothing|much|lot|when|where) )\bto[- ]dos?\b/gi,
      (m) => (/s$/i.test(m) ? "todos" : "todo"),
    )
    .replace(/\bsign-ups?\b/gi, (m) => (/s$/i.test(m) ? "signups" : "signup"))
    .replace(/\be-mail/gi, "email")
    // "mark it claimed with one click": how, not a thing the app keeps.
    .replace(/\s*\b(?:with|in|by|at) (?:one|a single|a|1) (?:click|tap|button press)\b/gi, "")
    .replace(/\bone[- ](?:click|tap)\s+/gi, "")
    .replace(/^\s*[-*•]\s+/gm, ". ")
    .replace(/\n+/g, ". ")
    .replace(/\s+/g, " ")
    .trim();
  const doc = nlp(normal);
  const sentences: string[] = [];
  const clauses: Clause[] = [];
  doc.sentences().json().forEach((sentence: CompromiseSentence, index: number) => {
    sentences.push(sentence.text);
    let current: { words: Word[]; raw: string[]; aside: boolean; slashes: number } = {
      words: [],
      raw: [],
      aside: false,
      slashes: 0,
    };
    let inBrackets = false;
    const flush = () => {
      if (current.words.length > 0) {
        const text = current.raw.join(" ").trim();
        clauses.push({
          text,
          words: current.words,
          sentence: index,
          aside: current.aside || current.slashes >= 2 || /\be\.?g\.?\b|\bsuch as\b/.test(text),
          blocked: new Set(),
        });
      }
      current = { words: [], raw: [], aside: inBrackets, slashes: 0 };
    };
    sentence.terms.forEach((term, i) => {
      const word = toWord(
        term,
        sentence.terms[i - 1],
        sentence.terms[i - 2],
        sentence.terms[i + 1],
      );
      const opens = /[(]/.test(term.pre);
      if (opens) {
        flush();
        inBrackets = true;
        current.aside = true;
      }
      const closes = /[)]/.test(term.post);
      const breaks = /[,;:()]/.test(term.post.trim());
      if (word !== undefined) {
        const next = sentence.terms[i + 1];
        const nextTags = new Set(next?.tags ?? []);
        // A connector followed by a new subject starts a new clause: "… and they
        // tick them off", "… then we approve it".
        const startsClause =
          ["and", "then", "when", "so", "but", "where", "while"].includes(word.lower) &&
          current.words.length >= 3 &&
          (nextTags.has("Pronoun") && !nextTags.has("Possessive") ||
            PEOPLE_SUBJECTS.has((next?.normal ?? "").toLowerCase()));
        if (word.lower === "but" || word.lower === "so" || word.lower === "then" || startsClause) {
          flush();
        }
        if (!["but", "so", "then"].includes(word.lower) && !startsClause) current.words.push(word);
        current.raw.push(term.text);
      }
      if (/\//.test(term.post)) current.slashes++;
      if (closes) {
        flush();
        inBrackets = false;
        current.aside = false;
      } else if (breaks) flush();
    });
    flush();
  });
  return { text: normal, sentences, clauses: mergeLists(clauses) };
}

/**
 * Commas separate list items as well as clauses: a piece without a verb
 * that follows a clause ending in a noun continues its list ("track
 * contacts, companies and deals"), so it joins that clause.
 */
function mergeLists(clauses: Clause[]): Clause[] {
  const out: Clause[] = [];
  for (const clause of clauses) {
    const previous = out.at(-1);
    const verbless = !clause.words.some((w) => w.verb);
    const endsInNoun = previous !== undefined && previous.words.at(-1)?.noun === true;
    if (
      previous !== undefined && previous.sentence === clause.sentence && verbless && endsInNoun &&
      !clause.aside && !previous.aside
    ) {
      const offset = previous.words.length;
      previous.words.push(...clause.words);
      for (const i of clause.blocked) previous.blocked.add(i + offset);
      previous.text = `${previous.text}, ${clause.text}`;
      continue;
    }
    out.push(clause);
  }
  return out;
}

interface CompromiseTerm {
  text: string;
  normal?: string;
  pre: string;
  post: string;
  tags: string[];
}

interface CompromiseSentence {
  text: string;
  terms: CompromiseTerm[];
}

function toWord(
  term: CompromiseTerm,
  previous: CompromiseTerm | undefined,
  previous2: CompromiseTerm | undefined,
  next?: CompromiseTerm,
): Word | undefined {
  const text = term.text.replace(/[^\p{L}\p{N}'&-]/gu, "");
  if (text === "") return undefined;
  const lower = (term.normal ?? text).toLowerCase().replace(/[^\p{L}\p{N}'&-]/gu, "");
  const tags = new Set(term.tags);
  const before = new Set(previous?.tags ?? []);
  // "a loan", "their rsvps", "overdue loans": after a determiner, a possessive, an
  // adjective or a number, a word that can be a noun is one.
  const afterTo = (previous?.normal ?? previous?.text ?? "").toLowerCase() === "to";
  if (afterTo && tags.has("Verb")) tags.delete("Noun");
  // "others can favorite them": after a modal, a word that names an action is a verb.
  const modal = ["can", "could", "should", "will", "may", "must", "to"].includes(
    (previous?.normal ?? previous?.text ?? "").toLowerCase(),
  );
  if (modal && ACTION_WORDS.has(lower)) {
    tags.delete("Noun");
    tags.delete("Adjective");
    tags.add("Verb");
  }
  // "show who is overdue", "list which books": a clause's first word before a question word is a verb.
  if (
    (previous === undefined || /[;:,.!?]/.test(previous.post)) &&
    ["show", "list", "see", "view"].includes(lower) &&
    (next?.tags ?? []).some((t) => t === "QuestionWord" || t === "Pronoun" || t === "Determiner")
  ) {
    tags.delete("Noun");
    tags.add("Verb");
  }
  // "forgetting to water them": between "to" and a pronoun, a word is a verb.
  if (
    afterTo && (next?.tags ?? []).includes("Pronoun") && !(next?.tags ?? []).includes("Possessive")
  ) {
    tags.delete("Noun");
    tags.add("Verb");
  }
  // "pets and shelters", "companies and deals": after "and" following a
  // plural noun, a plural-looking word is a noun too.
  const listed = ["and", "or"].includes((previous?.normal ?? "").toLowerCase()) &&
    (previous2?.tags ?? []).includes("Plural") &&
    /[^s]s$/.test((term.normal ?? term.text).toLowerCase());
  if (listed && !tags.has("Noun")) {
    tags.add("Noun");
    tags.add("Plural");
    tags.delete("Verb");
  }
  const forcedNoun = ALWAYS_NOUNS.has(lower) || NOUNS_FIRST.has(lower) && !afterTo &&
      (!tags.has("Verb") || before.has("Determiner") || before.has("Possessive") ||
        before.has("Adjective") || before.has("Value") || before.has("Preposition") ||
        (before.has("Conjunction") && /[^s]s$/.test(lower)) ||
        (before.has("Noun") && !before.has("Pronoun") && /[^s]s$/.test(lower)) ||
        (tags.has("Plural") && !before.has("Noun") && !before.has("Pronoun")));
  const noun = forcedNoun || (tags.has("Noun") && !tags.has("Pronoun"));
  const plural = tags.has("Plural") || (forcedNoun && /[^s]s$/.test(lower));
  return {
    text,
    lower,
    singular: noun ? singularOf(lower) : lower,
    noun,
    plural,
    verb: tags.has("Verb") && !forcedNoun,
    adjective: tags.has("Adjective"),
    adverb: tags.has("Adverb"),
    pronoun: tags.has("Pronoun"),
    time: tags.has("Date") || tags.has("Duration") || TIME_WORDS.has(lower),
    value: tags.has("Value"),
    function: FUNCTION_TAGS.some((t) => tags.has(t)),
    possessive: tags.has("Possessive"),
    ...(/[,;:]/.test(term.post) ? { pause: true } : {}),
  };
}

/** Plural people words that start a clause as its subject ("… and agents close them"). */
const PEOPLE_SUBJECTS = new Set(
  `people users guests customers clients members friends employees agents staff admins teachers
  students parents kids children volunteers players drivers owners doctors managers visitors`
    .split(/\s+/),
);

/** Time words that never name a thing an app stores. */
export const TIME_WORDS: ReadonlySet<string> = new Set(
  `today tomorrow yesterday tonight now day days week weeks weekly month months monthly year years
  yearly daily hour hours minute minutes second seconds morning evening night weekend weekends
  time times moment later soon once twice again always never sometimes often before after
  during until since ago annual annually`.split(/\s+/),
);

const IRREGULAR: Record<string, string> = {
  people: "person",
  children: "child",
  men: "man",
  women: "woman",
  mice: "mouse",
  geese: "goose",
  teeth: "tooth",
  feet: "foot",
  data: "data",
  criteria: "criterion",
  analyses: "analysis",
  series: "series",
  species: "species",
  news: "news",
  staff: "staff",
  kids: "kid",
};

/**
 * @param word A lower-case noun.
 * @returns Its singular, e.g. `quizzes` → `quiz`, `supplies` → `supply`.
 */
export function singularOf(word: string): string {
  if (IRREGULAR[word] !== undefined) return IRREGULAR[word]!;
  if (/(ss|us|is|ous)$/.test(word) || word.length <= 3) return word;
  if (/(quizz)es$/.test(word)) return word.slice(0, -3);
  if (/([^aeiou])ies$/.test(word)) return word.slice(0, -3) + "y";
  if (/(ch|sh|x|z|ss)es$/.test(word)) return word.slice(0, -2);
  if (
    /(shoe|clothe|horse|house|course|purse|nurse|verse|response|expense|license|case|base|phase|rose|pause|cause|dose|noise|vase|hose|use|promise)s$/
      .test(word)
  ) {
    return word.slice(0, -1);
  }
  if (/([^aeiou])ves$/.test(word) && !/(olves|erves)$/.test(word)) {
    return word.slice(0, -3) + (/(lves|rves)$/.test(word) ? "f" : "fe");
  }
  if (/s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}
