/**
 * The per-agent cost table every entry point prints (CLI, MCP results, PR bodies).
 *
 * @module
 */
import { AGENTS, type Ledger, ledgerTotals } from "./budget.ts";

/**
 * Renders the cost table of the design.
 *
 * @param ledger What each agent spent.
 * @param provider The provider's name, shown so an offline run is not read as a free model run.
 * @returns The table, ending with a newline.
 * @example
 * ```ts
 * import { costTable } from "./cost_table.ts";
 * import { emptyLedger } from "./budget.ts";
 * if (!costTable(emptyLedger(), "offline").includes("TOTAL")) throw new Error();
 * ```
 */
export function costTable(ledger: Ledger, provider: string): string {
  const n = (v: number) => v.toLocaleString("en-US");
  const usd = (v: number) => `$${v.toFixed(6)}`;
  const row = (name: string, tokens: number, cost: number) =>
    `${name.padEnd(20)}${n(tokens).padStart(7)}${usd(cost).padStart(13)}`;
  const lines = [
    "Per-Agent Token Usage:",
    `${"Agent".padEnd(20)}${"Tokens".padStart(7)}${"Cost (USD)".padStart(13)}`,
    "-".repeat(40),
  ];
  for (const agent of AGENTS) {
    const spend = ledger[agent];
    lines.push(row(agent, spend.inputTokens + spend.outputTokens, spend.usd));
  }
  const totals = ledgerTotals(ledger);
  lines.push("-".repeat(40), row("TOTAL", totals.tokens, totals.usd));
  const models = [...new Set(AGENTS.flatMap((a) => ledger[a].models))].join(", ") ||
    "none called";
  lines.push(
    provider === "offline"
      ? "Provider: offline (deterministic generator, no model calls: 0 tokens, $0)"
      : provider === "sampling"
      ? `Provider: sampling (the MCP client's model: ${models}; tokens estimated, billed by the client)`
      : `Provider: ${provider} (models: ${models})`,
  );
  return lines.join("\n") + "\n";
}
