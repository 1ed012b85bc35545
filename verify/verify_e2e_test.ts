/**
 * End-to-end: generates apps with the offline provider and verifies them for
 * real (pytest, Uvicorn, npm, next build, Chromium). Slow, so it runs only
 * with STACKFORGE_E2E=1 (`deno task verify:e2e`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Requirement, Step } from "../core/behaviours.ts";
import { listRoute, pageFilePath } from "../core/routes.ts";
import type { Spec } from "../core/spec.ts";
import { labelOf } from "../core/words.ts";
import { generateApp } from "../pipeline/generate.ts";
import { verifyApp } from "./mod.ts";

const ignore = Deno.env.get("STACKFORGE_E2E") !== "1";
const PROMPTS = {
  blog: "build a blog with comments",
  todo_auth:
    "a todo app where users sign up, log in and keep their own todos with due dates and priorities",
  crm: "a small CRM to track contacts, companies and deals",
};

async function generate(prompt: string): Promise<string> {
  const outDir = join(Deno.makeTempDirSync({ prefix: "stackforge-e2e-" }), "app");
  const result = await generateApp(prompt, { outDir });
  assert.equal(result.status, "succeeded", result.reason);
  // Generators before spec.json was part of the output: write it here.
  try {
    Deno.statSync(join(outDir, "spec.json"));
  } catch {
    Deno.writeTextFileSync(join(outDir, "spec.json"), JSON.stringify(result.spec, null, 2));
  }
  return outDir;
}

/**
 * A requirement proven in the browser, written from the app's spec and its
 * own list page: add a row of the first entity through its form, see it
 * listed, and still see it after opening the page again. UI steps only:
 * where there is no browser they are dropped, so HTTP steps that relied on
 * them would fail (the validator and the pytest suite drop them too).
 */
function uiRequirement(dir: string, spec: Spec): Requirement {
  const entity = spec.entities.find((e) => e.relations.every((r) => !r.required))!;
  const page = Deno.readTextFileSync(join(dir, pageFilePath(listRoute(entity))));
  const button = /submitLabel=\{"([^"]+)"\}/.exec(page)?.[1] ?? `Create ${entity.label}`;
  const label = (name: string) => labelOf(name).replace(/^./, (c) => c.toUpperCase());
  const steps: Step[] = [{ ui: "goto", path: listRoute(entity) }];
  const shown: Record<string, string> = {};
  for (const field of entity.fields) {
    if (!field.required || field.computed) continue;
    const value = field.type === "email"
      ? `${field.name}-{run}@example.com`
      : field.type === "url"
      ? `https://example.com/${field.name}/{run}`
      : field.type === "string" || field.type === "text"
      ? `${label(field.name)} {run}`
      : field.type === "date"
      ? "{today}"
      : field.type === "integer" || field.type === "number"
      ? String(field.min ?? 1)
      : undefined;
    if (value === undefined) continue;
    steps.push({ ui: "fill", label: label(field.name), value });
    if (field.name === entity.display) shown[field.name] = value;
  }
  const display = shown[entity.display] ?? Object.values(shown)[0]!;
  steps.push(
    { ui: "click", role: "button", name: button },
    { ui: "see", text: display },
    { ui: "goto", path: listRoute(entity) },
    { ui: "see", text: display },
  );
  return {
    id: "r90",
    text: `I can add a ${entity.label} in the browser and see it listed`,
    kinds: ["crud"],
    status: "implemented",
    by: [`entity:${entity.name}`],
    scenarios: [{ name: `add a ${entity.label} through the form`, steps }],
  };
}

for (const [id, prompt] of Object.entries(PROMPTS)) {
  Deno.test({
    name: `verifyApp() passes every stage for the "${id}" app`,
    ignore,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const dir = await generate(prompt);
      if (id === "blog") {
        // Prove one requirement in the browser too: the UI scenario stage runs it.
        const path = join(dir, "spec.json");
        const spec = JSON.parse(Deno.readTextFileSync(path)) as Spec;
        spec.requirements = [...(spec.requirements ?? []), uiRequirement(dir, spec)];
        Deno.writeTextFileSync(path, JSON.stringify(spec, null, 2));
      }
      const result = await verifyApp(dir);
      for (const stage of result.stages) {
        assert.equal(stage.status, "passed", `${stage.stage}: ${stage.summary}`);
      }
      const ui = result.stages.find((s) => s.stage === "ui_scenarios")!;
      if (id === "blog") {
        assert.deepEqual(ui.scenarios?.map((r) => [r.requirement, r.ok]), [["r90", true]]);
      }
      assert.ok(result.ok);
      const report = Deno.readTextFileSync(join(dir, "VALIDATION_REPORT.md"));
      assert.match(report, /## Runtime verification\n\n\*\*Result: PASSED\*\*/);
      assert.match(report, /# Validation report/, "the validator's report is kept");
      const browser = result.stages.find((s) => s.stage === "browser")!;
      for (const file of browser.screenshots ?? []) {
        assert.ok(Deno.statSync(join(dir, file)).size > 1_000, file);
        assert.ok(report.includes(`](${file})`), `${file} is linked`);
      }
      await Deno.remove(join(dir, ".."), { recursive: true });
    },
  });
}

Deno.test({
  name: "verifyApp() shows the first compiler errors of a frontend that does not build",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await generate(PROMPTS.blog);
    const page = join(dir, "frontend", "app", "page.tsx");
    Deno.writeTextFileSync(
      page,
      Deno.readTextFileSync(page) + '\nconst broken: number = "text";\n',
    );
    const result = await verifyApp(dir, { skipBrowser: true });
    const frontend = result.stages.find((s) => s.stage === "frontend")!;
    assert.equal(frontend.status, "failed");
    assert.match(frontend.summary, /next build failed:[\s\S]*Type error/);
    assert.equal(result.ok, false);
    assert.match(
      Deno.readTextFileSync(join(dir, "VALIDATION_REPORT.md")),
      /frontend failed \(fe_executor\)/,
    );
    await Deno.remove(join(dir, ".."), { recursive: true });
  },
});

Deno.test({
  name: "verifyApp() names a backend port that is in use",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await generate(PROMPTS.blog);
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = listener.addr as Deno.NetAddr;
    try {
      const result = await verifyApp(dir, { backendPort: port });
      const backend = result.stages[0]!;
      assert.equal(backend.status, "failed");
      assert.equal(
        backend.summary,
        `Cannot start the backend on port ${port}: the port is in use`,
      );
      assert.ok(result.stages.slice(1).every((s) => s.status === "skipped"));
    } finally {
      listener.close();
      await Deno.remove(join(dir, ".."), { recursive: true });
    }
  },
});
