/**
 * Frames for what happens to a row over its life: one-click state changes
 * with the time they happened (close a ticket, approve a request, publish a
 * post, claim an item, mark a task done), moves (a card to another column,
 * a chore to another kid) and reordering (up and down within a list).
 *
 * @module
 */
import type { Action } from "../../../core/behaviours.ts";
import { capitalize, snakeCase, withArticle } from "../../../core/words.ts";
import { addField, type Draft, type DraftEntity, relate, require, sentence } from "../draft.ts";
import { proveAction, proveOrder, proveStages, proveView } from "../proofs.ts";
import { createSteps } from "../scenarios.ts";
import { clauseMatching, entityOf, mainEntity, says, thingOf } from "./_context.ts";
import type { Frame } from "./mod.ts";

/** A kind of one-click change: the words that ask for it and what it does. */
interface Transition {
  test: RegExp;
  /** The action's name and button label. */
  name: string;
  label: string;
  /** The states of the row: the first is where it starts. */
  states?: string[];
  /** The state the action moves to (with `states`). */
  to?: string;
  /** The states it may run from. */
  from?: string[];
  /** The stamp it sets, e.g. `closed_at`. */
  stamp: string;
  stampType?: "date" | "datetime";
  /** Who may run it, when the app has staff roles. */
  staff?: boolean;
}

const TRANSITIONS: readonly Transition[] = [
  {
    test:
      /\b(pick(s|ed)? (them|it|tickets?) up|take (them|it|tickets?)|assign (it|them) to themselves)\b/i,
    name: "take",
    label: "Take",
    states: ["open", "in_progress", "closed"],
    to: "in_progress",
    from: ["open"],
    stamp: "taken_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\b(close[sd]?|closing|resolve[sd]?)\b/i,
    name: "close",
    label: "Close",
    states: ["open", "in_progress", "closed"],
    to: "closed",
    from: ["open", "in_progress"],
    stamp: "closed_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\bapprov\w*/i,
    name: "approve",
    label: "Approve",
    states: ["pending", "approved", "rejected"],
    to: "approved",
    from: ["pending"],
    stamp: "approved_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\breject\w*/i,
    name: "reject",
    label: "Reject",
    states: ["pending", "approved", "rejected"],
    to: "rejected",
    from: ["pending"],
    stamp: "rejected_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\b(publish\w*|go live)\b/i,
    name: "publish",
    label: "Publish",
    states: ["draft", "published"],
    to: "published",
    from: ["draft"],
    stamp: "published_at",
    stampType: "datetime",
  },
  { test: /\bclaim\w*/i, name: "claim", label: "Claim", stamp: "claimed_at" },
  {
    test: /\b(mark\w* (an animal |it |them )?(as )?adopted|adopted)\b/i,
    name: "adopt",
    label: "Mark adopted",
    stamp: "adopted_at",
    staff: true,
  },
  {
    test:
      /\b(mark\w* (a book |it )?(as )?finished|finished (it|reading)|marking a book finished)\b/i,
    name: "finish",
    label: "Finished",
    stamp: "finished_at",
  },
  {
    test:
      /\b(check(ing|s|ed)? (off|a task)|tick(s|ed)? (them |it )?off|mark(s|ed|ing)? (it |them |one |an? \w+ |the \w+ )?(as )?(done|complete\w*)|complete[sd]?|completion)\b/i,
    name: "complete",
    label: "Done",
    stamp: "completed_at",
  },
  {
    test:
      /\b(mark\w* (it |them |one |an? \w+ |the \w+ )?(as )?paid|(customers?|clients?|they|he|she) can pay|when (it'?s |it is |they'?ve |they have )?(been )?paid|once paid|(is|gets|got) paid)\b/i,
    name: "pay",
    label: "Mark paid",
    stamp: "paid_at",
  },
  {
    test: /\b(mark\w* (ideas? |it )?(as )?(planned|shipped)|planned or shipped)\b/i,
    name: "plan",
    label: "Planned",
    states: ["new", "planned", "shipped"],
    to: "planned",
    from: ["new"],
    stamp: "planned_at",
    stampType: "datetime",
    staff: true,
  },
  {
    test: /\bshipped\b/i,
    name: "ship",
    label: "Shipped",
    states: ["new", "planned", "shipped"],
    to: "shipped",
    from: ["new", "planned"],
    stamp: "shipped_at",
    stampType: "datetime",
    staff: true,
  },
  { test: /\barchiv\w*/i, name: "archive", label: "Archive", stamp: "archived_at" },
  {
    test: /\bcancel\w*\b(?! the sign)/i,
    name: "cancel",
    label: "Cancel",
    states: ["booked", "cancelled"],
    to: "cancelled",
    from: ["booked"],
    stamp: "cancelled_at",
    stampType: "datetime",
  },
];

