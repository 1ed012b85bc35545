/**
 * A deterministic summary of how a generated app meets its spec, for the
 * validator's model review: which route implements each spec endpoint
 * (file:line), what each page calls, which Pydantic models hold which
 * fields, and how each requirement's scenarios went. The model reads this
 * instead of guessing it from cut files, and spends its tokens on what the
 * checks cannot see.
 *
 * @module
 */
import type { GeneratedFile } from "../../../core/artifact.ts";
import type { CheckResult, Finding } from "../../../core/findings.ts";
import { pageFilePath } from "../../../core/routes.ts";
import type { Spec } from "../../../core/spec.ts";
import { backendRoutes, frontendCalls, samePath } from "./code_routes.ts";
import { requirementOutcomes } from "./scenario_results.ts";

const DECORATOR = /@(?:router|app)\.(get|post|put|patch|delete)\(\s*["']([^"']+)["']/;
const MODEL = /^class\s+(\w+)\s*\(([^)]*BaseModel[^)]*)\)\s*:/;
const MODEL_FIELD = /^\s+([a-z_][a-z0-9_]*)\s*:\s*([^=#]+?)\s*(?:=.*)?$/;

function lineOf(file: GeneratedFile, method: string, path: string): number | undefined {
  const lines = file.content.split("\n");
  const at = lines.findIndex((line) => {
    const m = DECORATOR.exec(line);
    return m !== null && m[1]!.toUpperCase() === method && samePath(m[2]!, path);
  });
  return at < 0 ? undefined : at + 1;
}

/** The Pydantic models of the backend: class name, file and field names with their types. */
export function pydanticModels(
  files: readonly GeneratedFile[],
): { name: string; file: string; fields: string[] }[] {
  const models: { name: string; file: string; fields: string[] }[] = [];
  for (const file of files) {
    if (!file.path.endsWith(".py")) continue;
    let current: { name: string; file: string; fields: string[] } | undefined;
    for (const line of file.content.split("\n")) {
      const head = MODEL.exec(line);
      if (head) {
        current = { name: head[1]!, file: file.path, fields: [] };
        models.push(current);
        continue;
      }
      if (current === undefined) continue;
      if (line.trim() !== "" && !/^\s/.test(line)) {
        current = undefined;
        continue;
      }
      const field = MODEL_FIELD.exec(line);
      if (field && !line.trim().startsWith("def ") && !line.trim().startsWith("class ")) {
        current.fields.push(`${field[1]}: ${field[2]!.trim()}`);
      }
    }
  }
  return models;
}

/**
 * The summary's lines.
 *
 * @param spec The spec.
 * @param frontend The frontend's files.
 * @param backend The backend's files.
 * @param validation The deterministic checks' results and findings.
 * @returns The lines, grouped under headings.
 * @example
 * ```ts
 * import { contractSummary } from "./contract_summary.ts";
 * import { blogSpec } from "../../../tests/fixtures/sample_specs.ts";
 * const lines = contractSummary(blogSpec, [], [], { checks: [], findings: [] });
 * if (!lines.some((l) => l.includes("GET /api/posts (list Post, 200, anyone) -> MISSING"))) throw new Error();
 * ```
 */
export function contractSummary(
  spec: Spec,
  frontend: readonly GeneratedFile[],
  backend: readonly GeneratedFile[],
  validation: { checks: readonly CheckResult[]; findings: readonly Finding[] },
): string[] {
  const routes = backendRoutes(backend);
  const calls = frontendCalls(frontend);
  const lines: string[] = ["Routes (spec endpoint -> FastAPI route):"];
  for (const e of spec.endpoints) {
    const route = routes.find((r) => r.method === e.method && samePath(r.path, e.path));
    const file = route && backend.find((f) => f.path === route.file);
    const line = file ? lineOf(file, e.method, e.path) : undefined;
    lines.push(
      `  ${e.id} (${e.action}${e.entity ? ` ${e.entity}` : ""}, ${e.status}, ${
        e.auth ? "signed in" : "anyone"
      }) -> ${route ? `${route.file}${line ? `:${line}` : ""}` : "MISSING"}`,
    );
  }
  const extra = routes.filter((r) =>
    r.path.startsWith("/api") &&
    !spec.endpoints.some((e) => e.method === r.method && samePath(r.path, e.path))
  );
  for (const r of extra) lines.push(`  not in the spec: ${r.method} ${r.path} in ${r.file}`);

  lines.push("Pages (page file: its calls; endpoints it lists but never calls):");
  for (const page of spec.pages) {
    const file = pageFilePath(page.route);
    const mine = calls.filter((c) => c.file === file);
    const listed = page.endpoints.flatMap((id) => {
      const e = spec.endpoints.find((x) => x.id === id);
      return e ? [e] : [];
    });
    const unused = listed.filter((e) =>
      !calls.some((c) => c.method === e.method && samePath(c.path, e.path))
    );
    const present = frontend.some((f) => f.path === file);
    lines.push(
      `  ${file}${present ? "" : " (MISSING)"}: ${
        mine.map((c) => `${c.method} ${c.path}`).join(", ") || "no apiFetch call"
      }${unused.length ? `; never called anywhere: ${unused.map((e) => e.id).join(", ")}` : ""}`,
    );
  }
  const elsewhere = calls.filter((c) => !spec.pages.some((p) => pageFilePath(p.route) === c.file));
  if (elsewhere.length > 0) {
    lines.push(
      `  other files: ${elsewhere.map((c) => `${c.method} ${c.path} in ${c.file}`).join(", ")}`,
    );
  }

  lines.push("Pydantic models (class: fields):");
  const models = pydanticModels(backend);
  for (const m of models) {
    lines.push(`  ${m.name} in ${m.file}: ${m.fields.join(", ") || "(none)"}`);
  }
  for (const entity of spec.entities) {
    const input = models.find((m) =>
      [`${entity.name}Input`, `${entity.name}Create`, `${entity.name}In`].includes(m.name)
    );
    const wanted = [
      ...entity.fields.filter((f) => !f.computed).map((f) => f.name),
      ...entity.relations.map((r) => r.field),
      ...(entity.links ?? []).map((l) => l.field),
    ];
    if (input === undefined) {
      lines.push(`  ${entity.name}: no ${entity.name}Input model found`);
      continue;
    }
    const names = new Set(input.fields.map((f) => f.split(":")[0]!));
    const missing = wanted.filter((n) => !names.has(n));
    if (missing.length > 0) lines.push(`  ${input.name} lacks ${missing.join(", ")}`);
  }

  const outcomes = requirementOutcomes(spec, validation);
  if (outcomes.length > 0) {
    lines.push("Requirements (status; scenarios run against the backend):");
    for (const o of outcomes) {
      const r = o.requirement;
      lines.push(
        `  ${r.id} ${r.status}${
          r.status === "implemented" ? "" : ` (${r.reason ?? "no reason"})`
        }: ${
          o.scenarios.map((s) =>
            `${JSON.stringify(s.name)} ${s.status}${s.detail ? ` (${s.detail.slice(0, 200)})` : ""}`
          )
            .join("; ") || "no scenario"
        }`,
      );
    }
  }
  return lines;
}
