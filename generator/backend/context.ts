/**
 * What every backend file needs to know about a spec, derived once: Python
 * names per entity, the endpoint of each CRUD action, effective access and
 * the parents each relation checks. Shared by the backend renderer and the
 * feature modules (`../features/`).
 *
 * @module
 */
import type { Endpoint, Entity, Field, Relation, Spec } from "../../core/spec.ts";
import { entityByName, RESERVED_FIELD_NAMES } from "../../core/spec.ts";
import { authEndpoints } from "../../core/routes.ts";
import { capitalize, pascalCase, snakeCase } from "../../core/words.ts";
import { pyAttr } from "./python.ts";
import { type EntityBehaviour, entityBehaviour } from "./entity_behaviour.ts";
import type { Role } from "../../core/behaviours.ts";

/** The CRUD actions an entity router may serve. */
export type CrudAction = "list" | "create" | "get" | "update" | "delete";

/** Access as enforced: apps without auth treat every entity as public. */
export type Access = Entity["access"];

/** A field with its Python attribute name. */
export interface PyField {
  field: Field;
  /** The JSON and column name. */
  name: string;
  /** The Python attribute; differs from `name` only when aliased. */
  attr: string;
  /** The `Literal` alias naming an enum's values, e.g. `TodoPriority`. */
  enumType?: string;
}

/** A relation with what the parent check needs. */
export interface ParentLink {
  relation: Relation;
  parent: Entity;
  /** Capitalized singular label of the parent, for error messages. */
  parentLabel: string;
  /** True when only the caller's own parent rows may be linked. */
  ownOnly: boolean;
}

/** One entity as the renderer sees it. */
export interface EntityPlan {
  entity: Entity;
  access: Access;
  /** Response model name, e.g. `TodoList`. */
  className: string;
  /** Body model name, e.g. `TodoListIn`. */
  inName: string;
  /** snake_case singular, e.g. `todo_list`. */
  singular: string;
  /** snake_case plural: table, router module and stats key. */
  plural: string;
  /** Capitalized singular label, e.g. `Todo list`. */
  label: string;
  /** Every field, computed ones included (the response model's). */
  fields: PyField[];
  /** The fields a client sends (the body model's). */
  inputs: PyField[];
  parents: ParentLink[];
  behaviour: EntityBehaviour;
  /** The spec endpoint of each CRUD action the spec has. */
  routes: Partial<Record<CrudAction, Endpoint>>;
}

/** The auth endpoints, from the spec or the conventions. */
export interface AuthRoutes {
  register: Endpoint;
  login: Endpoint;
  me: Endpoint;
  logout: Endpoint;
  /** Sign out everywhere: every app with auth serves it, whether or not the spec lists it. */
  logoutAll: Endpoint;
}

/**
 * "Sign out everywhere": revokes every token of the signed-in user. The
 * spec's vocabulary has no action for it, so apps serve it beside the spec's
 * auth endpoints (a spec endpoint with this path takes its place).
 */
export const LOGOUT_ALL_ENDPOINT: Endpoint = {
  id: "POST /api/auth/logout_all",
  method: "POST",
  path: "/api/auth/logout_all",
  action: "logout",
  auth: true,
  summary: "Sign out everywhere (revoke every token of the user)",
  status: 204,
};

/** Everything the backend files are rendered from. */
export interface BackendContext {
  spec: Spec;
  auth: boolean;
  entities: EntityPlan[];
  authRoutes: AuthRoutes;
  /** Kinds of user (auth apps); empty when the spec has none. */
  roles: Role[];
}

const CRUD_ACTIONS: readonly CrudAction[] = ["list", "create", "get", "update", "delete"];

/** Names that schemas.py and auth.py import or define themselves. */
const RESERVED_CLASSES = new Set([
  "Any",
  "BaseModel",
  "Field",
  "Literal",
  "AuthToken",
  "AuthUser",
  "LoginIn",
  "RegisterIn",
]);

/**
 * Derives the render context of a spec.
 *
 * @param spec A spec without {@link specProblems}.
 * @param reservedModules Router modules the app's features take (no entity may use them).
 * @returns The context.
 * @throws {RangeError} When a name would clash in the generated code.
 */
export function backendContext(
  spec: Spec,
  reservedModules: readonly string[] = [],
): BackendContext {
  const find = (action: Endpoint["action"], fallback: Endpoint) =>
    spec.endpoints.find((e) => e.action === action) ?? fallback;
  const [register, login, me, logout] = authEndpoints();
  const authRoutes: AuthRoutes = {
    register: find("register", register!),
    login: find("login", login!),
    me: find("me", me!),
    logout:
      spec.endpoints.find((e) => e.action === "logout" && e.path !== LOGOUT_ALL_ENDPOINT.path) ??
        logout!,
    logoutAll: spec.endpoints.find((e) => e.path === LOGOUT_ALL_ENDPOINT.path) ??
      LOGOUT_ALL_ENDPOINT,
  };
  const entities = spec.entities.map((entity) => entityPlan(spec, entity));
  checkNames(spec, entities, reservedModules);
  const roles = spec.auth ? spec.roles ?? [] : [];
  return { spec, auth: spec.auth, entities, authRoutes, roles };
}

