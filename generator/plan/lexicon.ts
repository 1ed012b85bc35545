/**
 * Word lists the offline planner reads prompts with: words that are never
 * entities, words that name app features, and attribute words that become
 * typed fields.
 *
 * @module
 */
import type { Field } from "../../core/spec.ts";

/** Words that never name an entity of the app. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but of for to in on at by with without from into onto about as is are be be
  been being was were it its this that these those their there them they my our your his her me
  we us you i who whom which what where when why how each every all any some many much more most
  few other another such own same so than too very can could should would will shall may might
  must do does did doing done have has had having get gets got make makes made let lets want
  wants need needs like build create write generate develop design give show see use using
  allow allows allowing help helps keep keeps track tracks tracking manage manages managing
  organize organise list lists listing log logs logging add adds adding edit delete remove view
  browse search find also just only simple small basic little tiny quick modern nice
  cool clean minimal full complete new old good great best personal private public online
  offline web mobile local internal shared multi multiple single daily weekly monthly yearly
  app apps application applications website websites site sites webapp platform system systems
  tool tools service portal dashboard page pages thing things stuff something everything kind
  type way people person someone anyone everyone them where whose including include includes
  features feature support supports based plus via per etc lot lots bunch set able ability
  can't cannot don't dont please want wanted management administration tracking handling
  one two three four five six seven eight nine ten several various where while whenever
  taught bought sold made written given taken held led built sent kept told found paid shown
  run done known seen chosen out nobody nothing anybody somebody everybody open read ve ll re
  add`.split(
    /\s+/,
  ),
);

/**
 * Verbs that also read as nouns ("book", "record"): followed by another noun
 * ("book appointments") they are the action, not a thing the app stores.
 */
export const VERB_NOUNS: ReadonlySet<string> = new Set(
  `book record send share order rate review comment lend borrow schedule plan rent sell buy
  reserve request post report submit upload vote like follow message invite assign book
  bookmark save store collect swap trade donate adopt hire`.split(/\s+/),
);

/**
 * Nouns that name the business or the app itself ("hair salon", "adoption
 * site"): the word before them describes it rather than naming an entity.
 */
export const BUSINESS_NOUNS: ReadonlySet<string> = new Set(
  `salon shop store site website clinic gym restaurant cafe bakery agency studio school office
  business center centre marketplace portal club chat board forum blog crm platform service
  community network company app system tool software application desk`.split(/\s+/),
);

/** Nouns that name the app as a tool for the word before them ("habit tracker"). */
export const TRACKER_NOUNS: ReadonlySet<string> = new Set(
  `tracker log journal manager planner organizer organiser catalog catalogue diary list
  app directory database registry inventory`.split(/\s+/),
);

/** Verbs that show the word before them is an actor ("agents add replies"). */
export const ACTION_VERBS: ReadonlySet<string> = new Set(
  `add create write open manage see view edit leave join browse pick choose make get keep read
  log track post send book rate review buy sell submit upload follow like share comment reply
  apply register sign vote order pay find`.split(/\s+/),
);

/** Pattern keywords too generic to choose a pattern on their own. */
export const GENERIC_KEYWORDS: ReadonlySet<string> = new Set(
  `tracker tracking track management manager app system list board site online team user users
  account accounts admin data record records item items planner schedule`.split(/\s+/),
);

/** Words that name a feature of the app rather than a thing it stores. */
export const FEATURE_WORDS: ReadonlySet<string> = new Set(
  `auth authentication authorization login logins logout signin signup sign register
  registration password passwords account accounts oauth sso security search filter filters
  filtering sort sorting pagination export import notification notifications email emails chart
  charts graph graphs analytics dark mode theme themes api rest crud responsive ui ux frontend
  backend database admin roles permission permissions realtime real time upload uploads
  user users visitor visitors people guest guests required checkout cart`.split(/\s+/),
);

/** Words that mean the app needs sign-in. */
export const AUTH_PATTERN =
  /\b(auth|authentication|login|log[ -]?in|logged[ -]in|sign(ed)?[ -]?(in|up)|signup|register(?! for)|user accounts?|accounts?|passwords?|members? area|each user|per user|multi[- ]?user)\b/i;

