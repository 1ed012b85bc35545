/**
 * Renders `SPEC.md`: the spec for people, with what the user asked for and
 * how each ask stands (a requirement not implemented says so, and one whose
 * scenarios failed says that too), a Mermaid ER diagram of the entities and
 * a table of pages and the endpoints they call.
 *
 * @module
 */
import type { GeneratedFile } from "../core/artifact.ts";
import type { Field, Spec } from "../core/spec.ts";
import { backendRoutes } from "./agents/validator/code_routes.ts";
import { refFiles, resolveRef } from "./agents/validator/requirement_refs.ts";
import {
  type RequirementOutcome,
  requirementOutcomes,
  type ScenarioOutcome,
  type ValidationLike,
} from "./agents/validator/scenario_results.ts";

function fieldType(field: Field): string {
  if (field.type === "enum") return `enum(${field.values!.join(", ")})`;
  const bounds = [
    field.min === undefined ? undefined : `≥ ${field.min}`,
    field.max === undefined ? undefined : `≤ ${field.max}`,
  ].filter(Boolean).join(", ");
  return bounds ? `${field.type} (${bounds})` : field.type;
}

const MERMAID_TYPE: Record<Field["type"], string> = {
  string: "string",
  text: "text",
  integer: "int",
  number: "float",
  boolean: "bool",
  date: "date",
  datetime: "datetime",
  email: "string",
  url: "string",
  image: "string",
  enum: "string",
};

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * @param spec The spec.
 * @returns The Mermaid `erDiagram` source (without fences).
 */
export function erDiagram(spec: Spec): string {
  const lines = ["erDiagram"];
  if (spec.auth) {
    lines.push("  User {", "    int id PK", "    string email", "    string name", "  }");
  }
  for (const entity of spec.entities) {
    lines.push(`  ${entity.name} {`, "    int id PK");
    for (const field of entity.fields) lines.push(`    ${MERMAID_TYPE[field.type]} ${field.name}`);
    for (const relation of entity.relations) lines.push(`    int ${relation.field} FK`);
    if (entity.access !== "public") lines.push("    int owner_id FK");
    lines.push("  }");
  }
  for (const entity of spec.entities) {
    for (const relation of entity.relations) {
      const parent = relation.required ? "||" : "|o";
      lines.push(`  ${relation.target} ${parent}--o{ ${entity.name} : "${relation.field}"`);
    }
    if (entity.access !== "public") lines.push(`  User ||--o{ ${entity.name} : "owns"`);
  }
  return lines.join("\n");
}

const SCENARIO_ICON: Record<ScenarioOutcome["status"], string> = {
  passed: "✅",
  failed: "❌",
  not_run: "⏭️",
};

