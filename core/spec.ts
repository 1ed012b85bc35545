/**
 * The app specification the planner writes and every other agent reads.
 *
 * A `Spec` is plain JSON: entities with typed fields and relations, the REST
 * endpoints of the backend, and the pages of the frontend with the endpoints
 * each page calls. The executors render code from it and the validator checks
 * the code against it, so every name in it is already in the form the code uses.
 *
 * @module
 */
import { z } from "zod";
import { behaviourProblems } from "./behaviour_problems.ts";
import {
  ActionSchema,
  ComputedSchema,
  ConditionSchema,
  LinkSchema,
  OrderSchema,
  PermissionsSchema,
  RedirectSchema,
  RequirementSchema,
  RoleSchema,
  RuleSchema,
  ViewSchema,
} from "./behaviours.ts";

/** The field types a generated app supports, in both Pydantic and TypeScript. */
export const FIELD_TYPES = [
  "string",
  "text",
  "integer",
  "number",
  "boolean",
  "date",
  "datetime",
  "email",
  "url",
  "image",
  "enum",
] as const;

/** One of {@link FIELD_TYPES}. */
export type FieldType = typeof FIELD_TYPES[number];

const snakeName = z.string().regex(
  /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/,
  "must be snake_case, starting with a letter",
);
const pascalName = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, "must be PascalCase");

/** Field names the generated code reserves for itself. */
export const RESERVED_FIELD_NAMES: readonly string[] = [
  "id",
  "created_at",
  "updated_at",
  "owner_id",
];

/** A typed attribute of an entity. `id`, `created_at`, `updated_at` are implicit. */
export const FieldSchema = z.object({
  name: snakeName.refine((n) => !RESERVED_FIELD_NAMES.includes(n), {
    message: "is reserved by the generated code",
  }),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  /** Allowed values, only for `enum` fields; the first is the default. */
  values: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1).optional(),
  /** Inclusive bounds for `integer` and `number` fields. */
  min: z.number().optional(),
  max: z.number().optional(),
  description: z.string().max(200).optional(),
  /** No two rows may share this field's value (409 on a duplicate). */
  unique: z.boolean().optional(),
  /** Set by the server, never accepted from a client (see `behaviours.ts`). */
  computed: ComputedSchema.optional(),
}).refine((f) => (f.type === "enum") === (f.values !== undefined), {
  message: "enum fields need values, and only enum fields may have them",
});

/** A typed attribute of an entity. */
export type Field = z.infer<typeof FieldSchema>;

/**
 * A many-to-one link: each row of the entity points at one row of `target`
 * through the integer column `field` (for example `post_id`).
 */
export const RelationSchema = z.object({
  target: pascalName,
  field: snakeName.regex(/_id$/, "must end in _id"),
  required: z.boolean(),
});

/** A many-to-one link between entities. */
export type Relation = z.infer<typeof RelationSchema>;

/** Access modes of an entity; see {@link EntitySchema}. */
export const ENTITY_ACCESS = ["public", "owner_write", "private"] as const;

/** A resource of the app, stored in its own SQLite table. */
export const EntitySchema = z.object({
  /** PascalCase singular, e.g. `BlogPost`. */
  name: pascalName,
  /** snake_case plural, used for tables and URL paths, e.g. `blog_posts`. */
  plural: snakeName,
  /** Human-readable singular and plural labels, e.g. "blog post" / "blog posts". */
  label: z.string().min(1),
  labelPlural: z.string().min(1),
  description: z.string().max(300),
  /** The field shown as the row's title in lists; must name a field of `fields`. */
  display: snakeName,
  fields: z.array(FieldSchema).min(1),
  relations: z.array(RelationSchema),
  /**
   * Who may do what, when the app has auth: `public` needs no sign-in;
   * `owner_write` lets anyone read, signed-in users create, and only the owner
   * change or delete; `private` rows are seen and changed by their owner only.
   * Apps without auth use `public` for every entity.
   */
  access: z.enum(ENTITY_ACCESS),
  /** Many-to-many links to other entities (tags, members, players). */
  links: z.array(LinkSchema).max(6).optional(),
  /** The default order of its lists (default: newest first). */
  order: OrderSchema.optional(),
  /** Text fields `?q=` searches (case-insensitive substring). */
  search: z.array(snakeName).max(8).optional(),
  /** Fields its list endpoint filters on by equality (`?status=open`), besides relations. */
  filters: z.array(snakeName).max(8).optional(),
  /**
   * Rows matching these conditions are seen by everyone; the others only by
   * their owner and staff roles (drafts until published).
   */
  publicWhere: z.array(ConditionSchema).max(4).optional(),
  /** Who may write its rows, by role. */
  permissions: PermissionsSchema.optional(),
});