function addAction(draft: Draft, action: Action): Action {
  const existing = draft.actions.find((a) => a.entity === action.entity && a.name === action.name);
  if (existing !== undefined) return existing;
  draft.actions.push(action);
  return action;
}

/** Entities whose stages the prompt wrote out: no keyword transition is added to them. */
const STAGED = new WeakMap<Draft, Set<string>>();

/** Words that introduce a row's stages: "Jobs move through stages: a -> b -> c". */
const STAGE_LIST =
  /\b(?:status(?:es)?|stages?|states?|steps?|phases?|columns?)(?: buttons?)?\s*(?::|\()\s*([^.()]+)/i;
const STAGE_WORDS = /^(status|stage|state|step|phase|column|button|status button)$/;
const ARROWS = /(?:->|→|=>|⇒|>)/;
const STAMP_ASK =
  /\b(record|records|log|logs|save|saves|store|stores|set|sets|stamp|note|notes|keep|keeps)\b[^.]*\b(time|date|when|timestamp|day)\b|\b(time|date)\b[^.]*\b(automatically|recorded|is recorded|gets recorded)\b/i;

/** The stages one sentence names, in order, if it names three or more (or two with arrows). */
export function stagesOf(text: string): string[] | undefined {
  const clean = (part: string) =>
    part.replace(/^\s*(?:from|to|then|and|or|a|an|the|is|as)\s+/i, "").replace(
      /\s+(?:and|or)\s*$/i,
      "",
    )
      .replace(/['"]/g, "").trim();
  const valid = (states: string[]) => {
    const names = states.map((s) => snakeCase(s.replace(/[^A-Za-z0-9 ]/g, " ").trim()));
    return states.length >= 2 && states.length <= 7 &&
        states.every((s) => s.split(/\s+/).length <= 4 && /^[a-z][a-z ]*$/i.test(s)) &&
        new Set(names).size === names.length
      ? names
      : undefined;
  };
  // "received -> in repair -> ready for pickup -> collected"
  const chain = text.match(
    /([A-Za-z][A-Za-z ]{0,40}?(?:\s*(?:->|→|=>|⇒|>)\s*[A-Za-z][A-Za-z ]{0,40}?)+)(?=[.,;:)!?]|$| -|—)/,
  );
  if (chain !== null && ARROWS.test(chain[1]!)) {
    const parts = chain[1]!.split(ARROWS).map(clean);
    // "Apiaries > hives > inspections": things inside things, not stages.
    const plural = parts.filter((p) => /[^s]s$/i.test(p.trim()) && !/(ed|ing)$/i.test(p.trim()));
    if (plural.length * 2 > parts.length) return undefined;
    // The first part may carry the sentence's lead-in: "change it from open".
    parts[0] = parts[0]!.split(
      /\s+(?:from|is|are|as|go|goes|move|moves|pass|passes|flow|flows|through|between)\s+|:\s*/i,
    ).at(-1)!.trim();
    // "Tickets go received": the first stage is no longer than the others.
    const longest = Math.max(...parts.slice(1).map((p) => clean(p).split(/\s+/).length));
    const first = parts[0]!.split(/\s+/);
    if (first.length > longest) parts[0] = first.slice(-longest).join(" ");
    const states = valid(parts.map(clean));
    if (states !== undefined) return states;
  }
  // "from open to in progress to fixed"
  const fromTo = text.match(
    /\bfrom ([a-z][a-z ]{0,30}?) to ([a-z][a-z ]{0,30}?)((?: to [a-z][a-z ]{0,30}?)+)(?=[.,;)!?]|$)/i,
  );
  if (fromTo !== null) {
    const states = valid(
      [fromTo[1]!, fromTo[2]!, ...fromTo[3]!.split(/\s+to\s+/).slice(1)].map(clean),
    );
    if (states !== undefined) return states;
  }
  // "first 'waiting', then 'fitting', then 'finished'"
  const thens = text.match(
    /\bfirst '?([a-z][a-z ]{0,30}?)'?,? then '?([a-z][a-z ]{0,30}?)'?((?:,? (?:and )?then '?[a-z][a-z ]{0,30}?'?)+)(?=[.,;)!?]|$| and\b)/i,
  );
  if (thens !== null) {
    const rest = thens[3]!.split(/,? (?:and )?then /).slice(1);
    const states = valid([thens[1]!, thens[2]!, ...rest].map(clean));
    if (states !== undefined) return states;
  }
  // "Status buttons: brewing, fermenting, bottled"
  const list = text.match(STAGE_LIST);
  if (list !== null) {
    const parts = list[1]!.split(/\s*(?:,|\/|\bor\b|\band\b|->|→)\s*/).map(clean).filter((p) =>
      p !== ""
    );
    const states = parts.length >= 3 ? valid(parts) : undefined;
    if (states !== undefined) return states;
  }
  return undefined;
}

