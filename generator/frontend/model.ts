/**
 * What the frontend renderers derive from a spec before writing any code:
 * the names of each entity's types, components and client functions, the
 * routes of its pages, and which backend endpoints exist. Plus the few
 * helpers that turn spec text into safe TypeScript source.
 *
 * @module
 */
import { FEATURE_NAMES, featureEndpoints } from "../features/mod.ts";
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

/** An entity with every name the generated frontend uses for it. */
export interface EntityModel {
  entity: Entity;
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
}

/** Type names `lib/types.ts` declares besides the entities' own. */
export const FIXED_TYPE_NAMES: readonly string[] = [
  "AuthUser",
  "AuthSession",
  "LoginBody",
  "RegisterBody",
  ...FEATURE_NAMES.types,
];

/** Names `lib/api.ts` exports besides the entities' functions. */
const FIXED_API_NAMES = [
  "API_URL",
  "ApiError",
  "apiFetch",
  "login",
  "register",
  "me",
  "logout",
  ...FEATURE_NAMES.api,
];

/** Component names shared by every app. */
const FIXED_COMPONENT_NAMES = ["Nav", "AuthStatus", "ErrorMessage", "Loadable"];

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
    return {
      entity,
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
  checkNames(entities);
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
  };
}

function checkNames(entities: EntityModel[]): void {
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
  for (const name of [...FIXED_TYPE_NAMES, ...FIXED_API_NAMES, ...FIXED_COMPONENT_NAMES]) {
    claim(name, "the app shell");
  }
  for (const m of entities) {
    const owner = `entity "${m.entity.name}"`;
    for (const name of [m.type, m.input, m.query, m.labelFn, m.form, m.table]) claim(name, owner);
    for (const name of Object.values(m.fns)) claim(name, owner);
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
 * @param label A singular label, e.g. `order item`.
 * @returns It with its indefinite article, e.g. `an order item`.
 */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}
