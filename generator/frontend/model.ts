/**
 * What the frontend renderers derive from a spec before writing any code:
 * the names of each entity's types, components and client functions, the
 * routes of its pages, and which backend endpoints exist. Plus the few
 * helpers that turn spec text into safe TypeScript source.
 *
 * @module
 */
import { FEATURE_NAMES, featureEndpoints } from "../features/mod.ts";
import type { Action, Link, Role, View } from "../../core/behaviours.ts";
import { featuresOf } from "../../core/features.ts";
import {
  childrenOf,
  type Endpoint,
  type Entity,
  type Field,
  type Relation,
  type Spec,
} from "../../core/spec.ts";
import { camelCase, capitalize, labelOf, pascalCase } from "../../core/words.ts";

/**
 * The client functions of an entity in `lib/api.ts`. A function is absent
 * when the spec has no endpoint for it, so the pages leave that feature out.
 */
export interface EntityFunctions {
  list?: string;
  create?: string;
  get?: string;
  update?: string;
  remove?: string;
}

/** An action of an entity, with its endpoint and its client function. */
export interface ActionModel {
  action: Action;
  endpoint: Endpoint;
  /** Its function in `lib/api.ts`, e.g. `returnLoan`. */
  fn: string;
}

/** A view, with its endpoints, client functions and page. */
export interface ViewModel {
  view: View;
  endpoint: Endpoint;
  /** The settle-up endpoint of a balance view with payments. */
  settle?: Endpoint;
  /** Its function in `lib/api.ts`, e.g. `loadOverdueView`. */
  fn: string;
  /** The settle-up function, e.g. `settleBalances`. */
  settleFn?: string;
  /** The route of its page (`/loans/overdue`, `/trips/[id]/balances`), when the spec has it. */
  route: string | undefined;
}

/** An entity with every name the generated frontend uses for it. */
export interface EntityModel {
  entity: Entity;
  /** The fields a client sends (not computed), in spec order. */
  stored: Field[];
  /** The fields the server computes, in spec order. */
  computed: Field[];
  links: Link[];
  /** The entity's actions whose endpoint the spec has. */
  actions: ActionModel[];
  /** The actions component and its bar, e.g. `LoanActions`, `LoanActionBar`. */
  actionsComponent: string;
  actionBar: string;
  /** The views listing the entity's rows. */
  views: ViewModel[];
  /** True when some `record` action creates its rows (votes, sign-ups). */
  recorded: boolean;
  /** Whether listing and creating rows need a token. */
  listAuth: boolean;
  createAuth: boolean;
  /** Row type in `lib/types.ts`, e.g. `Post`. */
  type: string;
  /** Create/update body type, e.g. `PostInput`. */
  input: string;
  /** List query type, e.g. `PostQuery`. */
  query: string;
  /** The plural in PascalCase, e.g. `TodoLists`. */
  pluralPascal: string;
  fns: EntityFunctions;
  /** Row-title function in `lib/labels.ts`, e.g. `postLabel`. */
  labelFn: string;
  /** Form and table components, e.g. `PostForm`, `PostTable`. */
  form: string;
  table: string;
  /** Route of the entity's list page, when the spec has one. */
  listRoute: string | undefined;
  /** Route of the entity's detail page (with `[id]`), when the spec has one. */
  detailRoute: string | undefined;
}

/** The spec as the frontend renderers see it. */
export interface FrontendModel {
  spec: Spec;
  entities: EntityModel[];
  /** Which auth endpoints the client may call. */
  api: { login: boolean; register: boolean; me: boolean; logout: boolean };
  /**
   * Spec endpoints off the REST conventions (e.g. `POST /api/posts/{id}/publish`):
   * the client gets a function for each, but no page uses them.
   */
  extra: Endpoint[];
  /** Routes of the sign-in and sign-up pages, when the app has auth and those pages. */
  loginRoute: string | undefined;
  registerRoute: string | undefined;
  /** Kinds of user (apps with roles); empty otherwise. */
  roles: Role[];
  views: ViewModel[];
}

