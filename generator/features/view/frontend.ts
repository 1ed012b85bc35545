/**
 * The frontend of the `view` feature: a client function per view (and its
 * settle-up), the types of grouped rows and balances, the view's own page
 * (filter, grouped, schedule or balance), a link in the navigation and on
 * the entity's pages.
 *
 * @module
 */
import type { FeatureOf } from "../../../core/features.ts";
import type { FrontendFeature, FrontendPart, PageLink } from "../../frontend/feature_part.ts";
import { docText, modelOf, type ViewModel } from "../../frontend/model.ts";
import { balanceGroup, renderBalancePage } from "./_balance_page.ts";
import { renderFilterPage } from "./_filter_page.ts";
import { renderGroupedPage } from "./_grouped_page.ts";
import { renderSchedulePage } from "./_schedule_page.ts";

const GROUPED_TYPES =
  `/** One group of a grouped view: its keys (a relation's with \`<key>_label\`), \`total\` and \`count\`. */
export interface GroupedRow {
  total: number | null;
  count: number;
  [key: string]: string | number | null;
}`;

const BALANCE_TYPES = `/** Where one member of a balance view stands. */
export interface BalanceEntry {
  member_id: number;
  name: string;
  paid: number;
  share: number;
  /** Positive: gets money back; negative: owes. */
  net: number;
}

/** One transfer of the fewest that settle everyone. */
export interface BalanceTransfer {
  from_id: number;
  from: string;
  to_id: number;
  to: string;
  amount: number;
}

/** A balance view's answer. */
export interface BalanceReport {
  balances: BalanceEntry[];
  transfers: BalanceTransfer[];
}`;

/** The frontend of the `view` feature. */
export const viewFrontend: FrontendFeature<FeatureOf<"view">> = {
  typeNames: ["GroupedRow", "BalanceEntry", "BalanceTransfer", "BalanceReport"],
  apiNames: [],
  render: ({ view }, model) => {
    const v = model.views.find((x) => x.view === view);
    if (v === undefined) return { types: [], api: [] };
    const m = modelOf(model, view.entity);
    const firstOfKind = model.views.find((x) => x.view.kind === view.kind) === v;
    const part: FrontendPart = {
      types: [],
      api: apiFunctions(
        v,
        m.type,
        view.payment ? modelOf(model, view.payment.entity).type : undefined,
      ),
      files: [],
      nav: [],
      links: [],
    };
    if (firstOfKind && view.kind === "grouped") part.types.push(GROUPED_TYPES);
    if (firstOfKind && view.kind === "balance") part.types.push(BALANCE_TYPES);
    if (v.route === undefined) return part;
    switch (view.kind) {
      case "filter":
        part.files!.push(renderFilterPage(model, m, v));
        break;
      case "grouped":
        part.files!.push(renderGroupedPage(model, m, v));
        break;
      case "schedule":
        part.files!.push(renderSchedulePage(model, m, v));
        break;
      case "balance":
        part.files!.push(renderBalancePage(model, m, v));
        break;
    }
    const link: PageLink = v.route.includes("[id]")
      ? {
        entity: balanceGroup(model, m, v)?.entity.name ?? m.entity.name,
        page: "detail",
        route: v.route,
        label: view.label,
      }
      : { entity: m.entity.name, page: "list", route: v.route, label: view.label };
    part.links!.push(link);
    if (!v.route.includes("[id]")) part.nav!.push({ href: v.route, label: view.label });
    return part;
  },
};

function apiFunctions(v: ViewModel, rowType: string, paymentType: string | undefined): string[] {
  const { view, endpoint } = v;
  const grouped = endpoint.path.includes("{id}");
  const path = grouped ? "`" + endpoint.path.replace("{id}", "${id}") + "`" : `"${endpoint.path}"`;
  const id = grouped ? "id: number" : "";
  const doc = `/** ${docText(view.label)} (\`${endpoint.id}\`). */`;
  const out: string[] = [];
  switch (view.kind) {
    case "filter":
      out.push(`${doc}
export function ${v.fn}(): Promise<T.${rowType}[]> {
  return apiFetch<T.${rowType}[]>("GET", ${path});
}`);
      break;
    case "grouped":
      out.push(`${doc}
export function ${v.fn}(): Promise<T.GroupedRow[]> {
  return apiFetch<T.GroupedRow[]>("GET", ${path});
}`);
      break;
    case "schedule":
      out.push(`${doc}
export function ${v.fn}(query: { from?: string; days?: number } = {}): Promise<T.${rowType}[]> {
  return apiFetch<T.${rowType}[]>("GET", ${path}, undefined, query);
}`);
      break;
    case "balance":
      out.push(`${doc}
export function ${v.fn}(${id}): Promise<T.BalanceReport> {
  return apiFetch<T.BalanceReport>("GET", ${path});
}`);
      break;
  }
  if (v.settle !== undefined && v.settleFn !== undefined) {
    const type = paymentType === undefined ? "unknown[]" : `T.${paymentType}[]`;
    const settlePath = grouped
      ? "`" + v.settle.path.replace("{id}", "${id}") + "`"
      : `"${v.settle.path}"`;
    out.push(
      `/** Records the transfers that settle ${
        docText(view.label.toLowerCase())
      } (\`${v.settle.id}\`). */
export function ${v.settleFn}(${id}): Promise<${type}> {
  return apiFetch<${type}>("POST", ${settlePath}, {});
}`,
    );
  }
  return out;
}
