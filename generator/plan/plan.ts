/**
 * The offline planner: reads the prompt as English (`nlp.ts`), finds what
 * cannot be built, the things it names (`entities.ts`), who uses it
 * (`frames/people.ts`) and what the app must do (the frames of
 * `frames/`), then writes the spec with a requirement for each ask, traced
 * to what implements it and proven by acceptance scenarios. What it cannot
 * map is listed as not implemented, with the reason. Deterministic: the same
 * prompt gives the same spec.
 *
 * @module
 */
import type { Requirement } from "../../core/behaviours.ts";
import { InputError } from "../../core/errors.ts";
import { completeSpec } from "../../core/routes.ts";
import { type Entity, type Spec, SpecSchema } from "../../core/spec.ts";
import { capitalize, snakeCase } from "../../core/words.ts";

import type { Pattern } from "../../rag/pattern.ts";
import { addField, type Draft, type DraftEntity, newDraft, require } from "./draft.ts";
import { linkThings, readThings } from "./entities.ts";
import { readUncovered } from "./frames/uncovered.ts";
import { readEarnings } from "./frames/values.ts";
import { blockFieldWords, readFieldLists, useFieldLists } from "./fields.ts";
import { FRAMES } from "./frames/mod.ts";
import { readPeople } from "./frames/people.ts";
import { readUnsupported } from "./frames/unsupported.ts";
import { parsePrompt } from "./nlp.ts";
import { attributeOf } from "./lexicon.ts";
import { usePatterns } from "./patterns.ts";
import {
  proveCrud,
  proveLink,
  provePrivate,
  proveRelation,
  proveStaffAction,
  proveStaffOnly,
} from "./proofs.ts";

/** "a book", "an opening". */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** What the offline planner reads. */
export interface PlanInput {
  /** The sanitised prompt. */
  prompt: string;
  /** Retrieved patterns, best first. */
  hits: readonly { pattern: Pattern; score: number }[];
  /** The whole pattern library. */
  library: readonly Pattern[];
}

const MAX_ENTITIES = 8;
/** A question or a request to talk, not an app. */
const CHAT =
  /^\s*(what|how|why|who|when|where|which|is|are|do|does|can you|could you|tell|write me|explain|translate|summari[sz]e|give me)\b/i;
const RESERVED_NAMES: Record<string, string[]> = {
  user: ["member"],
  session: ["visit"],
  stat: ["figure"],
  auth: ["access"],
};

/**
 * Plans an app from a prompt.
 *
 * @param input The prompt, retrieved patterns and the library.
 * @returns A complete, consistent spec with its requirements.
 * @throws {InputError} When the prompt names nothing an app could keep (`unrecognised_app`).
 * @example
 * ```ts
 * import { planOffline } from "./plan.ts";
 * const spec = planOffline({ prompt: "a habit tracker with check-ins", hits: [], library: [] });
 * if (!spec.entities.some((e) => e.name === "Habit")) throw new Error();
 * ```
 */
export function planOffline(input: PlanInput): Spec {
  const draft = newDraft(parsePrompt(input.prompt));
  readPrompt(draft, input, true);
  if (draft.entities.length === 0) {
    throw new InputError(
      "unrecognised_app",
      `Cannot plan an app from ${
        JSON.stringify(input.prompt.slice(0, 80))
      }: it names nothing the app would keep`,
      'describe the app: what it keeps track of and what people do with it, e.g. "a lending library where members borrow books and return them"',
    );
  }
  readUncovered(draft);
  finalize(draft);
  const base = specBase(draft, input);
  const spec = SpecSchema.parse(completeSpec(base));
  return { ...spec, requirements: requirementsOf(draft, spec) };
}

/**
 * Reads a prompt into a draft: what cannot be built, the things, the people,
 * every frame, then the retrieved patterns.
 *
 * @param draft A draft of the parsed prompt (empty, or a spec being refined).
 * @param input The prompt and the retrieved patterns.
 * @param relaxed When the strict reading keeps no entity, read every thing named once.
 * @param enrich Which entities the patterns add fields to (default: all).
 */