/**
 * Head nouns that make a compound with the noun before them
 * ("watering log", "adoption request"): the pair names one entity.
 */
export const COMPOUND_HEADS: ReadonlySet<string> = new Set(
  `log entry record request item schedule note session plan slot line order report review
  list event application ticket task visit reading check checkin appointment booking
  reservation movement transaction payment invoice history goal`.split(/\s+/),
);

/** An attribute word and the field it becomes. */
export interface AttributeRule {
  /** Lower-case singular words or two-word phrases that name the attribute. */
  words: string[];
  field: Field;
}

/** Attribute words: when a prompt says "tasks with due dates", `due_date` becomes a field. */
export const ATTRIBUTES: readonly AttributeRule[] = [
  { words: ["due date", "due"], field: { name: "due_date", type: "date", required: false } },
  { words: ["deadline"], field: { name: "deadline", type: "date", required: false } },
  {
    words: ["priority", "priorities"],
    field: { name: "priority", type: "enum", required: true, values: ["low", "medium", "high"] },
  },
  {
    words: ["status", "state"],
    field: {
      name: "status",
      type: "enum",
      required: true,
      values: ["open", "in_progress", "done"],
    },
  },
  { words: ["price", "cost"], field: { name: "price", type: "number", required: false, min: 0 } },
  { words: ["amount"], field: { name: "amount", type: "number", required: true } },
  {
    words: ["quantity", "qty"],
    field: { name: "quantity", type: "integer", required: false, min: 0 },
  },
  {
    words: ["rating", "star", "score"],
    field: { name: "rating", type: "integer", required: false, min: 1, max: 5 },
  },
  { words: ["note", "notes"], field: { name: "notes", type: "text", required: false } },
  { words: ["description"], field: { name: "description", type: "text", required: false } },
  { words: ["email", "email address"], field: { name: "email", type: "email", required: false } },
  { words: ["phone", "phone number"], field: { name: "phone", type: "string", required: false } },
  { words: ["address"], field: { name: "address", type: "string", required: false } },
  {
    words: ["photo", "image", "picture"],
    field: { name: "image_url", type: "url", required: false },
  },
  { words: ["link", "url", "website"], field: { name: "url", type: "url", required: false } },
  { words: ["date"], field: { name: "date", type: "date", required: false } },
  {
    words: ["time", "start time", "schedule"],
    field: { name: "scheduled_at", type: "datetime", required: false },
  },
  {
    words: ["completed", "done", "finished", "completion"],
    field: { name: "completed", type: "boolean", required: false },
  },
  {
    words: ["location", "place", "venue"],
    field: { name: "location", type: "string", required: false },
  },
  {
    words: ["duration"],
    field: { name: "duration_minutes", type: "integer", required: false, min: 0 },
  },
  { words: ["calorie"], field: { name: "calories", type: "integer", required: false, min: 0 } },
  { words: ["weight"], field: { name: "weight", type: "number", required: false, min: 0 } },
  { words: ["budget"], field: { name: "budget", type: "number", required: false, min: 0 } },
  { words: ["capacity"], field: { name: "capacity", type: "integer", required: false, min: 0 } },
  { words: ["author"], field: { name: "author", type: "string", required: false } },
  { words: ["cover letter"], field: { name: "cover_letter", type: "text", required: false } },
  {
    words: ["rep", "repetition"],
    field: { name: "reps", type: "integer", required: false, min: 0 },
  },
  { words: ["color", "colour"], field: { name: "color", type: "string", required: false } },
  { words: ["tag", "label"], field: { name: "tags", type: "string", required: false } },
  { words: ["category"], field: { name: "category", type: "string", required: false } },
  { words: ["frequency"], field: { name: "frequency", type: "string", required: false } },
  { words: ["genre"], field: { name: "genre", type: "string", required: false } },
  { words: ["year"], field: { name: "year", type: "integer", required: false, min: 0 } },
];

/** Entity words whose display field reads better as `title` than `name`. */
export const TITLED_ENTITIES: ReadonlySet<string> = new Set(
  `task todo note post article story entry issue ticket bug event job course lesson episode
  chapter song album movie film book recipe question answer idea goal project campaign
  announcement page poll survey quiz review report request log`.split(/\s+/),
);
