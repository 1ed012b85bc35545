/**
 * Frames for values the server works out: short links that redirect and
 * count their clicks, generated codes and slugs, pictures from image URLs,
 * and figures computed from child rows (totals, counts, averages, progress
 * percentages, what is left).
 *
 * @module
 */
import type { Computed } from "../../../core/behaviours.ts";
import type { Field } from "../../../core/spec.ts";
import { snakeCase } from "../../../core/words.ts";
import {
  addField,
  type Draft,
  type DraftEntity,
  ensureEntity,
  require,
  sentence,
} from "../draft.ts";
import { proveRedirect } from "../proofs.ts";
import { collectionPath, createSteps, itemPath, scenario } from "../scenarios.ts";
import { clauseMatching, entityOf, mainEntity } from "./_context.ts";
import type { Frame } from "./mod.ts";

// ─── Short links and codes ──────────────────────────────────────────────────

const SHORT =
  /\b(short(en(er|ed|ing)?)? (links?|urls?|codes?)|link shortener|url shortener|redirect\w*|link[- ]in[- ]bio|qr codes?|goes? through the app|scan\w*)\b/i;

function readShortLinks(draft: Draft): void {
  const at = clauseMatching(draft, SHORT);
  if (at < 0 || draft.redirects.length > 0) return;
  const text = draft.parsed.text.toLowerCase();
  // "each item gets a short code": the item's own code, not a link to shorten.
  const owner = entityOf(draft, at, (e) => !e.person && !/^(link|url|short link)$/.test(e.label));
  if (
    /\bshort codes?\b/i.test(draft.parsed.clauses[at]!.text) &&
    !/\b(links?|urls?|shorten\w*|redirect\w*)\b/.test(
      text.replace(/\b(photo|image|picture|cover|logo) (url|link)s?\b/g, ""),
    ) && owner !== undefined
  ) {
    addField(owner, {
      name: "code",
      type: "string",
      required: false,
      unique: true,
      computed: { kind: "code", length: 7 },
    });
    require(draft, {
      text: sentence(draft.parsed.clauses[at]!.text),
      kinds: ["generated_value"],
      by: [`field:${owner.name}.code`],
      status: "implemented",
      clause: at,
      prove: (s) => proveCode(s, owner.name, "code"),
    });
    return;
  }
  const existing = draft.entities.find((e) => /^(link|url|exhibit|short link)$/.test(e.label));
  const target = existing ??
    (/exhibit/.test(text)
      ? ensureEntity(draft, ["exhibit"], { clause: at })
      : ensureEntity(draft, ["link"], { clause: at }));
  addField(target, { name: "url", type: "url", required: true });
  target.fields = target.fields.filter((f) =>
    f.name !== "image_url" || /photo|picture|image/.test(text)
  );
  addField(target, {
    name: "code",
    type: "string",
    required: false,
    unique: true,
    computed: { kind: "code", length: 7 },
  });
  const counted = /\b(count\w*|clicks?|scans?|how many times|visits?)\b/.test(text);
  const counter = counted
    ? addField(target, {
      name: /scan/.test(text) ? "scans" : "clicks",
      type: "integer",
      required: false,
      computed: { kind: "counter" },
    })
    : undefined;
  draft.redirects.push({
    entity: target.name,
    prefix: "r",
    code: "code",
    target: "url",
    ...(counter ? { counter: counter.name } : {}),
  });
  if (
    target.display === "name" &&
    !target.fields.some((f) => f.name === "name" && f.computed === undefined)
  ) {
    target.display = "url";
  }
  const code = clauseMatching(draft, /\b(short code|code|generated|gets a)\b/i);
  require(draft, {
    text: code >= 0
      ? sentence(draft.parsed.clauses[code]!.text)
      : `Each ${target.label} gets a short code made by the app`,
    kinds: ["generated_value"],
    by: [`field:${target.name}.code`],
    status: "implemented",
    ...(code >= 0 && code !== at ? { clause: code } : {}),
    prove: (s) => proveCode(s, target.name, "code"),
  });
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: counter ? ["redirect", "counter"] : ["redirect"],
    by: [`redirect:${target.name}`, ...(counter ? [`field:${target.name}.${counter.name}`] : [])],
    status: "implemented",
    clause: at,
    prove: (s) => proveRedirect(s, s.redirects!.find((r) => r.entity === target.name)!),
  });
}