/** Type names `lib/types.ts` declares besides the entities' own and the features'. */
const FIXED_TYPE_NAMES: readonly string[] = [
  "AuthUser",
  "AuthSession",
  "LoginBody",
  "RegisterBody",
];

/** Names `lib/api.ts` exports besides the entities' functions and the features'. */
const FIXED_API_NAMES = ["API_URL", "ApiError", "apiFetch", "login", "register", "me", "logout"];

/** Component names shared by every app. */
const FIXED_COMPONENT_NAMES = [
  "Nav",
  "AuthStatus",
  "ErrorMessage",
  "Loadable",
  "SignedIn",
  "Percent",
  "SessionProvider",
];

/** CRUD verbs an action's function name must not start with alone (`createPost`). */
const CRUD_VERBS = new Set(["list", "create", "get", "update", "delete"]);

/**
 * Derives the names, routes and available endpoints of the frontend.
 *
 * @param spec A consistent spec.
 * @returns The model every frontend renderer works from.
 * @throws {RangeError} When two entities would produce the same generated name.
 */
export function buildModel(spec: Spec): FrontendModel {
  const covered = new Set<string>();
  const has = (method: string, path: string) => {
    const found = spec.endpoints.some((e) => e.method === method && e.path === path);
    if (found) covered.add(`${method} ${path}`);
    return found;
  };
  const features = featuresOf(spec);
  const actionModels = features.flatMap((f) =>
    f.kind === "action"
      ? [{
        action: f.action,
        endpoint: f.endpoint,
        fn: `${camelCase(f.action.name)}${pascalCase(f.action.entity)}${
          CRUD_VERBS.has(f.action.name) ? "Action" : ""
        }`,
      }]
      : []
  );
  const views = features.flatMap((f): ViewModel[] =>
    f.kind === "view"
      ? [{
        view: f.view,
        endpoint: f.endpoint,
        ...(f.settle ? { settle: f.settle, settleFn: `settle${pascalCase(f.view.name)}` } : {}),
        fn: `load${pascalCase(f.view.name)}View`,
        route: spec.pages.find((p) => p.kind === "view" && p.view === f.view.name)?.route,
      }]
      : []
  );
  const recorded = new Set(
    (spec.actions ?? []).flatMap((a) => a.kind === "record" && a.child ? [a.child] : []),
  );
  const entities = spec.entities.map((entity): EntityModel => {
    const base = `/api/${entity.plural}`;
    const item = `${base}/{id}`;
    const name = pascalCase(entity.name);
    const pluralPascal = pascalCase(entity.plural);
    const fns: EntityFunctions = {};
    if (has("GET", base)) fns.list = `list${pluralPascal}`;
    if (has("POST", base)) fns.create = `create${name}`;
    if (has("GET", item)) fns.get = `get${name}`;
    if (has("PUT", item)) fns.update = `update${name}`;
    if (has("DELETE", item)) fns.remove = `delete${name}`;
    const pageOf = (kind: string) =>
      spec.pages.find((p) =>
        p.kind === kind && p.entity === entity.name &&
        (kind !== "detail" || p.route.includes("[id]"))
      );
    const endpointOf = (method: string, path: string) =>
      spec.endpoints.find((e) => e.method === method && e.path === path);
    return {
      entity,
      stored: entity.fields.filter((f) => f.computed === undefined),
      computed: entity.fields.filter((f) => f.computed !== undefined),
      links: entity.links ?? [],
      actions: actionModels.filter((a) => a.action.entity === entity.name),
      actionsComponent: `${name}Actions`,
      actionBar: `${name}ActionBar`,
      views: views.filter((v) => v.view.entity === entity.name),
      recorded: recorded.has(entity.name),
      listAuth: endpointOf("GET", base)?.auth ?? false,
      createAuth: endpointOf("POST", base)?.auth ?? false,
      type: name,
      input: `${name}Input`,
      query: `${name}Query`,
      pluralPascal,
      fns,
      labelFn: `${camelCase(entity.name)}Label`,
      form: `${name}Form`,
      table: `${name}Table`,
      listRoute: pageOf("list")?.route,
      detailRoute: pageOf("detail")?.route,
    };
  });
  checkNames(entities, views);
  const routeOf = (kind: string) =>
    spec.auth ? spec.pages.find((p) => p.kind === kind)?.route : undefined;
  const api = {
    login: spec.auth && has("POST", "/api/auth/login"),
    register: spec.auth && has("POST", "/api/auth/register"),
    me: spec.auth && has("GET", "/api/auth/me"),
    logout: spec.auth && has("POST", "/api/auth/logout"),
  };
  // Feature endpoints get their client functions from their feature module.
  for (const id of featureEndpoints(spec)) covered.add(id);
  return {
    spec,
    entities,
    api,
    extra: spec.endpoints.filter((e) => !covered.has(`${e.method} ${e.path}`)),
    loginRoute: routeOf("login"),
    registerRoute: routeOf("register"),
    roles: spec.auth ? spec.roles ?? [] : [],
    views,
  };
}