/**
 * A row's stages written out ("received -> in repair -> ready -> collected",
 * "from open to in progress to fixed", "Status buttons: brewing, fermenting,
 * bottled"): a state starting at the first stage, a button per later stage
 * that runs only from the stage before it, and the time a stage was reached
 * where the prompt asks to record it.
 */
function readStages(draft: Draft): void {
  const staffRoles = draft.roles.filter((r) => r.staff).map((r) => r.name);
  draft.parsed.sentences.forEach((text, sentenceIndex) => {
    const states = stagesOf(text);
    if (states === undefined) return;
    const clauses = draft.parsed.clauses.map((c, i) => ({ c, i })).filter(({ c }) =>
      c.sentence === sentenceIndex
    );
    const at = clauses[0]?.i ?? -1;
    // "Status buttons: …" names no thing of its own.
    draft.entities = draft.entities.filter((e) =>
      !(STAGE_WORDS.test(e.label) &&
        e.clauses.every((c) => draft.parsed.clauses[c]?.sentence === sentenceIndex))
    );
    const entity = (at < 0 ? undefined : entityOf(draft, at, (e) =>
      !e.person && !STAGE_WORDS.test(e.label))) ??
      (sentenceIndex > 0
        ? draft.entities.find((e) =>
          !e.person &&
          e.clauses.some((c) => draft.parsed.clauses[c]?.sentence === sentenceIndex - 1)
        )
        : undefined) ??
      mainEntity(draft);
    if (
      entity === undefined ||
      draft.actions.some((a) => a.entity === entity.name && a.kind === "transition")
    ) {
      return;
    }
    const state = stateField(entity, states);
    const field = entity.fields.find((f) => f.name === state)!;
    field.values = states;
    // Which stages the prompt asks to record the time of: "record the time it was marked ready".
    const stampText = draft.parsed.sentences.filter((s) => STAMP_ASK.test(s)).join(" ")
      .toLowerCase();
    const actions: Action[] = [];
    const by: string[] = [];
    states.slice(1).forEach((to, i) => {
      const from = states[i]!;
      const words = to.split("_");
      const name = snakeCase(`mark ${to}`).slice(0, 40);
      const action: Action = {
        name,
        entity: entity.name,
        kind: "transition",
        label: `Mark ${to.replace(/_/g, " ")}`.slice(0, 40),
        ...(staffRoles.length > 0 ? { roles: staffRoles } : {}),
        set: [{ field: state, value: to }],
        when: [{ field: state, op: "eq", value: from }],
        message: `This ${entity.label} is not ${from.replace(/_/g, " ")}, so it cannot be marked ${
          to.replace(/_/g, " ")
        }`,
      };
      addAction(draft, action);
      actions.push(action);
      by.push(`action:${entity.name}.${name}`);
      // "collected" in "when someone collects, save the date": by its stem.
      const said = (w: string) =>
        w.length >= 4 && new RegExp(`\\b${w.slice(0, Math.max(4, w.length - 2))}`).test(stampText);
      if (stampText !== "" && words.some(said)) {
        const stamp = addField(entity, {
          name: `${to}_at`.slice(0, 40),
          type: "datetime",
          required: false,
          computed: { kind: "stamp", action: name },
        });
        by.push(`field:${entity.name}.${stamp.name}`);
      }
    });
    for (const { i } of clauses) draft.consumed.add(i);
    STAGED.set(draft, new Set([...(STAGED.get(draft) ?? []), entity.name]));
    // A stamp asked for in a sentence of its own is part of this requirement too.
    draft.parsed.clauses.forEach((c, i) => {
      if (
        STAMP_ASK.test(c.text) &&
        states.some((s) =>
          s.split("_").some((w) => w.length >= 4 && c.text.toLowerCase().includes(w))
        )
      ) {
        draft.consumed.add(i);
      }
    });
    const stamped = by.some((b) => b.startsWith("field:"));
    const names = actions.map((a) => a.name);
    require(draft, {
      text: `${capitalize(entity.labelPlural)} move through ${
        states.map((s) => s.replace(/_/g, " ")).join(" → ")
      }, one button per stage${stamped ? ", recording when a stage is reached" : ""}`,
      kinds: stamped ? ["action_transition", "transition_timestamp"] : ["action_transition"],
      by,
      status: "implemented",
      clause: at,
      prove: (s) =>
        proveStages(
          s,
          entity.name,
          names.map((n) => s.actions!.find((a) => a.entity === entity.name && a.name === n)!),
          state,
        ),
    });
  });
}

