/**
 * The planner's vocabulary: words that never name a thing the app stores,
 * words that name the app itself, kinds of people, and attribute words that
 * become typed fields. Parts of speech come from `nlp.ts`; these lists hold
 * what grammar alone cannot tell.
 *
 * @module
 */
import type { Field } from "../../core/spec.ts";

const set = (words: string) => new Set(words.trim().split(/\s+/));

/** Nouns that never name an entity: abstract, generic or about the app's UI. */
export const NOT_THINGS: ReadonlySet<string> = set(`
  app apps application website site page pages system platform tool portal service thing things
  stuff something everything anything nothing way kind type types sort lot lots bit part parts
  slug slugs other others what whats etc idk lol pls thx auth authentication login sign signin
  end start top bottom front back side  feature features list lists view views screen
  button buttons form forms field fields data info information detail details result results
  percentage percentages total totals average averages count counts number numbers progress
  balance balances streak streaks summary summaries overview stats statistic statistics ranking
  rankings standing standings leaderboard history remaining left one ones time times moment home
  dashboard admin login logout signup account accounts password passwords me myself yourself
  everyone someone anyone nobody everybody somebody lot minute minutes hour hours day days week
  weeks month months year years today tomorrow yesterday tonight morning evening night weekend
  moment while case reason thing help support search filter filters sorting pagination export
  import api ui ux database backend frontend mode theme notification notifications reminder
  reminders alert alerts emails sms text push upload uploads download map maps chart charts graph
  graphs analytics design layout style mobile web online offline internet percent cap limit
  maximum minimum max min nite night etc example examples such like instead fun tracker tracking
  track management manager planner organizer organiser catalog catalogue directory registry diary
  business center centre marketplace community network software committee committees council
  association society charity parish calendar calendars win wins loss losses draw draws ladder
  ladders
`);

/**
 * Nouns that name the app or its kind ("a recipe box", "habit tracker",
 * "lending library"): the noun before them is the thing the app keeps.
 */
export const APP_NOUNS: ReadonlySet<string> = set(`
  app system site website portal platform tool tracker logger journal diary planner
  organizer organiser manager catalog catalogue directory registry database board chart gallery
  shop store boutique studio clinic salon gym restaurant cafe bakery agency school office club
  community forum blog network desk helpdesk kanban dashboard leaderboard guestbook newsletter
  inventory marketplace crm cms erp service center centre hub wiki
`);

/**
 * Heads that name the app only after another noun ("a recipe book", "a todo
 * list", "workout log"); alone they may be things (books, lists, logs).
 */
export const APP_HEADS: ReadonlySet<string> = new Set([
  ...APP_NOUNS,
  "book",
  "list",
  "log",
  "box",
  "page",
  "schedule",
  "calendar",
  "collection",
  "album",
  "library",
  "archive",
]);

/** What an app noun holds ("a blog" keeps posts), with the words that name the same thing. */
export const APP_HOLDS: Readonly<Record<string, string[]>> = {
  guestbook: ["message", "entry", "note", "wish"],
  newsletter: ["subscriber"],
  journal: ["entry", "note", "log"],
  diary: ["entry", "note"],
  blog: ["post", "article", "entry", "story"],
  forum: ["thread", "topic", "post", "question"],
  helpdesk: ["ticket", "issue", "request", "case"],
  kanban: ["card", "task", "issue", "story", "video"],
  gallery: ["photo", "picture", "image", "pic"],
  shop: ["product", "item"],
  store: ["product", "item"],
  boutique: ["product", "item"],
  wiki: ["page", "article"],
  leaderboard: ["player", "climber", "team", "runner"],
  inventory: ["item", "supply", "product"],
  catalog: ["item", "product", "bottle"],
  catalogue: ["item", "product", "bottle"],
  crm: ["contact", "customer", "lead"],
  calendar: ["event", "appointment"],
};

/** Words for kinds of people (singular). */
export const PEOPLE: ReadonlySet<string> = set(`
  person people user guest customer client member friend employee agent staff admin administrator
  teacher student pupil parent kid child volunteer player climber driver owner doctor vet
  veterinarian barber stylist coach trainer manager hr colleague roommate flatmate husband wife
  partner family attendee participant voter patron reader author host organizer organiser
  tenant landlord patient buyer seller candidate applicant recruiter mentor instructor artist
  musician neighbour neighbor grandma grandpa mom dad mum visitor subscriber borrower lender
  runner athlete coworker engineer developer designer accountant lawyer nurse therapist tutor
  supervisor boss crew band resident homeowner rider passenger chef cook waiter waitress
  bartender receptionist cashier clerk judge referee captain fan follower backer donor sponsor
  speaker guide adopter
`);