function checkNames(entities: EntityModel[], views: ViewModel[]): void {
  const seen = new Map<string, string>();
  const claim = (name: string, owner: string) => {
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new RangeError(
        `Cannot render the frontend: ${owner} and ${previous} both need the name "${name}"`,
      );
    }
    seen.set(name, owner);
  };
  // Read here, not at load: the feature modules import this one.
  const fixed = [
    ...FIXED_TYPE_NAMES,
    ...FEATURE_NAMES.types,
    ...FIXED_API_NAMES,
    ...FEATURE_NAMES.api,
    ...FIXED_COMPONENT_NAMES,
  ];
  for (const name of fixed) {
    claim(name, "the app shell");
  }
  for (const m of entities) {
    const owner = `entity "${m.entity.name}"`;
    for (const name of [m.type, m.input, m.query, m.labelFn, m.form, m.table]) claim(name, owner);
    for (const name of Object.values(m.fns)) claim(name, owner);
    if (m.actions.length > 0) {
      claim(m.actionsComponent, owner);
      claim(m.actionBar, owner);
    }
    for (const a of m.actions) claim(a.fn, `action "${a.action.entity}.${a.action.name}"`);
  }
  for (const v of views) {
    for (const name of [v.fn, v.settleFn]) {
      if (name !== undefined) claim(name, `view "${v.view.name}"`);
    }
  }
}

/**
 * The model of a named entity.
 *
 * @param model The frontend model.
 * @param name The entity's PascalCase name.
 * @returns Its model.
 * @throws {RangeError} When the spec has no such entity.
 */
export function modelOf(model: FrontendModel, name: string): EntityModel {
  const found = model.entities.find((m) => m.entity.name === name);
  if (found === undefined) throw new RangeError(`Cannot find entity "${name}": not in the spec`);
  return found;
}

/**
 * The entities whose rows point at `parent`, each with the linking relation.
 *
 * @param model The frontend model.
 * @param parent The parent entity.
 * @returns One item per linking relation.
 */
export function childModels(
  model: FrontendModel,
  parent: EntityModel,
): { child: EntityModel; relation: Relation }[] {
  return childrenOf(model.spec, parent.entity).map(({ child, relation }) => ({
    child: modelOf(model, child.name),
    relation,
  }));
}

/**
 * Spec text as a JavaScript string literal, safe anywhere an expression goes
 * (including JSX `{...}`), whatever quotes, braces or `${` it holds.
 *
 * @param text Any text.
 * @returns A double-quoted literal.
 */
export function js(text: string): string {
  return JSON.stringify(text);
}

/**
 * Spec text safe inside a `/** ... *\/` comment.
 *
 * @param text Any text.
 * @returns It on one line, without a comment terminator.
 */
export function docText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim();
}

/**
 * Indents every non-empty line.
 *
 * @param text Lines of code.
 * @param spaces How many spaces to add.
 * @returns The indented text.
 */
export function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text.split("\n").map((line) => (line === "" ? line : pad + line)).join("\n");
}