/** Buttons the prompt names: "a 'picked up' button", "a Done button", "press done". */
const BUTTON =
  /['"‘“]([a-z][a-z ]{1,24}?)['"’”]\s+buttons?\b|\b(?:a|an|the)\s+([a-z]+(?:\s+up)?)\s+buttons?\b|\b(?:press(?:es)?|tap(?:s)?|click(?:s)?|hit(?:s)?)\s+['"‘“]?(done|finished|complete|completed|ready|paid|collected|delivered|shipped|sent|served|picked up)\b/gi;
/** Buttons every list has already. */
const CRUD_BUTTONS =
  /^(submit|save|delete|edit|add|create|new|update|remove|search|filter|back|ok|share|login|log in|sign up|sign in|next|move)$/;

/**
 * "a 'picked up' button", "press done": a one-click change of its own that
 * records when it happened and runs once.
 */
function readButtons(draft: Draft): void {
  const staffRoles = draft.roles.filter((r) => r.staff).map((r) => r.name);
  draft.parsed.sentences.forEach((text, sentenceIndex) => {
    for (const m of text.matchAll(BUTTON)) {
      const word = (m[1] ?? m[2] ?? m[3] ?? "").toLowerCase().trim();
      if (word === "" || CRUD_BUTTONS.test(word) || word.split(" ").length > 3) continue;
      // A button another frame already made ("a settle up button" on the balances).
      const first = word.split(" ")[0]!;
      if (
        draft.actions.some((a) =>
          a.name.includes(first) || a.label.toLowerCase().includes(first)
        ) ||
        draft.views.some((v) => v.kind === "balance" || v.label.toLowerCase().includes(first))
      ) continue;
      const state = snakeCase(word.replace(/[^a-z ]/g, " ").trim());
      if (!/^[a-z][a-z_]*$/.test(state)) continue;
      const at = draft.parsed.clauses.findIndex((c) =>
        c.sentence === sentenceIndex && c.text.toLowerCase().includes(word)
      );
      const entity = (at < 0 ? undefined : thingOf(draft, at, (e) => !STAGE_WORDS.test(e.label))) ??
        mainEntity(draft);
      if (entity === undefined || entity.person || STAGED.get(draft)?.has(entity.name)) continue;
      const stateField = entity.fields.find((f) => f.computed?.kind === "state");
      if (stateField?.values?.includes(state)) continue;
      const name = snakeCase(`mark ${state}`).slice(0, 40);
      if (
        draft.actions.some((a) => a.entity === entity.name && (a.name === name || a.name === state))
      ) {
        continue;
      }
      const stamp = addField(entity, {
        name: `${state}_at`.slice(0, 40),
        type: "datetime",
        required: false,
        computed: { kind: "stamp", action: name },
      });
      const action = addAction(draft, {
        name,
        entity: entity.name,
        kind: "transition",
        label: capitalize(word).slice(0, 40),
        ...(staffRoles.length > 0 ? { roles: staffRoles } : {}),
        when: [{ field: stamp.name, op: "is_null" }],
        message: `This ${entity.label} is already ${word}`,
      });
      require(draft, {
        text: `${
          capitalize(withArticle(entity.label))
        } is marked ${word} with one button, which records when`,
        kinds: ["action_transition", "transition_timestamp"],
        by: [`action:${entity.name}.${name}`, `field:${entity.name}.${stamp.name}`],
        status: "implemented",
        ...(at >= 0 ? { clause: at } : {}),
        prove: (s) =>
          proveAction(s, s.actions!.find((a) => a.entity === action.entity && a.name === name)!),
      });
    }
  });
}

