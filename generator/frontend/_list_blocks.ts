/**
 * The two blocks the home page and the list pages share: the create form of
 * an entity (offered to whoever may create, a sign-in prompt to the others,
 * and a notice linking to the row made, with its short link when it has
 * one) and its rows (a search box and filters as list query parameters, the
 * table with each row's actions and delete).
 *
 * @module
 */
import type { FrontendPart } from "./feature_part.ts";
import {
  type EntityModel,
  type FrontendModel,
  indent,
  js,
  routeExpr,
  withArticle,
} from "./model.ts";
import type { Imports } from "./values.ts";
import { filtersOf } from "./_filters.ts";

/** A block of a page: imports, statements of the page component, JSX, local declarations. */
export interface Block {
  imports: Imports;
  hooks: string[];
  jsx: string;
  /** Declarations after the page component (helpers, local types). */
  after: string[];
  /** Its statements go before the other blocks' (they use what it declares). */
  first?: boolean;
}

/**
 * The create form of an entity, with the notice of the row it made.
 *
 * @param model The frontend model.
 * @param m The entity (with a create function).
 * @param parts The features' parts (their values of a row, e.g. its short link).
 * @param onCreated A statement run after a create (e.g. `await rows.reload();`).
 * @returns The block.
 */
export function createBlock(
  model: FrontendModel,
  m: EntityModel,
  parts: readonly FrontendPart[],
  onCreated: string,
): Block {
  const { entity } = m;
  const imports: Imports = [
    ["react", ["useState"]],
    ["@/components/" + m.form, [m.form]],
    ["@/lib/api", [m.fns.create!]],
    ["@/lib/labels", [m.labelFn]],
  ];
  const values = parts.flatMap((p) => p.values ?? []).filter((v) => v.entity === entity.name);
  for (const v of values) imports.push(...v.imports);
  const title = m.detailRoute === undefined
    ? `{${m.labelFn}(created)}`
    : `<Link href={${routeExpr(m.detailRoute, "created.id")}}>{${m.labelFn}(created)}</Link>`;
  if (m.detailRoute !== undefined) imports.push(["next/link", []]);
  const notice = `{created === null ? null : (
  <div role="status" className="success created" data-testid="${entity.plural}-created">
    <p>
      {${js(`Created ${withArticle(entity.label)}: `)}}
      ${title}
    </p>${
    values.map((v) => `
    <p>
      {${js(`${v.label}: `)}}
${indent(v.view("created"), 6)}
    </p>`).join("")
  }
  </div>
)}`;
  const form = `<${m.form}
  testId="${entity.plural}-form"
  submitLabel={${js(`Create ${entity.label}`)}}
  resetOnSuccess
  announce={false}
  onSubmit={create}
/>
${notice}`;
  const heading = `<h2 id="create-heading">{${js(`New ${entity.label}`)}}</h2>`;
  const section = (inner: string) =>
    `<section className="card create" aria-labelledby="create-heading">
  ${heading}
${indent(inner, 2)}
</section>`;
  let jsx = section(form);
  const guarded = model.spec.auth && (m.createAuth || m.entity.permissions?.create !== undefined);
  if (guarded) {
    imports.push(["@/components/SignedIn", ["SignedIn"]], ["@/lib/permissions", ["mayWrite"]]);
    jsx = `{session.ready && session.token !== null && !mayWrite(session, ${
      js(entity.name)
    }, "create") ? null : (
${
      indent(
        section(`<SignedIn prompt={${js(`Sign in to add ${withArticle(entity.label)}.`)}}>
${indent(form, 2)}
</SignedIn>`),
        2,
      )
    }
)}`;
  }
  return {
    imports,
    hooks: [
      `const [created, setCreated] = useState<T.${m.type} | null>(null);`,
      `
async function create(input: T.${m.input}): Promise<void> {
  setCreated(null);
  const row = await ${m.fns.create}(input);
  // The notice shows with the cleared form; the rows reload behind it.
  setCreated(row);${onCreated === "" ? "" : `\n  ${onCreated}`}
}`,
    ],
    jsx,
    after: [],
  };
}

/**
 * The rows of an entity: filters (list query parameters), the table with
 * each row's actions and delete, loading, empty and error states.
 *
 * @param model The frontend model.
 * @param m The entity (with a list function).
 * @param options `limit`: show only the first rows (the home page); `filters`: offer filters.
 * @returns The block; `rows` is the loaded state.
 */
