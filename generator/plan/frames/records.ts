/**
 * Frames for records that link things: lending (a loan links an item and a
 * borrower; it is returned; an item on loan cannot be lent again; overdue
 * loans), booking (a reservation of a resource for a date and slot or a
 * time range, never twice), signing up (a sign-up for a class or a shift,
 * within its capacity, once per person), voting and liking, and check-ins
 * ("done today", "watered").
 *
 * @module
 */
import type { Action, Rule, Scenario, View } from "../../../core/behaviours.ts";
import { entityByName, type Spec } from "../../../core/spec.ts";
import { snakeCase, withArticle } from "../../../core/words.ts";
import {
  addField,
  type Draft,
  type DraftEntity,
  ensureEntity,
  findEntity,
  relate,
  require,
  sentence,
} from "../draft.ts";
import { proveAction, proveOrder, proveRule, proveView, recordCall } from "../proofs.ts";
import { collectionPath, createSteps, itemPath, scenario } from "../scenarios.ts";
import { PEOPLE } from "../lexicon.ts";
import { BOOK_VERBS, mentionsOf } from "../entities.ts";
import { singularOf } from "../nlp.ts";
import {
  clauseMatching,
  clausesMatching,
  entitiesIn,
  entityOf,
  mainEntity,
  says,
  thingOf,
} from "./_context.ts";
import type { Frame } from "./mod.ts";

const idOf = (e: DraftEntity) => `${snakeCase(e.name)}_id`;

function addAction(draft: Draft, action: Action): Action {
  const existing = draft.actions.find((a) => a.entity === action.entity && a.name === action.name);
  if (existing !== undefined) return existing;
  draft.actions.push(action);
  return action;
}

function addRule(draft: Draft, rule: Rule): Rule {
  const same = draft.rules.find((r) =>
    r.kind === rule.kind && r.entity === rule.entity &&
    JSON.stringify(r.fields ?? r.via) === JSON.stringify(rule.fields ?? rule.via)
  );
  if (same !== undefined) return same;
  draft.rules.push(rule);
  return rule;
}

function addView(draft: Draft, view: View): View {
  const existing = draft.views.find((v) => v.name === view.name);
  if (existing !== undefined) return existing;
  draft.views.push(view);
  return view;
}

/** The person entity of the app, or a new one of that word. */
function personEntity(draft: Draft, word: string, clause?: number): DraftEntity {
  const existing = draft.entities.find((e) => e.person);
  return existing ??
    ensureEntity(draft, [word], { person: true, ...(clause !== undefined ? { clause } : {}) });
}

// ─── Lending ────────────────────────────────────────────────────────────────

const LEND = /\b(lend\w*|lent|borrow\w*|loans?|check(ed|s)? out|rent(s|ed|al|als)?)\b/i;

function readLending(draft: Draft): void {
  const at = clauseMatching(draft, LEND);
  if (at < 0) return;
  const item = entityOf(draft, at, (e) => !e.person && !/^(loan|rental)$/.test(e.label)) ??
    mainEntity(draft);
  if (item === undefined || /^(loan|rental)$/.test(item.label)) return;
  const rental = /\brent/i.test(draft.parsed.clauses[at]!.text);
  const loan = ensureEntity(draft, [rental ? "rental" : "loan"], {
    display: "due_date",
    clause: at,
  });
  loan.fields = loan.fields.filter((f) => f.name !== "title" && f.name !== "name");
  const borrower = personEntity(draft, "member", at);
  relate(loan, item);
  relate(loan, borrower);
  addField(loan, { name: "due_date", type: "date", required: true });
  addField(loan, {
    name: "returned_at",
    type: "date",
    required: false,
    computed: { kind: "stamp", action: "return" },
  });
  loan.display = "due_date";
  loan.order ??= { field: "due_date", direction: "asc" };
  const ret = addAction(draft, {
    name: "return",
    entity: loan.name,
    kind: "transition",
    label: "Return",
    when: [{ field: "returned_at", op: "is_null" }],
    message: `This ${loan.label} was already returned`,
  });
  const rule = addRule(draft, {
    kind: "available",
    entity: loan.name,
    via: idOf(item),
    active: [{ field: "returned_at", op: "is_null" }],
    message: `This ${item.label} is on ${loan.label}: it must be returned before it is lent again`,
  });
  const overdue = addView(draft, {
    name: "overdue",
    kind: "filter",
    entity: loan.name,
    label: `Overdue ${loan.labelPlural}`,
    where: [
      { field: "due_date", op: "lt", value: { today: 0 } },
      { field: "returned_at", op: "is_null" },
    ],
    order: { field: "due_date", direction: "asc" },
  });
  const again = clauseMatching(
    draft,
    /\b(again|already out|on loan|already (lent|borrowed|rented)|available|twice|same time)\b/i,
  );
  require(draft, {
    text: again >= 0
      ? sentence(draft.parsed.clauses[again]!.text)
      : `A ${item.label} that is on ${loan.label} cannot be lent again until it is returned`,
    kinds: ["rule_availability"],
    by: [`rule:${loan.name}.available`, `endpoint:POST /api/${loan.plural}`],
    status: "implemented",
    ...(again >= 0 ? { clause: again } : {}),
    prove: (s) => proveRule(s, rule),
  });
  require(draft, {
    text: `Clicking "Return" on a ${loan.label} marks it returned and shows the date it came back`,
    kinds: ["action_transition", "transition_timestamp"],
    by: [`action:${loan.name}.return`, `field:${loan.name}.returned_at`],
    status: "implemented",
    prove: (s) => proveAction(s, ret),
  });
  const late = clauseMatching(draft, /\b(overdue|late|due back|past due)\b/i);
  require(draft, {
    text: late >= 0 && /overdue|late/i.test(draft.parsed.clauses[late]!.text)
      ? sentence(draft.parsed.clauses[late]!.text)
      : `Overdue ${loan.labelPlural} (due date passed, not yet returned) are listed`,
    kinds: ["view_filtered"],
    by: [`view:${loan.name}.overdue`],
    status: "implemented",
    prove: (s) => proveView(s, overdue),
  });
}