/**
 * A JavaScript expression for the URL of a route, `[id]` replaced by `idExpr`.
 *
 * @param route A spec page route, e.g. `/posts/[id]`.
 * @param idExpr The expression of the id, e.g. `row.id`.
 * @returns e.g. `` `/posts/${row.id}` `` or `"/posts"`.
 */
export function routeExpr(route: string, idExpr: string): string {
  // Routes match /^\/([a-z0-9_-]+|\[id\])?.../, so they hold no backtick or `${`.
  return route.includes("[id]")
    ? "`" + route.replaceAll("[id]", "${" + idExpr + "}") + "`"
    : js(route);
}

/**
 * @param name A field name.
 * @returns Its label, e.g. `Published on`.
 */
export function fieldLabel(name: string): string {
  return capitalize(labelOf(name));
}

/**
 * @param relation A relation.
 * @returns The label of its foreign key, e.g. `Todo list` for `todo_list_id`.
 */
export function relationLabel(relation: Relation): string {
  return capitalize(labelOf(relation.field.replace(/_id$/, "")));
}

/**
 * The TypeScript type of a field's value (without `null`).
 *
 * @param field A field.
 * @returns e.g. `string`, `number` or `"low" | "high"`.
 */
export function tsType(field: Field): string {
  switch (field.type) {
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "enum":
      return (field.values ?? []).map(js).join(" | ");
    default:
      return "string";
  }
}

/**
 * `import { ... } from` lines, one per module in order of first mention,
 * names deduplicated and sorted; modules with no names are left out.
 *
 * @param entries Module and names pairs; a module may appear more than once.
 * @returns The import lines.
 */
export function namedImports(entries: readonly [string, readonly string[]][]): string[] {
  const byModule = new Map<string, Set<string>>();
  for (const [from, names] of entries) {
    const set = byModule.get(from) ?? new Set<string>();
    for (const name of names) set.add(name);
    byModule.set(from, set);
  }
  return [...byModule]
    .filter(([, names]) => names.size > 0)
    .map(([from, names]) => `import { ${[...names].sort().join(", ")} } from "${from}";`);
}

/**
 * Imports in a steady order: packages, then components, then `lib/`.
 *
 * @param imports Module and names pairs.
 * @returns The same pairs, sorted by module kind (stable within a kind).
 */
export function sortImports(
  imports: readonly [string, readonly string[]][],
): [string, readonly string[]][] {
  const rank = (from: string) =>
    from.startsWith("@/components/") ? 1 : from.startsWith("@/lib/") ? 2 : 0;
  return [...imports].sort((a, b) =>
    rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
  );
}

export { withArticle } from "../../core/words.ts";

/**
 * @param link A link.
 * @returns The list query parameter filtering by one linked id: `tag_ids` → `tag_id`.
 */
export function linkParam(link: Link): string {
  return link.field.replace(/_ids$/, "_id");
}

/**
 * @param link A link.
 * @returns Its label, e.g. `Split between`.
 */
export function linkLabel(link: Link): string {
  return capitalize(link.label);
}

/**
 * How to narrow the choices of a relation or link of `entity` to the rows
 * sharing one of its parents: the target points at a parent the entity also
 * points at (an expense's payer among the friends of the expense's trip, a
 * vote's option among the options of its poll).
 *
 * @param spec The spec.
 * @param entity The entity whose form or row offers the choices.
 * @param target The entity the choices are rows of.
 * @param except The relation being chosen (never its own filter).
 * @returns The entity's relation field and the target's, or undefined.
 */
export function sharedParent(
  spec: Pick<Spec, "entities">,
  entity: Entity,
  target: string,
  except?: string,
): { mine: string; theirs: string } | undefined {
  const choices = spec.entities.find((e) => e.name === target);
  if (choices === undefined || choices.name === entity.name) return undefined;
  for (const relation of entity.relations) {
    if (relation.field === except || relation.target === target) continue;
    const theirs = choices.relations.find((r) => r.target === relation.target);
    if (theirs !== undefined) return { mine: relation.field, theirs: theirs.field };
  }
  return undefined;
}