const CODES: readonly { test: RegExp; field: string; kind: "code" | "slug"; on?: RegExp }[] = [
  { test: /\bslugs?\b/i, field: "slug", kind: "slug" },
  { test: /\border numbers?\b/i, field: "order_number", kind: "code", on: /\border/i },
  { test: /\bticket (codes?|numbers?)\b/i, field: "ticket_code", kind: "code" },
  { test: /\binvite codes?\b/i, field: "code", kind: "code" },
  {
    test: /\b(confirmation|booking|reference) (codes?|numbers?)\b/i,
    field: "reference",
    kind: "code",
  },
];

/** "each order gets a short pickup number like A17", "every member is given a unique member code". */
const GETS_CODE =
  /\b(?:gets?|is given|are given|given|assigned|receives?) an? (?:short |unique |random |new )?(?:([a-z]+) )?(number|code|id)\b/i;

function readCodes(draft: Draft): void {
  const gets = clauseMatching(draft, GETS_CODE);
  const named = gets < 0 ? undefined : draft.parsed.clauses[gets]!.text.match(GETS_CODE)!;
  const codes = named === undefined || CODES.some((c) => c.test.test(named[0]))
    ? CODES
    : [...CODES, {
      test: GETS_CODE,
      field: snakeCase(`${named[1] ?? ""} ${named[2]!.toLowerCase()}`).replace(/^_+/, "") ||
        "code",
      kind: "code" as const,
    }];
  for (const c of codes) {
    const at = clauseMatching(draft, c.test);
    if (at < 0) continue;
    // "Everyone gets a bib number": the people the app keeps get it.
    const everyone = /^\s*(everyone|everybody|each person|every person|each one)\b/i.test(
        draft.parsed.clauses[at]!.text,
      )
      ? draft.entities.find((e) => e.person) ??
        draft.entities.find((e) => e.label !== c.field.split("_")[0])
      : undefined;
    const entity = everyone ?? (c.field === "code"
      ? draft.entities.find((e) => /code|invite/.test(e.label))
      : undefined) ??
      (c.on ? draft.entities.find((e) => c.on!.test(e.label)) : undefined) ??
      entityOf(draft, at, (e) => !e.person) ?? mainEntity(draft);
    if (entity === undefined || entity.fields.some((f) => f.computed?.kind === c.kind)) continue;
    const from = entity.fields.find((f) => f.name === "title") ??
      entity.fields.find((f) => f.type === "string" && f.computed === undefined);
    entity.fields = entity.fields.filter((f) => f.name !== c.field);
    addField(entity, {
      name: c.field,
      type: "string",
      required: false,
      unique: true,
      computed: c.kind === "slug" && from
        ? { kind: "slug", from: from.name }
        : { kind: "code", length: 8 },
    });
    if (entity.display === c.field) entity.display = from?.name ?? "name";
    // "a short pickup number": no table of pickups.
    const modifier = c.field.split("_").length === 2 ? c.field.split("_")[0] : undefined;
    draft.entities = draft.entities.filter((e) =>
      e === entity || e.label !== modifier || e.clauses.some((i) => i !== at) ||
      draft.entities.some((o) => o.relations.some((r) => r.target === e.name))
    );
    require(draft, {
      text: sentence(draft.parsed.clauses[at]!.text),
      kinds: ["generated_value"],
      by: [`field:${entity.name}.${c.field}`],
      status: "implemented",
      clause: at,
      prove: (s) => proveCode(s, entity.name, c.field),
    });
  }
}

/** A generated code or slug is set by the server, unique, and never taken from a client. */
function proveCode(spec: import("../../../core/spec.ts").Spec, entity: string, field: string) {
  return [scenario(spec, `the server makes each ${field.replace(/_/g, " ")}`, [
    ...createSteps(spec, entity, "one"),
    ...createSteps(spec, entity, "two", { variant: 1 }),
    {
      method: "GET",
      path: itemPath(spec, entity, "one"),
      status: 200,
      expect: { [field]: { $type: "string" } },
      save: { first: field },
    },
    {
      method: "GET",
      path: itemPath(spec, entity, "two"),
      status: 200,
      expect: { [field]: { $ne: "{first}" } },
    },
  ])];
}

// ─── Pictures ───────────────────────────────────────────────────────────────

const PICTURE =
  /\b(photos?|pictures?|images?|pics|avatars?|logos?|label photos?|profile photos?)\b/i;