export function readPrompt(
  draft: Draft,
  input: PlanInput,
  relaxed: boolean,
  enrich?: (entity: DraftEntity) => boolean,
): void {
  const parsed = draft.parsed;
  const asides = readUnsupported(draft);
  for (const frame of FRAMES) frame.before?.(draft);
  const lists = readFieldLists(parsed);
  blockFieldWords(draft, lists);
  readThings(draft, new Set([...asides, ...draft.consumed]));
  useFieldLists(draft, lists);
  readPeople(draft);
  // Frames see the links the sentences give ("anglers … log catches" before
  // "total weight per angler"); the links of what frames and patterns add follow.
  linkThings(draft);
  for (const frame of FRAMES) frame.read(draft);
  usePatterns(draft, input, enrich);
  linkThings(draft);
  readEarnings(draft);
  // A description of a few English words whose things are each named once
  // ("a running log", "a quiz for my students"), not a question or a chat.
  const words = parsed.clauses.flatMap((c) => c.words);
  if (
    relaxed && draft.entities.length === 0 && words.length >= 3 && !CHAT.test(input.prompt) &&
    words.some((w) => w.function || w.possessive)
  ) {
    readThings(draft, new Set(asides), true);
    useFieldLists(draft, lists);
    for (const frame of FRAMES) frame.read(draft);
    usePatterns(draft, input, enrich);
    linkThings(draft);
    readEarnings(draft);
  }
}

/**
 * Whether the offline planner can read an app out of a prompt.
 *
 * @param prompt The sanitised prompt.
 * @throws {InputError} When it cannot (`unrecognised_app`), saying what to describe.
 */
export function checkPrompt(prompt: string): void {
  planOffline({ prompt, hits: [], library: [] });
}

/** Things that happen at a time: each row says when. */
const HAPPENS =
  /^(ride|gig|match|game|session|class|lesson|shift|meeting|trip|party|rehearsal|practice|workout|run|walk|hike|visit|tasting|dinner|meal|interview|training|concert|show|performance|race|tournament)$/;
/** Of those, the ones that start at a time of day rather than on a day. */
const TIMED =
  /^(ride|gig|match|class|lesson|shift|meeting|rehearsal|interview|concert|show|performance|race)$/;

/**
 * What a thing cannot do without: a thing that happens says when (a ride, a
 * gig, a run), a thing named after a number keeps that number (a grade has a
 * grade, a rating a rating).
 */
function keyFields(entity: DraftEntity): void {
  const head = entity.label.split(" ").at(-1)!;
  const dated = entity.fields.some((f) =>
    (f.type === "date" || f.type === "datetime" ||
      /(^|_)(day|weekday|date|time)$/.test(f.name)) &&
    (f.computed === undefined || f.computed.kind !== "stamp")
  );
  if (HAPPENS.test(head) && !dated && !entity.person) {
    addField(
      entity,
      TIMED.test(head)
        ? { name: "starts_at", type: "datetime", required: true }
        : { name: "date", type: "date", required: true },
    );
  }
  const value = attributeOf(head)?.field;
  if (
    value !== undefined && value.name === head && !entity.person &&
    (value.type === "integer" || value.type === "number") &&
    !entity.fields.some((f) => f.name === value.name)
  ) {
    addField(entity, { ...value, required: true });
  }
}

/** Fields that hold personal data: who someone is and where they live. */
const PERSONAL_FIELD =
  /(^|_)(email|phone|mobile|address|street|postcode|zip|birthday|birth_date|dob|ssn|passport|iban|salary)(_|$)/;
/** Records of money changing hands, and per-user baskets. */
const MONEY_RECORD =
  /^(order|purchase|payment|invoice|transaction|donation|cart item|basket item)$/;