/** A button's name ("a 'picked up' button") is never read as a thing. */
function blockButtonWords(draft: Draft): void {
  draft.parsed.sentences.forEach((text, sentenceIndex) => {
    for (const m of text.matchAll(BUTTON)) {
      const words = (m[1] ?? m[2] ?? m[3] ?? "").toLowerCase().split(/\s+/);
      for (const clause of draft.parsed.clauses) {
        if (clause.sentence !== sentenceIndex) continue;
        clause.words.forEach((w, i) => {
          if (words.includes(w.lower)) clause.blocked.add(i);
        });
      }
    }
  });
}

/** "taking a dose should reduce pills left by one", "subtract one from stock when used". */
const TAKE_ONE =
  /\b(?:reduces?|lowers?|decreases?|decrements?|takes? one (?:off|from)|subtracts? (?:one|1) from|counts? down)\s+(?:the\s+|its\s+)?([a-z][a-z ]{1,30}?)\s+by\s+(?:one|1)\b|\b(?:subtracts?|takes?) (?:one|1) (?:off|from) (?:the\s+)?([a-z][a-z ]{1,30}?)\b/i;

/**
 * One click takes one away: "Taking a dose should reduce pills left by one"
 * is a button lowering the row's `pills_left` by one, refused at none left.
 */