/** People words that name accounts of the app when contrasted (agents vs employees). */
export const STAFF_WORDS: ReadonlySet<string> = set(`
  admin administrator staff agent agents manager teacher hr accountant doctor vet coach trainer
  instructor organizer organiser owner landlord recruiter moderator editor librarian host
  supervisor boss parent parents team
`);

/** Verbs that make a record linking the things around them: "lend books to members" stores loans. */
export const RECORD_VERBS: Readonly<Record<string, { record: string; person: string }>> = {
  lend: { record: "loan", person: "borrower" },
  lent: { record: "loan", person: "borrower" },
  borrow: { record: "loan", person: "borrower" },
  borrowed: { record: "loan", person: "borrower" },
  loan: { record: "loan", person: "borrower" },
  rent: { record: "rental", person: "renter" },
  adopt: { record: "adoption", person: "adopter" },
  donate: { record: "donation", person: "donor" },
  apply: { record: "application", person: "applicant" },
  enroll: { record: "enrollment", person: "student" },
  enrol: { record: "enrollment", person: "student" },
  subscribe: { record: "subscription", person: "subscriber" },
  rsvp: { record: "rsvp", person: "guest" },
  attend: { record: "attendance", person: "attendee" },
  order: { record: "order", person: "customer" },
  hire: { record: "hire", person: "client" },
};

/** An attribute word and the field it becomes. */
export interface AttributeRule {
  /** Lower-case singular words or phrases that name it. */
  words: string[];
  field: Field;
}