export function rowsBlock(
  model: FrontendModel,
  m: EntityModel,
  options: { heading: string; limit?: number; filters: boolean },
): Block {
  const { entity, fns } = m;
  const { filters, imports: filterImports, choices } = options.filters
    ? filtersOf(model, m)
    : { filters: [], imports: [], choices: [] };
  const imports: Imports = [
    ["react", ["useCallback", "useState"]],
    ["@/components/ErrorMessage", ["ErrorMessage"]],
    ["@/components/Loadable", ["Loadable"]],
    ["@/components/" + m.table, [m.table]],
    ["@/lib/api", [fns.list!, ...(fns.remove ? [fns.remove] : [])]],
    ["@/lib/use_load", ["useLoad"]],
    ...filterImports,
  ];
  const actions = m.actions.length > 0;
  if (actions) imports.push(["@/components/" + m.actionsComponent, [m.actionBar]]);
  const gated = model.spec.auth && m.listAuth;
  if (gated) imports.push(["@/components/SignedIn", ["SignedIn"]]);
  const hooks: string[] = [];
  const after: string[] = [];
  const query = options.limit === undefined ? "" : `{ limit: ${options.limit} }`;
  if (filters.length > 0) {
    imports.push(["react", ["useEffect", "useId"]]);
    hooks.push(
      "const uid = useId();",
      `const [filters, setFilters] = useState<Filters>({ ${
        filters.map((f) => `${f.key}: ""`).join(", ")
      } });`,
      `const [query, setQuery] = useState<T.${m.query}>({});`,
      `useEffect(() => {
  // Typing settles before the list reloads.
  const timer = setTimeout(() => {
    const next = toQuery(filters);
    setQuery((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
  }, 250);
  return () => clearTimeout(timer);
}, [filters]);`,
      ...choices,
      `const loadRows = useCallback(() => ${fns.list}(query), [query]);`,
    );
    after.push(`/** What the filter inputs hold. */
interface Filters {
${filters.map((f) => `  ${f.key}: string;`).join("\n")}
}

/** The list's query parameters from the filters, leaving out the empty ones. */
function toQuery(filters: Filters): T.${m.query} {
  return {
${
      filters.map((f) => `    ...(filters.${f.key}.trim() === "" ? {} : { ${f.key}: ${f.value} }),`)
        .join("\n")
    }
  };
}`);
  } else {
    hooks.push(`const loadRows = useCallback(() => ${fns.list}(${query}), []);`);
  }
  hooks.push(`const rows = useLoad(loadRows${gated ? ", session.token !== null" : ""});`);
  hooks.push("const [actionError, setActionError] = useState<unknown>(null);");
  if (filters.length > 0) {
    hooks.push(`
function setFilter(key: keyof Filters, value: string): void {
  setFilters((current) => ({ ...current, [key]: value }));
}`);
  }
  if (fns.remove) {
    hooks.push(`
async function remove(row: T.${m.type}): Promise<void> {
  setActionError(null);
  try {
    await ${fns.remove}(row.id);
    await rows.reload();
  } catch (caught) {
    setActionError(caught);
  }
}`);
  }
  const filterBar = filters.length === 0
    ? ""
    : `<form className="filters" role="search" aria-label={${
      js(`Find ${entity.labelPlural}`)
    }} onSubmit={(event) => event.preventDefault()}>
${
      indent(
        filters.map((f) =>
          `<div className="field">
  <label htmlFor={\`\${uid}-filter-${f.key}\`}>{${js(f.label)}}</label>
${indent(f.control(`{\`\${uid}-filter-${f.key}\`}`), 2)}
</div>`
        ).join("\n"),
        2,
      )
    }
</form>
`;
  const empty = filters.length === 0
    ? js(`No ${entity.labelPlural} yet.`)
    : `Object.keys(query).length > 0 ? ${js(`No ${entity.labelPlural} match.`)} : ${
      js(`No ${entity.labelPlural} yet.`)
    }`;
  const props = [
    ...(fns.remove ? ["onDelete={(row) => void remove(row)}"] : []),
    ...(actions ? ["onChanged={rows.reload}"] : []),
  ];
  const table = `<Loadable state={rows} loading={${
    js(`Loading ${entity.labelPlural}…`)
  }} empty={${empty}}>
  {(data) => <${m.table} rows={data}${props.map((p) => ` ${p}`).join("")} />}
</Loadable>`;
  const list = actions ? `<${m.actionBar}>\n${indent(table, 2)}\n</${m.actionBar}>` : table;
  const inner = `${filterBar}<ErrorMessage error={actionError} />
${list}`;
  const jsx = `<section aria-labelledby="rows-heading">
  <h2 id="rows-heading">{${js(options.heading)}}</h2>
${
    indent(
      gated
        ? `<SignedIn prompt={${js(`Sign in to see your ${entity.labelPlural}.`)}}>\n${
          indent(inner, 2)
        }\n</SignedIn>`
        : inner,
      2,
    )
  }
</section>`;
  return { imports, hooks, jsx, after, first: true };
}
