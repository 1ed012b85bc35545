/**
 * The REST and page conventions of generated apps: from entities to the
 * endpoints and pages of a {@link Spec}. The offline planner builds its spec
 * with these, and the prompts describe the same conventions to real models.
 *
 * @module
 */
import {
  childrenOf,
  type Endpoint,
  endpointId,
  type Entity,
  entityByName,
  type HttpMethod,
  type Page,
  type Spec,
} from "./spec.ts";
import { capitalize, kebabCase } from "./words.ts";

function endpoint(
  method: HttpMethod,
  path: string,
  action: Endpoint["action"],
  summary: string,
  options: { entity?: string; auth?: boolean; status?: number } = {},
): Endpoint {
  return {
    id: endpointId(method, path),
    method,
    path,
    action,
    ...(options.entity === undefined ? {} : { entity: options.entity }),
    auth: options.auth ?? false,
    summary,
    status: options.status ?? 200,
  };
}

/**
 * The five CRUD endpoints of an entity under `/api/<plural>`.
 *
 * @param entity The entity.
 * @returns list, create, get, update and delete, with auth set from its access.
 * @example
 * ```ts
 * import { crudEndpoints } from "./routes.ts";
 * const ids = crudEndpoints({
 *   name: "Post", plural: "posts", label: "post", labelPlural: "posts", description: "",
 *   display: "title", fields: [{ name: "title", type: "string", required: true }],
 *   relations: [], access: "public",
 * }).map((e) => e.id);
 * if (!ids.includes("DELETE /api/posts/{id}")) throw new Error();
 * ```
 */
export function crudEndpoints(entity: Entity): Endpoint[] {
  const base = `/api/${entity.plural}`;
  const item = `${base}/{id}`;
  const readAuth = entity.access === "private";
  const writeAuth = entity.access !== "public";
  const e = { entity: entity.name };
  return [
    endpoint("GET", base, "list", `List ${entity.labelPlural}`, { ...e, auth: readAuth }),
    endpoint("POST", base, "create", `Create a ${entity.label}`, {
      ...e,
      auth: writeAuth,
      status: 201,
    }),
    endpoint("GET", item, "get", `Get one ${entity.label}`, { ...e, auth: readAuth }),
    endpoint("PUT", item, "update", `Update a ${entity.label}`, { ...e, auth: writeAuth }),
    endpoint("DELETE", item, "delete", `Delete a ${entity.label}`, {
      ...e,
      auth: writeAuth,
      status: 204,
    }),
  ];
}

/** The auth endpoints every app with `auth: true` has. */
export function authEndpoints(): Endpoint[] {
  return [
    endpoint("POST", "/api/auth/register", "register", "Create an account", { status: 201 }),
    endpoint("POST", "/api/auth/login", "login", "Sign in and get a bearer token"),
    endpoint("GET", "/api/auth/me", "me", "The signed-in user", { auth: true }),
    endpoint("POST", "/api/auth/logout", "logout", "Sign out (revoke the token)", {
      auth: true,
      status: 204,
    }),
  ];
}

/** The endpoint behind the home page's counts. */
export function statsEndpoint(): Endpoint {
  return endpoint("GET", "/api/stats", "stats", "Row counts per entity");
}

/**
 * The page file an App Router route lives in.
 *
 * @param route A spec page route, e.g. `/posts/[id]`.
 * @returns e.g. `frontend/app/posts/[id]/page.tsx`.
 * @example
 * ```ts
 * import { pageFilePath } from "./routes.ts";
 * if (pageFilePath("/") !== "frontend/app/page.tsx") throw new Error();
 * ```
 */
export function pageFilePath(route: string): string {
  return `frontend/app${route === "/" ? "" : route}/page.tsx`;
}

/**
 * The frontend route of an entity's list page.
 *
 * @param entity The entity.
 * @returns e.g. `/blog-posts`.
 */
export function listRoute(entity: Entity): string {
  return `/${kebabCase(entity.plural)}`;
}

/**
 * Derives endpoints and pages from entities: CRUD per entity, auth endpoints
 * when `auth` is on, a stats endpoint; a home page, a list and a detail page
 * per entity, and login/register pages when `auth` is on.
 *
 * @param base Everything of the spec but endpoints and pages.
 * @returns The complete spec.
 */
export function completeSpec(base: Omit<Spec, "endpoints" | "pages">): Spec {
  const endpoints: Endpoint[] = [statsEndpoint()];
  if (base.auth) endpoints.push(...authEndpoints());
  for (const entity of base.entities) endpoints.push(...crudEndpoints(entity));

  const partial: Spec = { ...base, endpoints, pages: [] };
  const pages: Page[] = [{
    route: "/",
    title: base.title,
    kind: "home",
    endpoints: ["GET /api/stats"],
  }];
  if (base.auth) {
    pages.push(
      { route: "/login", title: "Sign in", kind: "login", endpoints: ["POST /api/auth/login"] },
      {
        route: "/register",
        title: "Create an account",
        kind: "register",
        endpoints: ["POST /api/auth/register"],
      },
    );
  }
  const listOf = (name: string) => `GET /api/${entityByName(partial, name).plural}`;
  for (const entity of base.entities) {
    const api = `/api/${entity.plural}`;
    const parentLists = entity.relations.map((r) => listOf(r.target));
    const children = childrenOf(partial, entity);
    pages.push({
      route: listRoute(entity),
      title: capitalize(entity.labelPlural),
      kind: "list",
      entity: entity.name,
      endpoints: unique([`GET ${api}`, `POST ${api}`, `DELETE ${api}/{id}`, ...parentLists]),
    });
    pages.push({
      route: `${listRoute(entity)}/[id]`,
      title: capitalize(entity.label),
      kind: "detail",
      entity: entity.name,
      endpoints: unique([
        `GET ${api}/{id}`,
        `PUT ${api}/{id}`,
        `DELETE ${api}/{id}`,
        ...parentLists,
        // The detail page lists and edits its children, whose forms pick
        // their other parents from lists.
        ...children.flatMap(({ child }) => [
          `GET /api/${child.plural}`,
          `POST /api/${child.plural}`,
          `DELETE /api/${child.plural}/{id}`,
          ...child.relations.map((r) => listOf(r.target)),
        ]),
      ]),
    });
  }
  return { ...partial, pages };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
