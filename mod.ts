/**
 * stackforge: turn a plain-language app idea into a working Next.js +
 * FastAPI app with a multi-agent pipeline (planner, frontend and backend
 * executors, validator) under budgets and guardrails.
 *
 * ```ts
 * import { generateApp } from "./mod.ts";
 * const outDir = Deno.makeTempDirSync() + "/blog";
 * const result = await generateApp("a blog with comments", { outDir });
 * console.log(result.status, result.spec?.entities.map((e) => e.name));
 * Deno.removeSync(outDir, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./pipeline/mod.ts";
export { GuardrailError, type GuardrailLayer } from "./guardrails/mod.ts";
export { costTable } from "./core/cost_table.ts";
