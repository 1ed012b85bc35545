/**
 * Fields the user lists for a thing: "inspections (date, queen seen yes/no,
 * notes)", "plants with species, pot size and a reorder level", "cake
 * orders: customer, cake type, price, pickup date", "each night has a host,
 * a date and a max number of seats", or a sentence of its own after the
 * thing ("Job tickets. Customer name, bike, problem."). Each item becomes a
 * typed field of that thing (a date, a number, a yes/no, a choice of the
 * values written with slashes, a URL, a picture, long text), the thing is
 * kept even when nothing else names it, and the listed words are never read
 * as things of their own.
 *
 * @module
 */
import type { Field } from "../../core/spec.ts";
import { RESERVED_FIELD_NAMES } from "../../core/spec.ts";
import { pluralize, singularize as singular, snakeCase } from "../../core/words.ts";
import { addField, type Draft, ensureEntity, findEntity, relate } from "./draft.ts";
import { attributeOf, PEOPLE } from "./lexicon.ts";
import nlp from "compromise";
import type { ParsedPrompt } from "./nlp.ts";

/** The fields listed for one thing. */
export interface FieldList {
  /** The thing's lower-case singular words, e.g. `["inspection"]`. */
  thing: string[];
  fields: Field[];
  /** The sentence it was read from. */
  sentence: number;
  /** Lower-case words of the items, never read as things. */
  words: Set<string>;
}

/** Words that hold a thing's rows rather than being one: "a song library (…)" lists songs. */
const CONTAINERS = new Set(
  `library list catalog catalogue collection database log stash inventory menu register
  directory archive tracker app board sheet book`.split(/\s+/),
);
/** Heads of what the app shows rather than keeps: "League table: played, won, points". */
const VIEW_HEADS = new Set(
  `table standings leaderboard ranking rankings report summary stats statistics dashboard chart
  overview`.split(/\s+/),
);
/** Heads whose brackets give example values, not fields: "tags (wool, cotton…)". */
const VALUE_HEADS = new Set(
  `tag tags category categories type types kind kinds label labels genre genres status
  statuses stage stages level levels colour colours color colors size sizes`.split(/\s+/),
);
/** Leading words an item drops: articles, possessives, quantifiers. */
const LEADING = /^(?:a|an|the|their|its|his|her|my|our|your|some|any|optional|also|plus)\s+/i;
/** Words before a noun phrase that are not part of it. */
const NOT_IN_PHRASE = new Set(
  `a an the my our your their its his her each every per of for with and or to in on at by from
  i we you they he she it is are was be have has had log logs add adds keep keeps track tracks
  record records store stores enter enters list lists want need create creates post posts make
  makes manage manages also some all any this that these those can should will must save
  saves upload uploads share shares see sees show shows tag tags book books sell sells buy buys
  rate rates assign assigns submit submits write writes`.split(/\s+/),
);
const PY_KEYWORDS = new Set(
  `and as assert async await break class continue def del elif else except false finally for
  from global if import in is lambda none nonlocal not or pass raise return true try while with
  yield`.split(/\s+/),
);

/** A range of whole numbers: "1-5", "1 to 10", "0–100". */
const RANGE = /^(\d{1,4})\s*(?:-|–|to)\s*(\d{1,4})$/i;
const RANGE_AT_END = /\(?\b(\d{1,4})\s*(?:-|–|to)\s*(\d{1,4})\)?(?:\s*(?:stars?|points?))?$/i;

const INTEGER_WORDS =
  /\b(quantity|qty|count|number|how many|seats?|capacity|points?|yards|skeins?|pages|copies|spots|players|guests|people|stock|age|reps|sets|laps|calories|servings|max|min|limit|left|remaining)\b/i;
const NUMBER_WORDS =
  /\b(price|cost|amount|fee|total|kg|kgs|kilos?|grams?|g|lbs?|pounds|km|miles?|distance|weight|gravity|abv|pace|rating|stars?|percent|temperature|temp|height|width|hours?|minutes?|mins|duration|budget|salary|rate|balance|value|score|grade|ph|ppm|level|abv|bpm|mg|ml)\b/i;
