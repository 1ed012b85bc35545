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
import {
  docText,
  type EntityModel,
  type FrontendModel,
  indent,
  js,
  namedImports,
} from "../../frontend/model.ts";
import { type BodyField, bodyFields } from "./_body.ts";
import { actionButton, control, staticConditions, whenConst } from "./_buttons.ts";

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
  const buttons = items.map(({ a, body }) => actionButton(a, body, roleChecks));
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