function entityPlan(spec: Spec, entity: Entity): EntityPlan {
  const access: Access = spec.auth ? entity.access : "public";
  const routes: Partial<Record<CrudAction, Endpoint>> = {};
  for (const action of CRUD_ACTIONS) {
    const endpoint = spec.endpoints.find((e) => e.entity === entity.name && e.action === action);
    if (endpoint !== undefined) routes[action] = endpoint;
  }
  const className = pascalCase(entity.name);
  const fields = entity.fields.map((field): PyField => ({
    field,
    name: field.name,
    attr: pyAttr(field.name),
    ...(field.type === "enum" ? { enumType: className + pascalCase(field.name) } : {}),
  }));
  const parents = entity.relations.map((relation): ParentLink => {
    const parent = entityByName(spec, relation.target);
    const parentAccess = spec.auth ? parent.access : "public";
    return {
      relation,
      parent,
      parentLabel: capitalize(parent.label),
      ownOnly: parentAccess === "private" && access !== "public",
    };
  });
  const behaviour = entityBehaviour(spec, entity, access);
  return {
    entity,
    access,
    behaviour,
    inputs: fields.filter((f) => f.field.computed === undefined),
    className,
    inName: `${className}In`,
    singular: snakeCase(entity.name),
    plural: entity.plural,
    label: capitalize(entity.label),
    fields,
    parents,
    routes,
  };
}

function checkNames(spec: Spec, entities: EntityPlan[], reservedModules: readonly string[]): void {
  const reservedPlurals = new Set([
    ...reservedModules,
    "auth",
    ...(spec.auth ? ["users", "sessions"] : []),
  ]);
  const classes = new Set(RESERVED_CLASSES);
  for (const plan of entities) {
    if (reservedPlurals.has(plan.plural)) {
      throw new RangeError(
        `Cannot render the backend of "${plan.entity.name}": plural "${plan.plural}" is used by the generated app itself`,
      );
    }
    for (const { relation } of plan.parents) {
      if (RESERVED_FIELD_NAMES.includes(relation.field)) {
        throw new RangeError(
          `Cannot render the backend of "${plan.entity.name}": relation field "${relation.field}" is a column the generated code adds itself`,
        );
      }
    }
    const taken = new Set(["limit", "offset", ...(plan.behaviour.search.length ? ["q"] : [])]);
    const equal = new Set([
      ...plan.parents.map((p) => p.relation.field),
      ...plan.behaviour.filters,
    ]);
    for (const name of [...equal, ...plan.behaviour.links.map((l) => l.param)]) {
      if (taken.has(name)) {
        throw new RangeError(
          `Cannot render the backend of "${plan.entity.name}": list parameter "${name}" is used twice`,
        );
      }
      taken.add(name);
    }
    for (const link of plan.behaviour.links) {
      if (reservedPlurals.has(link.table) || entities.some((e) => e.plural === link.table)) {
        throw new RangeError(
          `Cannot render the backend of "${plan.entity.name}": join table "${link.table}" is also a table`,
        );
      }
    }
    const names = [plan.className, plan.inName, ...plan.fields.flatMap((f) => f.enumType ?? [])];
    for (const name of names) {
      if (classes.has(name)) {
        throw new RangeError(
          `Cannot render the backend of "${plan.entity.name}": Python name "${name}" is already taken`,
        );
      }
      classes.add(name);
    }
  }
  for (const plan of entities) requiredChain(spec, plan.entity, []);
}

/** Throws when required relations loop back, since no row could ever be created. */
function requiredChain(spec: Spec, entity: Entity, path: string[]): void {
  if (path.includes(entity.name)) {
    throw new RangeError(
      `Cannot render the backend of "${entity.name}": required relations form a cycle ${
        [...path, entity.name].map((n) => `"${n}"`).join(" -> ")
      }`,
    );
  }
  for (const relation of entity.relations) {
    if (relation.required) {
      requiredChain(spec, entityByName(spec, relation.target), [...path, entity.name]);
    }
  }
}

/**
 * @param plan An entity.
 * @param plans All entities of the spec.
 * @returns True when tests can create rows of it through the API: it has a
 *   create endpoint and so do all its required parents, recursively.
 */
export function canCreate(plan: EntityPlan, plans: readonly EntityPlan[]): boolean {
  if (plan.routes.create === undefined) return false;
  return plan.parents.every(({ relation, parent }) => {
    if (!relation.required) return true;
    const parentPlan = plans.find((p) => p.entity.name === parent.name);
    return parentPlan !== undefined && canCreate(parentPlan, plans);
  });
}

/**
 * @param plans All entities.
 * @param name An entity name.
 * @returns Its plan.
 */
export function planOf(plans: readonly EntityPlan[], name: string): EntityPlan {
  const plan = plans.find((p) => p.entity.name === name);
  if (plan === undefined) throw new RangeError(`Cannot find entity "${name}": not in the spec`);
  return plan;
}

/**
 * The path parameter of an item route, from its spec path.
 *
 * @param endpoint A get, update or delete endpoint.
 * @returns The last `{name}` of its path; `id` when it has none.
 */
export function itemParam(endpoint: Endpoint): string {
  const params = [...endpoint.path.matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]!);
  return params.at(-1) ?? "id";
}

export { withArticle } from "../../core/words.ts";