/** What a shop sells: read by everyone, written only by signed-in users (staff when there are roles). */
const CATALOGUE = /^(product|item|menu item|service|listing|ticket type)$/;

/** People whose contact details are personal data (a venue's address is not). */
const PERSON_RECORD =
  /^(contact|customer|client|patient|guest|attendee|subscriber|lead|applicant|candidate|member|student|employee|volunteer|parent|kid|child|player|tenant|donor|owner|person|friend|family member)$/;
/** Field prefixes that make a contact detail someone's own. */
const PERSON_PREFIX = /^(customer|shipping|billing|home|guest|attendee|patient|client|personal)_/;

/** Whether rows of the entity hold personal data or money, and so are private to their owner. */
function sensitive(entity: DraftEntity): boolean {
  if (MONEY_RECORD.test(entity.label)) return true;
  const person = PERSON_RECORD.test(entity.label);
  return entity.fields.some((f) =>
    f.computed === undefined &&
    (f.type === "email" || PERSONAL_FIELD.test(f.name)) &&
    (person || PERSON_PREFIX.test(f.name) || /birth|dob|ssn|passport|iban|salary/.test(f.name))
  );
}

/**
 * Secure defaults: an app that keeps personal data (emails, phones,
 * addresses) or money records has accounts, and those rows are private to
 * their owner (staff roles see all of them); what a shop sells is written
 * only by staff when there are roles.
 */
function secureDefaults(draft: Draft): void {
  if (!draft.entities.some(sensitive)) return;
  draft.auth = true;
  const priced = (e: DraftEntity) =>
    CATALOGUE.test(e.label) && e.fields.some((f) => /price|cost/.test(f.name));
  // A shop: customers sign up, the shop's staff keep the catalogue and the orders.
  const shop = draft.entities.some(priced) &&
    draft.entities.some((e) => MONEY_RECORD.test(e.label));
  if (shop && draft.roles.length === 0) {
    draft.roles = [
      { name: "customer", label: "Customer", staff: false },
      { name: "admin", label: "Admin", staff: true },
    ];
  }
  const staff = draft.roles.filter((r) => r.staff).map((r) => r.name);
  for (const entity of draft.entities) {
    if (sensitive(entity) && staff.length > 0) {
      entity.permissions = { ...entity.permissions, all: entity.permissions?.all ?? staff };
    }
    if (priced(entity) && staff.length > 0) {
      entity.permissions = {
        ...entity.permissions,
        create: entity.permissions?.create ?? staff,
        update: entity.permissions?.update ?? staff,
        delete: entity.permissions?.delete ?? staff,
      };
      const name = entity.name;
      require(draft, {
        text: `Only ${staff.join(" or ")}s can add, change or delete ${entity.labelPlural}`,
        kinds: ["roles"],
        by: [`entity:${name}.permissions`, ...staff.map((r) => `role:${r}`)],
        status: "implemented",
        prove: (s) => proveStaffOnly(s, name, staff[0]!),
      });
    }
    // A customer never marks their own order paid: its status moves only by staff.
    const status = entity.fields.find((f) => f.name === "status" && f.type === "enum");
    if (
      MONEY_RECORD.test(entity.label) && status !== undefined && status.computed === undefined &&
      staff.length > 0 && (status.values ?? []).length > 1
    ) {
      status.computed = { kind: "state" };
      status.required = false;
      const moves = status.values!.slice(1).map((value) => ({
        name: `mark_${value}`,
        entity: entity.name,
        kind: "transition" as const,
        label: `Mark ${value.replace(/_/g, " ")}`,
        roles: staff,
        set: [{ field: "status", value }],
      }));
      draft.actions.push(...moves);
      const first = moves[0]!;
      require(draft, {
        text: `Only ${staff.join(" or ")}s change ${withArticle(entity.label)}'s status`,
        kinds: ["action_transition", "roles"],
        by: moves.map((m) => `action:${entity.name}.${m.name}`),
        status: "implemented",
        prove: (s) => proveStaffAction(s, first.entity, first.name, staff[0]!),
      });
    }
  }
}