function readTakeOne(draft: Draft): void {
  const at = clauseMatching(draft, TAKE_ONE);
  if (at < 0) return;
  const text = draft.parsed.clauses[at]!.text;
  const match = text.match(TAKE_ONE)!;
  const name = snakeCase((match[1] ?? match[2] ?? "").trim());
  const entity = draft.entities.find((e) => e.fields.some((f) => f.name === name)) ??
    entityOf(draft, at, (e) => !e.person) ?? mainEntity(draft);
  if (entity === undefined || name === "") return;
  const field = entity.fields.find((f) => f.name === name) ??
    addField(entity, { name, type: "integer", required: true, min: 0, max: 100_000 });
  if (field.computed !== undefined) return;
  Object.assign(field, { type: "integer", required: true, min: 0, max: field.max ?? 100_000 });
  const dose = /\bdoses?\b/i.test(text);
  const action = addAction(draft, {
    name: dose ? "take_dose" : "use_one",
    entity: entity.name,
    kind: "increment",
    label: dose ? "Take a dose" : "Use one",
    field: field.name,
    by: -1,
    when: [{ field: field.name, op: "gt", value: 0 }],
    message: `No ${field.name.replace(/_/g, " ")} to take from`,
  });
  require(draft, {
    text: sentence(text),
    kinds: ["action_increment"],
    by: [`action:${entity.name}.${action.name}`],
    status: "implemented",
    clause: at,
    prove: (s) => proveAction(s, action),
  });
}

/** The thing named after the verb: "committee members approve or reject bookings" → bookings. */
function objectOf(draft: Draft, at: number, verb: RegExp): DraftEntity | undefined {
  const clause = draft.parsed.clauses[at]!;
  const match = clause.text.match(verb);
  if (match?.index === undefined) return undefined;
  const after = clause.text.slice(match.index + match[0].length).toLowerCase();
  let best: { entity: DraftEntity; at: number } | undefined;
  for (const entity of draft.entities) {
    if (entity.person) continue;
    for (const word of [entity.labelPlural, entity.label]) {
      const found = after.search(new RegExp(`\\b${word}\\b`));
      if (found >= 0 && (best === undefined || found < best.at)) best = { entity, at: found };
    }
  }
  return best?.entity;
}

function readTransitions(draft: Draft): void {
  const staffRoles = draft.roles.filter((r) => r.staff).map((r) => r.name);
  const seen = new Set<string>();
  for (const t of TRANSITIONS) {
    const at = clauseMatching(draft, t.test);
    if (at < 0) continue;
    // Already handled by a record frame (a loan's return).
    if (draft.actions.some((a) => a.name === t.name)) continue;
    const entity = objectOf(draft, at, t.test) ?? entityOf(draft, at, (e) => !e.person) ??
      mainEntity(draft);
    if (entity === undefined || seen.has(`${entity.name}.${t.name}`)) continue;
    // A staged row moves by its stage buttons; being paid is apart from them.
    if (STAGED.get(draft)?.has(entity.name) && t.name !== "pay") continue;
    seen.add(`${entity.name}.${t.name}`);
    const stamp = addField(entity, {
      name: t.stamp,
      type: t.stampType ?? "date",
      required: false,
      computed: { kind: "stamp", action: t.name },
    });
    const action: Action = {
      name: t.name,
      entity: entity.name,
      kind: "transition",
      label: t.label,
      ...(t.staff && staffRoles.length > 0 ? { roles: staffRoles } : {}),
    };
    if (t.states !== undefined) {
      const state = stateField(entity, t.states);
      action.set = [{ field: state, value: t.to! }];
      action.when = t.from!.length === 1
        ? [{ field: state, op: "eq", value: t.from![0]! }]
        : [{ field: state, op: "ne", value: t.to! }];
      action.message = `This ${entity.label} is already ${t.to!.replace(/_/g, " ")}`;
    } else {
      action.when = [{ field: stamp.name, op: "is_null" }];
      action.message = `This ${entity.label} was already ${
        t.label.toLowerCase().replace(/^mark /, "")
      }`;
    }
    addAction(draft, action);
    const clause = draft.parsed.clauses[at]!;
    require(draft, {
      text: sentence(clause.text),
      kinds: ["action_transition", "transition_timestamp"],
      by: [`action:${entity.name}.${t.name}`, `field:${entity.name}.${stamp.name}`],
      status: "implemented",
      clause: at,
      prove: (s) =>
        proveAction(s, s.actions!.find((a) => a.entity === entity.name && a.name === t.name)!),
    });
    if (t.name === "publish") publishedOnly(draft, entity);
    if (t.name === "close" || t.name === "complete" || t.name === "approve") {
      openView(draft, entity, t);
    }
  }
}

