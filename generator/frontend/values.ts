/**
 * How the generated pages show one value of a row: stored and computed
 * fields (percentages with a bar, stamps as dates, images with alt text),
 * relations and links by the linked rows' names (from `useLookup`), each as
 * JSX with the imports it needs.
 *
 * @module
 */
import type { Link } from "../../core/behaviours.ts";
import type { Entity, Field, Relation } from "../../core/spec.ts";
import { camelCase, capitalize } from "../../core/words.ts";
import { type EntityModel, type FrontendModel, js, modelOf, routeExpr } from "./model.ts";

/** Import lines as `namedImports` takes them. */
export type Imports = [string, string[]][];

/** JSX with the imports it needs. */
export interface Jsx {
  jsx: string;
  imports: Imports;
}

/**
 * JSX showing one field of a row.
 *
 * @param field The field (stored or computed).
 * @param row The expression of the row, e.g. `row`.
 * @param alt The expression of an image's alt text (the row's title).
 * @returns A JSX child expression and its imports.
 */
export function fieldView(field: Field, row: string, alt = '""'): Jsx {
  const value = `${row}.${field.name}`;
  const format = (name: string, jsx: string): Jsx => ({
    jsx,
    imports: [["@/lib/format", [name]]],
  });
  const kind = field.computed?.kind;
  if (kind === "percent") {
    return {
      jsx: `<Percent value={${value}} />`,
      imports: [["@/components/Percent", ["Percent"]]],
    };
  }
  if (field.type === "datetime") return format("formatDatetime", `{formatDatetime(${value})}`);
  if (field.type === "date") return format("formatDate", `{formatDate(${value})}`);
  if (field.type === "enum") return format("formatEnum", `{formatEnum(${value})}`);
  if (kind !== undefined && (field.type === "integer" || field.type === "number")) {
    return format("formatNumber", `{formatNumber(${value})}`);
  }
  if (field.type === "url") {
    return {
      jsx: `{safeHref(${value}) === undefined ? formatValue(${value}) : (
  <a href={safeHref(${value})} rel="noreferrer">{${value}}</a>
)}`,
      imports: [["@/lib/format", ["formatValue", "safeHref"]]],
    };
  }
  if (field.type === "image") {
    return {
      jsx: `{safeHref(${value}) === undefined ? formatValue(${value}) : (
  <img className="thumb" src={safeHref(${value})} alt={${alt}} />
)}`,
      imports: [["@/lib/format", ["formatValue", "safeHref"]]],
    };
  }
  return format("formatValue", `{formatValue(${value})}`);
}

/** The name-lookup variable of a target entity, e.g. `bookNames`. */
export function namesVar(target: string): string {
  return `${camelCase(target)}Names`;
}

/**
 * The `useLookup` hooks giving the names of the rows an entity's relations
 * and links point at, one per target entity.
 *
 * @param model The frontend model.
 * @param m The entity whose rows are shown.
 * @param ids For each relation or link field, the expression of the ids it
 *   needs (e.g. `rows.map((row) => row.book_id)`), or undefined to leave it out.
 * @returns Hook statements and their imports.
 */
export function lookupHooks(
  model: FrontendModel,
  m: EntityModel,
  ids: (field: string, many: boolean) => string | undefined,
): { lines: string[]; imports: Imports } {
  const byTarget = new Map<string, string[]>();
  const add = (target: string, expr: string | undefined) => {
    if (expr === undefined) return;
    byTarget.set(target, [...(byTarget.get(target) ?? []), expr]);
  };
  for (const r of m.entity.relations) add(r.target, ids(r.field, false));
  for (const l of m.links) add(l.target, ids(l.field, true));
  const lines: string[] = [];
  const imports: Imports = [["@/lib/lookup", []]];
  for (const [target, exprs] of byTarget) {
    const t = modelOf(model, target);
    const all = exprs.length === 1 ? exprs[0]! : `[${exprs.map((e) => `...${e}`).join(", ")}]`;
    lines.push(
      `const ${namesVar(target)} = useLookup(${t.fns.list ?? "undefined"}, ${t.labelFn}, ${all});`,
    );
    imports.push(["@/lib/lookup", ["useLookup"]], ["@/lib/labels", [t.labelFn]]);
    if (t.fns.list) imports.push(["@/lib/api", [t.fns.list]]);
  }
  return { lines, imports };
}

function targetName(model: FrontendModel, target: string, id: string): Jsx {
  const t = modelOf(model, target);
  const text = `{${namesVar(target)}.get(${id}) ?? ${
    js(`${capitalize(t.entity.label)} #`)
  } + ${id}}`;
  return t.detailRoute === undefined ? { jsx: text, imports: [] } : {
    jsx: `<Link href={${routeExpr(t.detailRoute, id)}}>${text}</Link>`,
    imports: [["next/link", []]],
  };
}

/**
 * JSX showing a relation of a row: the parent's name, linked to its page.
 *
 * @param model The frontend model.
 * @param relation The relation.
 * @param row The expression of the row.
 * @returns A JSX child expression (uses the lookup of {@link lookupHooks}).
 */
export function relationView(model: FrontendModel, relation: Relation, row: string): Jsx {
  const value = `${row}.${relation.field}`;
  const shown = targetName(model, relation.target, value);
  return {
    jsx: relation.required ? shown.jsx : `{${value} === null ? "—" : (
  ${shown.jsx.startsWith("{") ? shown.jsx.slice(1, -1) : shown.jsx}
)}`,
    imports: shown.imports,
  };
}

/**
 * JSX showing a link of a row: the linked rows' names as an inline list.
 *
 * @param model The frontend model.
 * @param link The link.
 * @param row The expression of the row.
 * @returns A JSX child expression (uses the lookup of {@link lookupHooks}).
 */
export function linkView(model: FrontendModel, link: Link, row: string): Jsx {
  const ids = `(${row}.${link.field} ?? [])`;
  const shown = targetName(model, link.target, "id");
  return {
    jsx: `{${ids}.length === 0 ? "—" : (
  <ul className="inline-list">
    {${ids}.map((id) => (
      <li key={id}>${shown.jsx}</li>
    ))}
  </ul>
)}`,
    imports: shown.imports,
  };
}

/**
 * Whether a page needs `next/link` for these imports (the marker `["next/link", []]`).
 *
 * @param imports Imports gathered from views.
 * @returns True when some view links to a page.
 */
export function usesLink(imports: Imports): boolean {
  return imports.some(([from]) => from === "next/link");
}

/**
 * The fields a row table shows besides the title: every computed field
 * first (what the app is about: votes, spots left), then stored fields,
 * long texts last, up to `max`, in the spec's order.
 *
 * @param entity The entity.
 * @param max Most columns.
 * @returns The fields.
 */
export function columnFields(entity: Entity, max: number): Field[] {
  const candidates = entity.fields.filter((f) => f.name !== entity.display);
  const chosen = new Set([
    ...candidates.filter((f) => f.computed !== undefined),
    ...candidates.filter((f) => f.computed === undefined && f.type !== "text"),
    ...candidates.filter((f) => f.computed === undefined && f.type === "text"),
  ].slice(0, max));
  return candidates.filter((f) => chosen.has(f));
}