const DATE_WORDS = /\b(date|day|birthday|deadline|due|dob)\b/i;
const DATETIME_WORDS = /\b(date and time|datetime|timestamp)\b/i;
const BOOL_WORDS =
  /\b(yes\s*\/\s*no|y\s*\/\s*n|true\s*\/\s*false|seen|done|paid|active|vegan|vegetarian|available|signed|confirmed|checked)\b/i;
const TEXT_WORDS =
  /\b(notes?|description|message|problem|comments?|details|bio|instructions|summary|feedback|story|review|symptoms?|issue|reason|remarks|ingredients)\b/i;
const URL_WORDS = /\b(url|link|website|web site|homepage)\b/i;
const PICTURE_WORDS = /\b(photo|picture|image|pic|logo|avatar)\b/i;
const EMAIL_WORDS = /\bemail\b/i;

/**
 * @param text An item of a list, as written ("queen seen yes/no", "type: easy/long/interval").
 * @returns The field it names, if it names one.
 */
export function fieldOf(text: string): Field | undefined {
  if (/\.\.\.|…|\betc\b/i.test(text)) return undefined;
  let item = text.trim().replace(/[.!?]+$/, "").replace(/\s+/g, " ");
  while (LEADING.test(item)) item = item.replace(LEADING, "");
  if (
    item === "" || item.split(" ").length > 5 || /\.\.\.|…|\betc\b/i.test(item) ||
    /\b(them|it|they|him|her|us|me|each|every|all|this|that)\b/i.test(item)
  ) {
    return undefined;
  }
  // "what's wrong": the problem, in the user's words.
  if (/^what(?:'s| is| went) wrong$/i.test(item)) {
    return { name: "problem", type: "text", required: false };
  }
  // "type: easy/long/interval", "result white win/black win/draw": a choice.
  const choice = item.match(/^([\p{L} ]+?)\s*[:=]?\s*((?:[\p{L}\d' -]+\/)+[\p{L}\d' -]+)$/u);
  if (choice !== null && !BOOL_WORDS.test(choice[2]!)) {
    const values = choice[2]!.split("/").map((v) => snakeCase(v.trim())).filter((v) =>
      /^[a-z0-9_]+$/.test(v)
    );
    const name = fieldName(choice[1]!);
    if (name !== undefined && values.length >= 2 && new Set(values).size === values.length) {
      return { name, type: "enum", values, required: false };
    }
  }
  // "HR approves", "search by region": a clause, not a field.
  const terms = (nlp(item).terms().json() as { terms: Term[] }[]).flatMap((t) => t.terms);
  const verbs = terms.slice(1)
    .filter((t) =>
      t.tags.includes("Verb") && !t.tags.includes("PastTense") && !t.tags.includes("Participle") &&
      !t.tags.includes("Noun")
    );
  const led = terms.length >= 2 && terms[0]!.tags.includes("Verb") &&
    ["Preposition", "Determiner", "Pronoun"].some((t) => terms[1]!.tags.includes(t)) &&
    !/^(quantity|message|number|price|date|time)$/i.test(terms[0]!.text);
  // "price quote", "cost estimate": a quantity's word first names the field.
  const quantityFirst = terms.length === 2 && NUMBER_WORDS.test(terms[0]!.text);
  if (
    (verbs.length > 0 || led) && !quantityFirst &&
    !/^(\p{L}+\s+)?(time|date|day|size|level|count|name|type|colou?r|weight|key)\b/iu.test(item)
  ) {
    return undefined;
  }
  // "seeing conditions 1-5", "rating (1 to 10)": a whole number in that range.
  const range = item.match(RANGE_AT_END);
  if (range !== null) {
    const name = fieldName(item.slice(0, range.index).replace(/\s+(from|of)$/i, ""));
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (name !== undefined && min < max) return { name, type: "integer", required: true, min, max };
  }
  const words = item.replace(/\byes\s*\/\s*no\b|\by\s*\/\s*n\b/gi, " ").replace(/\s+in\s+.*$/i, "")
    .replace(/\s+/g, " ").trim();
  const known = attributeOf(words.toLowerCase()) ??
    attributeOf(singular(words.toLowerCase()));
  if (known !== undefined && !words.includes(" ")) return { ...known.field };
  if (known !== undefined && words.toLowerCase().split(" ").length === 2) return { ...known.field };
  const name = fieldName(
    words.replace(/\s+in\s+.*$/i, "").replace(/\b(how many|number of|no\.? of)\s+/i, "").replace(
      /\s+needed$/i,
      "_needed",
    ),
  );
  if (name === undefined) return undefined;
  if (BOOL_WORDS.test(item)) return { name, type: "boolean", required: false };
  if (EMAIL_WORDS.test(words)) return { name, type: "email", required: false };
  if (PICTURE_WORDS.test(words)) {
    return {
      name: /url|link/.test(name) ? name : `${name}_url`,
      type: "image",
      required: false,
      description: "A picture's URL, shown as an image",
    };
  }
  if (URL_WORDS.test(words)) return { name, type: "url", required: false };
  if (DATETIME_WORDS.test(words)) return { name, type: "datetime", required: true };
  if (DATE_WORDS.test(words) && !/\btime\b/i.test(words)) {
    return { name, type: "date", required: true };
  }
  if (TEXT_WORDS.test(words)) return { name, type: "text", required: false };
  if (
    INTEGER_WORDS.test(item) && !/\b(size)\b/i.test(words) ||
    /\b(max|group|party) .*size\b/i.test(words)
  ) {
    return { name, type: "integer", required: true, min: 0, max: 1_000_000 };
  }
  if (NUMBER_WORDS.test(words)) {
    return { name, type: "number", required: true, min: 0, max: 1_000_000 };
  }
  return { name, type: "string", required: true };
}

function fieldName(words: string): string | undefined {
  const name = snakeCase(
    words.normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/[^A-Za-z0-9 _]/g, " ").trim(),
  ).replace(/^_+|_+$/g, "").replace(/_+/g, "_");
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name) || name.length > 40) return undefined;
  if (RESERVED_FIELD_NAMES.includes(name) || PY_KEYWORDS.has(name)) return undefined;
  return name;
}