function readPictures(draft: Draft): void {
  const at = clauseMatching(draft, PICTURE);
  if (at < 0) return;
  const text = draft.parsed.clauses[at]!.text;
  // "a photo gallery": photos are the things; "products with photos": a field.
  const photo = draft.entities.find((e) => /^(photo|picture|image|pic)$/.test(e.label));
  const owner = photo ?? entityOf(draft, at, (e) => !/^(photo|picture|image)$/.test(e.label)) ??
    mainEntity(draft);
  if (owner === undefined) return;
  const existing = owner.fields.find((f) =>
    (f.type === "url" || f.type === "image") && /image|photo|picture|cover|logo/.test(f.name)
  );
  if (existing !== undefined) existing.type = "image";
  const field = existing ??
    addField(owner, {
      name: "image_url",
      type: "image",
      required: photo !== undefined,
      description: "A picture's URL, shown as an image",
    });
  field.type = "image";
  require(draft, {
    text: sentence(text),
    kinds: ["image"],
    by: [`field:${owner.name}.${field.name}`],
    status: "implemented",
    clause: at,
    prove: (s) => [scenario(s, `a ${owner.label} keeps its picture's URL`, [
      ...createSteps(s, owner.name, "row", {
        set: { [field.name]: "https://picsum.photos/seed/{run}/400/300" },
      }),
      {
        method: "GET",
        path: itemPath(s, owner.name, "row"),
        status: 200,
        expect: { [field.name]: "https://picsum.photos/seed/{run}/400/300" },
      },
    ])],
  });
}

// ─── Figures over child rows ────────────────────────────────────────────────

/** Computes `measure` over the rows of `child` that point at `parent`. */
function aggregate(
  parent: DraftEntity,
  child: DraftEntity,
  op: "count" | "sum" | "avg" | "max",
  field?: string,
): Computed {
  const via = child.relations.find((r) => r.target === parent.name)!.field;
  return { kind: "aggregate", op, entity: child.name, via, ...(field ? { field } : {}) };
}

const NUMERIC = (f: Field) =>
  (f.type === "integer" || f.type === "number") && f.computed === undefined;

/** Quantities a total or an average is of, each as the field a row keeps. */
const QUANTITIES: Record<string, Field> = {
  pages: { name: "pages", type: "integer", required: true, min: 0 },
  minutes: { name: "minutes", type: "integer", required: true, min: 0 },
  hours: { name: "hours", type: "number", required: true, min: 0 },
  km: { name: "km", type: "number", required: true, min: 0 },
  miles: { name: "miles", type: "number", required: true, min: 0 },
  calories: { name: "calories", type: "integer", required: true, min: 0 },
  steps: { name: "steps", type: "integer", required: true, min: 0 },
  points: { name: "points", type: "integer", required: true, min: 0 },
  score: { name: "score", type: "number", required: true, min: 0 },
  weight: { name: "weight", type: "number", required: true, min: 0 },
  rating: { name: "rating", type: "integer", required: true, min: 1, max: 5 },
  stars: { name: "stars", type: "integer", required: true, min: 1, max: 5 },
  grade: { name: "grade", type: "number", required: true, min: 0, max: 100 },
  amount: { name: "amount", type: "number", required: true, min: 0 },
};

/** Asks for money: "how much I spent", "what we pay", "total revenue". */
export const MONEY_ASK =
  /\bhow much (?:(?:i|we|you|they|he|she|people)\s+)?(?:spen[dt]|paid|pay|owe|earn(?:ed)?|cost|made)\b|\b(?:total|sum of)\s+(?:the\s+)?(?:revenue|income|sales|spending|earnings|takings)\b|\bspending\b/i;

/** The quantity a clause totals or averages: "total pages", "average rating", "minutes per day". */
function quantityIn(text: string): Field | undefined {
  // "how much I spent", "what we pay", "total revenue": money, kept as an amount or a price.
  if (MONEY_ASK.test(text)) return QUANTITIES.amount;
  const word = text.match(
    /\b(?:total|sum of|average|avg|mean|how much)\s+(?:of\s+)?(?:the\s+)?([a-z]+)|\b([a-z]+)\s+(?:per|each|a)\s+(?:day|week|month|year)\b/,
  );
  const found = (word?.[1] ?? word?.[2])?.replace(/s$/, "");
  if (found === undefined) return undefined;
  const key = Object.keys(QUANTITIES).find((k) => k.replace(/s$/, "") === found);
  return key === undefined ? undefined : QUANTITIES[key];
}

