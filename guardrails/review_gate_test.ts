import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { humanReviewGate } from "./review_gate.ts";

const CODE = new URL("../tests/fixtures/security/code/", import.meta.url);
const MANIFEST: {
  risky: { file: string; as: string; rule: string }[];
  safe: { file: string; as: string }[];
} = JSON.parse(Deno.readTextFileSync(new URL("manifest.json", CODE)));
const read = (file: string) => Deno.readTextFileSync(new URL(file, CODE));

Deno.test("humanReviewGate() flags every risky file of the corpus with its rule", async (t) => {
  assert.ok(MANIFEST.risky.length >= 40);
  for (const { file, as, rule } of MANIFEST.risky) {
    await t.step(file, () => {
      const findings = humanReviewGate([{ path: as, content: read(file) }]);
      assert.ok(
        findings.some((f) => f.rule === rule),
        `${file}: expected ${rule}, got ${JSON.stringify(findings.map((f) => f.rule))}`,
      );
    });
  }
});

Deno.test("humanReviewGate() passes every look-alike safe file of the corpus", async (t) => {
  assert.ok(MANIFEST.safe.length >= 20);
  for (const { file, as } of MANIFEST.safe) {
    await t.step(file, () => {
      assert.deepEqual(humanReviewGate([{ path: as, content: read(file) }]), []);
    });
  }
});

Deno.test("humanReviewGate() rates shell=True higher than a plain subprocess call", () => {
  const findings = humanReviewGate([{
    path: "backend/app/x.py",
    content: "import subprocess\nsubprocess.run(['ls'])\nsubprocess.run(cmd, shell=True)\n",
  }]);
  assert.deepEqual(findings.map((f) => [f.line, f.severity]), [[1, "medium"], [2, "medium"], [
    3,
    "high",
  ]]);
  assert.equal(findings[2]!.excerpt, "subprocess.run(cmd, shell=True)");
  assert.equal(findings[2]!.id, "backend/app/x.py:3:python-subprocess");
});

Deno.test("humanReviewGate() ignores risky words in comments, strings and names", () => {
  assert.deepEqual(
    humanReviewGate([
      {
        path: "backend/app/x.py",
        content:
          '# eval(x)\n"""os.system(cmd)"""\nvalue = ast.literal_eval(s)\nevaluation = 1\nr = re.compile("x")\n',
      },
      { path: "frontend/lib/x.ts", content: '// eval(x)\nconst s = "child_process";\n' },
    ]),
    [],
  );
});

Deno.test("humanReviewGate() flags SQL built from request values but not parameterised SQL", () => {
  const findings = humanReviewGate([{
    path: "backend/app/x.py",
    content: [
      "db.execute(f\"SELECT * FROM t WHERE name = '{name}'\")",
      'db.execute("SELECT * FROM t WHERE name = ?", (name,))',
      'db.execute(f"DELETE FROM {quote(table)} WHERE id = ?", (row_id,))',
    ].join("\n"),
  }]);
  assert.deepEqual(findings.map((f) => `${f.line}:${f.rule}`), ["1:python-sql-format"]);
});

Deno.test("humanReviewGate() finds nothing in the apps generated for the fixture prompts", async () => {
  const prompts: { id: string; prompt: string }[] = JSON.parse(
    Deno.readTextFileSync(new URL("../tests/fixtures/prompts.json", import.meta.url)),
  );
  const pipeline = await createPipeline({ toolchain: {} });
  const root = Deno.makeTempDirSync();
  try {
    for (const { id, prompt } of prompts) {
      const outDir = join(root, id);
      const result = await generateApp(prompt, { pipeline, outDir });
      assert.equal(result.status, "succeeded", result.reason);
      const files: { path: string; content: string }[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) walk(path);
          else files.push({ path: relative(outDir, path), content: readFileSync(path, "utf8") });
        }
      };
      walk(outDir);
      assert.deepEqual(humanReviewGate(files), [], id);
    }
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});