/** Splits a list on commas, semicolons, "+", "and" and "or". */
function items(list: string): string[] {
  const out: string[] = [];
  for (const raw of list.split(/\s*(?:,|;|\s\+\s|\+|\s&\s|\band\b|\bor\b)\s*/i)) {
    const item = raw.trim();
    if (item === "") continue;
    // "tags like crimpy, overhang": examples follow; the list of fields ends here.
    if (/\b(like|e\.?g\.?|such as|for example)\b/i.test(item)) break;
    // "start/end time": two fields.
    const pair = item.match(/^(\p{L}+)\/(\p{L}+) (time|date|day)$/u);
    if (pair !== null) out.push(`${pair[1]} ${pair[3]}`, `${pair[2]} ${pair[3]}`);
    else out.push(item);
  }
  return out;
}

/**
 * The noun phrase that ends just before `at` in `text`, lower case: "for each
 * hive I log inspections" → `inspection`s; "the vinyl records I own" → vinyl
 * records (a relative clause is stepped over).
 */
function phraseBefore(text: string, at: number): string[] {
  const raw = text.slice(0, at).trim().split(/\s+/);
  const words = raw.map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}'-]/gu, ""));
  let i = words.length - 1;
  // "the records I own:", "the dogs we walk:": the thing is before the relative clause.
  if (i >= 2 && SUBJECTS.has(words[i - 1]!)) i -= 2;
  // "vaccinations given (…)", "books read:": the thing is before its participle.
  else if (i >= 1 && PARTICIPLE.test(words[i]!) && /s$/.test(words[i - 1]!)) i -= 1;
  const out: string[] = [];
  for (; i >= 0 && out.length < 2; i--) {
    const word = words[i]!;
    if (word === "" || SUBJECTS.has(word) || /\d/.test(word)) break;
    if (NOT_IN_PHRASE.has(word) && (out.length > 0 || FUNCTION.has(word))) break;
    if (out.length === 0) {
      const tags = (nlp(raw.slice(Math.max(0, i - 2), i + 1).join(" ")).terms().json() as {
        terms: Term[];
      }[]).flatMap((t) => t.terms).at(-1)?.tags ?? [];
      // "employees apply with": the head is a noun ("batches" may be tagged a verb).
      // "each sighting:" names a thing, whatever its tags say.
      const each = ["each", "every", "per"].includes(words[i - 1] ?? "");
      if (!tags.includes("Noun") && !/s$/.test(word) && !CONTAINERS.has(word) && !each) break;
    }
    out.unshift(word);
    if (/[,.;:!?)]$/.test(raw[i - 1] ?? ".")) break;
  }
  return out;
}