/** Whether a field holds a quantity: `pages`, `distance_km`, `weight_kg`. */
function namesQuantity(field: Field, quantity: Field): boolean {
  const q = quantity.name;
  if (q === "amount") return /(^|_)(amount|price|cost|total|fee|paid)(_|$)/.test(field.name);
  return field.name === q || field.name.startsWith(`${q}_`) || field.name.endsWith(`_${q}`);
}

/** "they earn points", "players score goals": what people collect, kept on each record. */
const EARN =
  /\b(?:earn|earns|earned|collect|collects|get|gets|score|scores)\s+(?:\w+\s+)?(points|stars|stamps|coins|credits|goals)\b/;

/**
 * "the kids earn points": each record says how many it is worth, and each
 * person shows the sum of theirs. Read once things are linked (the chores
 * a kid is given).
 *
 * @param draft The draft.
 */
export function readEarnings(draft: Draft): void {
  draft.parsed.clauses.forEach((clause, at) => {
    const word = clause.text.toLowerCase().match(EARN)?.[1];
    if (word === undefined) return;
    for (const person of draft.entities.filter((e) => e.person)) {
      const record = draft.entities.find((c) =>
        c.relations.some((r) => r.target === person.name) && !c.person
      );
      if (record === undefined || person.fields.some((f) => f.name === `total_${word}`)) continue;
      addField(record, { name: word, type: "integer", required: true, min: 0, max: 1_000_000 });
      const field = addField(person, {
        name: `total_${word}`,
        type: "integer",
        required: false,
        computed: aggregate(person, record, "sum", word),
      });
      require(draft, {
        text: sentence(clause.text),
        kinds: ["aggregate"],
        by: [`field:${person.name}.${field.name}`],
        status: "implemented",
        clause: at,
        prove: (s) => proveFigure(s, person.name, field.name),
      });
      return;
    }
  });
}

function readFigures(draft: Draft): void {
  draft.parsed.clauses.forEach((clause, at) => {
    if (draft.consumed.has(at)) return;
    const text = clause.text.toLowerCase();
    if (
      /\bper (day|week|month|year|category|project|person|player|team|client|kid)\b|\beach (day|week|month)\b|\bby (month|week|day|category)\b/
        .test(text)
    ) return;
    const total = /\b(total|sum|in all|altogether|how much)\b/.test(text);
    const average = /\b(average|avg|mean)\b/.test(text);
    const progress = /\b(progress|percent\w*|%)\b/.test(text);
    const count = /\bhow many\b|\bnumber of\b|\bcount\b/.test(text);
    if (!total && !average && !progress && !count) return;
    const owner = entityOf(draft, at, (e) =>
      !e.person && draft.entities.some((c) =>
        c.relations.some((r) =>
          r.target === e.name
        )
      )) ?? entityOf(draft, at);
    if (owner === undefined) {
      return;
    }
    const children = draft.entities.filter((c) =>
      c.relations.some((r) => r.target === owner.name)
    );
    // "total pages per book", "the average rating": the quantity each row keeps.
    const quantity = quantityIn(text);
    const child = (quantity === undefined
      ? undefined
      : children.find((c) => c.fields.some((f) => NUMERIC(f) && namesQuantity(f, quantity)))) ??
      children.find((c) => c.fields.some(NUMERIC)) ?? children[0];
    if (child === undefined) {
      // "how many subscribers there are": the home page's counts.
      if (count && !total && !average && !progress) requireCount(draft, owner, at);
      else if ((total || average) && quantity !== undefined) {
        require(draft, {
          text: sentence(clause.text),
          kinds: ["unsupported"],
          by: [],
          status: "not_implemented",
          reason: `the plan keeps no rows of ${
            quantity.name.replace(/_/g, " ")
          } per ${owner.label} to ${
            average ? "average" : "add up"
          }; a model provider may build it, or name what is recorded (e.g. "tastings with a rating")`,
          clause: at,
        });
      }
      return;
    }
    if (
      quantity !== undefined && !child.fields.some((f) => NUMERIC(f) && namesQuantity(f, quantity))
    ) {
      addField(child, { ...quantity });
    }
    // The owner's figure is computed from its rows now, never typed in as well.
    if (quantity !== undefined) {
      owner.fields = owner.fields.filter((f) =>
        f.name !== quantity.name || f.computed !== undefined || owner.display === f.name
      );
    }
    const amount = (quantity === undefined
      ? undefined
      : child.fields.find((f) =>
        NUMERIC(f) && namesQuantity(f, quantity)
      )) ??
      child.fields.find((f) => NUMERIC(f) && !/^(position|capacity)$/.test(f.name));
    let field: Field | undefined;
    if (progress && amount !== undefined) {
      const whole = owner.fields.find((f) =>
        NUMERIC(f) && (f.name === amount.name || /total|pages|goal|target/.test(f.name))
      );
      const done = addField(owner, {
        name: `${amount.name}_done`,
        type: "number",
        required: false,
        computed: aggregate(owner, child, "sum", amount.name),
      });
      if (whole !== undefined) {
        field = addField(owner, {
          name: "progress",
          type: "number",
          required: false,
          computed: { kind: "percent", part: done.name, whole: whole.name },
        });
      }
    } else if (average && amount !== undefined) {
      field = addField(owner, {
        name: `average_${amount.name}`,
        type: "number",
        required: false,
        computed: aggregate(owner, child, "avg", amount.name),
      });
    } else if (total && amount !== undefined) {
      field = addField(owner, {
        name: `total_${amount.name}`,
        type: amount.type,
        required: false,
        computed: aggregate(owner, child, "sum", amount.name),
      });
    } else if (count || total) {
      field = addField(owner, {
        name: `${snakeCase(child.name)}_count`,
        type: "integer",
        required: false,
        computed: aggregate(owner, child, "count"),
      });
    }
    if (field === undefined) return;
    const computed = field;
    require(draft, {
      text: sentence(clause.text),
      kinds: ["aggregate"],
      by: [`field:${owner.name}.${computed.name}`],
      status: "implemented",
      clause: at,
      prove: (s) => proveFigure(s, owner.name, computed.name),
    });
  });
}

