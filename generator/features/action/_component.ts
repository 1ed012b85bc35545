/**
 * `components/<Entity>Actions.tsx`: the buttons of an entity's actions for
 * one row (`<Entity>Actions`), and the bar above a list of rows that holds
 * what their buttons share (`<Entity>ActionBar`): the body fields of
 * `record` actions (the voter's name, typed once for every option) and the
 * rows that relation choices come from. A button shows only when the user's
 * role may run it and its `when` holds for the row (as far as the row
 * tells); after it runs the page reloads, and a refusal shows the server's
 * message beside it.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";
import type { Condition } from "../../../core/behaviours.ts";
import { fieldControl, rowSelect } from "../../frontend/controls.ts";
import {
  type ActionModel,
  docText,
  type EntityModel,
  type FrontendModel,
  indent,
  js,
  namedImports,
  withArticle,
} from "../../frontend/model.ts";
import { type BodyField, bodyFields, bodyValue } from "./_body.ts";

/**
 * The conditions of an action the browser can check from the row alone:
 * those comparing with a literal or another field (not with today or now,
 * whose reading the server owns).
 *
 * @param when The action's conditions.
 * @returns The checkable ones.
 */
export function staticConditions(when: readonly Condition[] | undefined): Condition[] {
  return (when ?? []).filter((c) =>
    c.value === undefined || c.value === null || typeof c.value !== "object" ||
    "field" in c.value
  );
}

function whenConst(a: ActionModel): string {
  return `WHEN_${a.action.name.toUpperCase()}`;
}

/**
 * Renders `frontend/components/<Entity>Actions.tsx`.
 *
 * @param model The frontend model.
 * @param m The entity (with at least one action).
 * @returns The file.
 */
