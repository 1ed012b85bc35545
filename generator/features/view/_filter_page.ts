/**
 * The page of a `filter` view: the matching rows in the entity's table,
 * with their actions, and the conditions in words.
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
import { conditionsSentence } from "./_words.ts";

/**
 * The frame every view page shares: the back link, heading and lead, and
 * the sign-in gate of views that need a token.
 *
 * @param model The frontend model.
 * @param m The view's entity.
 * @param v The view.
 * @returns The pieces of the page.
 */
export function viewFrame(model: FrontendModel, m: EntityModel, v: ViewModel) {
  const auth = model.spec.auth && v.endpoint.auth;
  const back = m.listRoute === undefined ? "" : `<p className="back">
  <Link href=${js(m.listRoute)}>{${js(`← All ${m.entity.labelPlural}`)}}</Link>
</p>
`;
  return {
    auth,
    imports: [
      ["next/link", []],
      ["@/components/SignedIn", auth ? ["SignedIn"] : []],
      ["@/lib/session", auth ? ["useSession"] : []],
    ] as [string, string[]][],
    hooks: auth ? ["const session = useSession();"] : [],
    enabled: auth ? ", session.token !== null" : "",
    back,
    usesLink: back !== "",
    gate: (jsx: string) =>
      auth
        ? `<SignedIn prompt={${js(`Sign in to see ${m.entity.labelPlural}.`)}}>
${indent(jsx, 2)}
</SignedIn>`
        : jsx,
  };
}

/**
 * Renders the page of a filter view.
 *
 * @param model The frontend model.
 * @param m The view's entity.
 * @param v The view (kind `filter`, with a route).
 * @returns The file.
 */
export function renderFilterPage(
  model: FrontendModel,
  m: EntityModel,
  v: ViewModel,
): GeneratedFile {
  const frame = viewFrame(model, m, v);
  const actions = m.actions.length > 0;
  const table = `<Loadable state={rows} loading={${
    js(`Loading ${v.view.label.toLowerCase()}…`)
  }} empty={${js(`No ${m.entity.labelPlural} right now.`)}}>
  {(data) => <${m.table} rows={data}${actions ? " onChanged={rows.reload}" : ""} />}
</Loadable>`;
  const body = actions ? `<${m.actionBar}>\n${indent(table, 2)}\n</${m.actionBar}>` : table;
  const imports = namedImports([
    ["react", ["useCallback"]],
    ["@/components/Loadable", ["Loadable"]],
    ["@/components/" + m.actionsComponent, actions ? [m.actionBar] : []],
    ["@/components/" + m.table, [m.table]],
    ["@/lib/api", [v.fn]],
    ["@/lib/use_load", ["useLoad"]],
    ...frame.imports.filter(([from]) => from !== "next/link"),
  ]);
  const content = `"use client";

${frame.usesLink ? 'import Link from "next/link";\n' : ""}${imports.join("\n")}

/** ${docText(v.view.label)}: the ${
    docText(m.entity.labelPlural)
  } that match, with their actions. */
export default function Page() {
${frame.hooks.map((h) => `  ${h}\n`).join("")}  const load = useCallback(() => ${v.fn}(), []);
  const rows = useLoad(load${frame.enabled});
  return (
    <>
${indent(frame.back, 6)}      <h1>{${js(v.view.label)}}</h1>
      <p className="lead">{${js(conditionsSentence(m.entity, v.view.where ?? []))}}</p>
${indent(frame.gate(body), 6)}
    </>
  );
}
`;
  return { path: pageFilePath(v.route!), content };
}