/**
 * Access, display fields, names and relation cycles made consistent.
 *
 * @param draft The draft, read.
 */
export function finalize(draft: Draft): void {
  draft.entities = draft.entities.slice(0, MAX_ENTITIES);
  const names = new Set(draft.entities.map((e) => e.name));
  for (const entity of draft.entities) keyFields(entity);
  for (const entity of draft.entities) {
    entity.relations = entity.relations.filter((r) => names.has(r.target));
    entity.links = (entity.links ?? []).filter((l) => names.has(l.target));
    if (entity.links.length === 0) delete entity.links;
    if (!entity.fields.some((f) => f.name === entity.display && f.computed === undefined)) {
      const text = entity.fields.find((f) => f.type === "string" && f.computed === undefined);
      if (text) entity.display = text.name;
      else entity.fields.unshift({ name: entity.display = "name", type: "string", required: true });
    }
  }
  secureDefaults(draft);
  if (draft.auth) {
    for (const entity of draft.entities) {
      // What a shop sells is its catalogue, read by everyone, even in "my shop".
      const catalogue = CATALOGUE.test(entity.label) &&
        entity.fields.some((f) => /price|cost/.test(f.name));
      const owned = (draft.personal && !entity.person && !catalogue) || sensitive(entity);
      entity.access = owned
        ? "private"
        : entity.access === "public"
        ? "owner_write"
        : entity.access;
    }
    // Rows users create for staff to act on (applications, leave requests)
    // are theirs and the staff's: private, with the staff seeing all of them.
    const staff = new Set(draft.roles.filter((r) => r.staff).map((r) => r.name));
    for (const action of draft.actions) {
      const roles = action.roles ?? [];
      const entity = draft.entities.find((e) => e.name === action.entity);
      if (entity === undefined || roles.length === 0 || !roles.every((r) => staff.has(r))) continue;
      const createdByStaff = (entity.permissions?.create ?? []).length > 0 &&
        (entity.permissions!.create!).every((r) => staff.has(r));
      if (entity.access !== "owner_write" || createdByStaff || entity.person) continue;
      entity.access = "private";
      entity.permissions = {
        ...entity.permissions,
        all: [...new Set([...(entity.permissions?.all ?? []), ...roles])],
      };
    }
    // What one role makes for the others to sign up to (teachers' courses
    // students enroll in) is shared, even in "my courses": the sign-ups are
    // each person's own, and the role that made the thing sees all of them.
    for (const action of draft.actions) {
      if (action.kind !== "record" || action.child === undefined) continue;
      const parent = draft.entities.find((e) => e.name === action.entity);
      const child = draft.entities.find((e) => e.name === action.child);
      const makers = parent?.permissions?.create ?? [];
      if (parent === undefined || child === undefined || makers.length === 0) continue;
      if (parent.access === "private" && !sensitive(parent)) parent.access = "owner_write";
      child.access = "private";
      child.permissions = {
        ...child.permissions,
        all: [...new Set([...(child.permissions?.all ?? []), ...makers])],
      };
    }
    // A child of a private parent is private too, or anyone could read it.
    for (let changed = true; changed;) {
      changed = false;
      for (const entity of draft.entities) {
        const privateParent = entity.relations.some((r) =>
          draft.entities.find((e) => e.name === r.target)?.access === "private"
        );
        if (privateParent && entity.access !== "private") {
          entity.access = "private";
          changed = true;
        }
      }
    }
    // Staff who act on private rows (a landlord fixing tenants' requests) see them.
    for (const action of draft.actions) {
      const roles = (action.roles ?? []).filter((r) => staff.has(r));
      const entity = draft.entities.find((e) => e.name === action.entity);
      if (entity === undefined || roles.length === 0 || entity.access !== "private") continue;
      entity.permissions = {
        ...entity.permissions,
        all: [...new Set([...(entity.permissions?.all ?? []), ...roles])],
      };
    }
  }
  for (const entity of draft.entities) {
    if (entity.permissions?.all !== undefined && entity.access !== "private") {
      delete entity.permissions.all;
    }
  }
  breakRequiredCycles(draft.entities);
  renameReserved(draft);
  orderParentsFirst(draft);
}

