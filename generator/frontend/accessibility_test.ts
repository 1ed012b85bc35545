import assert from "node:assert/strict";
import ts from "typescript";
import type { GeneratedFile } from "../../core/artifact.ts";
import { BEHAVIOUR_SPECS } from "../../tests/fixtures/behaviour_specs.ts";
import { sampleSpecs } from "../../tests/fixtures/sample_specs.ts";
import { renderFrontend } from "./mod.ts";

const ALL = { ...sampleSpecs, ...BEHAVIOUR_SPECS };

interface Element {
  tag: string;
  attributes: Map<string, string>;
  text: string;
}

/** Every JSX element of a file, with its attributes' source text and its own text. */
function elements(file: GeneratedFile): Element[] {
  const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, true);
  const out: Element[] = [];
  const visit = (node: ts.Node): void => {
    const opening = ts.isJsxElement(node)
      ? node.openingElement
      : ts.isJsxSelfClosingElement(node)
      ? node
      : undefined;
    if (opening !== undefined) {
      const attributes = new Map<string, string>();
      for (const a of opening.attributes.properties) {
        if (ts.isJsxAttribute(a)) {
          attributes.set(a.name.getText(source), a.initializer?.getText(source) ?? "true");
        }
      }
      const text = ts.isJsxElement(node)
        ? node.children.map((c) => c.getText(source)).join("").trim()
        : "";
      out.push({ tag: opening.tagName.getText(source), attributes, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

Deno.test("renderFrontend() gives every input, select and textarea a label naming it", async (t) => {
  for (const [name, spec] of Object.entries(ALL)) {
    await t.step(name, () => {
      for (const file of renderFrontend(spec).filter((f) => f.path.endsWith(".tsx"))) {
        const all = elements(file);
        const labelled = new Set(
          all.filter((e) => e.tag === "label").map((e) => e.attributes.get("htmlFor")),
        );
        for (const e of all) {
          if (!["input", "select", "textarea"].includes(e.tag)) continue;
          if (e.attributes.get("type") === '"hidden"') continue;
          const id = e.attributes.get("id");
          assert.ok(id !== undefined, `${file.path}: a <${e.tag}> without an id`);
          assert.ok(labelled.has(id), `${file.path}: <${e.tag} id=${id}> has no <label htmlFor>`);
        }
      }
    });
  }
});

Deno.test("renderFrontend() names every button by its visible text and every image by its alt", async (t) => {
  for (const [name, spec] of Object.entries(ALL)) {
    await t.step(name, () => {
      for (const file of renderFrontend(spec).filter((f) => f.path.endsWith(".tsx"))) {
        for (const e of elements(file)) {
          if (e.tag === "button") {
            assert.ok(
              !e.attributes.has("aria-label"),
              `${file.path}: a button named apart from its text`,
            );
            assert.notEqual(e.text, "", `${file.path}: a button without text`);
          }
          if (e.tag === "img") {
            const alt = e.attributes.get("alt");
            assert.ok(alt !== undefined && alt !== '""', `${file.path}: an image without alt text`);
          }
        }
      }
    });
  }
});

Deno.test("renderFrontend() labels each field by the field's label, (optional) outside the label", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.library!);
  const form = files.find((f) => f.path === "frontend/components/BookForm.tsx")!.content;
  assert.match(form, /<label htmlFor=\{`\$\{uid\}-title`\}>\{"Title"\}<\/label>/);
  assert.match(
    form,
    /<label htmlFor=\{`\$\{uid\}-author`\}>\{"Author"\}<\/label>\s*<span className="optional">\(optional\)<\/span>/,
  );
});