const PARTICIPLE =
  /^(given|done|read|seen|made|taken|sold|bought|eaten|grown|written|worn|used|owned|planted|caught|logged|received|sent|visited|played|finished|completed|watched)$/;

const FUNCTION = new Set(
  `a an the my our your their its his her each every per of for with and or to in on at by from
  is are was be have has had can should will must this that these those`.split(/\s+/),
);
const SUBJECTS = new Set(["i", "we", "you", "they", "he", "she", "people", "users"]);

interface Term {
  text: string;
  normal?: string;
  pre?: string;
  post?: string;
  tags: string[];
}

/** The thing a phrase names: "song library" keeps songs, "harvest entries" harvest entries. */
function thingOf(phrase: string[]): string[] | undefined {
  if (phrase.length === 0) return undefined;
  const head = phrase.at(-1)!;
  if (CONTAINERS.has(head) && phrase.length === 2) return [singular(phrase[0]!)];
  if (
    CONTAINERS.has(head) || VALUE_HEADS.has(head) || VIEW_HEADS.has(head) ||
    PEOPLE.has(singular(head))
  ) {
    return undefined;
  }
  return phrase.map((w, i) => (i === phrase.length - 1 ? singular(w) : w));
}

/** Whether items read as fields rather than things or example values. */
function looksLikeFields(list: string[], strict: boolean): boolean {
  if (list.length < 2) return false;
  if (list.some((s) => /\b(with|having|has|have)\b/i.test(s))) return false;
  const fields = list.map(fieldOf);
  if (fields.some((f) => f === undefined)) return false;
  if (!strict) return true;
  // "a store with products, a cart and checkout": plural nouns are things.
  const plurals = list.map((s) => s.replace(/\s*[:=].*$/, "")).filter((s) =>
    /s$/i.test(s.trim()) &&
    !/(ss|us|is|notes|minutes|hours|points|seats|stars|yards|skeins|details|comments|instructions|ingredients)$/i
      .test(s.trim())
  );
  if (plurals.length * 2 >= list.length) return false;
  return fields.some((f) => f!.type !== "string") ||
    list.some((s) => FIELD_HEADS.has(s.trim().split(/\s+/).at(-1)!.toLowerCase())) ||
    list.some((s) => attributeOf(s.toLowerCase().replace(LEADING, "")) !== undefined);
}

function listAt(
  text: string,
  start: number,
): { list: string[]; end: number } {
  // A list runs to the end of its sentence, a bracket, an arrow or a clause with its own verb.
  const rest = text.slice(start);
  const stop = rest.search(
    /[.!?()]|->|→|—|\s-\s|\b(?:so|but|then|which|that|to)\b|(?<!,\s*)\b(?:where|who|when)\b|\b(?:i|we|you|they)\b/i,
  );
  const chunk = stop < 0 ? rest : rest.slice(0, stop);
  return { list: items(chunk), end: start + chunk.length };
}

/**
 * Reads every list of fields the prompt gives for a thing.
 *
 * @param parsed The parsed prompt.
 * @returns The lists, in the order written.
 * @example
 * ```ts
 * import { parsePrompt } from "./nlp.ts";
 * import { readFieldLists } from "./fields.ts";
 * const [list] = readFieldLists(parsePrompt("for each hive I log inspections (date, queen seen yes/no, notes)"));
 * if (list?.thing.join(" ") !== "inspection") throw new Error(JSON.stringify(list));
 * if (list.fields.find((f) => f.name === "queen_seen")?.type !== "boolean") throw new Error();
 * ```
 */