/** Attribute words: "tasks with due dates" gives tasks a `due_date` field. */
export const ATTRIBUTES: readonly AttributeRule[] = [
  {
    words: ["due date", "due", "due back"],
    field: { name: "due_date", type: "date", required: true },
  },
  { words: ["deadline"], field: { name: "deadline", type: "date", required: false } },
  {
    words: ["priority", "priorities"],
    field: { name: "priority", type: "enum", required: false, values: ["medium", "low", "high"] },
  },
  {
    words: ["price", "cost", "fee"],
    field: { name: "price", type: "number", required: true, min: 0, max: 1_000_000 },
  },
  {
    words: ["amount", "sum"],
    field: { name: "amount", type: "number", required: true, min: 0, max: 1_000_000 },
  },
  {
    words: ["quantity", "qty"],
    field: { name: "quantity", type: "number", required: true, min: 0, max: 1_000_000 },
  },
  {
    words: ["rating", "star", "stars"],
    field: { name: "rating", type: "integer", required: false, min: 1, max: 5 },
  },
  {
    words: ["score"],
    field: { name: "score", type: "integer", required: false, min: 0, max: 1_000_000 },
  },
  {
    words: ["point", "points"],
    field: { name: "points", type: "integer", required: true, min: 0, max: 100_000 },
  },
  {
    words: ["note", "notes", "short note"],
    field: { name: "notes", type: "text", required: false },
  },
  {
    words: ["tasting note", "tasting notes"],
    field: { name: "notes", type: "text", required: false },
  },
  { words: ["description"], field: { name: "description", type: "text", required: false } },
  {
    words: ["cover letter", "motivation", "letter"],
    field: { name: "cover_letter", type: "text", required: false },
  },
  {
    words: ["email", "email address", "e-mail"],
    field: { name: "email", type: "email", required: true },
  },
  {
    words: ["phone", "phone number", "mobile number"],
    field: { name: "phone", type: "string", required: false },
  },
  { words: ["address"], field: { name: "address", type: "string", required: false } },
  {
    words: [
      "photo",
      "image",
      "picture",
      "pic",
      "label photo",
      "profile photo",
      "avatar",
      "cover",
      "logo",
    ],
    field: { name: "image_url", type: "image", required: false },
  },
  {
    words: ["url", "link", "website", "original url", "long url"],
    field: { name: "url", type: "url", required: true },
  },
  { words: ["date"], field: { name: "date", type: "date", required: true } },
  {
    words: ["time", "start time", "starting time", "time slot", "slot"],
    field: { name: "time_slot", type: "string", required: true },
  },
  {
    words: ["start", "start date", "starts"],
    field: { name: "starts_on", type: "date", required: true },
  },
  { words: ["end", "end date", "ends"], field: { name: "ends_on", type: "date", required: true } },
  {
    words: ["location", "place", "venue", "region"],
    field: { name: "location", type: "string", required: false },
  },
  {
    words: ["duration", "length"],
    field: { name: "duration_minutes", type: "integer", required: false, min: 0, max: 100_000 },
  },
  {
    words: ["minute", "minutes"],
    field: { name: "minutes", type: "integer", required: true, min: 0, max: 100_000 },
  },
  {
    words: ["hour", "hours"],
    field: { name: "hours", type: "number", required: true, min: 0, max: 10_000 },
  },
  {
    words: ["distance", "km", "kilometre", "kilometer", "mile"],
    field: { name: "distance_km", type: "number", required: true, min: 0, max: 100_000 },
  },
  {
    words: ["page", "pages", "page count"],
    field: { name: "pages", type: "integer", required: true, min: 0, max: 100_000 },
  },
  {
    words: ["calorie", "calories"],
    field: { name: "calories", type: "integer", required: false, min: 0, max: 100_000 },
  },
  {
    words: ["weight"],
    field: { name: "weight", type: "number", required: false, min: 0, max: 100_000 },
  },
  {
    words: ["budget", "allowance"],
    field: { name: "allowance", type: "number", required: false, min: 0, max: 1_000_000 },
  },
  {
    words: ["capacity", "seat", "seats", "spot", "spots", "place", "places"],
    field: { name: "capacity", type: "integer", required: true, min: 1, max: 10_000 },
  },
  {
    words: ["party size", "size", "party", "group size", "guest count", "guests"],
    field: { name: "party_size", type: "integer", required: true, min: 1, max: 100 },
  },
  { words: ["author", "writer"], field: { name: "author", type: "string", required: false } },
  { words: ["color", "colour"], field: { name: "color", type: "string", required: false } },
  { words: ["genre"], field: { name: "genre", type: "string", required: false } },
  { words: ["grape", "variety"], field: { name: "grape", type: "string", required: false } },
  {
    words: ["year", "vintage"],
    field: { name: "year", type: "integer", required: false, min: 1000, max: 3000 },
  },
  {
    words: ["mood"],
    field: {
      name: "mood",
      type: "enum",
      required: true,
      values: ["okay", "great", "good", "low", "bad"],
    },
  },
  {
    words: ["minimum", "min", "minimum level", "reorder level"],
    field: { name: "minimum", type: "number", required: true, min: 0, max: 1_000_000 },
  },
  { words: ["name"], field: { name: "name", type: "string", required: true } },
  { words: ["title"], field: { name: "title", type: "string", required: true } },
  { words: ["body", "text", "content"], field: { name: "body", type: "text", required: true } },
  { words: ["message"], field: { name: "message", type: "text", required: true } },
  {
    words: ["grade", "mark"],
    field: { name: "grade", type: "number", required: true, min: 0, max: 100 },
  },
  { words: ["instrument"], field: { name: "instrument", type: "string", required: false } },
  { words: ["dose", "dosage"], field: { name: "dose", type: "string", required: false } },
  {
    words: ["billing period", "period"],
    field: {
      name: "billing_period",
      type: "enum",
      required: true,
      values: ["monthly", "yearly", "weekly"],
    },
  },
  {
    words: ["renewal date", "next renewal", "renewal"],
    field: { name: "renews_on", type: "date", required: true },
  },
];

/** Finds the attribute a word or two-word phrase names. */
export function attributeOf(phrase: string): AttributeRule | undefined {
  return ATTRIBUTES.find((a) => a.words.includes(phrase));
}

/** Words that mean the app needs sign-in. */
export const AUTH_PATTERN =
  /\b(auth|authentication|log ?in|login|logged[ -]in|sign(ed)?[ -]?in|sign(ed)?[ -]?up(?! for)|signup(?! for)|user accounts?|accounts?|passwords?|usernames?|members? login|each user|per user|multi[- ]?user)\b/i;