/** "I can see how many X there are": the count on the home page, from `GET /api/stats`. */
function requireCount(draft: Draft, entity: DraftEntity, at: number): void {
  require(draft, {
    text: sentence(draft.parsed.clauses[at]!.text),
    kinds: ["aggregate"],
    by: ["endpoint:GET /api/stats", `entity:${entity.name}`],
    status: "implemented",
    clause: at,
    prove: (s) => {
      const e = s.entities.find((x) => x.name === entity.name)!;
      return [scenario(s, `the home page counts the ${e.labelPlural}`, [
        ...createSteps(s, e.name, "row"),
        { method: "GET", path: "/api/stats", status: 200, expect: { [e.plural]: { $gte: 1 } } },
      ])];
    },
  });
}

/** A computed figure moves when a child row is added. */
function proveFigure(spec: import("../../../core/spec.ts").Spec, parent: string, name: string) {
  const entity = spec.entities.find((e) => e.name === parent)!;
  const rule = entity.fields.find((f) => f.name === name)!.computed!;
  const agg = rule.kind === "aggregate"
    ? rule
    : rule.kind === "percent"
    ? entity.fields.find((f) => f.name === rule.part)?.computed
    : undefined;
  if (agg?.kind !== "aggregate") return [];
  const child = spec.entities.find((e) => e.name === agg.entity)!;
  const amount = agg.field === undefined
    ? undefined
    : child.fields.find((f) => f.name === agg.field);
  const set: Record<string, unknown> = amount ? { [amount.name]: 4 } : {};
  // An average over no rows is unknown, not 0.
  const before = rule.kind === "percent"
    ? { [rule.part]: 0 }
    : { [name]: agg.op === "avg" ? null : 0 };
  const after = rule.kind === "percent"
    ? { [rule.part]: 4 }
    : { [name]: agg.op === "count" ? 1 : 4 };
  const wholeSet = rule.kind === "percent" && typeof rule.whole === "string"
    ? { [rule.whole]: 8 }
    : {};
  const steps = [
    ...createSteps(spec, parent, "parent", { set: wholeSet }),
    { method: "GET" as const, path: itemPath(spec, parent, "parent"), status: 200, expect: before },
    ...createSteps(spec, child.name, "child", { parents: { [agg.via]: "{parent}" }, set }),
    {
      method: "GET" as const,
      path: itemPath(spec, parent, "parent"),
      status: 200,
      expect: rule.kind === "percent" && typeof rule.whole === "string"
        ? { ...after, [name]: 50 }
        : after,
    },
  ];
  void collectionPath;
  return [
    scenario(spec, `${name.replace(/_/g, " ")} is worked out from the ${child.labelPlural}`, steps),
  ];
}

/** The value frames, in order. */
export const VALUE_FRAMES: readonly Frame[] = [
  { name: "short_links", read: readShortLinks },
  { name: "codes", read: readCodes },
  { name: "pictures", read: readPictures },
  { name: "figures", read: readFigures },
];
