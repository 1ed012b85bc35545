import { toolchain } from "../../tests/helpers.ts";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { renderBackend } from "./mod.ts";
import { completeSpec } from "../../core/routes.ts";
import { type Spec, specProblems, SpecSchema } from "../../core/spec.ts";
import { blogSpec, sampleSpecs, shopSpec, todoSpec } from "../../tests/fixtures/sample_specs.ts";

/** A spec whose names and text are hostile to naive code generation. */
const trickySpec: Spec = SpecSchema.parse(completeSpec({
  name: "tricky",
  title: 'Bob\'s "Tricky" \\ App """',
  summary: 'Text with """triple quotes""", a backslash \\ and\na newline.',
  patterns: [],
  auth: true,
  entities: [
    {
      name: "Group",
      plural: "groups",
      label: "group",
      labelPlural: "groups",
      description: 'Groups {braces} and "quotes" \\',
      display: "from",
      fields: [
        { name: "from", type: "string", required: true, description: 'The "from" \\ field' },
        { name: "order", type: "integer", required: false, min: -2.5, max: 7.5 },
        { name: "json", type: "enum", required: false, values: ["a", "b_c"] },
        { name: "model_name", type: "email", required: false },
        { name: "when", type: "datetime", required: true },
      ],
      relations: [],
      access: "owner_write",
    },
    {
      name: "Member",
      plural: "members",
      label: "member",
      labelPlural: "members",
      description: "",
      display: "class",
      fields: [
        { name: "class", type: "text", required: true },
        { name: "ratio", type: "number", required: false, max: 0.5 },
        { name: "active", type: "boolean", required: true },
      ],
      relations: [
        { target: "Group", field: "group_id", required: true },
        { target: "Member", field: "mentor_id", required: false },
      ],
      access: "private",
    },
  ],
}));

/** Finds a Python that can import fastapi and pytest, as the lead's toolchain will. */
const python = toolchain.fastapiPython;

async function writeBackend(spec: Spec): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "stackforge_backend_" });
  for (const file of renderBackend(spec)) {
    const path = join(root, file.path);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, file.content);
  }
  return root;
}