/** The entity's state field, made of the given states (merged with one it has). */
function stateField(entity: DraftEntity, states: string[]): string {
  const existing = entity.fields.find((f) => f.name === "status");
  if (existing !== undefined) {
    const values = [...new Set([...(existing.values ?? []), ...states])];
    existing.type = "enum";
    existing.values = states[0] !== undefined && values[0] !== states[0]
      ? [states[0], ...values.filter((v) => v !== states[0])]
      : values;
    existing.required = false;
    existing.computed = { kind: "state" };
    return existing.name;
  }
  addField(entity, {
    name: "status",
    type: "enum",
    required: false,
    values: states,
    computed: { kind: "state" },
  });
  return "status";
}

/** Drafts are seen by their owner only, until published. */
function publishedOnly(draft: Draft, entity: DraftEntity): void {
  if (!draft.auth) {
    draft.auth = true;
  }
  entity.access = "owner_write";
  entity.publicWhere = [{ field: "status", op: "eq", value: "published" }];
  entity.order ??= { field: "published_at", direction: "desc" };
  const at = clauseMatching(draft, /\b(public|only published|drafts?|newest first)\b/i);
  require(draft, {
    text: at >= 0
      ? sentence(draft.parsed.clauses[at]!.text)
      : `Only published ${entity.labelPlural} are listed publicly, newest first`,
    kinds: ["view_filtered", "view_order"],
    by: [`entity:${entity.name}.publicWhere`],
    status: "implemented",
    ...(at >= 0 ? { clause: at } : {}),
    prove: (s) => provePublished(s, entity.name),
  });
}

function provePublished(spec: import("../../../core/spec.ts").Spec, name: string) {
  const entity = spec.entities.find((e) => e.name === name)!;
  const path = `/api/${entity.plural}`;
  const create = createSteps(spec, name, "post", { as: "alice" });
  return [{
    name: "a draft is seen only by its author until published",
    actors: { alice: {}, bob: {} },
    steps: [
      ...create,
      {
        as: "anonymous",
        method: "GET" as const,
        path: `${path}?limit=500`,
        status: 200,
        expect: { $lacks: { id: "{post}" } },
      },
      { as: "bob", method: "GET" as const, path: `${path}/{post}`, status: 404 },
      {
        method: "POST" as const,
        path: `${path}/{post}/publish`,
        status: 200,
        expect: { status: "published", published_at: { $type: "string" } },
      },
      {
        as: "anonymous",
        method: "GET" as const,
        path: `${path}?limit=500`,
        status: 200,
        expect: { $has: { id: "{post}" } },
      },
    ],
  }];
}

/** "A list of the tickets that are still open": a filter view. */
function openView(draft: Draft, entity: DraftEntity, t: Transition): void {
  const at = clauseMatching(
    draft,
    /\b(still open|open (tickets?|requests?|items?|orders?|jobs?|tasks?|repairs?|issues?)|not (yet )?(done|closed|finished|approved)|unfinished|pending|to ?do|only the tasks)\b/i,
  );
  if (at < 0) return;
  const where = t.states !== undefined
    ? [{ field: "status", op: "ne" as const, value: t.to! }]
    : [{ field: t.stamp, op: "is_null" as const }];
  const name = t.states !== undefined ? (t.to === "approved" ? "pending" : "open") : "not_done";
  if (draft.views.some((v) => v.name === name)) return;
  const view = {
    name,
    kind: "filter" as const,
    entity: entity.name,
    label: `${
      name === "not_done" ? "Not done" : name === "pending" ? "Pending" : "Open"
    } ${entity.labelPlural}`,
    where,
  };
  draft.views.push(view);
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["view_filtered"],
    by: [`view:${entity.name}.${name}`],
    status: "implemented",
    clause: at,
    prove: (s) => proveView(s, view),
  });
}