export function renderActionsComponent(model: FrontendModel, m: EntityModel): GeneratedFile {
  const withRoles = model.roles.length > 0;
  const items = m.actions.map((a) => ({ a, body: bodyFields(model, m, a.action) }));
  const bar = items.flatMap((i) => i.body.filter((b) => b.place === "bar"));
  const rowInputs = items.flatMap((i) => i.body.filter((b) => b.place === "row"));
  const all = [...bar, ...rowInputs];
  const targets = [
    ...new Map(all.flatMap((b) => b.target ? [[b.target.entity.name, b.target]] : []))
      .values(),
  ].filter((t) => t.fns.list !== undefined);
  const choice = (t: EntityModel) => t.entity.name[0]!.toLowerCase() + t.entity.name.slice(1);
  const conditions = items.filter((i) => staticConditions(i.a.action.when).length > 0);
  const roleChecks = withRoles && items.some((i) => (i.a.action.roles ?? []).length > 0);
  const needs = (type: string) => all.some((b) => b.field?.type === type);

  const imports = namedImports([
    ["react", [
      "createContext",
      "type ReactNode",
      "useContext",
      "useState",
      ...(bar.length > 0 || rowInputs.length > 0 ? ["useId"] : []),
      ...(targets.length > 0 ? ["useEffect"] : []),
    ]],
    ["@/components/ErrorMessage", ["ErrorMessage"]],
    ["@/lib/api", [...m.actions.map((a) => a.fn), ...targets.map((t) => t.fns.list!)]],
    ["@/lib/conditions", conditions.length > 0 ? ["type Condition", "holds"] : []],
    ["@/lib/format", [
      ...(rowInputs.some((b) => b.initial.startsWith("toText(")) ? ["toText"] : []),
      ...(needs("datetime") ? ["fromDatetimeLocal"] : []),
      ...(rowInputs.some((b) => b.initial.startsWith("toDatetimeLocal("))
        ? ["toDatetimeLocal"]
        : []),
      ...(needs("image") ? ["safeHref"] : []),
      ...(items.some((i) =>
          i.a.action.kind === "move" && i.body.length === 1 && i.body[0]!.field?.type === "enum"
        )
        ? ["formatEnum"]
        : []),
    ]],
    ["@/lib/labels", targets.map((t) => t.labelFn)],
    ["@/lib/permissions", roleChecks ? ["hasRole"] : []],
    ["@/lib/session", roleChecks ? ["useSession"] : []],
  ]);

  const valueType = (b: BodyField) => b.field?.type === "boolean" ? "boolean" : "string";
  const sharedFields = [
    ...(bar.length > 0
      ? [
        "  /** The id of the bar's form, to check its inputs. */\n  formId: string;",
        "  values: BarValues;",
      ]
      : []),
    ...(targets.length > 0 ? ["  choices: Choices;"] : []),
  ];
  const declarations = [
    ...(bar.length > 0
      ? [`/** What the bar's inputs hold (text, as the DOM gives it). */
interface BarValues {
${bar.map((b) => `  ${b.key}: ${valueType(b)};`).join("\n")}
}`]
      : []),
    ...(targets.length > 0
      ? [`/** The rows the actions' choices come from. */
interface Choices {
${targets.map((t) => `  ${choice(t)}: T.${t.type}[];`).join("\n")}
}`]
      : []),
    `/** What every row's buttons share, from the bar above them. */
interface Shared {
${sharedFields.length > 0 ? sharedFields.join("\n") : "  ready: true;"}
}

const SharedContext = createContext<Shared | null>(null);`,
    ...conditions.map((i) =>
      `/** When "${
        docText(i.a.action.label)
      }" may run, as far as the row tells (the server checks the rest). */
const ${whenConst(i.a)}: readonly Condition[] = ${
        JSON.stringify(staticConditions(i.a.action.when))
      };`
    ),
  ];

  const barControls = bar.map((b) => control(b, "values", "update"));
  const barTitle = [
    ...new Set(
      items.filter((i) => i.body.some((b) => b.place === "bar")).map((i) => i.a.action.label),
    ),
  ];
  const barComponent = `/** Props of {@link ${m.actionBar}}. */
export interface ${m.actionBar}Props {
  children: ReactNode;
}

/**
 * Wraps rows of ${
    docText(m.entity.labelPlural)
  } whose ${"`"}${m.actionsComponent}${"`"} buttons share${
    bar.length > 0 ? " the inputs above them" : ""
  }${targets.length > 0 ? `${bar.length > 0 ? " and" : ""} the rows their choices come from` : ""}.
 */
export function ${m.actionBar}({ children }: ${m.actionBar}Props) {
${
    [
      ...(bar.length > 0
        ? [
          "const uid = useId();",
          `const [values, setValues] = useState<BarValues>({ ${
            bar.map((b) => `${b.key}: ${b.initial}`).join(", ")
          } });`,
        ]
        : []),
      ...(targets.length > 0
        ? [
          `const [choices, setChoices] = useState<Choices>({ ${
            targets.map((t) => `${choice(t)}: []`).join(", ")
          } });`,
          `useEffect(() => {
${
            targets.map((t) =>
              `  ${t.fns.list}({ limit: 500 }).then(
    (rows) => setChoices((current) => ({ ...current, ${choice(t)}: rows })),
    () => {},
  );`
            ).join("\n")
          }
}, []);`,
        ]
        : []),
      ...(bar.length > 0
        ? [`
function update<K extends keyof BarValues>(key: K, value: BarValues[K]): void {
  setValues((current) => ({ ...current, [key]: value }));
}`]
        : []),
    ].map((l) => indent(l, 2)).join("\n")
  }
  const shared: Shared = { ${
    [
      ...(bar.length > 0 ? ["formId: `${uid}-bar`", "values"] : []),
      ...(targets.length > 0 ? ["choices"] : []),
    ].join(", ") || "ready: true"
  } };
  return (
    <SharedContext.Provider value={shared}>${
    bar.length > 0
      ? `
      <form id={shared.formId} className="action-bar" onSubmit={(event) => event.preventDefault()}>
        <p className="action-bar-title">{${
        js(`For ${barTitle.map((t) => `“${t}”`).join(" and ")}:`)
      }}</p>
${indent(barControls.join("\n"), 8)}
      </form>`
      : ""
  }
      {children}
    </SharedContext.Provider>
  );
}`;

  const rowState = rowInputs.length > 0
    ? [
      "const uid = useId();",
      `const [rowValues, setRowValues] = useState<RowValues>(() => ({ ${
        rowInputs.map((b) => `${b.key}: ${b.initial}`).join(", ")
      } }));`,
    ]
    : [];
  if (rowInputs.length > 0) {
    declarations.push(
      `/** What the inputs beside a row's buttons hold (text, as the DOM gives it). */
interface RowValues {
${rowInputs.map((b) => `  ${b.key}: ${valueType(b)};`).join("\n")}
}`,
    );
  }
  const buttons = items.map(({ a, body }) => button(a, body, roleChecks));
  const rowComponent = `/** Props of {@link ${m.actionsComponent}}. */
export interface ${m.actionsComponent}Props {
  row: T.${m.type};
  /** Runs after an action succeeded (reload what it changed). */
  onDone: () => void | Promise<void>;
}

/** The actions of one ${
    docText(m.entity.label)
  }, as buttons, with the server's answer when it refuses. */
export function ${m.actionsComponent}({ row, onDone }: ${m.actionsComponent}Props) {
  const shared = useContext(SharedContext);${roleChecks ? "\n  const session = useSession();" : ""}
${rowState.map((l) => `  ${l}\n`).join("")}  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
${buttons.flatMap((b) => b.pre).map((p) => `  ${p}\n`).join("")}${
    rowInputs.length > 0
      ? `
  function updateRow<K extends keyof RowValues>(key: K, value: RowValues[K]): void {
    setRowValues((current) => ({ ...current, [key]: value }));
  }
`
      : ""
  }
  async function run(call: () => Promise<unknown>${
    bar.length > 0 ? ", usesBar = false" : ""
  }): Promise<void> {${
    bar.length > 0
      ? `
    if (usesBar) {
      const form = shared === null ? null : document.getElementById(shared.formId);
      if (form instanceof HTMLFormElement && !form.reportValidity()) return;
    }`
      : ""
  }
    setBusy(true);
    setError(null);
    try {
      await call();
      await onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
${
    rowInputs.some((b) => b.required && b.relation !== undefined && b.initial === '""')
      ? `
  function missing(text: string, label: string): boolean {
    if (text !== "") return false;
    setError(new Error(\`Choose \${label} first\`));
    return true;
  }
`
      : ""
  }
  return (
    <div className="row-actions">
${indent(buttons.map((b) => b.jsx).join("\n"), 6)}
      <ErrorMessage error={error} />
    </div>
  );
}`;

  const content = `"use client";

${imports.join("\n")}
import type * as T from "@/lib/types";

${declarations.join("\n\n")}

${barComponent}

${rowComponent}
`;
  return { path: `frontend/components/${m.actionsComponent}.tsx`, content };
}

/** The labelled input of a body field; `values`/`set` name the state and its setter. */
function control(b: BodyField, values: string, set: string, options?: string): string {
  const state = {
    key: b.key,
    value: `${values}.${b.key}`,
    set: (value: string) => `${set}("${b.key}", ${value})`,
    label: b.label,
  };
  if (b.field !== undefined) return fieldControl(b.field, state);
  const t = b.target!;
  const rows = options ??
    `(shared?.choices.${t.entity.name[0]!.toLowerCase()}${t.entity.name.slice(1)} ?? [])`;
  return t.fns.list === undefined
    ? fieldControl({ name: b.name, type: "integer", required: b.required, min: 1 }, state)
    : rowSelect(state, rows, t.labelFn, b.required);
}

/** Most choices a move offers as one button each; more become a select. */
const MAX_CHOICE_BUTTONS = 6;

function button(
  a: ActionModel,
  body: BodyField[],
  roleChecks: boolean,
): { jsx: string; pre: string[] } {
  const { action } = a;
  const show: string[] = [];
  if (staticConditions(action.when).length > 0) show.push(`holds(row, ${whenConst(a)})`);
  if (roleChecks && (action.roles ?? []).length > 0) {
    show.push(`hasRole(session, [${(action.roles ?? []).map(js).join(", ")}])`);
  }
  const usesBar = body.some((b) => b.place === "bar");
  if (usesBar) show.push("shared !== null");
  const rowBody = body.filter((b) => b.place === "row");
  const controls = rowBody.map((b) => {
    const t = b.target;
    const choices = t === undefined
      ? undefined
      : `(shared?.choices.${t.entity.name[0]!.toLowerCase()}${t.entity.name.slice(1)} ?? [])${
        b.narrow === undefined
          ? ""
          : `.filter((option) => option.${b.narrow.theirs} === row.${b.narrow.mine})`
      }`;
    return control(b, "rowValues", "updateRow", choices);
  });
  const entries = body.map((b) =>
    `${b.name}: ${
      bodyValue(b, b.place === "bar" ? `shared.values.${b.key}` : `rowValues.${b.key}`)
    }`
  );
  const args = [
    "row.id",
    ...(action.kind === "record" || action.kind === "move"
      ? [entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`]
      : []),
  ];
  const guards = rowBody
    .filter((b) => b.required && b.relation !== undefined && b.initial === '""')
    .map((b) =>
      `if (missing(rowValues.${b.key}, ${js(withArticle(b.label.toLowerCase()))})) return;\n`
    );
  const call = usesBar
    ? `() => {
  ${guards.join("  ")}if (shared === null) return;
  void run(() => ${a.fn}(${args.join(", ")}), true);
}`
    : guards.length > 0
    ? `() => {
  ${guards.join("  ")}void run(() => ${a.fn}(${args.join(", ")}));
}`
    : `() => void run(() => ${a.fn}(${args.join(", ")}))`;
  const buttonJsx = `<button type="button" disabled={busy} onClick={${call}}>
  {${js(action.label)}}
</button>`;
  let inner = controls.length === 0 ? buttonJsx : `<div className="inline-form">
${indent([...controls, buttonJsx].join("\n"), 2)}
</div>`;
  const pre: string[] = [];
  // A move to one of a few places (another column) is a button per place.
  const only = action.kind === "move" && body.length === 1 ? body[0]! : undefined;
  const choices = only === undefined ? undefined : only.target?.fns.list !== undefined
    ? {
      list: `(shared?.choices.${only.target.entity.name[0]!.toLowerCase()}${
        only.target.entity.name.slice(1)
      } ?? [])${
        only.narrow === undefined
          ? ""
          : `.filter((option) => option.${only.narrow.theirs} === row.${only.narrow.mine})`
      }.filter((option) => option.id !== row.${only.name})`,
      key: "option.id",
      value: "option.id",
      text: `${only.target.labelFn}(option)`,
    }
    : only.field?.type === "enum"
    ? {
      list: `${
        JSON.stringify(only.field.values ?? [])
      }.filter((option) => option !== row.${only.name})`,
      key: "option",
      value: "option",
      text: "formatEnum(option)",
    }
    : undefined;
  if (choices !== undefined && only !== undefined) {
    const name = `${only.key}Choices`;
    pre.push(`const ${name} = ${choices.list};`);
    inner = `{${name}.length <= ${MAX_CHOICE_BUTTONS} ? (
  ${name}.map((option) => (
    <button key={${choices.key}} type="button" disabled={busy} onClick={() => void run(() => ${a.fn}(row.id, { ${only.name}: ${choices.value} }))}>
      {${js(`${action.label} to `)} + ${choices.text}}
    </button>
  ))
) : (
${indent(inner, 2)}
)}`;
  }
  return {
    jsx: show.length === 0 ? inner : `{${show.join(" && ")} ? (
${
      indent(
        inner.startsWith("{")
          ? `<>
${indent(inner, 2)}
</>`
          : inner,
        2,
      )
    }
) : null}`,
    pre,
  };
}