export function readFieldLists(parsed: ParsedPrompt): FieldList[] {
  const out: FieldList[] = [];
  const add = (thing: string[] | undefined, list: string[], sentence: number) => {
    if (thing === undefined) return;
    const fields: Field[] = [];
    for (const item of list) {
      const field = fieldOf(item);
      if (field !== undefined && !fields.some((f) => f.name === field.name)) fields.push(field);
    }
    if (fields.length === 0) return;
    const words = new Set(
      list.flatMap((s) => s.toLowerCase().split(/[\s/:+]+/)).map((w) =>
        w.replace(/[^\p{L}\p{N}'-]/gu, "")
      )
        .filter((w) => w !== "" && !thing.includes(singular(w))),
    );
    out.push({ thing, fields, sentence, words });
  };
  // Brackets whose items trail off ("…", "etc"), as the prompt wrote them.
  const examples = [...parsed.text.matchAll(/\(([^()]+)\)/g)].map((m) => m[1]!)
    .filter((inner) => /\.\.\.|…|\betc\b/i.test(inner));
  let previousThing: string[] | undefined;
  const choices: { sentence: number; at: number; name: string; values: string[] }[] = [];
  parsed.sentences.forEach((text, sentence) => {
    let found = false;
    // "inspections (date, queen seen yes/no, notes)"
    for (const m of text.matchAll(/\(([^()]+)\)/g)) {
      const inner = m[1]!;
      if (/^\s*(e\.?g\.?|like|such as|for example|i\.e\.)/i.test(inner)) continue;
      // "(wool, cotton, sock, gift...)": examples of values.
      if (examples.some((e) => e.includes(inner.slice(0, 12)))) continue;
      const phrase = phraseBefore(text, m.index!);
      const list = items(inner);
      const head = phrase.at(-1);
      // "a voice part (soprano, alto, tenor, bass)", "category (mains, sides)": its choices.
      const values = list.map((v) => snakeCase(v.trim())).filter((v) =>
        /^[a-z][a-z0-9_]*$/.test(v)
      );
      if (
        head !== undefined && (VALUE_HEADS.has(head) || !/s$/.test(head)) && list.length >= 2 &&
        values.length === list.length && new Set(values).size === values.length &&
        list.every((v) => v.trim().split(/\s+/).length <= 3 && fieldOf(v)?.type === "string")
      ) {
        const name = fieldName(phrase.join(" "));
        if (name !== undefined) choices.push({ sentence, at: m.index!, name, values });
        continue;
      }
      if (head === undefined || VALUE_HEADS.has(head) || !looksLikeFields(list, false)) continue;
      // "Rooms (main hall, kitchen, small meeting room)": rows it will hold, not
      // fields — one of them is a kind of the thing itself.
      const kind = singular(head);
      if (
        list.every((s) => fieldOf(s)?.type === "string") &&
        list.some((s) => s.toLowerCase().split(/\s+/).map(singular).includes(kind))
      ) continue;
      // "with result (white win, black win, draw)": a singular attribute's values.
      if (
        !/s$/.test(head) && !CONTAINERS.has(head) &&
        (attributeOf(head) !== undefined || list.every((s) => fieldOf(s)?.type === "string"))
      ) continue;
      add(thingOf(phrase), list, sentence);
      found = true;
    }
    // "plants with species, pot size and a reorder level"; "each night has a host, a date…";
    // "cake orders: customer, cake type, price".
    // A bracket inside such a list is an aside ("object (e.g. M31, Saturn), date"),
    // or the item's range ("seeing (1-5)"): blanked, the length kept.
    const flat = text.replace(
      /\(([^()]*)\)/g,
      (all, inner: string) =>
        RANGE.test(inner.trim())
          ? ` ${inner} `
          // "meal choice (beef/fish/veg)": the item's choices.
          : /^[\p{L}\d' -]+(\/[\p{L}\d' -]+)+$/u.test(inner.trim())
          ? `:${inner} `
          : " ".repeat(all.length),
    );
    for (
      const m of flat.matchAll(
        /\b(with|having|has|have|containing|including)\s+|:\s+/gi,
      )
    ) {
      const phrase = phraseBefore(text, m.index!);
      const read = listAt(flat, m.index! + m[0]!.length).list;
      // "…, and tables with 8 seats each": the next thing starts there.
      const next = read.findIndex((s) => /\b(with|having|has|have)\b/i.test(s));
      const list = next >= 2 ? read.slice(0, next) : read;
      if (!looksLikeFields(list, true)) continue;
      const thing = thingOf(phrase);
      if (thing === undefined) continue;
      add(thing, list, sentence);
      found = true;
    }
    // "Bike repair job tickets. Customer name, bike, problem."
    const bare = items(text);
    if (
      !found && previousThing !== undefined && bare.length >= 2 &&
      !/\b(is|are|can|should|want|need|show|let)\b/i.test(text) &&
      bare.every((s) => s.split(" ").length <= 3) && looksLikeFields(bare, true)
    ) {
      add(previousThing, bare, sentence);
    }
    // The choices go to the field of that name in a list of the sentence, or
    // to the thing the sentence is about ("Singers have a voice part (…)").
    for (const choice of choices.filter((c) => c.sentence === sentence)) {
      const enumField: Field = {
        name: choice.name,
        type: "enum",
        values: choice.values,
        required: false,
      };
      const listed = out.find((l) =>
        l.sentence === sentence && l.fields.some((f) => f.name === choice.name)
      );
      if (listed !== undefined) {
        listed.fields = listed.fields.map((f) => f.name === choice.name ? enumField : f);
        continue;
      }
      const owner = text.slice(0, choice.at).match(/\b(\p{L}{3,}s)\b/u)?.[1]?.toLowerCase();
      if (owner === undefined || CONTAINERS.has(owner) || VIEW_HEADS.has(owner)) continue;
      out.push({
        thing: [singular(owner)],
        fields: [enumField],
        sentence,
        words: new Set([...choice.name.split("_"), ...choice.values.flatMap((v) => v.split("_"))]),
      });
    }
    const last = text.replace(/[.!?]+$/, "").trim();
    const tail = phraseBefore(last + " ", last.length + 1);
    previousThing = tail.length > 0 && /s$/.test(tail.at(-1)!) ? thingOf(tail) : undefined;
  });
  return out;
}

/**
 * Marks the listed words of each list so that they are never read as things
 * ("bike" and "problem" in "Customer name, bike, problem" are fields).
 *
 * @param draft The draft, before its things are read.
 * @param lists The prompt's field lists.
 */
export function blockFieldWords(draft: Draft, lists: readonly FieldList[]): void {
  // "pickup date", "cake type": the first word names a field, wherever it comes
  // ("a pickup schedule" is no table of pickups).
  const modifiers = new Set(
    lists.flatMap((l) => l.fields).map((f) => f.name.split("_")).filter((parts) =>
      parts.length === 2 && FIELD_HEADS.has(parts[1]!)
    ).map((parts) => parts[0]!),
  );
  for (const list of lists) {
    for (const clause of draft.parsed.clauses) {
      clause.words.forEach((word, i) => {
        // The thing itself ("cake orders"), not its words in an item ("message on cake").
        const head = list.thing.at(-1)!;
        const next = clause.words[i + 1];
        if (
          word.singular === head || word.lower === head ||
          (list.thing.includes(word.lower) && (next?.singular === head || next?.lower === head))
        ) return;
        // A field is that field wherever it comes again in the singular
        // ("object, date, …" then "search by object name"; "meal choice
        // (beef/fish/veg)" then "a count of each meal choice").
        const pair = (a: number) =>
          list.fields.some((f) =>
            f.name === `${clause.words[a]?.lower}_${clause.words[a + 1]?.lower}`
          ) && !clause.words[a + 1]!.plural;
        const field = (list.fields.some((f) => f.name === word.lower) && !word.plural) ||
          pair(i) || (i > 0 && pair(i - 1));
        // "Teams, … games with home team, away team": the plural is the thing.
        const listed = (clause.sentence === list.sentence || field) &&
          (list.words.has(word.lower) || (list.words.has(word.singular) && !word.plural));
        if (listed || (modifiers.has(word.lower) && !word.plural)) clause.blocked.add(i);
      });
    }
  }
}

/** Verbs that only say the listed fields are kept: "log catches with species, weight". */
const LIST_VERBS = new Set(
  `log logs add adds record records keep keeps track tracks enter enters save saves store stores
  list lists with also need needs want wants to`.split(/\s+/),
);

/** Heads of two-word field names whose first word is only a qualifier. */
const FIELD_HEADS = new Set(["date", "time", "type", "name", "size", "level", "count", "number"]);

/**
 * Gives each listed thing its fields, keeping the thing as an entity even
 * when nothing else named it.
 *
 * @param draft The draft, its things read.
 * @param lists The prompt's field lists.
 */
export function useFieldLists(draft: Draft, lists: readonly FieldList[]): void {
  for (const list of lists) {
    const phrase = list.thing.join(" ");
    const head = list.thing.at(-1)!;
    const text = draft.parsed.text.toLowerCase();
    const found = findEntity(draft, phrase) ?? findEntity(draft, head) ??
      // "board game nights … each night has": the entity named "board game".
      draft.entities.find((e) =>
        e.words.some((w) =>
          text.includes(`${w} ${head}`) || text.includes(`${w} ${pluralize(head)}`)
        )
      ) ??
      undefined;
    const entity = found ?? ensureEntity(draft, list.thing, {
      clause: draft.parsed.clauses.findIndex((c) => c.sentence === list.sentence),
    });
    // "a birdwatching diary. Each sighting: …": the sightings are what the diary keeps.
    draft.entities = draft.entities.filter((e) =>
      e === entity || !e.implied || e.clauses.some((c) => c !== e.clauses[0]) ||
      draft.entities.some((o) => o.relations.some((r) => r.target === e.name))
    );
    // "board game nights … each night has …": the entity is called a night too.
    if (!entity.words.includes(phrase)) entity.words.push(phrase);
    entity.listed = true;
    // The clauses that only list the fields were read here.
    draft.parsed.clauses.forEach((clause, i) => {
      if (clause.sentence !== list.sentence) return;
      const own = clause.words.filter((w) =>
        !w.function && !w.possessive && !w.pronoun && !LIST_VERBS.has(w.lower)
      );
      if (
        own.length > 0 &&
        own.every((w) =>
          list.words.has(w.lower) || list.words.has(w.singular) ||
          list.thing.includes(w.singular) || PEOPLE.has(w.singular) ||
          entity.words.some((e) => e.split(" ").includes(w.singular))
        )
      ) draft.consumed.add(i);
    });
    for (const field of list.fields) {
      if (["name", "title"].includes(field.name) && ["name", "title"].includes(entity.display)) {
        continue;
      }
      if (entity.relations.some((r) => r.field === `${field.name}_id`)) continue;
      // "white player, black player" where members are kept: links to two members.
      const who = field.name.split("_").at(-1)!;
      let people = draft.entities.filter((e) => e.person && e !== entity);
      // "Members record games (white player, black player)": the members are kept.
      if (people.length === 0 && PEOPLE.has(who) && field.type === "string") {
        const named = draft.parsed.clauses.flatMap((c) => c.words).find((w) =>
          w.plural && PEOPLE.has(w.singular) &&
          !/^(user|people|person|guest|visitor|customer)$/.test(w.singular)
        );
        if (named !== undefined) people = [ensureEntity(draft, [named.singular], { person: true })];
      }
      const person = PEOPLE.has(who) && field.type === "string"
        ? people.find((e) => e.label === who) ?? (people.length === 1 ? people[0] : undefined)
        : undefined;
      if (person !== undefined && field.name !== "name") {
        relate(entity, person, { field: `${field.name}_id`, required: field.required });
        continue;
      }
      // "home team, away team" beside relations to teams: those relations.
      const last = field.name.split("_").at(-1)!;
      if (
        entity.relations.some((r) =>
          draft.entities.find((e) => e.name === r.target)?.label === last
        )
      ) continue;
      // One picture: "a photo URL" read once as an attribute, once listed.
      if (field.type === "image" && entity.fields.some((f) => f.type === "image")) continue;
      addField(entity, { ...field });
    }
    // "vaccine name, date given": the listed name is the row's name, not a
    // second one beside the default.
    const own = list.fields.find((f) => f.type === "string" && /(^|_)(name|title)$/.test(f.name)) ??
      list.fields.find((f) => f.type === "string");
    const unnamed = entity.fields.findIndex((f) => f.name === "name" && f.computed === undefined);
    if (
      own !== undefined && own.name !== "name" && unnamed >= 0 && entity.display === "name" &&
      !list.fields.some((f) => f.name === "name")
    ) {
      entity.fields.splice(unnamed, 1);
      entity.display = own.name;
    }
  }
}
