/**
 * The generated app's entity forms: `components/<Entity>Form.tsx`, one input
 * per field and a select per relation, used to create rows, to edit them and
 * to add children on a parent's page.
 *
 * @module
 */
import type { GeneratedFile } from "../../core/artifact.ts";
import type { Field } from "../../core/spec.ts";
import { camelCase } from "../../core/words.ts";
import {
  docText,
  type EntityModel,
  type FrontendModel,
  indent,
  modelOf,
  sharedParent,
  withArticle,
} from "./model.ts";
import {
  fieldInput,
  initialValue,
  inputValue,
  linkInput,
  relationInput,
  setter,
  valueType,
} from "./_inputs.ts";

/**
 * Renders `frontend/components/<Entity>Form.tsx`.
 *
 * @param model The frontend model.
 * @param m The entity.
 * @returns The file.
 */
export function renderForm(model: FrontendModel, m: EntityModel): GeneratedFile {
  const { entity } = m;
  const fields = m.stored;
  // Choices narrowed to the rows sharing a parent with this one (a trip's friends).
  const narrowed = (target: string, except?: string) => {
    const shared = sharedParent(model.spec, entity, target, except);
    return shared === undefined ? { query: "", deps: "" } : {
      query:
        `values.${shared.mine} === "" ? {} : { ${shared.theirs}: Number(values.${shared.mine}) }`,
      deps: `values.${shared.mine}`,
    };
  };
  const relations = entity.relations.map((relation) => ({
    relation,
    parent: modelOf(model, relation.target),
    state: `${camelCase(relation.field)}Options`,
    ...narrowed(relation.target, relation.field),
  }));
  const links = m.links.map((link) => ({
    link,
    target: modelOf(model, link.target),
    state: `${camelCase(link.field)}Options`,
    ...narrowed(link.target),
  }));
  const loaded = relations.filter((r) => r.parent.fns.list !== undefined);
  const loadedLinks = links.filter((l) => l.target.fns.list !== undefined);
  const hasFixed = relations.length > 0;
  const needs = (type: Field["type"]) => fields.some((f) => f.type === type);

  const reactImports = [
    "useId",
    "useState",
    ...(loaded.length + loadedLinks.length > 0 ? ["useEffect"] : []),
  ].sort();
  const formatImports = ["toText"];
  if (needs("datetime")) formatImports.push("fromDatetimeLocal", "toDatetimeLocal");
  if (needs("image")) formatImports.push("safeHref");
  const apiImports = [
    ...new Set([
      ...loaded.map((r) => r.parent.fns.list!),
      ...loadedLinks.map((l) => l.target.fns.list!),
    ]),
  ].sort();
  const labelImports = [
    ...new Set([
      ...loaded.map((r) => r.parent.labelFn),
      ...loadedLinks.map((l) => l.target.labelFn),
    ]),
  ].sort();
  const imports = [
    `import { ${reactImports.join(", ")} } from "react";`,
    `import { ErrorMessage } from "@/components/ErrorMessage";`,
    apiImports.length > 0 ? `import { ${apiImports.join(", ")} } from "@/lib/api";` : "",
    `import { ${formatImports.sort().join(", ")} } from "@/lib/format";`,
    labelImports.length > 0 ? `import { ${labelImports.join(", ")} } from "@/lib/labels";` : "",
    `import type * as T from "@/lib/types";`,
  ].filter((line) => line !== "");

  const valueTypes = [
    ...fields.map((f) => `  ${f.name}: ${valueType(f)};`),
    ...entity.relations.map((r) => `  ${r.field}: string;`),
    ...m.links.map((l) => `  ${l.field}: number[];`),
  ];
  const fixedType = `{ ${entity.relations.map((r) => `${r.field}?: number`).join("; ")} }`;
  const toValues = [
    ...fields.map((f) => `    ${f.name}: ${initialValue(f)},`),
    ...entity.relations.map((r) => `    ${r.field}: toText(fixed?.${r.field} ?? row?.${r.field}),`),
    ...m.links.map((l) => `    ${l.field}: [...(row?.${l.field} ?? [])],`),
  ];
  const toInput = [
    ...fields.map((f) => `    ${f.name}: ${inputValue(f)},`),
    ...entity.relations.map((r) =>
      `    ${r.field}: ${
        r.required
          ? `Number(values.${r.field})`
          : `values.${r.field} === "" ? null : Number(values.${r.field})`
      },`
    ),
    ...m.links.map((l) => `    ${l.field}: values.${l.field},`),
  ];
  const effects = [
    ...loaded.map((r) =>
      `  useEffect(() => {
    if (fixed?.${r.relation.field} !== undefined) return;
    ${r.parent.fns.list}(${r.query}).then(${setter(r.state)}, setError);
  }, [fixed?.${r.relation.field}${r.deps === "" ? "" : `, ${r.deps}`}]);`
    ),
    ...loadedLinks.map((l) =>
      `  useEffect(() => {
    ${l.target.fns.list}(${l.query}).then(${setter(l.state)}, setError);
  }, [${l.deps}]);`
    ),
  ];
  const inputs = [
    ...fields.map((f) => fieldInput(f)),
    ...relations.map((r) =>
      relationInput(
        r.relation,
        r.parent.fns.list === undefined ? undefined : { state: r.state, labelFn: r.parent.labelFn },
      )
    ),
    ...links.map((l) =>
      linkInput(
        l.link,
        l.target.fns.list === undefined ? undefined : { state: l.state, labelFn: l.target.labelFn },
      )
    ),
  ];
  const props = hasFixed
    ? "{ testId, submitLabel, initial, fixed, resetOnSuccess = false, announce = true, onSubmit }"
    : "{ testId, submitLabel, initial, resetOnSuccess = false, announce = true, onSubmit }";
  const fixedArg = hasFixed ? ", fixed" : "";
  const optionStates = [
    ...loaded.map((r) =>
      `  const [${r.state}, ${setter(r.state)}] = useState<T.${r.parent.type}[]>([]);`
    ),
    ...loadedLinks.map((l) =>
      `  const [${l.state}, ${setter(l.state)}] = useState<T.${l.target.type}[]>([]);`
    ),
  ];
  const toggle = m.links.length === 0 ? "" : `
  function toggle(key: ${m.links.map((l) => `"${l.field}"`).join(" | ")}, id: number): void {
    setValues((current) => ({
      ...current,
      [key]: current[key].includes(id) ? current[key].filter((x) => x !== id) : [...current[key], id],
    }));
    setDone(false);
  }
`;
  const content = `${imports.join("\n")}

/** What the inputs hold: text for numbers, dates and ids, as the DOM gives them. */
interface Values {
${valueTypes.join("\n")}
}

/** Props of {@link ${m.form}}. */
export interface ${m.form}Props {
  /** The form's \`data-testid\`: \`${entity.plural}-form\` to create, \`${entity.plural}-edit-form\` to edit. */
  testId: string;
  /** Text of the submit button. */
  submitLabel: string;
  /** The row being edited; absent when creating. */
  initial?: T.${m.type};
${
    hasFixed
      ? `  /** Relations the page fixes, e.g. the parent a child is added to. */
  fixed?: ${fixedType};
`
      : ""
  }  /** Clears the inputs after a successful submit (create forms). */
  resetOnSuccess?: boolean;
  /** Says "Added."/"Saved." after a successful submit (off where the page says more). */
  announce?: boolean;
  /** Sends the body; an error it throws is shown in the form. */
  onSubmit: (input: T.${m.input}) => Promise<void>;
}

function toValues(row: T.${m.type} | undefined${
    hasFixed ? `, fixed: ${m.form}Props["fixed"]` : ""
  }): Values {
  return {
${toValues.join("\n")}
  };
}

function toInput(values: Values): T.${m.input} {
  return {
${toInput.join("\n")}
  };
}

/** Creates or edits ${docText(withArticle(entity.label))}. */
export function ${m.form}(${props}: ${m.form}Props) {
  const uid = useId();
  const [values, setValues] = useState<Values>(() => toValues(initial${fixedArg}));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
${optionStates.join("\n")}
${effects.length > 0 ? effects.join("\n") + "\n" : ""}
  function update<K extends keyof Values>(key: K, value: Values[K]): void {
    setValues((current) => ({ ...current, [key]: value }));
    setDone(false);
  }
${toggle}
  async function submit(): Promise<void> {
    setBusy(true);
    setError(null);
    setDone(false);
    const sent = values;
    try {
      await onSubmit(toInput(sent));
      setDone(true);
      // Typing since the submit is kept.
      if (resetOnSuccess) {
        setValues((current) => (current === sent ? toValues(undefined${fixedArg}) : current));
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="form"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
${indent(inputs.join("\n"), 6)}
      <ErrorMessage error={error} />
      {done && announce ? <p role="status" className="success">{initial === undefined ? "Added." : "Saved."}</p> : null}
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : submitLabel}
      </button>
    </form>
  );
}
`;
  return { path: `frontend/components/${m.form}.tsx`, content };
}
