/**
 * Renders `SPEC.md`: the spec for people, with a Mermaid ER diagram of the
 * entities and a table of pages and the endpoints they call.
 *
 * @module
 */
import type { Field, Spec } from "../core/spec.ts";

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

/**
 * @param spec The spec.
 * @returns The text of `SPEC.md`.
 */
export function renderSpecMarkdown(spec: Spec): string {
  const out: string[] = [`# ${spec.title} — specification`, "", spec.summary, ""];
  out.push(
    `- App name: \`${spec.name}\``,
    `- Sign-in: ${spec.auth ? "yes (bearer tokens)" : "no"}`,
    `- Library patterns used: ${spec.patterns.length ? spec.patterns.join(", ") : "none"}`,
    "",
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