// ─── Moving and reordering ──────────────────────────────────────────────────

const MOVE =
  /\b(move[sd]?|moving|drag\w*|reassign\w*|give (a|the) \w+ to (a )?different|to a different|another column|between columns)\b/i;
const REORDER =
  /\b(reorder\w*|re-order\w*|order matters|up (or|and) down|change (a|its) \w+'?s? position|position|rearrang\w*|in (a|the) chosen order|in the order i choose)\b/i;

function readMoves(draft: Draft): void {
  const at = clauseMatching(draft, MOVE);
  if (at >= 0) {
    const entity = entityOf(draft, at, (e) => !e.person && e.relations.length > 0) ??
      entityOf(draft, at, (e) => !e.person);
    const target = entity?.relations.find((r) => !["owner_id"].includes(r.field));
    if (entity !== undefined && target !== undefined) {
      const action = addAction(draft, {
        name: "move",
        entity: entity.name,
        kind: "move",
        label: /kid|child|person|member/.test(target.target.toLowerCase()) ? "Reassign" : "Move",
        fields: [target.field],
        ...(draft.roles.some((r) => r.staff)
          ? { roles: draft.roles.filter((r) => r.staff).map((r) => r.name) }
          : {}),
      });
      require(draft, {
        text: sentence(draft.parsed.clauses[at]!.text),
        kinds: ["action_move"],
        by: [`action:${entity.name}.move`],
        status: "implemented",
        clause: at,
        prove: (s) => proveAction(s, action),
      });
    }
  }
  const re = clauseMatching(draft, REORDER);
  if (re < 0) return;
  const entity = entityOf(draft, re, (e) => !e.person && e.relations.length > 0) ??
    entityOf(draft, re, (e) => !e.person);
  if (entity === undefined) return;
  const position = addField(entity, {
    name: "position",
    type: "integer",
    required: false,
    min: 0,
    max: 100_000,
  });
  entity.order = { field: position.name, direction: "asc" };
  const within = entity.relations[0]?.field;
  for (const direction of ["up", "down"] as const) {
    const action = addAction(draft, {
      name: direction,
      entity: entity.name,
      kind: "swap",
      label: direction === "up" ? "Up" : "Down",
      field: position.name,
      direction,
      ...(within ? { within } : {}),
    });
    if (direction === "up") {
      require(draft, {
        text: sentence(draft.parsed.clauses[re]!.text),
        kinds: ["action_move", "view_order"],
        by: [
          `action:${entity.name}.up`,
          `action:${entity.name}.down`,
          `field:${entity.name}.position`,
        ],
        status: "implemented",
        clause: re,
        prove: (s) => [...proveAction(s, action), ...proveOrder(s, entity.name)],
      });
    }
  }
}

/** Kanban boards: cards in columns. */
function readBoard(draft: Draft): void {
  if (!says(draft, /\b(kanban|columns?|board)\b/i) || !says(draft, /\bcards?\b|\bcolumns?\b/i)) {
    return;
  }
  const card = draft.entities.find((e) => /^(card|task|video|issue)$/.test(e.label));
  const column = draft.entities.find((e) => /^column$/.test(e.label));
  if (card === undefined || column === undefined) return;
  relate(card, column, { field: `${snakeCase(column.name)}_id` });
  addField(column, { name: "position", type: "integer", required: false, min: 0, max: 1000 });
  column.order = { field: "position", direction: "asc" };
}

/** The workflow frames, in order. */
export const WORKFLOW_FRAMES: readonly Frame[] = [
  { name: "stages", read: readStages },
  { name: "board", read: readBoard },
  { name: "transitions", read: readTransitions },
  { name: "moves", read: readMoves },
  { name: "take_one", read: readTakeOne },
];

/** Buttons the prompt names, read after every other frame made its own. */
export const BUTTON_FRAMES: readonly Frame[] = [
  { name: "buttons", before: blockButtonWords, read: readButtons },
];