/** A resource of the app. */
export type Entity = z.infer<typeof EntitySchema>;

/** HTTP methods used by the generated API. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "DELETE"] as const;

/** One of {@link HTTP_METHODS}. */
export type HttpMethod = typeof HTTP_METHODS[number];

/** What an endpoint does; CRUD actions are tied to an entity. */
export const ENDPOINT_ACTIONS = [
  "list",
  "create",
  "get",
  "update",
  "delete",
  "register",
  "login",
  "me",
  "logout",
  "stats",
  "action",
  "view",
  "redirect",
  "settle",
] as const;

/** An HTTP route of the backend. */
export const EndpointSchema = z.object({
  /** Stable id, `<METHOD> <path>`, which pages use to refer to it. */
  id: z.string(),
  method: z.enum(HTTP_METHODS),
  /** Path with FastAPI-style parameters, e.g. `/api/posts/{id}`; redirects: `/<prefix>/{code}`. */
  path: z.string().regex(
    /^(\/api(\/[a-z0-9_{}]+)*|\/[a-z0-9_]+\/\{[a-z0-9_]+\})$/,
    "must start with /api (or be a redirect /<prefix>/{code}) and use snake_case",
  ),
  action: z.enum(ENDPOINT_ACTIONS),
  entity: pascalName.optional(),
  /** The action or view it serves, by name. */
  behaviour: snakeName.optional(),
  /** Roles that may call it; absent: anyone its `auth` admits. */
  roles: z.array(snakeName).max(10).optional(),
  /** True when the endpoint needs `Authorization: Bearer <token>`. */
  auth: z.boolean(),
  summary: z.string(),
  /** Status code on success. */
  status: z.number().int().min(200).max(399),
});

/** An HTTP route of the backend. */
export type Endpoint = z.infer<typeof EndpointSchema>;

/** The kinds of page the frontend renders. */
export const PAGE_KINDS = ["home", "list", "detail", "login", "register", "view"] as const;

/** A route of the frontend and the endpoints it calls. */
export const PageSchema = z.object({
  /** Next.js App Router route, e.g. `/posts` or `/posts/[id]`. */
  route: z.string().regex(/^\/([a-z0-9_-]+|\[id\])?(\/([a-z0-9_-]+|\[id\]))*$/),
  title: z.string(),
  kind: z.enum(PAGE_KINDS),
  entity: pascalName.optional(),
  /** The view a `view` page shows, by name. */
  view: snakeName.optional(),
  /** Ids of the endpoints the page calls. */
  endpoints: z.array(z.string()),
});

/** A route of the frontend. */
export type Page = z.infer<typeof PageSchema>;

/** The whole app specification. */
export const SpecSchema = z.object({
  /** snake_case app name, used for package names and the database file. */
  name: snakeName,
  title: z.string().min(1).max(80),
  summary: z.string().max(600),
  /** Ids of the library patterns the spec drew on (empty when none fit). */
  patterns: z.array(z.string()),
  auth: z.boolean(),
  entities: z.array(EntitySchema).min(1),
  endpoints: z.array(EndpointSchema).min(1),
  pages: z.array(PageSchema).min(1),
  /** Kinds of user (auth apps); the first is what everyone signs up as. */
  roles: z.array(RoleSchema).max(6).optional(),
  actions: z.array(ActionSchema).max(40).optional(),
  rules: z.array(RuleSchema).max(40).optional(),
  views: z.array(ViewSchema).max(20).optional(),
  redirects: z.array(RedirectSchema).max(4).optional(),
  /** What the user asked for, each traced to what implements it and proven by scenarios. */
  requirements: z.array(RequirementSchema).max(40).optional(),
});

/** The whole app specification. */
export type Spec = z.infer<typeof SpecSchema>;

/**
 * Checks what the schema alone cannot: names are unique, relations point at
 * entities of the spec, pages name endpoints that exist, display fields exist.
 *
 * @param spec A spec that already parsed with {@link SpecSchema}.
 * @returns One message per problem; empty when the spec is consistent.
 * @example
 * ```ts
 * import { specProblems } from "./spec.ts";
 * import { planOffline } from "../generator/plan/plan.ts";
 * const spec = planOffline({ prompt: "a todo list", hits: [], library: [] });
 * if (specProblems(spec).length !== 0) throw new Error("inconsistent spec");
 * ```
 */
