/**
 * The page of a `grouped` view: a summary table, one row per group, the
 * groups named by their labels (a relation's display name, an enum's
 * option, a month), with the measure as a number and a bar.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";
import { pageFilePath } from "../../../core/routes.ts";
import { capitalize, labelOf } from "../../../core/words.ts";
import {
  docText,
  type EntityModel,
  fieldLabel,
  type FrontendModel,
  indent,
  js,
  namedImports,
  relationLabel,
  type ViewModel,
} from "../../frontend/model.ts";
import { viewFrame } from "./_filter_page.ts";

/** A grouped view's key column: heading and cell. */
function keyColumn(m: EntityModel, by: { field: string; bucket?: string }) {
  const key = `row[${js(by.field)}]`;
  const relation = m.entity.relations.find((r) => r.field === by.field);
  if (relation !== undefined) {
    return {
      label: relationLabel(relation),
      cell: `{formatValue(row[${
        js(`${by.field}_label`)
      }] ?? (${key} === null ? "None" : "#" + ${key}))}`,
    };
  }
  if (by.bucket !== undefined) {
    return { label: capitalize(by.bucket), cell: `{formatValue(${key})}` };
  }
  const field = m.entity.fields.find((f) => f.name === by.field);
  if (field?.type === "enum") {
    return {
      label: fieldLabel(by.field),
      cell: `{formatEnum(typeof ${key} === "string" ? ${key} : null)}`,
    };
  }
  return { label: fieldLabel(by.field), cell: `{formatValue(${key})}` };
}

/**
 * @param m The view's entity.
 * @param v The view.
 * @returns The heading of the measure column, e.g. "Total amount" or "Matches".
 */
export function measureLabel(m: EntityModel, v: ViewModel): string {
  const measure = v.view.measure ?? { op: "count" };
  const field = labelOf(measure.field ?? "");
  switch (measure.op) {
    case "count":
      return capitalize(m.entity.labelPlural);
    case "sum":
      return `Total ${field}`;
    case "avg":
      return `Average ${field}`;
    case "max":
      return `Highest ${field}`;
  }
}

/**
 * Renders the page of a grouped view.
 *
 * @param model The frontend model.
 * @param m The view's entity.
 * @param v The view (kind `grouped`, with a route).
 * @returns The file.
 */
export function renderGroupedPage(
  model: FrontendModel,
  m: EntityModel,
  v: ViewModel,
): GeneratedFile {
  const frame = viewFrame(model, m, v);
  const keys = (v.view.by ?? []).map((by) => keyColumn(m, by));
  const counted = (v.view.measure?.op ?? "count") === "count";
  const heads = [
    ...keys.map((k) => `<th scope="col">{${js(k.label)}}</th>`),
    `<th scope="col">{${js(measureLabel(m, v))}}</th>`,
    ...(counted ? [] : [`<th scope="col">{${js(capitalize(m.entity.labelPlural))}}</th>`]),
  ];
  const cells = [
    ...keys.map((k) => `<td>${k.cell}</td>`),
    `<td>
  <span className="measure">
    <span className="bar" aria-hidden="true">
      <span className="bar-fill" style={{ width: \`\${barWidth(row.total, highest)}%\` }} />
    </span>
    <span>{formatNumber(row.total)}</span>
  </span>
</td>`,
    ...(counted ? [] : [`<td>{formatNumber(row.count)}</td>`]),
  ];
  const table = `<Loadable state={rows} loading={${
    js(`Loading ${v.view.label.toLowerCase()}…`)
  }} empty={${js(`Nothing to sum up yet: add ${m.entity.labelPlural} first.`)}}>
  {(data) => {
    const highest = Math.max(0, ...data.map((row) => row.total ?? 0));
    return (
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
${indent(heads.join("\n"), 14)}
            </tr>
          </thead>
          <tbody>
            {data.map((row, index) => (
              <tr key={index}>
${indent(cells.join("\n"), 16)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }}
</Loadable>`;
  const formats = [
    "formatNumber",
    "formatValue",
    ...(keys.some((k) => k.cell.includes("formatEnum")) ? ["formatEnum"] : []),
  ];
  const imports = namedImports([
    ["react", ["useCallback"]],
    ["@/components/Loadable", ["Loadable"]],
    ["@/lib/api", [v.fn]],
    ["@/lib/format", formats],
    ["@/lib/use_load", ["useLoad"]],
    ...frame.imports.filter(([from]) => from !== "next/link"),
  ]);
  const content = `"use client";

${frame.usesLink ? 'import Link from "next/link";\n' : ""}${imports.join("\n")}

/** A bar's width in percent of the highest total. */
function barWidth(total: number | null, highest: number): number {
  return highest <= 0 || total === null ? 0 : Math.max(0, Math.min(100, (total / highest) * 100));
}

/** ${docText(v.view.label)}: one line per group. */
export default function Page() {
${frame.hooks.map((h) => `  ${h}\n`).join("")}  const load = useCallback(() => ${v.fn}(), []);
  const rows = useLoad(load${frame.enabled});
  return (
    <>
${indent(frame.back, 6)}      <h1>{${js(v.view.label)}}</h1>
${indent(frame.gate(table), 6)}
    </>
  );
}
`;
  return { path: pageFilePath(v.route!), content };
}