function renameReserved(draft: Draft): void {
  for (const entity of draft.entities) {
    const label = entity.label;
    const other = RESERVED_NAMES[label];
    if (other === undefined) continue;
    const old = entity.name;
    entity.name = capitalize(other[0]!);
    entity.label = other[0]!;
    entity.labelPlural = `${other[0]!}s`;
    entity.plural = snakeCase(entity.labelPlural);
    for (const e of draft.entities) {
      for (const r of e.relations) if (r.target === old) r.target = entity.name;
      for (const l of e.links ?? []) if (l.target === old) l.target = entity.name;
    }
    for (const a of draft.actions) {
      if (a.entity === old) a.entity = entity.name;
      if (a.child === old) a.child = entity.name;
    }
    for (const r of draft.rules) {
      if (r.entity === old) r.entity = entity.name;
      if (r.other === old) r.other = entity.name;
    }
    for (const v of draft.views) {
      if (v.entity === old) v.entity = entity.name;
      if (v.member === old) v.member = entity.name;
    }
  }
}

/** Makes optional the required relations that close a cycle (no row could be created first). */
function breakRequiredCycles(entities: DraftEntity[]): void {
  const byName = new Map(entities.map((e) => [e.name, e]));
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return (byName.get(from)?.relations ?? []).some((r) =>
      r.required && reaches(r.target, to, seen)
    );
  };
  for (const entity of entities) {
    entity.relations = entity.relations.map((r) =>
      r.required && reaches(r.target, entity.name) ? { ...r, required: false } : r
    );
  }
}

/** Parents before children, otherwise in the order named. */
function orderParentsFirst(draft: Draft): void {
  const placed: DraftEntity[] = [];
  const visit = (entity: DraftEntity, path: Set<string>) => {
    if (placed.includes(entity) || path.has(entity.name)) return;
    path.add(entity.name);
    for (const r of entity.relations) {
      const parent = draft.entities.find((e) => e.name === r.target);
      if (parent !== undefined) visit(parent, path);
    }
    placed.push(entity);
  };
  for (const entity of draft.entities) visit(entity, new Set());
  draft.entities = placed;
}

function specBase(draft: Draft, input: PlanInput): Omit<Spec, "endpoints" | "pages"> {
  const entities: Entity[] = draft.entities.map((
    { words: _w, clauses: _c, person: _p, ...entity },
  ) => entity);
  const title = appTitle(draft, input.prompt);
  return {
    name: snakeCase(title).slice(0, 40).replace(/_+$/, "") || "app",
    title,
    summary: summarize(title, entities, draft.auth),
    patterns: draft.patterns,
    auth: draft.auth,
    entities,
    ...(draft.roles.length > 0 ? { roles: draft.roles } : {}),
    ...(draft.actions.length > 0 ? { actions: draft.actions } : {}),
    ...(draft.rules.length > 0 ? { rules: draft.rules } : {}),
    ...(draft.views.length > 0 ? { views: draft.views } : {}),
    ...(draft.redirects.length > 0 ? { redirects: draft.redirects } : {}),
  };
}

function appTitle(draft: Draft, prompt: string): string {
  const first = draft.parsed.clauses[0];
  if (first !== undefined) {
    const words = first.words.filter((w) =>
      !w.function && !w.pronoun && !w.possessive && !w.verb && /^[a-z]/i.test(w.text)
    );
    const head = words.slice(0, 4).map((w) => w.text.toLowerCase());
    if (head.length > 0) return capitalize(head.join(" ").replace(/\s+/g, " ")).slice(0, 80);
  }
  return capitalize(prompt.slice(0, 40));
}

