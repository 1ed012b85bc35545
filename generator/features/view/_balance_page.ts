/**
 * The page of a `balance` view: what each member paid, their share and
 * where they stand, the fewest transfers that settle everyone, and a
 * "Settle up" button recording them when the view has a payment entity.
 * Under a group (a trip), the page belongs to one group's row.
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
  modelOf,
  namedImports,
  routeExpr,
  type ViewModel,
} from "../../frontend/model.ts";
import { viewFrame } from "./_filter_page.ts";

/**
 * The group entity of a balance view (the trip), when it is grouped.
 *
 * @param model The frontend model.
 * @param m The view's (expense) entity.
 * @param v The view.
 * @returns The group's entity model, or undefined.
 */
export function balanceGroup(
  model: FrontendModel,
  m: EntityModel,
  v: ViewModel,
): EntityModel | undefined {
  const relation = v.view.group === undefined
    ? undefined
    : m.entity.relations.find((r) => r.field === v.view.group);
  return relation === undefined ? undefined : modelOf(model, relation.target);
}

/**
 * Renders the page of a balance view.
 *
 * @param model The frontend model.
 * @param m The view's (expense) entity.
 * @param v The view (kind `balance`, with a route).
 * @returns The file.
 */
export function renderBalancePage(
  model: FrontendModel,
  m: EntityModel,
  v: ViewModel,
): GeneratedFile {
  const frame = viewFrame(model, m, v);
  const group = v.route?.includes("[id]") ? balanceGroup(model, m, v) : undefined;
  const arg = group === undefined ? "" : "id";
  const settle = v.settleFn;
  const groupName = group?.fns.get === undefined ? undefined : group;
  const imports = namedImports([
    ["next/navigation", group ? ["useParams"] : []],
    ["react", ["useCallback", ...(settle ? ["useState"] : [])]],
    ["@/components/ErrorMessage", settle ? ["ErrorMessage"] : []],
    ["@/components/Loadable", ["Loadable"]],
    ["@/lib/api", [v.fn, ...(settle ? [settle] : []), ...(groupName ? [groupName.fns.get!] : [])]],
    ["@/lib/format", ["formatNumber"]],
    ["@/lib/labels", groupName ? [groupName.labelFn] : []],
    ["@/lib/use_load", ["useLoad"]],
    ...frame.imports.filter(([from]) => from !== "next/link"),
  ]);
  const back = group?.detailRoute !== undefined
    ? `<p className="back">
  <Link href={${routeExpr(group.detailRoute, "id")}}>{${
      groupName
        ? `"← " + (groupRow.data === null ? ${
          js(`This ${group.entity.label}`)
        } : ${groupName.labelFn}(groupRow.data))`
        : js(`← Back to the ${group.entity.label}`)
    }}</Link>
</p>
`
    : frame.back;
  const hooks = [
    ...frame.hooks,
    ...(group
      ? ["const params = useParams<{ id: string }>();", "const id = Number(params.id);"]
      : []),
    ...(groupName
      ? [
        `const loadGroup = useCallback(() => ${groupName.fns.get}(id), [id]);`,
        "const groupRow = useLoad(loadGroup);",
      ]
      : []),
    `const load = useCallback(() => ${v.fn}(${arg}), [${arg}]);`,
    `const report = useLoad(load${frame.enabled});`,
    ...(settle
      ? [
        "const [busy, setBusy] = useState(false);",
        "const [error, setError] = useState<unknown>(null);",
        "const [settled, setSettled] = useState<number | null>(null);",
        `
async function settleUp(): Promise<void> {
  setBusy(true);
  setError(null);
  try {
    const payments = await ${settle}(${arg});
    setSettled(payments.length);
    await report.reload();
  } catch (caught) {
    setError(caught);
  } finally {
    setBusy(false);
  }
}`,
      ]
      : []),
  ];
  const body = `<Loadable state={report} loading="Working out who owes whom…">
  {(data) => (
    <>
      <section aria-labelledby="balances-heading">
        <h2 id="balances-heading">Who stands where</h2>
        {data.balances.length === 0 ? (
          <p className="empty">{${js(`No ${m.entity.labelPlural} yet.`)}}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Share</th>
                  <th scope="col">Balance</th>
                </tr>
              </thead>
              <tbody>
                {data.balances.map((line) => (
                  <tr key={line.member_id}>
                    <td>{line.name}</td>
                    <td>{formatNumber(line.paid)}</td>
                    <td>{formatNumber(line.share)}</td>
                    <td className={line.net > 0.005 ? "positive" : line.net < -0.005 ? "negative" : undefined}>
                      {line.net > 0.005
                        ? \`gets back \${formatNumber(line.net)}\`
                        : line.net < -0.005
                        ? \`owes \${formatNumber(-line.net)}\`
                        : "settled up"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="transfers-heading">
        <h2 id="transfers-heading">To settle up</h2>
        {data.transfers.length === 0 ? (
          <p className="success">Everyone is settled up.</p>
        ) : (
          <ul className="transfers">
            {data.transfers.map((transfer, index) => (
              <li key={index}>{\`\${transfer.from} pays \${transfer.to} \${formatNumber(transfer.amount)}\`}</li>
            ))}
          </ul>
        )}${
    settle
      ? `
        {settled === null ? null : (
          <p role="status" className="success">{\`Recorded \${settled} payment\${settled === 1 ? "" : "s"}.\`}</p>
        )}
        <ErrorMessage error={error} />
        {data.transfers.length === 0 ? null : (
          <button type="button" disabled={busy} onClick={() => void settleUp()}>
            Settle up
          </button>
        )}`
      : ""
  }
      </section>
    </>
  )}
</Loadable>`;
  const content = `"use client";

${back !== "" ? 'import Link from "next/link";\n' : ""}${imports.join("\n")}

/** ${docText(v.view.label)}: who paid what, who owes whom, and settling up. */
export default function Page() {
${indent(hooks.join("\n"), 2)}
  return (
    <>
${indent(back, 6)}      <h1>{${js(v.view.label)}}</h1>
      <p className="lead">{${
    js(
      `What each ${
        modelOf(model, v.view.member ?? m.entity.name).entity.label
      } paid and owes for the ${m.entity.labelPlural}${
        group ? ` of this ${group.entity.label}` : ""
      }, split equally between those sharing each.`,
    )
  }}</p>
${indent(frame.gate(body), 6)}
    </>
  );
}
`;
  return { path: pageFilePath(v.route!), content };
}