export function specProblems(spec: Spec): string[] {
  const problems: string[] = [];
  const entityNames = new Set<string>();
  const plurals = new Set<string>();
  for (const entity of spec.entities) {
    if (entityNames.has(entity.name)) problems.push(`Entity "${entity.name}" is defined twice`);
    if (plurals.has(entity.plural)) problems.push(`Plural "${entity.plural}" is used twice`);
    entityNames.add(entity.name);
    plurals.add(entity.plural);
  }
  for (const entity of spec.entities) {
    if (entity.access !== "public" && !spec.auth) {
      problems.push(`Entity "${entity.name}": access "${entity.access}" needs auth in the spec`);
    }
    const columns = new Set<string>();
    for (const field of entity.fields) {
      if (columns.has(field.name)) {
        problems.push(`Entity "${entity.name}": field "${field.name}" is defined twice`);
      }
      columns.add(field.name);
    }
    if (!entity.fields.some((f) => f.name === entity.display)) {
      problems.push(`Entity "${entity.name}": display field "${entity.display}" is not a field`);
    }
    for (const relation of entity.relations) {
      if (!entityNames.has(relation.target)) {
        problems.push(
          `Entity "${entity.name}": relation "${relation.field}" points at unknown entity "${relation.target}"`,
        );
      }
      if (columns.has(relation.field)) {
        problems.push(`Entity "${entity.name}": column "${relation.field}" is defined twice`);
      }
      columns.add(relation.field);
    }
  }
  const endpointIds = new Set<string>();
  for (const endpoint of spec.endpoints) {
    if (endpoint.id !== endpointId(endpoint.method, endpoint.path)) {
      problems.push(`Endpoint "${endpoint.id}": id must be "${endpoint.method} ${endpoint.path}"`);
    }
    if (endpointIds.has(endpoint.id)) problems.push(`Endpoint "${endpoint.id}" is defined twice`);
    endpointIds.add(endpoint.id);
    if (endpoint.entity !== undefined && !entityNames.has(endpoint.entity)) {
      problems.push(`Endpoint "${endpoint.id}": unknown entity "${endpoint.entity}"`);
    }
  }
  const routes = new Set<string>();
  for (const page of spec.pages) {
    if (routes.has(page.route)) problems.push(`Page "${page.route}" is defined twice`);
    routes.add(page.route);
    for (const id of page.endpoints) {
      if (!endpointIds.has(id)) problems.push(`Page "${page.route}": unknown endpoint "${id}"`);
    }
    if (page.entity !== undefined && !entityNames.has(page.entity)) {
      problems.push(`Page "${page.route}": unknown entity "${page.entity}"`);
    }
  }
  problems.push(...behaviourProblems(spec));
  return problems;
}

/**
 * The stable id of an endpoint.
 *
 * @param method The HTTP method.
 * @param path The FastAPI-style path.
 * @returns `"<METHOD> <path>"`.
 * @example
 * ```ts
 * import { endpointId } from "./spec.ts";
 * if (endpointId("GET", "/api/posts") !== "GET /api/posts") throw new Error();
 * ```
 */
export function endpointId(method: HttpMethod, path: string): string {
  return `${method} ${path}`;
}

/**
 * Finds an entity by name.
 *
 * @param spec The spec to look in.
 * @param name The entity's PascalCase name.
 * @returns The entity.
 * @throws {RangeError} When the spec has no such entity.
 */
export function entityByName(spec: Pick<Spec, "entities">, name: string): Entity {
  const entity = spec.entities.find((e) => e.name === name);
  if (entity === undefined) throw new RangeError(`Cannot find entity "${name}": not in the spec`);
  return entity;
}

/**
 * The entities that point at `entity` through a relation (its children).
 *
 * @param spec The spec to look in.
 * @param entity The parent entity.
 * @returns Each child entity with the relation that links it.
 */
export function childrenOf(
  spec: Spec,
  entity: Entity,
): { child: Entity; relation: Relation }[] {
  const out: { child: Entity; relation: Relation }[] = [];
  for (const child of spec.entities) {
    for (const relation of child.relations) {
      if (relation.target === entity.name) out.push({ child, relation });
    }
  }
  return out;
}
