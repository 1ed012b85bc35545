/**
 * The REST and page conventions of generated apps: from entities to the
 * endpoints and pages of a {@link Spec}. The offline planner builds its spec
 * with these, and the prompts describe the same conventions to real models.
 *
 * @module
 */
import type { Action, Redirect, View } from "./behaviours.ts";
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
  options: {
    entity?: string;
    auth?: boolean;
    status?: number;
    behaviour?: string;
    roles?: string[];
  } = {},
): Endpoint {
  return {
    id: endpointId(method, path),
    method,
    path,
    action,
    ...(options.entity === undefined ? {} : { entity: options.entity }),
    ...(options.behaviour === undefined ? {} : { behaviour: options.behaviour }),
    ...(options.roles === undefined ? {} : { roles: options.roles }),
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
 * The endpoint of an action: `POST /api/<plural>/{id}/<name>`, answering the
 * changed row (200), or the created child row for a `record` action (201).
 * It needs sign-in when writing the entity (or the child) does, or when
 * only some roles may run it.
 *
 * @param spec The spec (for the child of a `record` action).
 * @param action The action.
 * @returns The endpoint.
 */
export function actionEndpoint(spec: Pick<Spec, "entities" | "auth">, action: Action): Endpoint {
  const entity = entityByName(spec, action.entity);
  const child = action.kind === "record" && action.child !== undefined
    ? spec.entities.find((e) => e.name === action.child)
    : undefined;
  return endpoint(
    "POST",
    `/api/${entity.plural}/{id}/${action.name}`,
    "action",
    `${action.label}: ${actionSummary(action, entity, child)}`,
    {
      entity: entity.name,
      auth: spec.auth &&
        (entity.access !== "public" || (child?.access ?? "public") !== "public" ||
          action.roles !== undefined),
      status: action.kind === "record" ? 201 : 200,
      behaviour: action.name,
      ...(action.roles ? { roles: action.roles } : {}),
    },
  );
}

function actionSummary(action: Action, entity: Entity, child: Entity | undefined): string {
  switch (action.kind) {
    case "transition":
      return `changes the ${entity.label}'s state`;
    case "increment":
      return `adds one to the ${entity.label}'s ${action.field ?? "count"}`;
    case "record":
      return `records ${child ? `a ${child.label}` : "a row"} for the ${entity.label}`;
    case "move":
      return `moves the ${entity.label}`;
    case "swap":
      return `moves the ${entity.label} ${action.direction ?? "up"} one place`;
  }
}

/**
 * The endpoint of a view: `GET /api/<plural>/<name>`; a balance view is
 * `GET /api/<name>`, or `GET /api/<group plural>/{id}/<name>` under its group.
 *
 * @param spec The spec.
 * @param view The view.
 * @returns The endpoint.
 */
export function viewEndpoint(spec: Pick<Spec, "entities" | "auth">, view: View): Endpoint {
  const entity = entityByName(spec, view.entity);
  return endpoint("GET", viewPath(spec, view), "view", view.label, {
    entity: entity.name,
    auth: spec.auth && entity.access === "private",
    behaviour: view.name,
  });
}

function viewPath(spec: Pick<Spec, "entities">, view: View): string {
  const entity = entityByName(spec, view.entity);
  if (view.kind !== "balance") return `/api/${entity.plural}/${view.name}`;
  const group = view.group === undefined
    ? undefined
    : entity.relations.find((r) => r.field === view.group);
  return group === undefined
    ? `/api/${view.name}`
    : `/api/${entityByName(spec, group.target).plural}/{id}/${view.name}`;
}

/**
 * The endpoint that records the transfers settling a balance view (it needs
 * the view's `payment` entity): the view's path plus `/settle`, 201 with the
 * payments made.
 *
 * @param spec The spec.
 * @param view A balance view with a payment entity.
 * @returns The endpoint.
 */
export function settleEndpoint(spec: Pick<Spec, "entities" | "auth">, view: View): Endpoint {
  const entity = entityByName(spec, view.entity);
  return endpoint("POST", `${viewPath(spec, view)}/settle`, "settle", `Settle up: ${view.label}`, {
    entity: entity.name,
    auth: spec.auth && entity.access !== "public",
    status: 201,
    behaviour: view.name,
  });
}

/**
 * The route of a redirect: `GET /<prefix>/{code}`, 307 to the row's URL.
 *
 * @param redirect The redirect.
 * @returns The endpoint.
 */
export function redirectEndpoint(redirect: Redirect): Endpoint {
  return endpoint(
    "GET",
    `/${redirect.prefix}/{${redirect.code}}`,
    "redirect",
    `Redirect to the ${redirect.target}${
      redirect.counter ? `, counting it in ${redirect.counter}` : ""
    }`,
    { entity: redirect.entity, status: 307 },
  );
}

/**
 * The frontend route of a view's page: `/<entity route>/<name>`, or under
 * the group's detail page for a grouped balance.
 *
 * @param spec The spec.
 * @param view The view.
 * @returns e.g. `/loans/overdue` or `/trips/[id]/balances`.
 */
export function viewRoute(spec: Pick<Spec, "entities">, view: View): string {
  const entity = entityByName(spec, view.entity);
  const group = view.kind === "balance" && view.group !== undefined
    ? entity.relations.find((r) => r.field === view.group)
    : undefined;
  return group === undefined
    ? `${listRoute(entity)}/${kebabCase(view.name)}`
    : `${listRoute(entityByName(spec, group.target))}/[id]/${kebabCase(view.name)}`;
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
 * Derives endpoints and pages from entities and behaviours: CRUD per
 * entity, auth endpoints when `auth` is on, a stats endpoint, an endpoint
 * per action, view and redirect; a home page, a list and a detail page per
 * entity, a page per view, and login/register pages when `auth` is on.
 *
 * @param base Everything of the spec but endpoints and pages.
 * @returns The complete spec.
 */
export function completeSpec(base: Omit<Spec, "endpoints" | "pages">): Spec {
  const endpoints: Endpoint[] = [statsEndpoint()];
  if (base.auth) endpoints.push(...authEndpoints());
  for (const entity of base.entities) endpoints.push(...crudEndpoints(entity));
  const actions = base.actions ?? [];
  const views = base.views ?? [];
  const actionIds = (entity: Entity) =>
    actions.filter((a) => a.entity === entity.name).map((a) => actionEndpoint(base, a).id);
  endpoints.push(...actions.map((a) => actionEndpoint(base, a)));
  for (const view of views) {
    endpoints.push(viewEndpoint(base, view));
    if (view.kind === "balance" && view.payment !== undefined) {
      endpoints.push(settleEndpoint(base, view));
    }
  }
  endpoints.push(...(base.redirects ?? []).map(redirectEndpoint));

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
    const parentLists = [
      ...entity.relations.map((r) => listOf(r.target)),
      ...(entity.links ?? []).map((l) => listOf(l.target)),
    ];
    const children = childrenOf(partial, entity);
    pages.push({
      route: listRoute(entity),
      title: capitalize(entity.labelPlural),
      kind: "list",
      entity: entity.name,
      endpoints: unique([
        `GET ${api}`,
        `POST ${api}`,
        `DELETE ${api}/{id}`,
        ...parentLists,
        ...actionIds(entity),
      ]),
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
        ...actionIds(entity),
        // The detail page lists and edits its children, whose forms pick
        // their other parents from lists, with the children's actions.
        ...children.flatMap(({ child }) => [
          `GET /api/${child.plural}`,
          `POST /api/${child.plural}`,
          `DELETE /api/${child.plural}/{id}`,
          ...child.relations.map((r) => listOf(r.target)),
          ...(child.links ?? []).map((l) => listOf(l.target)),
          ...actionIds(child),
        ]),
      ]),
    });
  }
  for (const view of views) {
    const entity = entityByName(partial, view.entity);
    pages.push({
      route: viewRoute(partial, view),
      title: view.label,
      kind: "view",
      entity: entity.name,
      view: view.name,
      endpoints: unique([
        viewEndpoint(base, view).id,
        ...(view.kind === "balance" && view.payment !== undefined
          ? [settleEndpoint(base, view).id]
          : []),
        ...(view.kind === "filter" || view.kind === "schedule" ? actionIds(entity) : []),
      ]),
    });
  }
  return { ...partial, pages };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