function short(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** How a requirement stands, in a few words. */
export function requirementStatus(outcome: RequirementOutcome, validated: boolean): string {
  const { requirement, scenarios } = outcome;
  if (requirement.status === "not_implemented") {
    return `❌ not implemented${requirement.reason ? ` — ${requirement.reason}` : ""}`;
  }
  if (!validated) return "implemented (not validated)";
  if (scenarios.some((s) => s.status === "failed")) return "❌ implemented, but a scenario fails";
  if (outcome.proven) return "✅ implemented";
  return "⚠️ implemented, not proven (no scenario ran)";
}

/** The scenarios of a requirement with their results, for a table cell. */
export function scenarioCell(outcome: RequirementOutcome): string {
  if (outcome.scenarios.length === 0) return "none";
  return outcome.scenarios.map((s) =>
    `${SCENARIO_ICON[s.status]} ${s.name}${
      s.status === "passed"
        ? ""
        : s.status === "failed"
        ? `: ${short(s.detail ?? "failed")}`
        : ` — not run${s.detail ? `: ${short(s.detail)}` : ""}`
    }`
  ).map(cell).join("<br>");
}

/**
 * How a requirement is implemented: each `by` ref with the endpoints it
 * stands for and, given the generated files, the files that hold them.
 *
 * @param spec The spec.
 * @param by The requirement's refs.
 * @param files The generated files, when known.
 * @returns The cell text.
 */
export function implementationCell(
  spec: Spec,
  by: readonly string[],
  files?: readonly GeneratedFile[],
): string {
  if (by.length === 0) return "—";
  const routes = files ? backendRoutes(files) : [];
  return by.map((ref) => {
    const resolved = resolveRef(spec, ref);
    if (resolved.found === false) return `⚠️ \`${cell(ref)}\` (not in the spec)`;
    const crud = resolved.endpoints.filter((e) =>
      ["list", "create", "get", "update", "delete"].includes(e.action)
    );
    const collection = crud.find((e) => e.action === "list")?.path;
    const endpoints = crud.length === 5 && collection !== undefined
      ? [
        `CRUD \`${collection}\``,
        ...resolved.endpoints.filter((e) => !crud.includes(e)).map((e) => `\`${e.id}\``),
      ]
      : resolved.endpoints.map((e) => `\`${e.id}\``);
    const where = files ? refFiles(resolved, routes, files).map((f) => `\`${f}\``) : [];
    return `\`${cell(ref)}\`${endpoints.length ? `: ${endpoints.join(", ")}` : ""}${
      where.length ? ` in ${where.join(", ")}` : ""
    }`;
  }).join("<br>");
}

/**
 * The Requirements table: each requirement, how it stands, how it is
 * implemented and how its scenarios went.
 *
 * @param spec The spec.
 * @param validation The job's validation (absent: not validated).
 * @param files The generated files, to name the files behind each requirement.
 * @returns Markdown lines.
 */
export function requirementsTable(
  spec: Spec,
  validation?: ValidationLike,
  files?: readonly GeneratedFile[],
): string[] {
  const requirements = spec.requirements ?? [];
  if (requirements.length === 0) return ["The spec lists no requirements.", ""];
  const out = [
    "| Requirement | Status | How it is implemented | Scenarios |",
    "| --- | --- | --- | --- |",
  ];
  for (const outcome of requirementOutcomes(spec, validation)) {
    const r = outcome.requirement;
    out.push(
      `| ${r.id}: ${cell(r.text)} | ${
        cell(requirementStatus(outcome, validation !== undefined))
      } | ${implementationCell(spec, r.by, files)} | ${scenarioCell(outcome)} |`,
    );
  }
  out.push("");
  return out;
}

/**
 * @param spec The spec.
 * @param validation The job's validation, so the requirements say how they
 *   stand (absent: "not validated").
 * @returns The text of `SPEC.md`.
 */
export function renderSpecMarkdown(spec: Spec, validation?: ValidationLike): string {
  const out: string[] = [`# ${spec.title} — specification`, "", spec.summary, ""];
  out.push(
    `- App name: \`${spec.name}\``,
    `- Sign-in: ${spec.auth ? "yes (bearer tokens)" : "no"}`,
    `- Library patterns used: ${spec.patterns.length ? spec.patterns.join(", ") : "none"}`,
    "",
  );
  if ((spec.requirements ?? []).length > 0) {
    out.push("## Requirements", "", ...requirementsTable(spec, validation));
  }
  out.push(
    "## Data model",
    "",
    "```mermaid",
    erDiagram(spec),
    "```",
    "",
  );
  for (const entity of spec.entities) {
    out.push(`### ${entity.name}`, "", entity.description, "");
    out.push(
      `Table \`${entity.plural}\`, shown by its \`${entity.display}\`; access: ${entity.access}.`,
      "",
    );
    out.push("| Field | Type | Required | Notes |", "| --- | --- | --- | --- |");
    for (const field of entity.fields) {
      out.push(
        `| ${field.name} | ${cell(fieldType(field))} | ${field.required ? "yes" : "no"} | ${
          cell(field.description ?? "")
        } |`,
      );
    }
    for (const relation of entity.relations) {
      out.push(
        `| ${relation.field} | → ${relation.target} | ${relation.required ? "yes" : "no"} | ${
          relation.required
            ? "deleting the " + relation.target + " deletes this row"
            : "cleared when the " + relation.target + " is deleted"
        } |`,
      );
    }
    out.push("");
  }
  out.push("## API endpoints", "", "| Method | Path | Action | Auth | Status | Summary |");
  out.push("| --- | --- | --- | --- | --- | --- |");
  for (const e of spec.endpoints) {
    out.push(
      `| ${e.method} | \`${e.path}\` | ${e.action}${e.entity ? ` ${e.entity}` : ""} | ${
        e.auth ? "bearer" : "—"
      } | ${e.status} | ${cell(e.summary)} |`,
    );
  }
  out.push(
    "",
    "## Pages → endpoints",
    "",
    "| Page | Kind | Title | Endpoints |",
    "| --- | --- | --- | --- |",
  );
  for (const page of spec.pages) {
    out.push(
      `| \`${page.route}\` | ${page.kind}${page.entity ? ` ${page.entity}` : ""} | ${
        cell(page.title)
      } | ${page.endpoints.map((id) => `\`${id}\``).join("<br>")} |`,
    );
  }
  out.push("");
  return out.join("\n");
}