// ─── Booking ────────────────────────────────────────────────────────────────

const BOOK =
  /\b(reserv\w*|bookings?|booked|double[- ]booking|appointments?|book (a|an|the|their|my|seats?|tables?|rooms?|spots?|slots?|appointments?|time)|slots?)\b/i;
const RESOURCES =
  /\b(tables?|rooms?|spots?|courts?|desks?|seats?|machines?|lanes?|studios?|pitches|pitch|bikes?|cars?|boats?|chairs?)\b/i;

function readBooking(draft: Draft): void {
  const at = clauseMatching(draft, BOOK);
  if (at < 0) return;
  // "customers enroll … and see their bookings": the bookings are the sign-ups.
  if (
    clauseMatching(draft, SIGNUP) >= 0 &&
    !clausesMatching(draft, BOOK).some((i) =>
      /\b(book|reserv)\w* (a|an|the|their|my)\b|double[- ]book|appointment/i.test(
        draft.parsed.clauses[i]!.text,
      )
    )
  ) return;
  if (
    draft.actions.some((a) => a.kind === "record") &&
    /\bseats?\b/i.test(draft.parsed.clauses[at]!.text)
  ) return;
  const words = draft.parsed.clauses[at]!.text.toLowerCase();
  const named = /appointment/.test(words)
    ? "appointment"
    : /reservation/.test(words)
    ? "reservation"
    : "booking";
  const resource = resourceOf(draft, at);
  const booking = ensureEntity(draft, [named], {
    aliases: ["booking", "reservation", "appointment"],
    clause: at,
  });
  booking.fields = booking.fields.filter((f) =>
    !(f.name === "name" || f.name === "title") || f.required === false
  );
  if (resource !== undefined) relate(booking, resource);
  // "members book a boat": the booking is the member's.
  const booker = subjectPerson(draft, at);
  if (booker !== undefined && booker !== resource && !draft.auth) relate(booking, booker);
  const ranged = says(draft, /\b(start|end)\b|\bfrom .* to\b|\boverlap\w*\b/i);
  const daily = says(draft, /\b(per day|a day|for a day|each day|on the same day|for the day)\b/i);
  const slotted = says(draft, /\b(slots?|time slots?)\b/i) ||
    (!daily && (resource?.person === true || /appointment|reservation/.test(named)));
  let date = booking.fields.find((f) => f.type === "date" || f.type === "datetime")?.name;
  let [start, end] = ["starts_at", "ends_at"];
  if (ranged) {
    // "from a start date to an end date", "for some nights": whole days, not times.
    const days = says(draft, /\b(start|end) dates?\b|\bnights?\b|\bdays?\b/i) &&
      !says(draft, /\b(start|end) times?\b|\btimes?\b|\bhours?\b|\b\d{1,2}(:\d\d)? ?(am|pm)\b/i);
    [start, end] = days ? ["starts_on", "ends_on"] : ["starts_at", "ends_at"];
    booking.fields = booking.fields.filter((f) =>
      !["date", "time_slot", "starts_on", "ends_on"].includes(f.name)
    );
    // The dates are the booking's, not the thing booked.
    if (resource !== undefined) {
      resource.fields = resource.fields.filter((f) => !["starts_on", "ends_on"].includes(f.name));
    }
    addField(booking, { name: start, type: days ? "date" : "datetime", required: true });
    addField(booking, { name: end, type: days ? "date" : "datetime", required: true });
    date = start;
  } else {
    addField(booking, { name: "date", type: "date", required: true });
    date = "date";
    if (slotted || (!daily && says(draft, /\btimes?\b/i))) {
      booking.fields = booking.fields.filter((f) => f.name !== "time_slot");
      addField(booking, {
        name: "time_slot",
        type: "enum",
        required: true,
        values: ["morning", "afternoon", "evening"],
      });
      if (says(draft, /\b(restaurant|dinner|table)\b/i)) {
        booking.fields.find((f) => f.name === "time_slot")!.values = ["s18_00", "s19_30", "s21_00"];
      }
      if (says(draft, /\b(barber|doctor|vet|clinic|salon|appointment)\b/i)) {
        booking.fields.find((f) => f.name === "time_slot")!.values = [
          "t09_00",
          "t10_00",
          "t11_00",
          "t14_00",
          "t15_00",
          "t16_00",
        ];
      }
    }
  }
  const whoField = draft.auth ? undefined : addField(booking, {
    name: draft.entities.some((e) => e.person && e !== resource) ? "note" : "guest_name",
    type: "string",
    required: !draft.entities.some((e) => e.person && e !== resource),
  });
  booking.display = whoField?.name === "guest_name" ? "guest_name" : date;
  // A party's size matters where people sit: "table for 4", "how many guests".
  if (
    resource !== undefined &&
    (says(
      draft,
      /\bparty( size)?\b|how many (people|guests)|number of (people|guests)|\bfor \d+ (people|guests)\b/i,
    ) ||
      (says(draft, /\bguests?\b/i) && /\b(table|boat|room|car|ride|court)\b/.test(resource.label)))
  ) {
    addField(booking, { name: "party_size", type: "integer", required: true, min: 1, max: 100 });
    addField(resource, { name: "seats", type: "integer", required: true, min: 1, max: 100 });
    const fits = addRule(draft, {
      kind: "max_parent",
      entity: booking.name,
      field: "party_size",
      via: idOf(resource),
      limit: "seats",
      message: `The party is larger than the ${resource.label}'s number of seats`,
    });
    require(draft, {
      text: `A party bigger than the ${resource.label}'s number of seats is refused`,
      kinds: ["rule_capacity"],
      by: [`rule:${booking.name}.max_parent`],
      status: "implemented",
      prove: (s) => proveRule(s, fits),
    });
  }
  // Never twice: one booking per resource and slot, or no overlapping ranges.
  const twice = clauseMatching(
    draft,
    /\bdouble[- ]?book\w*|clash\w*|conflict\w*|twice|two (appointments?|bookings?|spots?)|same (time|slot|day)|no overlap\w*|overlapping|already (booked|reserved|taken)|one (person )?per\b|cannot have two|can'?t have two|only once\b/i,
  );
  if (resource !== undefined) {
    const rule = ranged
      ? addRule(draft, {
        kind: "no_overlap",
        entity: booking.name,
        via: idOf(resource),
        start,
        end,
        message: `The ${resource.label} is already booked at that time`,
      })
      : addRule(draft, {
        kind: "unique",
        entity: booking.name,
        fields: [
          idOf(resource),
          "date",
          ...(booking.fields.some((f) => f.name === "time_slot") ? ["time_slot"] : []),
        ],
        message: `This ${resource.label} is already booked for that ${
          booking.fields.some((f) => f.name === "time_slot") ? "date and time slot" : "date"
        }`,
      });
    require(draft, {
      text: twice >= 0
        ? sentence(draft.parsed.clauses[twice]!.text)
        : `The same ${resource.label} cannot be booked twice for the same ${
          ranged ? "time" : "slot"
        }`,
      kinds: [ranged ? "rule_availability" : "rule_unique_combined"],
      by: [`rule:${booking.name}.${rule.kind}`],
      status: "implemented",
      ...(twice >= 0 ? { clause: twice } : {}),
      prove: (s) => proveRule(s, rule),
    });
    if (ranged) {
      const order = addRule(draft, {
        kind: "order",
        entity: booking.name,
        first: start,
        then: end,
        message: "The end must be after the start",
      });
      require(draft, {
        text: `A booking whose end ${
          start === "starts_on" ? "date" : "time"
        } is before its start is refused`,
        kinds: ["rule_consistency"],
        by: [`rule:${booking.name}.order`],
        status: "implemented",
        prove: (s) => proveRule(s, order),
      });
    }
  }
  // Nobody holds two on one day (parking spots).
  const personal = clauseMatching(
    draft,
    /\b(nobody|no one|a person|one person|each person|nobody can) (can )?(have|has|book|reserve|hold)s? (two|2|more than one)\b/i,
  );
  if (personal >= 0 && draft.auth) {
    const rule = addRule(draft, {
      kind: "unique",
      entity: booking.name,
      fields: ["owner_id", "date"],
      message: `You already have a ${booking.label} that day`,
    });
    require(draft, {
      text: sentence(draft.parsed.clauses[personal]!.text),
      kinds: ["rule_unique_combined"],
      by: [`rule:${booking.name}.unique`],
      status: "implemented",
      clause: personal,
      prove: (s) => proveRule(s, rule),
    });
  }
  const day = clauseMatching(
    draft,
    /\b(by day|per day|for a (chosen )?day|today'?s|schedule|calendar|by date|day and time|per room|listed by)\b/i,
  );
  const view = addView(draft, {
    name: "schedule",
    kind: "schedule",
    entity: booking.name,
    label: `${booking.labelPlural[0]!.toUpperCase()}${booking.labelPlural.slice(1)} by day`,
    date,
    ...(booking.fields.some((f) => f.name === "time_slot") ? { time: "time_slot" } : {}),
  });
  require(draft, {
    text: day >= 0
      ? sentence(draft.parsed.clauses[day]!.text)
      : `${booking.labelPlural[0]!.toUpperCase()}${
        booking.labelPlural.slice(1)
      } are listed day by day, in time order`,
    kinds: ["view_schedule"],
    by: [`view:${booking.name}.schedule`],
    status: "implemented",
    ...(day >= 0 ? { clause: day } : {}),
    prove: (s) => proveView(s, view),
  });
}

/** What is booked: a resource word the clause names, or a person (a doctor, a barber). */
function resourceOf(draft: Draft, at: number): DraftEntity | undefined {
  for (let i = 0; i < draft.parsed.clauses.length; i++) {
    const match = draft.parsed.clauses[i]!.text.match(RESOURCES);
    if (match === null) continue;
    const word = singularOf(match[1]!.toLowerCase());
    if (
      word === "seat" && draft.parsed.clauses.some((c) => /\b(show|ride|event)s?\b/i.test(c.text))
    ) continue;
    return ensureEntity(draft, [word], { clause: i });
  }
  // "members book a kayak", "reserve the projector": the thing after the verb.
  for (const clause of draft.parsed.clauses) {
    const verb = clause.words.findIndex((w) => BOOK_VERBS.has(w.lower));
    if (verb < 0) continue;
    const object = mentionsOf(clause).find((m) => m.at > verb && m.at <= verb + 3);
    const thing = object === undefined
      ? undefined
      : findEntity(draft, object.words.join(" ")) ?? findEntity(draft, object.words.at(-1)!);
    if (thing !== undefined && !/booking|reservation|appointment/.test(thing.label)) return thing;
  }
  const person = entitiesIn(draft, at).find((e) => e.person) ??
    draft.entities.find((e) =>
      e.person && /doctor|barber|stylist|vet|tutor|trainer|coach|instructor/.test(e.label)
    );
  if (person !== undefined) return person;
  const named = entitiesIn(draft, at).find((e) =>
    !e.person && !/booking|reservation|appointment/.test(e.label)
  );
  return named;
}

// ─── Signing up ─────────────────────────────────────────────────────────────

const SIGNUP =
  /\b(sign(s|ed|ing)? ?up (for|to)|signups?|sign-ups?|enrol+s?\b|enrol+ment|rsvps?|join(s)? (a|the|an)\b|join(s|ed|ing)? (teams?|groups?|clubs?|crews?|leagues?|squads?)\b|register(s)? for|book(s)? (a )?seats?|apply|applies|applying|volunteers? for|offer rides?)\b/i;

function readSignup(draft: Draft): void {
  const at = clauseMatching(draft, SIGNUP);
  if (at < 0) return;
  const text = draft.parsed.clauses[at]!.text.toLowerCase();
  const kind = /rsvp/.test(text)
    ? { child: "rsvp", action: "rsvp", label: "RSVP" }
    : /enrol/.test(text)
    ? { child: "enrollment", action: "enroll", label: "Enroll" }
    : /apply|application/.test(text)
    ? { child: "application", action: "apply", label: "Apply" }
    : /seat/.test(text)
    ? { child: "seat booking", action: "book_seat", label: "Book a seat" }
    : { child: "signup", action: "sign_up", label: "Sign up" };
  // What one role makes for the others ("instructors create workshops") is
  // what they sign up to, when the clause names nothing.
  let event =
    thingOf(draft, at, (e) => !/signup|rsvp|enrollment|application|booking/.test(e.label)) ??
      draft.entities.find((e) => !e.person && (e.permissions?.create ?? []).length > 0);
  if (event === undefined || /signup|rsvp|enrollment|application|booking/.test(event.label)) {
    event = ensureEntity(draft, [says(draft, /\bshifts?\b/i) ? "shift" : "event"], {
      clause: at,
      first: true,
    });
  }
  const child = ensureEntity(draft, [kind.child], {
    aliases: ["signup", "sign-up", kind.child, "booking"],
    clause: at,
  });
  child.fields = child.fields.filter((f) =>
    f.name !== "title" && (!draft.auth || f.name !== "name")
  );
  relate(child, event);
  const fields: string[] = [];
  // "candidates apply", "students enroll": who signs up is someone the app keeps.
  const subject = draft.auth ? undefined : subjectPerson(draft, at);
  if (subject !== undefined) {
    child.fields = child.fields.filter((f) => f.name !== "name");
    relate(child, subject);
    fields.push(idOf(subject));
    if (child.fields.length === 0) {
      addField(child, { name: "note", type: "string", required: false });
    }
    child.display = child.fields[0]!.name;
  } else if (!draft.auth) {
    const who = addField(child, { name: "name", type: "string", required: true });
    fields.push(who.name);
    child.display = "name";
  } else {
    addField(child, {
      name: kind.child === "application" ? "note" : "note",
      type: kind.child === "application" ? "text" : "string",
      required: false,
    });
    child.display = "note";
    fields.push("note");
  }
  if (kind.child === "rsvp" && says(draft, /\bguests?\b|how many/i)) {
    addField(child, { name: "guests", type: "integer", required: true, min: 0, max: 20 });
    fields.push("guests");
  }
  if (kind.child === "seat booking") {
    addField(child, { name: "child_name", type: "string", required: true });
    if (!fields.includes("child_name")) fields.push("child_name");
  }
  const action = addAction(draft, {
    name: kind.action,
    entity: event.name,
    kind: "record",
    label: kind.label,
    child: child.name,
    via: idOf(event),
    fields,
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["action_signup"],
    by: [`action:${event.name}.${action.name}`, `entity:${child.name}`],
    status: "implemented",
    clause: at,
    prove: (s) => proveAction(s, action),
  });
  // Every clause about the limit is the capacity's ("each has a number of
  // places", "once one is full nobody else can pick it").
  const caps = clausesMatching(
    draft,
    /\b(max(imum)?|capacity|spots?|seats?|places?|cap\b|limit(ed)?|full|over ?book|up to \d+|number of spots|how many (spots|places|seats))\b/i,
  );
  const cap = caps[0] ?? -1;
  if (cap >= 0) {
    const capacity = event.fields.find((f) => f.name === "capacity") ??
      // "a max number of seats", "spots available": the limit the prompt listed.
      event.fields.find((f) =>
        f.type === "integer" && f.computed === undefined &&
        /(^|_)(max|seats|spots|places|capacity|limit)(_|$)/.test(f.name)
      ) ??
      addField(event, {
        name: /seat/.test(draft.parsed.clauses[cap]!.text) ? "seats" : "capacity",
        type: "integer",
        required: true,
        min: 1,
        max: 10_000,
      });
    capacity.required = true;
    capacity.type = "integer";
    const measure = child.fields.some((f) => f.name === "guests") ? "guests" : undefined;
    addField(event, {
      name: "taken",
      type: "integer",
      required: false,
      computed: measure
        ? { kind: "aggregate", op: "sum", entity: child.name, via: idOf(event), field: measure }
        : { kind: "aggregate", op: "count", entity: child.name, via: idOf(event) },
    });
    addField(event, {
      name: "spots_left",
      type: "integer",
      required: false,
      computed: { kind: "remaining", from: capacity.name, minus: "taken" },
    });
    const rule = addRule(draft, {
      kind: "capacity",
      entity: child.name,
      via: idOf(event),
      limit: capacity.name,
      ...(measure ? { measure } : {}),
      message: `This ${event.label} is full`,
    });
    for (const at of caps) {
      require(draft, {
        text: sentence(draft.parsed.clauses[at]!.text),
        kinds: ["rule_capacity", "aggregate"],
        by: [`rule:${child.name}.capacity`, `field:${event.name}.spots_left`],
        status: "implemented",
        clause: at,
        prove: (s) => proveRule(s, rule),
      });
    }
  }
  // Nobody signs up twice for one event: by their account, or by name
  // ("once" as in "once it is full" is a time, not a count).
  const who = draft.auth
    ? "owner_id"
    : subject !== undefined
    ? idOf(subject)
    : child.fields.some((f) => f.name === "child_name")
    ? "child_name"
    : "name";
  // "a student can only be in one team": one sign-up per person, whichever it is for.
  const single = clauseMatching(draft, ONLY_ONE);
  if (single >= 0) {
    const one = addRule(draft, {
      kind: "unique",
      entity: child.name,
      fields: [who],
      message: `Already signed up for ${withArticle(event.label)}`,
    });
    require(draft, {
      text: sentence(draft.parsed.clauses[single]!.text),
      kinds: ["rule_unique"],
      by: [`rule:${child.name}.unique`],
      status: "implemented",
      clause: single,
      prove: (s) => proveRule(s, one),
    });
  }
  const once = clauseMatching(
    draft,
    /\b(twice|once(?! (a|an|the|it|its|they|we|you|i|he|she|all|every|everyone|someone|people|that|this)\b)|no duplicates?|only one|more than once)\b/i,
  );
  const rule = addRule(draft, {
    kind: "unique",
    entity: child.name,
    fields: [idOf(event), who],
    message: `Already signed up for this ${event.label}`,
  });
  require(draft, {
    text: once >= 0
      ? sentence(draft.parsed.clauses[once]!.text)
      : `The same ${
        draft.auth ? "person" : "name"
      } cannot ${kind.label.toLowerCase()} twice for one ${event.label}`,
    kinds: ["rule_unique_combined"],
    by: [`rule:${child.name}.unique`],
    status: "implemented",
    ...(once >= 0 ? { clause: once } : {}),
    prove: (s) => proveRule(s, rule),
  });
}

/** One sign-up per person in all: "can only be in one team", "one shift per volunteer". */
const ONLY_ONE =
  /\b(only|just) (be )?(in|on|join|belong to|sign up for|enrol+ in|register for|pick|choose) (one|1|a single)\b|\bone \w+ per (person|student|member|user|kid|child|family|volunteer|player)\b|\bcan'?t (be in|join|sign up for) (two|2|more than one)\b/i;

const GENERIC_PEOPLE = new Set([
  "person",
  "people",
  "user",
  "guest",
  "visitor",
  "everyone",
  "customer",
  "ppl",
]);

/** The specific kind of person a clause has as its subject ("candidates apply"). */
function subjectPerson(draft: Draft, at: number): DraftEntity | undefined {
  const clause = draft.parsed.clauses[at]!;
  for (let i = 0; i < clause.words.length; i++) {
    const word = clause.words[i]!;
    if (!PEOPLE.has(word.singular) || GENERIC_PEOPLE.has(word.singular)) continue;
    const next = clause.words[i + 1];
    if (next !== undefined && (next.verb || ["who", "can", "may", "will"].includes(next.lower))) {
      return ensureEntity(draft, [word.singular], { person: true, clause: at });
    }
  }
  return undefined;
}

// ─── Ratings and scores ─────────────────────────────────────────────────────

const RATE =
  /\b(rates?|rated|rating|ratings|scores?|scored|scoring|grades?|graded|grading|stars?)\b/i;
const RANGE = /\b(\d{1,2})\s*(?:-|–|to)\s*(\d{1,3})\b|\bout of (\d{1,3})\b/;
const RATED_WORDS = /^(rating|score|grade|review|star|leaderboard|result)$/;

/**
 * "climbers rate routes 1-5 stars", "judges give each project a score
 * 1-10": each rating is a row of its own, of the thing rated and by who
 * rated it, its value kept within the range (422 outside it), once per
 * person and thing where the prompt says so. An average over them is read
 * by the figures frame.
 */
function readRatings(draft: Draft): void {
  const at = draft.parsed.clauses.findIndex((c) =>
    RATE.test(c.text) && (RANGE.test(c.text) || /\b(rates?|rated|stars)\b/i.test(c.text))
  );
  if (at < 0 || draft.actions.some((a) => a.kind === "record" && /vote|like/.test(a.name))) return;
  const text = draft.parsed.clauses[at]!.text;
  const range = text.match(RANGE);
  const min = range?.[1] !== undefined ? Number(range[1]) : 1;
  const max = range?.[2] !== undefined
    ? Number(range[2])
    : range?.[3] !== undefined
    ? Number(range[3])
    : 5;
  if (!(min < max && max <= 100 && min >= 0)) return;
  const value = /\bstars?\b/i.test(text)
    ? "stars"
    : /\bscor/i.test(text)
    ? "score"
    : /\bgrad/i.test(text)
    ? "grade"
    : "rating";
  const target = thingOf(draft, at, (e) => !RATED_WORDS.test(e.label));
  if (target === undefined) return;
  const rater = subjectPerson(draft, at);
  const child = ensureEntity(draft, [value === "stars" ? "rating" : value], { clause: at });
  if (child === target || child.person) return;
  // The value is the rows', not a field typed on the thing rated.
  target.fields = target.fields.filter((f) => f.name !== value);
  child.fields = child.fields.filter((f) => f.name !== child.display || f.computed !== undefined);
  child.listed = true;
  addField(child, { name: value, type: "integer", required: true, min, max });
  child.display = value;
  child.description = `A ${value === "stars" ? "star rating" : value} given to ${
    withArticle(target.label)
  }, from ${min} to ${max}.`;
  relate(child, target);
  if (rater !== undefined && rater !== target) relate(child, rater);
  const name = child.name;
  require(draft, {
    text: sentence(text),
    kinds: ["relation", "rule_consistency"],
    by: [`entity:${name}`, `field:${name}.${value}`, `field:${name}.${idOf(target)}`],
    status: "implemented",
    clause: at,
    prove: (s) => {
      const good = createSteps(s, name, "good", { set: { [value]: max } });
      const bad = createSteps(s, name, "bad", { set: { [value]: max + 1 }, variant: 1 });
      const last = { ...(bad.pop() as Extract<Scenario["steps"][number], { method: string }>) };
      delete last.save;
      return [scenario(s, `${withArticle(value)} of ${max} is kept and ${max + 1} refused`, [
        ...good,
        ...bad,
        { ...last, status: 422 },
      ])];
    },
  });
  // "a judge can only score a project once"
  const once = clauseMatching(
    draft,
    /\b(once|twice|only one|one (rating|score|vote|grade) per|again)\b/i,
  );
  const who = draft.auth ? "owner_id" : rater !== undefined ? idOf(rater) : undefined;
  if (once >= 0 && who !== undefined) {
    const rule = addRule(draft, {
      kind: "unique",
      entity: name,
      fields: [idOf(target), who],
      message: `Already ${value === "stars" ? "rated" : `gave a ${value} to`} this ${target.label}`,
    });
    require(draft, {
      text: sentence(draft.parsed.clauses[once]!.text),
      kinds: ["rule_unique_combined"],
      by: [`rule:${name}.unique`],
      status: "implemented",
      clause: once,
      prove: (s) => proveRule(s, rule),
    });
  }
}

// ─── Voting and liking ──────────────────────────────────────────────────────

const VOTE = /\b(vote[sd]?|voting|upvot\w*)\b/i;
const LIKE =
  /\b(likes|like button|liked|(can|to|and|others|people|users|members|customers) like\b|(?<!\b(?:i'?d|we'?d|would|i|we|you'?d)\s)like (it|them|a|the|photos?|posts?|pictures?)\b|stars? (them|it)|hearts?|claps?|thumbs up|favou?rites?|favou?rited|bookmarks?)\b/i;

function readVoting(draft: Draft): void {
  const at = clauseMatching(draft, VOTE);
  const likeAt = clauseMatching(draft, LIKE);
  const where = at >= 0 ? at : likeAt;
  if (where < 0) return;
  const liking = at < 0;
  const option = draft.entities.find((e) => /^(option|choice|answer|candidate)$/.test(e.label));
  const target = option ?? entityOf(draft, where, (e) => !e.person) ?? mainEntity(draft);
  if (target === undefined) return;
  const once = /\b(once|one vote|only one|but only|per person|per customer|per user|once per)\b/i
    .test(draft.parsed.text);
  // "favourite a pattern", "bookmark a recipe": the word the prompt uses.
  const word = draft.parsed.clauses[where]!.text.match(/\b(favou?rite|bookmark)/i)?.[1]
    ?.toLowerCase();
  const verb = liking
    ? word ?? "like"
    : /upvot/i.test(draft.parsed.clauses[where]!.text)
    ? "upvote"
    : "vote";
  const label = verb.charAt(0).toUpperCase() + verb.slice(1);
  const done = verb.endsWith("e") ? `${verb}d` : `${verb}ed`;
  if (!once) {
    const counter = addField(target, {
      name: verb === "vote" || verb === "upvote" ? "votes" : `${verb}s`,
      type: "integer",
      required: false,
      computed: { kind: "counter" },
    });
    const action = addAction(draft, {
      name: verb,
      entity: target.name,
      kind: "increment",
      label,
      field: counter.name,
    });
    require(draft, {
      text: sentence(draft.parsed.clauses[where]!.text),
      kinds: ["action_increment", "counter"],
      by: [`action:${target.name}.${verb}`, `field:${target.name}.${counter.name}`],
      status: "implemented",
      clause: where,
      prove: (s) => proveAction(s, action),
    });
    orderByCount(draft, target, counter.name);
    return;
  }
  const vote = ensureEntity(draft, [liking ? verb : "vote"], {
    aliases: ["vote", ...(liking ? ["like", verb] : [])],
    clause: where,
  });
  vote.fields = vote.fields.filter((f) => f.name !== "title" && f.name !== "name");
  // "'favourite' a pattern" read as a thing first: the favourites are the pattern's.
  target.relations = target.relations.filter((r) => r.target !== vote.name);
  relate(vote, target);
  const poll = option === undefined
    ? undefined
    : draft.entities.find((e) => option.relations.some((r) => r.target === e.name));
  const fields: string[] = [];
  if (!draft.auth) {
    addField(vote, { name: "voter", type: "string", required: true });
    fields.push("voter");
    vote.display = "voter";
  } else {
    addField(vote, { name: "note", type: "string", required: false });
    vote.display = "note";
  }
  if (poll !== undefined) relate(vote, poll);
  const action = addAction(draft, {
    name: verb,
    entity: target.name,
    kind: "record",
    label,
    child: vote.name,
    via: idOf(target),
    fields,
    ...(poll !== undefined ? { set: [{ field: idOf(poll), value: { field: idOf(poll) } }] } : {}),
  });
  const count = addField(target, {
    name: liking ? `${verb}_count` : "votes",
    type: "integer",
    required: false,
    computed: { kind: "aggregate", op: "count", entity: vote.name, via: idOf(target) },
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[where]!.text),
    kinds: ["action_increment", "counter"],
    by: [`action:${target.name}.${verb}`, `field:${target.name}.${count.name}`],
    status: "implemented",
    clause: where,
    prove: (s) => proveAction(s, action),
  });
  const scope = poll !== undefined ? idOf(poll) : idOf(target);
  const unique = addRule(draft, {
    kind: "unique",
    entity: vote.name,
    fields: [scope, draft.auth ? "owner_id" : "voter"],
    message: poll !== undefined
      ? `This person already voted in this ${poll.label}`
      : `Already ${done}`,
  });
  const onceAt = clauseMatching(draft, /\b(once|one vote|only one|but only)\b/i);
  require(draft, {
    text: onceAt >= 0
      ? sentence(draft.parsed.clauses[onceAt]!.text)
      : `The same person can ${verb} only once`,
    kinds: ["rule_unique"],
    by: [`rule:${vote.name}.unique`],
    status: "implemented",
    ...(onceAt >= 0 && onceAt !== where ? { clause: onceAt } : {}),
    prove: (s) => proveRule(s, unique),
  });
  if (poll !== undefined) {
    const consistent = addRule(draft, {
      kind: "same_parent",
      entity: vote.name,
      field: idOf(target),
      parent: idOf(poll),
      equals: idOf(poll),
      message: `The ${target.label} is not one of this ${poll.label}'s ${target.labelPlural}`,
    });
    void consistent;
    if (says(draft, /\b(results?|percent\w*|%|share)\b/i)) {
      addField(target, {
        name: "share",
        type: "number",
        required: false,
        computed: { kind: "percent", part: "votes", whole: { siblings: "votes", via: idOf(poll) } },
      });
      const results = clauseMatching(draft, /\b(results?|percent\w*|%|share)\b/i);
      require(draft, {
        text: sentence(
          draft.parsed.clauses[results]?.text ?? "Results show each option's share of the votes",
        ),
        kinds: ["aggregate"],
        by: [`field:${target.name}.share`, `field:${target.name}.votes`],
        status: "implemented",
        prove: (s) => proveShare(s, target.name, poll.name, action.name),
      });
    }
  }
  orderByCount(draft, target, count.name);
}

function orderByCount(draft: Draft, entity: DraftEntity, field: string): void {
  const at = clauseMatching(
    draft,
    /\b(most (liked|votes?|voted|popular|clicked)|by (number of )?(votes?|likes?)|at the top|highest first|top)\b/i,
  );
  if (at < 0) return;
  entity.order = { field, direction: "desc" };
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["view_order"],
    by: [`entity:${entity.name}.order`],
    status: "implemented",
    clause: at,
    prove: (s) => proveOrder(s, entity.name),
  });
}

/** Voting moves an option's share: one vote of one option is 100%. */
function proveShare(spec: Spec, option: string, poll: string, vote: string): Scenario[] {
  const optionEntity = entityByName(spec, option);
  const via = `${snakeCase(poll)}_id`;
  const action = (spec.actions ?? []).find((a) => a.entity === option && a.name === vote)!;
  const call = recordCall(spec, action, "ballot");
  return [scenario(spec, `the results show each ${optionEntity.label}'s share`, [
    ...createSteps(spec, poll, "poll"),
    ...createSteps(spec, option, "a", { parents: { [via]: "{poll}" } }),
    ...createSteps(spec, option, "b", { parents: { [via]: "{poll}" }, variant: 1 }),
    ...call.steps,
    {
      method: "POST",
      path: `${collectionPath(spec, option)}/{a}/${vote}`,
      body: call.body,
      status: 201,
    },
    {
      method: "GET",
      path: itemPath(spec, option, "a"),
      status: 200,
      expect: { votes: 1, share: 100 },
    },
    {
      method: "GET",
      path: itemPath(spec, option, "b"),
      status: 200,
      expect: { votes: 0, share: 0 },
    },
  ])];
}

// ─── Check-ins ──────────────────────────────────────────────────────────────

const CHECKIN =
  /\b(streaks?|done today|did it today|tick(ed)? (it )?off|check(ed)? off|check[- ]?ins?|watered|water(ing)? (them|it|log)|mark(ed)? (it )?(as )?taken|taps? 'taken'|taken|log when)\b/i;

function readCheckins(draft: Draft): void {
  const at = clauseMatching(draft, CHECKIN);
  if (at < 0) return;
  const target = entityOf(draft, at, (e) => !e.person) ?? mainEntity(draft);
  if (target === undefined) return;
  const text = draft.parsed.text.toLowerCase();
  const water = /\bwater/.test(text);
  const taken = /\btaken\b/.test(text);
  if (!water && !taken && !/habit|streak|done today|check[- ]?in|every day|daily/.test(text)) {
    return;
  }
  const childWords = water ? ["watering"] : taken ? ["dose"] : ["check-in"];
  const child = ensureEntity(draft, childWords, {
    aliases: ["checkin", "check-in"],
    display: "day",
    clause: at,
  });
  child.fields = child.fields.filter((f) =>
    f.name !== "name" && f.name !== "title" && f.name !== "day"
  );
  addField(child, { name: "day", type: "date", required: true });
  child.display = "day";
  relate(child, target);
  const label = water ? "Watered" : taken ? "Taken" : "Done today";
  const action = addAction(draft, {
    name: water ? "watered" : taken ? "take" : "done_today",
    entity: target.name,
    kind: "record",
    label,
    child: child.name,
    via: idOf(target),
    fields: [],
    set: [{ field: "day", value: { today: 0 } }],
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["action_increment", "transition_timestamp"],
    by: [`action:${target.name}.${action.name}`, `entity:${child.name}`],
    status: "implemented",
    clause: at,
    prove: (s) => proveAction(s, action),
  });
  if (!water && !taken) {
    const rule = addRule(draft, {
      kind: "unique",
      entity: child.name,
      fields: [idOf(target), "day"],
      message: "Already done today",
    });
    const onceAt = clauseMatching(draft, /\bonce (a|per) day|only once\b/i);
    require(draft, {
      text: onceAt >= 0
        ? sentence(draft.parsed.clauses[onceAt]!.text)
        : `A ${target.label} is checked in at most once a day`,
      kinds: ["rule_unique_combined"],
      by: [`rule:${child.name}.unique`],
      status: "implemented",
      prove: (s) => proveRule(s, rule),
    });
  }
  if (/streak/.test(text)) {
    addField(target, {
      name: "streak",
      type: "integer",
      required: false,
      computed: {
        kind: "aggregate",
        op: "streak",
        entity: child.name,
        via: idOf(target),
        field: "day",
      },
    });
    const streakAt = clauseMatching(draft, /streak/i);
    require(draft, {
      text: sentence(draft.parsed.clauses[streakAt]?.text ?? "Each habit shows its current streak"),
      kinds: ["aggregate"],
      by: [`field:${target.name}.streak`],
      status: "implemented",
      prove: (s) => proveStreak(s, target.name, action.name),
    });
  }
  if (water) {
    addField(target, {
      name: "water_every_days",
      type: "integer",
      required: true,
      min: 1,
      max: 365,
    });
    addField(target, {
      name: "last_watered",
      type: "date",
      required: false,
      computed: {
        kind: "aggregate",
        op: "max",
        entity: child.name,
        via: idOf(target),
        field: "day",
      },
    });
    addField(target, {
      name: "next_watering",
      type: "date",
      required: false,
      computed: { kind: "date_plus", from: "last_watered", days: "water_every_days" },
    });
    const due = addView(draft, {
      name: "due",
      kind: "filter",
      entity: target.name,
      label: `${target.labelPlural[0]!.toUpperCase()}${target.labelPlural.slice(1)} due for water`,
      where: [{ field: "next_watering", op: "le", value: { today: 0 } }],
    });
    const dueAt = clauseMatching(draft, /\bdue\b/i);
    require(draft, {
      text: sentence(draft.parsed.clauses[dueAt]?.text ?? "See which plants are due for water"),
      kinds: ["view_filtered"],
      by: [`view:${target.name}.due`, `field:${target.name}.next_watering`],
      status: "implemented",
      ...(dueAt >= 0 ? { clause: dueAt } : {}),
      prove: (s) => proveDue(s, target.name, action.name, due.name),
    });
  }
}

function proveStreak(spec: Spec, target: string, action: string): Scenario[] {
  const path = `${itemPath(spec, target, "row")}/${action}`;
  return [scenario(spec, "checking in today starts a streak of one, once a day", [
    ...createSteps(spec, target, "row"),
    { method: "GET", path: itemPath(spec, target, "row"), status: 200, expect: { streak: 0 } },
    { method: "POST", path, body: {}, status: 201 },
    { method: "GET", path: itemPath(spec, target, "row"), status: 200, expect: { streak: 1 } },
    { method: "POST", path, body: {}, status: 409 },
  ])];
}

function proveDue(spec: Spec, target: string, action: string, view: string): Scenario[] {
  const entity = entityByName(spec, target);
  return [scenario(spec, `a ${entity.label} is due until it is watered`, [
    ...createSteps(spec, target, "row", { set: { water_every_days: 3 } }),
    {
      method: "GET",
      path: `${collectionPath(spec, target)}/${view}?limit=500`,
      status: 200,
      expect: { $has: { id: "{row}" } },
    },
    { method: "POST", path: `${itemPath(spec, target, "row")}/${action}`, body: {}, status: 201 },
    {
      method: "GET",
      path: itemPath(spec, target, "row"),
      status: 200,
      expect: { last_watered: "{today}", next_watering: "{today+3}" },
    },
    {
      method: "GET",
      path: `${collectionPath(spec, target)}/${view}?limit=500`,
      status: 200,
      expect: { $lacks: { id: "{row}" } },
    },
  ])];
}

/** The record frames, in order. */
export const RECORD_FRAMES: readonly Frame[] = [
  { name: "lending", read: readLending },
  { name: "booking", read: readBooking },
  { name: "signup", read: readSignup },
  { name: "voting", read: readVoting },
  { name: "ratings", read: readRatings },
  { name: "checkins", read: readCheckins },
];
