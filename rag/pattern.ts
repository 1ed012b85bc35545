/**
 * The shape of an app pattern: one JSON file of `rag/patterns/` describing a
 * kind of app (a blog, a shop, a booking system...) the way a senior engineer
 * would sketch it: its entities in `Spec` form, pages, endpoints and the
 * gotchas worth knowing. The planner retrieves similar patterns and builds its
 * spec from them.
 *
 * @module
 */
import { z } from "zod";
import { EntitySchema, FieldSchema, RelationSchema } from "../core/spec.ts";

/**
 * An entity of a pattern: an {@link EntitySchema} entity plus how the planner
 * picks it.
 *
 * Rule for relations (checked by `patternProblems()`): the planner keeps every
 * `core` entity and adds a non-core one only when the user mentions it, so a
 * core entity's relation to a non-core entity must be optional
 * (`required: false`). Dropping non-core entities then never leaves a required
 * relation pointing at nothing; optional ones are simply dropped with them.
 * Non-core entities may require each other (a `PostTag` join needs its `Tag`):
 * the planner adds such a group together.
 *
 * As in a spec, `access` other than `"public"` needs a pattern with `auth`.
 */
export const PatternEntitySchema = EntitySchema.extend({
  // Strict, so a misspelt key in a data file fails instead of vanishing.
  fields: z.array(FieldSchema.strict()).min(1),
  relations: z.array(RelationSchema.strict()),
  /** True when every app of this kind has it; false when only asked-for apps do. */
  core: z.boolean(),
  /**
   * Lower-case singular words a user may use for it, e.g. `["post", "article"]`;
   * they decide whether a non-core entity was mentioned, and weigh most in search.
   */
  aliases: z.array(
    z.string().regex(/^[a-z][a-z0-9]*( [a-z0-9]+)*$/, "must be lower-case words"),
  ).min(1),
}).strict();

/** An entity of a pattern. */
export type PatternEntity = z.infer<typeof PatternEntitySchema>;

/** A line of `pages`: route, an em dash, what the page shows. */
const PAGE_LINE = /^\/\S* — \S.*$/;
/** A line of `endpoints`: method, path (query allowed), an em dash, what it does. */
const ENDPOINT_LINE = /^(GET|POST|PUT|DELETE) \/api\/\S* — \S.*$/;

/** One app pattern, as stored in `rag/patterns/<id>.json`. */
export const PatternSchema = z.object({
  /** kebab-case or snake_case; the file is named after it. */
  id: z.string().regex(/^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/, "must be kebab-case or snake_case"),
  title: z.string().min(1).max(80),
  description: z.string().min(1).max(600),
  /** Words and phrases a user may use for this kind of app. */
  keywords: z.array(z.string().min(1).max(40)).min(1),
  /** True when this kind of app implies signing in. */
  auth: z.boolean(),
  /** In dependency order: a relation's target comes before the entity. */
  entities: z.array(PatternEntitySchema).min(1).max(8),
  /** e.g. `"/posts — list of posts with a create form"`. */
  pages: z.array(z.string().regex(PAGE_LINE, 'must read "/route — what it shows"')).min(1),
  /** e.g. `"GET /api/posts?author_id= — list posts"`. */
  endpoints: z.array(
    z.string().regex(ENDPOINT_LINE, 'must read "METHOD /api/path — what it does"'),
  ).min(1),
  /** Short notes for a developer or model: gotchas, indexes, validation. */
  notes: z.array(z.string().min(1).max(320)).min(1).max(8),
}).strict();

/** One app pattern; its entities are `Spec` entities plus `core` and `aliases`. */
export type Pattern = z.infer<typeof PatternSchema>;
