/**
 * Model prices for the `openai` provider: {@link DEFAULT_PRICES} overridden
 * by a JSON object (`STACKFORGE_PRICES`) or a JSON file
 * (`STACKFORGE_PRICES_FILE`), and a lookup that warns once per unpriced model.
 *
 * @module
 */
import { z } from "zod";
import { DEFAULT_PRICES, type Price } from "../../core/budget.ts";

/** A price table as written in JSON: USD per 1M tokens; `cachedInput` defaults to `input`. */
export const PriceTableSchema = z.record(
  z.string().min(1),
  z.object({
    input: z.number().min(0),
    cachedInput: z.number().min(0).optional(),
    output: z.number().min(0),
  }).strict(),
);

/**
 * Parses a JSON price table.
 *
 * @param text JSON such as `{"my-model": {"input": 0.2, "output": 0.8}}`.
 * @param source Where it came from, for the error message.
 * @returns The prices.
 * @throws {RangeError} When the text is not such a table.
 * @example
 * ```ts
 * import { parsePriceTable } from "./pricing.ts";
 * const prices = parsePriceTable('{"m": {"input": 1, "output": 2}}', "test");
 * if (prices.m?.cachedInput !== 1) throw new Error();
 * ```
 */
export function parsePriceTable(text: string, source: string): Record<string, Price> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new RangeError(`Invalid price table in ${source}: ${(error as Error).message}`);
  }
  const parsed = PriceTableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RangeError(
      `Invalid price table in ${source}: ${issue.path.join(".") || "(root)"}: ${issue.message}` +
        ', expected {"<model>": {"input": 0.15, "cachedInput": 0.075, "output": 0.6}}',
    );
  }
  const prices: Record<string, Price> = {};
  for (const [model, p] of Object.entries(parsed.data)) {
    prices[model] = { input: p.input, cachedInput: p.cachedInput ?? p.input, output: p.output };
  }
  return prices;
}

/** Where extra prices come from. */
export interface PriceSources {
  /** Prices given in code; override everything else. */
  prices?: Record<string, Price>;
  /** A JSON price table (`STACKFORGE_PRICES`). */
  pricesJson?: string;
  /** Path of a JSON price table file (`STACKFORGE_PRICES_FILE`). */
  pricesFile?: string;
}

/**
 * Builds the price table: defaults, then the file, then the JSON, then `prices`.
 *
 * @param sources The overrides.
 * @param readFile Reads the file (injectable for tests).
 * @returns The merged table.
 * @throws {RangeError} When the file cannot be read or a table is invalid.
 */
export function loadPrices(
  sources: PriceSources,
  readFile: (path: string) => string = Deno.readTextFileSync,
): Record<string, Price> {
  let fromFile: Record<string, Price> = {};
  if (sources.pricesFile !== undefined) {
    let text: string;
    try {
      text = readFile(sources.pricesFile);
    } catch (error) {
      throw new RangeError(
        `Cannot read STACKFORGE_PRICES_FILE ${JSON.stringify(sources.pricesFile)}: ${
          (error as Error).message
        }`,
      );
    }
    fromFile = parsePriceTable(
      text,
      `STACKFORGE_PRICES_FILE ${JSON.stringify(sources.pricesFile)}`,
    );
  }
  const fromJson = sources.pricesJson === undefined
    ? {}
    : parsePriceTable(sources.pricesJson, "STACKFORGE_PRICES");
  return { ...DEFAULT_PRICES, ...fromFile, ...fromJson, ...sources.prices };
}

/**
 * Makes the price lookup of a provider. A model is found by its exact name,
 * then without a date suffix (`gpt-4o-2024-08-06`), then without a router
 * prefix (`openai/gpt-4o`). An unknown model costs 0 and `warn` is called
 * once for it.
 *
 * @param prices The price table.
 * @param warn Receives one line per unpriced model.
 * @returns The lookup.
 * @example
 * ```ts
 * import { createPriceLookup } from "./pricing.ts";
 * import { DEFAULT_PRICES } from "../../core/budget.ts";
 * const warnings: string[] = [];
 * const priceOf = createPriceLookup(DEFAULT_PRICES, (w) => warnings.push(w));
 * if (priceOf("openai/gpt-4o-2024-08-06") !== DEFAULT_PRICES["gpt-4o"]) throw new Error();
 * priceOf("llama3.1"); priceOf("llama3.1");
 * if (warnings.length !== 1) throw new Error();
 * ```
 */
export function createPriceLookup(
  prices: Readonly<Record<string, Price>>,
  warn: (message: string) => void,
): (model: string) => Price | undefined {
  const warned = new Set<string>();
  return (model) => {
    const undated = model.replace(/-\d{4}-\d{2}-\d{2}$/, "");
    const bare = undated.replace(/^[\w.-]+\//, "");
    const price = prices[model] ?? prices[undated] ?? prices[bare];
    if (price === undefined && !warned.has(model)) {
      warned.add(model);
      warn(
        `Model "${model}" has no price: its calls count as $0 (add it with STACKFORGE_PRICES_FILE)`,
      );
    }
    return price;
  };
}
