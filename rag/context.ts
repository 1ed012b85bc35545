/**
 * Renders retrieved patterns as the planner prompt's `{rag_context}` block:
 * compact text a model reads easily, within a character budget.
 *
 * @module
 */
import type { Field } from "../core/spec.ts";
import type { PatternEntity } from "./pattern.ts";
import type { PatternHit } from "./store.ts";

/** What the block says when no pattern matched. */
export const NO_PATTERNS_TEXT =
  "No similar patterns found in the library: design the spec from the request alone.";

const INTRO = [
  "Similar app patterns, most similar first. Reuse what fits the request and ignore the rest.",
  'Entities marked "core" belong in every app of that kind; "optional" ones only when the request asks for them.',
  'Fields read "name: type", "name?: type" when optional; [min..max] are inclusive bounds; relations are many-to-one.',
].join("\n");

function formatField(field: Field): string {
  const type = field.type === "enum" ? `enum(${field.values?.join("|") ?? ""})` : field.type;
  const bounds = field.min === undefined && field.max === undefined
    ? ""
    : `[${field.min ?? ""}..${field.max ?? ""}]`;
  return `${field.name}${field.required ? "" : "?"}: ${type}${bounds}`;
}

function formatEntity(entity: PatternEntity): string[] {
  const relations = entity.relations.map((r) =>
    `${r.field} → ${r.target}${r.required ? "" : " (optional)"}`
  );
  return [
    `- ${entity.name} (${
      entity.core ? "core" : "optional"
    }, ${entity.access}, table ${entity.plural}, display ${entity.display}): ${entity.description}`,
    `  aka: ${entity.aliases.join(", ")}`,
    `  fields: ${entity.fields.map(formatField).join(", ")}`,
    ...(relations.length === 0 ? [] : [`  relations: ${relations.join(", ")}`]),
  ];
}

function heading(hit: PatternHit, rank: number): string {
  const why = hit.matched.length === 0
    ? "matched by meaning"
    : `matched: ${hit.matched.join(", ")}`;
  return `### ${rank}. ${hit.pattern.title} (id: ${hit.pattern.id}; score ${
    round(hit.score)
  }; ${why})`;
}

function round(score: number): string {
  return String(Math.round(score * 100) / 100);
}

/** The whole description of a hit. */
function fullBlock(hit: PatternHit, rank: number): string {
  const p = hit.pattern;
  return [
    heading(hit, rank),
    p.description,
    `Sign-in: ${p.auth ? "yes (auth: true)" : "no (auth: false)"}`,
    "Entities:",
    ...p.entities.flatMap(formatEntity),
    "Pages:",
    ...p.pages.map((line) => `- ${line}`),
    "Endpoints:",
    ...p.endpoints.map((line) => `- ${line}`),
    "Notes:",
    ...p.notes.map((line) => `- ${line}`),
  ].join("\n");
}

/** A short description of a hit, for when the full one does not fit. */
function shortBlock(hit: PatternHit, rank: number): string {
  const p = hit.pattern;
  return [
    heading(hit, rank),
    p.description,
    `Sign-in: ${p.auth ? "yes" : "no"}. Entities: ${
      p.entities.map((e) =>
        `${e.name} (${e.core ? "core" : "optional"}: ${e.fields.map((f) => f.name).join(", ")})`
      ).join("; ")
    }`,
  ].join("\n");
}

/**
 * Renders search hits as the planner's `{rag_context}`.
 *
 * Each pattern is described whole: title, why it matched and its score, its
 * entities with typed fields and relations, pages, endpoints and notes. When
 * the next pattern does not fit in `maxChars`, a short form (description and
 * entity fields) is tried, then the rest are named in a closing line; text is
 * never cut inside a pattern.
 *
 * @param hits Search hits, best first.
 * @param maxChars The most characters to return; default 6000.
 * @returns The block; {@link NO_PATTERNS_TEXT} when `hits` is empty.
 * @throws {RangeError} When `maxChars` is not a positive integer.
 * @example
 * ```ts
 * import { createPatternStore } from "./store.ts";
 * import { formatRagContext } from "./context.ts";
 * const store = await createPatternStore();
 * const text = formatRagContext(await store.search("a blog with comments"), 4000);
 * if (!text.includes("id: blog") || text.length > 4000) throw new Error(text);
 * ```
 */
export function formatRagContext(hits: readonly PatternHit[], maxChars = 6000): string {
  if (!Number.isInteger(maxChars) || maxChars <= 0) {
    throw new RangeError(
      `Cannot format the RAG context in ${maxChars} characters: need a positive integer`,
    );
  }
  if (hits.length === 0) return NO_PATTERNS_TEXT.slice(0, maxChars);

  const parts = [INTRO];
  let length = INTRO.length;
  let shown = 0;
  for (const [i, hit] of hits.entries()) {
    const block = [fullBlock(hit, i + 1), shortBlock(hit, i + 1)]
      .find((b) => length + 2 + b.length <= maxChars);
    if (block === undefined) break;
    parts.push(block);
    length += 2 + block.length;
    shown++;
  }
  const rest = hits.slice(shown).map((h) => h.pattern.id);
  if (shown === 0) {
    return `Similar patterns exist but do not fit the limit: ${rest.join(", ")}.`.slice(
      0,
      maxChars,
    );
  }
  if (rest.length > 0) {
    const line = `(Left out to fit the limit: ${rest.join(", ")}.)`;
    if (length + 2 + line.length <= maxChars) parts.push(line);
  }
  return parts.join("\n\n");
}
