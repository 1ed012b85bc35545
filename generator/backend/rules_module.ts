/**
 * Renders `app/rules.py`: one `check_<singular>(db, row)` per entity whose
 * writes are checked (unique fields, and the rules features contribute),
 * run after a write and before its commit.
 *
 * @module
 */
import type { BackendContext, EntityPlan } from "./context.ts";
import { withArticle } from "./context.ts";
import { capitalize } from "../../core/words.ts";
import type { WriteCheck } from "./feature_part.ts";
import { mergeImports, pyDoc, pyModule, pyStr, renderImports, wrapCall } from "./python.ts";
import { checkName } from "./routers.ts";
import { pyTuple } from "./route_access.ts";

function uniqueLines(plan: EntityPlan): string[] {
  return plan.inputs.filter((f) => f.field.unique).map((f) =>
    wrapCall("    ", "check_unique", [
      "db",
      pyStr(plan.plural),
      "row",
      pyTuple([f.name]),
      pyStr(
        `${capitalize(withArticle(plan.entity.label))} with this ${
          f.name.replace(/_/g, " ")
        } already exists`,
      ),
    ])
  );
}

/**
 * The entities whose writes `app/rules.py` checks.
 *
 * @param ctx The render context.
 * @param checks The features' write checks.
 * @returns Their names.
 */
export function checkedEntities(ctx: BackendContext, checks: readonly WriteCheck[]): Set<string> {
  return new Set(
    ctx.entities
      .filter((e) => uniqueLines(e).length > 0 || checks.some((c) => c.entity === e.entity.name))
      .map((e) => e.entity.name),
  );
}

/**
 * Renders `backend/app/rules.py`.
 *
 * @param ctx The render context.
 * @param checks The features' write checks.
 * @returns The module source, or undefined when no write is checked.
 */
export function renderRules(
  ctx: BackendContext,
  checks: readonly WriteCheck[],
): string | undefined {
  const checked = checkedEntities(ctx, checks);
  if (checked.size === 0) return undefined;
  const plans = ctx.entities.filter((e) => checked.has(e.entity.name));
  const functions = plans.map((plan) => {
    const mine = checks.filter((c) => c.entity === plan.entity.name);
    return [
      `def ${checkName(plan)}(db: sqlite3.Connection, row: dict[str, Any]) -> None:`,
      `    ${
        pyDoc(`Refuses a write of ${plan.entity.labelPlural} that breaks their rules.`, "    ")
      }`,
      ...uniqueLines(plan),
      ...mine.flatMap((c) => c.lines),
    ].join("\n");
  });
  const code = functions.join("\n");
  const imports = mergeImports(
    { sqlite3: [], typing: ["Any"] },
    ...(code.includes("check_unique(") ? [{ "app.checks": ["check_unique"] }] : []),
    ...checks.map((c) => c.imports),
  );
  return pyModule([
    [
      '"""The rules the server enforces on writes, one function per entity.',
      "",
      "Each runs after a row is written and before the write is committed; a",
      "refusal rolls the write back and answers 409 (a conflict with other rows)",
      "or 422 (an invalid row) with the rule's message.",
      '"""',
      renderImports(imports),
    ].join("\n"),
    ...functions,
  ]);
}