function contentOf(spec: Spec, path: string): string {
  const file = renderBackend(spec).find((f) => f.path === path);
  assert.ok(file, `missing ${path}`);
  return file.content;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

Deno.test("the tricky spec used below is a consistent spec", () => {
  assert.deepEqual(specProblems(trickySpec), []);
});

Deno.test("renderBackend() puts every file under backend/", () => {
  for (const spec of [blogSpec, todoSpec, shopSpec, trickySpec]) {
    const paths = renderBackend(spec).map((f) => f.path);
    assert.ok(paths.every((p) => p.startsWith("backend/") && !p.includes("..")));
    assert.equal(new Set(paths).size, paths.length, "paths are unique");
  }
});

Deno.test("renderBackend() writes a router and a test module per entity", () => {
  const paths = renderBackend(shopSpec).map((f) => f.path);
  for (const plural of ["products", "orders", "order_items", "reviews"]) {
    assert.ok(paths.includes(`backend/app/routers/${plural}.py`), plural);
    assert.ok(paths.includes(`backend/tests/test_${plural}.py`), plural);
  }
  for (const path of ["app/main.py", "app/db.py", "app/schemas.py", "requirements.txt"]) {
    assert.ok(paths.includes(`backend/${path}`), path);
  }
});

Deno.test("renderBackend() declares every spec endpoint as a one-line route decorator", () => {
  for (const spec of [blogSpec, todoSpec, shopSpec, trickySpec]) {
    const app = renderBackend(spec)
      .filter((f) => f.path.startsWith("backend/app/"))
      .map((f) => f.content)
      .join("\n");
    for (const endpoint of spec.endpoints) {
      const decorator = new RegExp(
        `^@router\\.${endpoint.method.toLowerCase()}\\("${escapeRegExp(endpoint.path)}".*` +
          `status_code=${endpoint.status}`,
        "ms",
      );
      assert.match(app, decorator, endpoint.id);
    }
  }
});

Deno.test("renderBackend() is deterministic", () => {
  for (const spec of [blogSpec, todoSpec, shopSpec, trickySpec]) {
    assert.deepEqual(renderBackend(spec), renderBackend(structuredClone(spec)));
  }
});

Deno.test("renderBackend() adds auth files only when the spec has auth", () => {
  const blog = renderBackend(blogSpec).map((f) => f.path);
  const todo = renderBackend(todoSpec).map((f) => f.path);
  for (const path of ["app/auth.py", "app/routers/auth.py", "tests/test_auth.py"]) {
    assert.ok(!blog.includes(`backend/${path}`), path);
    assert.ok(todo.includes(`backend/${path}`), path);
  }
});

Deno.test("renderBackend() pins exact dependency versions, the ones CI tests with", () => {
  const requirements = contentOf(blogSpec, "backend/requirements.txt").trim().split("\n")
    .filter((line) => !line.startsWith("#"));
  assert.deepEqual(requirements, [
    "fastapi==0.92.0",
    "pydantic==1.10.4",
    "uvicorn==0.17.6",
    "httpx==0.23.3",
    "pytest==7.2.1",
  ]);
});

Deno.test("renderBackend() avoids Pydantic APIs that exist in only one major version", () => {
  for (const spec of [blogSpec, todoSpec, shopSpec, trickySpec]) {
    for (const file of renderBackend(spec).filter((f) => f.path.endsWith(".py"))) {
      const code = file.content.replace(
        /if hasattr\(model, "model_dump"\):[^]*?\.dict\(by_alias=True\)/,
        "",
      );
      for (const api of ["model_dump", ".dict(", "regex=", "pattern=", "validator", "sqlalchemy"]) {
        assert.ok(!code.includes(api), `${file.path} uses ${api}`);
      }
    }
  }
});

Deno.test("renderBackend() aliases fields named like Python keywords or Pydantic methods", () => {
  const schemas = contentOf(trickySpec, "backend/app/schemas.py");
  assert.match(schemas, /^ {4}from_: str = Field\(\s*\.\.\., alias="from"/m);
  assert.match(schemas, /^ {4}json_: GroupJson = Field\("a", alias="json"\)/m);
  assert.match(schemas, /^ {4}class_: str = Field\(/m);
});

Deno.test("renderBackend() escapes spec text in Python strings", () => {
  const main = contentOf(trickySpec, "backend/app/main.py");
  assert.ok(main.includes(`title=${JSON.stringify(trickySpec.title)}`));
  assert.ok(main.includes(`description=${JSON.stringify(trickySpec.summary)}`));
  assert.ok(
    main.startsWith('"""Bob\'s \\"Tricky\\" \\\\ App \\"\\"\\": the FastAPI application."""\n'),
  );
});

Deno.test("renderBackend() rejects an entity whose plural the app uses itself", () => {
  const spec = structuredClone(blogSpec);
  spec.entities[0]!.plural = "stats";
  assert.throws(() => renderBackend(spec), RangeError);
});

Deno.test("renderBackend() rejects a relation field that shadows the owner column", () => {
  const spec = structuredClone(todoSpec);
  spec.entities[1]!.relations[0]!.field = "owner_id";
  assert.throws(() => renderBackend(spec), /relation field "owner_id"/);
});

Deno.test("renderBackend() rejects required relations that form a cycle", () => {
  const spec = structuredClone(blogSpec);
  spec.entities[0]!.relations.push({ target: "Comment", field: "comment_id", required: true });
  assert.throws(() => renderBackend(spec), /cycle "Post" -> "Comment" -> "Post"/);
});

for (const [name, spec] of Object.entries({ ...sampleSpecs, tricky: trickySpec })) {
  Deno.test({
    name: `renderBackend() output passes its own pytest suite for the ${name} spec`,
    ignore: python === undefined,
    async fn() {
      const root = await writeBackend(spec);
      try {
        const { code, stdout, stderr } = await new Deno.Command(python!, {
          args: ["-m", "pytest", "-q", "-p", "no:cacheprovider"],
          cwd: join(root, "backend"),
          env: { PYTHONDONTWRITEBYTECODE: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
        assert.equal(code, 0, output.slice(-4000));
        assert.match(output, /\d+ passed/);
      } finally {
        await Deno.remove(root, { recursive: true });
      }
    },
  });
}
