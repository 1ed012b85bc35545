/**
 * The sections of a detail page that list a child entity's rows (a poll's
 * options, a trip's expenses), with the child's actions and a form to add
 * one with the parent fixed.
 *
 * @module
 */
import type { Relation } from "../../core/spec.ts";
import { capitalize, pascalCase } from "../../core/words.ts";
import {
  docText,
  type EntityModel,
  type FrontendModel,
  indent,
  js,
  modelOf,
  relationLabel,
  withArticle,
} from "./model.ts";
import type { Imports } from "./values.ts";

/** Whether a child section has a form: rows an action records (votes, sign-ups) are made by its button. */
export function addsRows(child: EntityModel): boolean {
  return child.fns.create !== undefined && !child.recorded;
}

/**
 * A child entity's rows on its parent's page, as a local component: the
 * rows with their actions and delete, and a form to add one (behind a
 * "New <child>" button when the page has several).
 *
 * @param model The frontend model.
 * @param child The child entity.
 * @param relation Its relation to the parent.
 * @param collapsed Whether the add form opens from a button.
 * @returns The component's name, its imports and code, and whether it opens from a button.
 */
export function childSection(
  model: FrontendModel,
  child: EntityModel,
  relation: Relation,
  collapsed: boolean,
): { name: string; imports: Imports; code: string; collapsed: boolean } {
  const { entity, fns } = child;
  const name = `${child.pluralPascal}By${pascalCase(relation.field)}Section`;
  const f = relation.field;
  const twice = child.entity.relations.filter((r) => r.target === relation.target).length > 1;
  const heading = capitalize(entity.labelPlural) + (twice ? ` (${relationLabel(relation)})` : "");
  const creates = addsRows(child);
  const auth = model.spec.auth;
  const guarded = auth && creates &&
    (child.createAuth || child.entity.permissions?.create !== undefined);
  const actions = child.actions.length > 0;
  const imports: Imports = [
    ["react", ["useCallback", "useState"]],
    ["@/components/ErrorMessage", ["ErrorMessage"]],
    ["@/components/" + child.form, creates ? [child.form] : []],
    ["@/components/" + child.table, [child.table]],
    ["@/components/" + child.actionsComponent, actions ? [child.actionBar] : []],
    ["@/components/SignedIn", guarded ? ["SignedIn"] : []],
    [
      "@/lib/api",
      [fns.list!, creates ? fns.create : undefined, fns.remove].filter((x) => x !== undefined),
    ],
    ["@/lib/permissions", guarded ? ["mayWrite"] : []],
    ["@/lib/session", guarded ? ["useSession"] : []],
  ];
  const props = [
    ` hide={["${f}"]}`,
    ...(fns.remove ? [" onDelete={(row) => void remove(row)}"] : []),
    ...(actions ? [" onChanged={onChanged}"] : []),
  ].join("");
  const parent = modelOf(model, relation.target).entity.label;
  const table = `<Loadable state={rows} loading={${js(`Loading ${entity.labelPlural}…`)}} empty={${
    js(`No ${entity.labelPlural} yet.`)
  }}>
  {(data) => <${child.table} rows={data}${props} />}
</Loadable>`;
  const form = `<${child.form}
  testId="${entity.plural}-form"
  submitLabel={${js(`Add ${entity.label}`)}}
  fixed={{ ${f}: parentId }}
  resetOnSuccess
  onSubmit={create}
/>`;
  const guardedForm = guarded
    ? `{session.ready && session.token !== null && !mayWrite(session, ${
      js(entity.name)
    }, "create") ? null : (
  <SignedIn prompt={${js(`Sign in to add ${withArticle(entity.label)}.`)}}>
${indent(form, 4)}
  </SignedIn>
)}`
    : form;
  const addBlock = !creates ? "" : collapsed
    ? `
<p>
  <button type="button" className="secondary" aria-expanded={adding} onClick={onAdd}>
    {${js(`New ${entity.label}`)}}
  </button>
</p>
{adding ? (
  <>
    <h3>{${js(`Add ${withArticle(entity.label)}`)}}</h3>
${indent(guardedForm, 4)}
  </>
) : null}`
    : `
<h3>{${js(`Add ${withArticle(entity.label)}`)}}</h3>
${guardedForm}`;
  const inner = `<ErrorMessage error={actionError} />
${actions ? `<${child.actionBar}>\n${indent(table, 2)}\n</${child.actionBar}>` : table}${addBlock}`;
  const code = `/** ${docText(heading)} of this ${docText(parent)}${
    creates ? ", with a form to add one" : ""
  }. */
function ${name}(${
    creates && collapsed
      ? "{ parentId, version, onChanged, adding, onAdd }: { parentId: number; version: number; onChanged: () => void; adding: boolean; onAdd: () => void }"
      : "{ parentId, version, onChanged }: { parentId: number; version: number; onChanged: () => void }"
  }) {${guarded ? "\n  const session = useSession();" : ""}
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const loadRows = useCallback(() => ${fns.list}({ ${f}: parentId }), [parentId, version]);
  const rows = useLoad(loadRows);
  const [actionError, setActionError] = useState<unknown>(null);
${
    creates
      ? `
  async function create(input: T.${child.input}): Promise<void> {
    await ${fns.create}(input);
    setActionError(null);
    onChanged();
  }
`
      : ""
  }${
    fns.remove
      ? `
  async function remove(row: T.${child.type}): Promise<void> {
    setActionError(null);
    try {
      await ${fns.remove}(row.id);
      onChanged();
    } catch (caught) {
      setActionError(caught);
    }
  }
`
      : ""
  }
  return (
    <section className="card" aria-label={${js(heading)}}>
      <h2>{${js(heading)}}</h2>
${indent(inner, 6)}
    </section>
  );
}
`;
  return { name, imports, code, collapsed: creates && collapsed };
}
