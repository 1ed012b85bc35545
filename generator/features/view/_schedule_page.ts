/**
 * The page of a `schedule` view: seven days from a chosen week's start,
 * day by day, each row with its time, title, related rows and actions, and
 * buttons to move between weeks. Today is read in the browser, after the
 * first render, so the prerendered page and the first client render agree.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";
import { pageFilePath } from "../../../core/routes.ts";
import {
  docText,
  type EntityModel,
  type FrontendModel,
  indent,
  js,
  namedImports,
  type ViewModel,
} from "../../frontend/model.ts";
import { lookupHooks, relationView, usesLink } from "../../frontend/values.ts";
import { viewFrame } from "./_filter_page.ts";

const DAYS = 7;

/**
 * Renders the page of a schedule view.
 *
 * @param model The frontend model.
 * @param m The view's entity.
 * @param v The view (kind `schedule`, with a route).
 * @returns The file.
 */
export function renderSchedulePage(
  model: FrontendModel,
  m: EntityModel,
  v: ViewModel,
): GeneratedFile {
  const frame = viewFrame(model, m, v);
  const date = v.view.date ?? "date";
  const dateField = m.entity.fields.find((f) => f.name === date);
  const timeField = v.view.time === undefined
    ? undefined
    : m.entity.fields.find((f) => f.name === v.view.time);
  const imports: [string, string[]][] = [
    ["react", ["useCallback", "useEffect", "useState"]],
    ["@/components/Loadable", ["Loadable"]],
    ["@/lib/api", [v.fn]],
    ["@/lib/labels", [m.labelFn]],
    ["@/lib/use_load", ["useLoad"]],
    ...frame.imports,
  ];
  let time = "";
  if (timeField?.type === "enum") {
    time = `formatEnum(row.${timeField.name})`;
    imports.push(["@/lib/format", ["formatEnum"]]);
  } else if (timeField?.type === "datetime") {
    time = `timeOf(row.${timeField.name})`;
  } else if (timeField !== undefined) {
    time = `formatValue(row.${timeField.name})`;
    imports.push(["@/lib/format", ["formatValue"]]);
  } else if (dateField?.type === "datetime") {
    time = `timeOf(row.${date})`;
  }
  const relations = m.entity.relations.map((r) => relationView(model, r, "row"));
  for (const r of relations) imports.push(...r.imports);
  const lookups = lookupHooks(
    model,
    m,
    (field, many) => many ? undefined : `(rows.data ?? []).map((row) => row.${field})`,
  );
  imports.push(...lookups.imports);
  const title = m.detailRoute === undefined
    ? `<span className="agenda-title">{${m.labelFn}(row)}</span>`
    : `<Link className="agenda-title" href={\`${
      m.detailRoute.replace("[id]", "${row.id}")
    }\`}>{${m.labelFn}(row)}</Link>`;
  if (m.detailRoute !== undefined) imports.push(["next/link", []]);
  const actions = m.actions.length > 0;
  if (actions) {
    imports.push(["@/components/" + m.actionsComponent, [m.actionBar, m.actionsComponent]]);
  }
  const item = [
    ...(time === "" ? [] : [`<span className="agenda-time">{${time}}</span>`]),
    title,
    ...relations.map((r) => `<span className="muted">${r.jsx}</span>`),
    ...(actions ? [`<${m.actionsComponent} row={row} onDone={rows.reload} />`] : []),
  ];
  const days = `<div className="week-nav">
  <button type="button" className="secondary" disabled={from === null} onClick={() => from !== null && setFrom(addDays(from, -${DAYS}))}>
    Previous week
  </button>
  <button type="button" className="secondary" onClick={() => setFrom(today())}>
    This week
  </button>
  <button type="button" className="secondary" disabled={from === null} onClick={() => from !== null && setFrom(addDays(from, ${DAYS}))}>
    Next week
  </button>
</div>
{from === null ? null : (
  <Loadable state={rows} loading={${js(`Loading ${v.view.label.toLowerCase()}…`)}}>
    {(data) => (
      <div className="days">
        {Array.from({ length: ${DAYS} }, (_, index) => addDays(from, index)).map((day) => {
          const items = data.filter((row) => String(row.${date} ?? "").slice(0, 10) === day);
          return (
            <section key={day} className="day" aria-label={dayTitle(day)}>
              <h2>{dayTitle(day)}</h2>
              {items.length === 0 ? (
                <p className="muted">Nothing planned.</p>
              ) : (
                <ul className="agenda">
                  {items.map((row) => (
                    <li key={row.id} data-testid="${m.entity.plural}-item">
${indent(item.join("\n"), 22)}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    )}
  </Loadable>
)}`;
  const body = actions ? `<${m.actionBar}>\n${indent(days, 2)}\n</${m.actionBar}>` : days;
  const lines = [
    ...(usesLink(imports) || frame.usesLink ? ['import Link from "next/link";'] : []),
    ...namedImports(imports.filter(([from]) => from !== "next/link")),
    'import type * as T from "@/lib/types";',
  ];
  const content = `"use client";

${lines.join("\n")}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A local date as YYYY-MM-DD. */
function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return \`\${date.getFullYear()}-\${pad(date.getMonth() + 1)}-\${pad(date.getDate())}\`;
}

function today(): string {
  return isoDay(new Date());
}

/** The day \`days\` after \`day\` (YYYY-MM-DD). */
function addDays(day: string, days: number): string {
  const date = new Date(\`\${day}T00:00:00\`);
  date.setDate(date.getDate() + days);
  return isoDay(date);
}

/** e.g. "Monday 2026-03-02". */
function dayTitle(day: string): string {
  return \`\${WEEKDAYS[new Date(\`\${day}T00:00:00\`).getDay()] ?? ""} \${day}\`;
}
${
    time.startsWith("timeOf(")
      ? `
/** The time of a date-time, e.g. "09:30". */
function timeOf(value: string | null): string {
  if (value === null) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value.slice(11, 16);
  const pad = (n: number) => String(n).padStart(2, "0");
  return \`\${pad(date.getHours())}:\${pad(date.getMinutes())}\`;
}
`
      : ""
  }
/** ${docText(v.view.label)}: ${DAYS} days from the chosen day, day by day. */
export default function Page() {
${
    frame.hooks.map((h) => `  ${h}\n`).join("")
  }  const [from, setFrom] = useState<string | null>(null);
  useEffect(() => setFrom(today()), []);
  const load = useCallback(
    () => (from === null ? Promise.resolve<T.${m.type}[]>([]) : ${v.fn}({ from, days: ${DAYS} })),
    [from],
  );
  const rows = useLoad(load, from !== null${frame.auth ? " && session.token !== null" : ""});
${lookups.lines.map((l) => `  ${l}\n`).join("")}  return (
    <>
${indent(frame.back, 6)}      <h1>{${js(v.view.label)}}</h1>
      <p className="lead">{from === null ? "" : \`\${dayTitle(from)} to \${dayTitle(addDays(from, ${
    DAYS - 1
  }))}\`}</p>
${indent(frame.gate(body), 6)}
    </>
  );
}
`;
  return { path: pageFilePath(v.route!), content };
}