/**
 * @param title The app's title.
 * @param entities Its entities.
 * @param auth Whether it has accounts.
 * @returns The spec's one-sentence summary.
 */
export function summarize(title: string, entities: Entity[], auth: boolean): string {
  const parts = entities.map((e) => e.labelPlural);
  const list = parts.length === 1
    ? parts[0]!
    : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `${title} keeps track of ${list}${auth ? ", with accounts and sign-in" : ""}.`.slice(
    0,
    600,
  );
}

/**
 * The spec's requirements: the draft's, plus keeping the main things and
 * their relations and privacy, each with scenarios built on the finished spec.
 *
 * @param draft The finished draft.
 * @param spec The spec made from it.
 * @returns Its requirements, numbered from `r1`.
 */
export function requirementsOf(draft: Draft, spec: Spec): Requirement[] {
  const main = spec.entities.filter((e) =>
    !draft.requirements.some((r) => r.by.includes(`entity:${e.name}`))
  ).slice(0, 3);
  for (const entity of main) {
    require(draft, {
      text: `I can add, edit and delete ${entity.labelPlural}`,
      kinds: ["crud"],
      by: [`entity:${entity.name}`, `endpoint:POST /api/${entity.plural}`],
      status: "implemented",
      prove: (s) => proveCrud(s, entity.name),
    });
  }
  for (const entity of spec.entities) {
    for (const relation of entity.relations) {
      if (!relation.required) continue;
      const parent = spec.entities.find((e) => e.name === relation.target)!;
      // "white_player_id" to a member: "Each game has a white player (a member)".
      const role = relation.field.replace(/_id$/, "").replace(/_/g, " ");
      const named = role !== parent.label && !role.endsWith(` ${parent.label}`);
      require(draft, {
        text: named
          ? `Each ${entity.label} has ${withArticle(role)} (${withArticle(parent.label)})`
          : `Each ${entity.label} belongs to ${withArticle(parent.label)}`,
        kinds: ["relation"],
        by: [`field:${entity.name}.${relation.field}`],
        status: "implemented",
        prove: (s) => proveRelation(s, entity.name, relation.field),
      });
    }
    for (const link of entity.links ?? []) {
      require(draft, {
        text: `${capitalize(withArticle(entity.label))} can be linked to several ${link.label}`,
        kinds: ["many_to_many"],
        by: [`field:${entity.name}.${link.field}`],
        status: "implemented",
        prove: (s) => proveLink(s, entity.name, link.field),
      });
    }
  }
  if (draft.personal) {
    const owned = spec.entities.find((e) => e.access === "private");
    if (owned !== undefined) {
      require(draft, {
        text: `My ${owned.labelPlural} are visible only to me`,
        kinds: ["owner_private"],
        by: [`entity:${owned.name}`],
        status: "implemented",
        prove: (s) => provePrivate(s, owned.name),
      });
    }
  }
  return draft.requirements.map((r, i): Requirement => {
    const scenarios = r.status === "implemented" && r.prove ? r.prove(spec) : [];
    const proven = r.status === "implemented" && scenarios.length > 0;
    return {
      id: `r${i + 1}`,
      text: r.text.slice(0, 300),
      kinds: r.kinds.slice(0, 6),
      status: proven || r.status === "not_implemented" ? r.status : "not_implemented",
      ...(r.status === "not_implemented"
        ? { reason: r.reason ?? "not implemented" }
        : proven
        ? {}
        : { reason: "the offline generator has no acceptance scenario for it" }),
      by: r.by.slice(0, 20),
      scenarios: scenarios.slice(0, 8),
    };
  }).slice(0, 40);
}
