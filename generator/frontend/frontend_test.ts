import assert from "node:assert/strict";
import ts from "typescript";
import type { GeneratedFile } from "../../core/artifact.ts";
import { completeSpec } from "../../core/routes.ts";
import { type Spec, specProblems, SpecSchema } from "../../core/spec.ts";
import { blogSpec, sampleSpecs, shopSpec, todoSpec } from "../../tests/fixtures/sample_specs.ts";
import { FRONTEND_VERSIONS, renderFrontend } from "./mod.ts";

function fileOf(files: GeneratedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  assert.ok(file, `no file "${path}"`);
  return file.content;
}

/** Every `apiFetch<...>("METHOD", "/api/..." | `/api/...`)` call, as a spec endpoint id. */
function apiCalls(content: string): string[] {
  const calls = [...content.matchAll(/apiFetch<[^>(]*>\(\s*"([A-Z]+)",\s*(["`])(\/api[^"`]*)\2/g)];
  return calls.map((m) => `${m[1]} ${m[3]!.replace(/\$\{[^}]+\}/g, "{id}")}`);
}

/** The parser's complaints about a .ts/.tsx file (the compiler keeps them on the source file). */
function syntaxErrors(file: GeneratedFile): string[] {
  const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, true);
  const { parseDiagnostics } = source as unknown as { parseDiagnostics: ts.Diagnostic[] };
  return parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

Deno.test("renderFrontend() writes a page file for every spec page", async (t) => {
  for (const [name, spec] of Object.entries(sampleSpecs)) {
    await t.step(name, () => {
      const paths = new Set(renderFrontend(spec).map((f) => f.path));
      for (const page of spec.pages) {
        const path = page.route === "/"
          ? "frontend/app/page.tsx"
          : `frontend/app${page.route}/page.tsx`;
        assert.ok(paths.has(path), `no file for page "${page.route}"`);
      }
    });
  }
});

Deno.test("renderFrontend() writes every file under frontend/ and once", () => {
  for (const spec of Object.values(sampleSpecs)) {
    const paths = renderFrontend(spec).map((f) => f.path);
    for (const path of paths) assert.match(path, /^frontend\/[^\0]+$/);
    assert.equal(new Set(paths).size, paths.length);
  }
});

Deno.test("renderFrontend() calls only spec endpoints, each through one apiFetch call", async (t) => {
  for (const [name, spec] of Object.entries(sampleSpecs)) {
    await t.step(name, () => {
      const files = renderFrontend(spec);
      const ids = new Set(spec.endpoints.map((e) => e.id));
      const calls = files.flatMap((f) => apiCalls(f.content));
      for (const call of calls) assert.ok(ids.has(call), `"${call}" is not a spec endpoint`);
      // The sample specs follow the conventions, so the client covers all of them.
      assert.deepEqual(new Set(calls), ids);
      const api = fileOf(files, "frontend/lib/api.ts");
      assert.equal(api.match(/apiFetch</g)?.length, calls.length + 1, "an apiFetch call escaped");
      assert.doesNotMatch(api, /apiFetch<[^>]*>\("[A-Z]+", ["`][^"`]*\?/, "query in a path");
    });
  }
});

Deno.test("renderFrontend() names the client functions after the entities", () => {
  const api = fileOf(renderFrontend(todoSpec), "frontend/lib/api.ts");
  for (
    const fn of [
      "listTodoLists",
      "createTodoList",
      "getTodoList",
      "updateTodoList",
      "deleteTodoList",
      "listTodos",
      "login",
      "register",
      "me",
      "logout",
      "getStats",
    ]
  ) {
    assert.match(api, new RegExp(`export function ${fn}\\(`), fn);
  }
});

Deno.test("renderFrontend() gives the same bytes for the same spec", () => {
  for (const spec of Object.values(sampleSpecs)) {
    const first = renderFrontend(spec);
    const second = renderFrontend(structuredClone(spec));
    assert.deepEqual(second, first);
  }
});

Deno.test("renderFrontend() writes TypeScript that parses without syntax errors", async (t) => {
  for (const [name, spec] of Object.entries(sampleSpecs)) {
    await t.step(name, () => {
      for (const file of renderFrontend(spec)) {
        if (!/\.tsx?$/.test(file.path)) continue;
        assert.deepEqual(syntaxErrors(file), [], `${file.path} does not parse`);
      }
    });
  }
});

Deno.test("renderFrontend() puts the browser-test hooks on forms, rows and buttons", () => {
  const files = renderFrontend(blogSpec);
  const list = fileOf(files, "frontend/app/posts/page.tsx");
  assert.match(list, /testId="posts-form"/);
  const detail = fileOf(files, "frontend/app/posts/[id]/page.tsx");
  assert.match(detail, /testId="posts-edit-form"/);
  assert.match(detail, /data-testid="posts-delete"/);
  // The post's page lists its comments, adds one with post_id fixed, deletes them.
  assert.match(detail, /testId="comments-form"/);
  assert.match(detail, /listComments\(\{ post_id: parentId \}\)/);
  assert.match(detail, /fixed=\{\{ post_id: parentId \}\}/);
  const table = fileOf(files, "frontend/components/CommentTable.tsx");
  assert.match(table, /data-testid="comments-item"/);
  assert.match(table, /data-testid="comments-delete"/);
  const form = fileOf(files, "frontend/components/CommentForm.tsx");
  assert.match(form, /data-testid=\{testId\}/);
  for (const name of ["author", "body", "rating", "post_id"]) {
    assert.match(form, new RegExp(`name="${name}"`), name);
  }
  assert.match(form, /<button type="submit"/);
  assert.match(fileOf(files, "frontend/components/ErrorMessage.tsx"), /role="alert"/);

  const shop = renderFrontend(shopSpec);
  assert.match(fileOf(shop, "frontend/app/login/page.tsx"), /data-testid="login-form"/);
  assert.match(fileOf(shop, "frontend/app/register/page.tsx"), /data-testid="register-form"/);
});

Deno.test("renderFrontend() picks an input per field type", () => {
  const files = renderFrontend(shopSpec);
  const product = fileOf(files, "frontend/components/ProductForm.tsx");
  assert.match(product, /name="price" required [^\n]*type="number" step="any" min=\{0\}/);
  assert.match(product, /name="stock" required [^\n]*type="number" step=\{1\} min=\{0\}/);
  assert.match(product, /name="image_url"[^\n]*type="url"/);
  const order = fileOf(files, "frontend/components/OrderForm.tsx");
  assert.match(order, /name="customer_email" required[^\n]*type="email"/);
  assert.match(order, /<select [^\n]*name="status"/);
  assert.match(order, /<option value="shipped">/);
  assert.match(order, /name="placed_at"[^\n]*type="datetime-local"/);
  assert.match(order, /fromDatetimeLocal\(values\.placed_at\)/);
  const blog = renderFrontend(blogSpec);
  const post = fileOf(blog, "frontend/components/PostForm.tsx");
  assert.match(post, /<textarea [^\n]*name="body"/);
  assert.match(post, /name="published" type="checkbox"/);
  assert.match(post, /name="published_on"[^\n]*type="date"/);
  const comment = fileOf(blog, "frontend/components/CommentForm.tsx");
  assert.match(comment, /<select [^\n]*name="post_id" required/);
  assert.match(comment, /name="rating"[^\n]*min=\{1\} max=\{5\}/);
});

Deno.test("renderFrontend() sends the stored token only in apps with auth", () => {
  const shop = renderFrontend(shopSpec);
  assert.match(fileOf(shop, "frontend/lib/auth.ts"), /"stackforge_token"/);
  assert.match(fileOf(shop, "frontend/lib/api.ts"), /Authorization = `Bearer \$\{token\}`/);
  assert.match(fileOf(shop, "frontend/components/ErrorMessage.tsx"), /Please sign in/);
  const blog = renderFrontend(blogSpec);
  assert.ok(!blog.some((f) => f.path === "frontend/lib/auth.ts"));
  assert.doesNotMatch(fileOf(blog, "frontend/lib/api.ts"), /Authorization/);
  assert.doesNotMatch(fileOf(blog, "frontend/components/Nav.tsx"), /login/);
});

Deno.test("renderFrontend() leaves out what the spec has no endpoint for", () => {
  const spec: Spec = {
    ...blogSpec,
    endpoints: blogSpec.endpoints.filter((e) => e.method !== "DELETE" && e.id !== "GET /api/stats"),
  };
  const files = renderFrontend(spec);
  const calls = files.flatMap((f) => apiCalls(f.content));
  assert.ok(!calls.some((c) => c.startsWith("DELETE")));
  assert.doesNotMatch(fileOf(files, "frontend/lib/api.ts"), /deletePost|getStats/);
  assert.doesNotMatch(fileOf(files, "frontend/app/posts/page.tsx"), /deletePost/);
  assert.doesNotMatch(fileOf(files, "frontend/app/page.tsx"), /getStats/);
});

Deno.test("renderFrontend() pins exact dependency versions", () => {
  const pkg = JSON.parse(fileOf(renderFrontend(blogSpec), "frontend/package.json"));
  assert.equal(pkg.private, true);
  assert.equal(pkg.scripts.start, "next start");
  assert.equal(pkg.dependencies.next, FRONTEND_VERSIONS.next);
  assert.match(FRONTEND_VERSIONS.next, /^15\.5\.\d+$/);
  for (
    const version of [...Object.values(pkg.dependencies), ...Object.values(pkg.devDependencies)]
  ) {
    assert.match(String(version), /^\d+\.\d+\.\d+$/);
  }
  assert.equal(
    fileOf(renderFrontend(blogSpec), "frontend/.env.example"),
    "NEXT_PUBLIC_API_URL=http://localhost:8000\n",
  );
});

Deno.test("renderFrontend() keeps quotes, braces and comment ends in spec text from injecting code", () => {
  const evil = 'x" } `${alert(1)}` */ </p><script>';
  const spec = SpecSchema.parse(completeSpec({
    ...blogSpec,
    title: evil,
    summary: evil,
    entities: blogSpec.entities.map((e) => ({
      ...e,
      label: `${e.label} ${evil}`,
      description: evil,
      fields: e.fields.map((f) => ({ ...f, description: evil })),
    })),
  }));
  for (const file of renderFrontend(spec)) {
    if (!/\.tsx?$/.test(file.path)) continue;
    const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, true);
    const injected: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.getText(source) === "alert") {
        injected.push(node.getText(source));
      }
      if (
        (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) &&
        node.tagName.getText(source) === "script"
      ) {
        injected.push(node.getText(source));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    assert.deepEqual(injected, [], `${file.path} runs spec text as code`);
  }
});

Deno.test("renderFrontend() refuses entities whose generated names collide", () => {
  const spec: Spec = {
    ...blogSpec,
    entities: [
      ...blogSpec.entities,
      { ...blogSpec.entities[0]!, name: "PostInput", plural: "post_inputs" },
    ],
  };
  assert.throws(() => renderFrontend(spec), RangeError);
});

/** Self relation, two relations to one parent, a parent without a list endpoint, no stats. */
function edgeSpec(): Spec {
  const full = SpecSchema.parse(completeSpec({
    name: "edge",
    title: "Edge",
    summary: "Unusual shapes.",
    patterns: [],
    auth: false,
    entities: [
      {
        name: "Category",
        plural: "categories",
        label: "category",
        labelPlural: "categories",
        description: "A category.",
        display: "name",
        fields: [{ name: "name", type: "string", required: true }],
        relations: [{ target: "Category", field: "parent_id", required: false }],
        access: "public",
      },
      {
        name: "Person",
        plural: "people",
        label: "person",
        labelPlural: "people",
        description: "Someone.",
        display: "active",
        fields: [{ name: "active", type: "boolean", required: true }],
        relations: [],
        access: "public",
      },
      {
        name: "Task",
        plural: "tasks",
        label: "task",
        labelPlural: "tasks",
        description: "Work.",
        display: "title",
        fields: [
          { name: "title", type: "string", required: true },
          { name: "status", type: "enum", required: false, values: ["open", "in_progress"] },
        ],
        relations: [
          { target: "Person", field: "author_id", required: true },
          { target: "Person", field: "reviewer_id", required: false },
          { target: "Category", field: "category_id", required: true },
        ],
        access: "public",
      },
    ],
  }));
  const dropped = new Set(["GET /api/people", "GET /api/stats"]);
  return {
    ...full,
    endpoints: full.endpoints.filter((e) => !dropped.has(e.id)),
    pages: full.pages.map((p) => ({
      ...p,
      endpoints: p.endpoints.filter((id) => !dropped.has(id)),
    })),
  };
}

Deno.test("renderFrontend() handles self relations, twin relations and missing endpoints", () => {
  const spec = edgeSpec();
  assert.deepEqual(specProblems(spec), []);
  const files = renderFrontend(spec);
  const ids = new Set(spec.endpoints.map((e) => e.id));
  for (const call of files.flatMap((f) => apiCalls(f.content))) assert.ok(ids.has(call), call);
  for (const file of files.filter((f) => /\.tsx?$/.test(f.path))) {
    assert.deepEqual(syntaxErrors(file), [], `${file.path} does not parse`);
  }
  // No list of people to choose from: the author is typed in as an id.
  const form = fileOf(files, "frontend/components/TaskForm.tsx");
  assert.match(form, /name="author_id" type="number"/);
  assert.match(form, /<select [^\n]*name="category_id" required/);
  // A category's page lists its sub-categories; a person's page lists both kinds of task.
  assert.match(fileOf(files, "frontend/app/categories/[id]/page.tsx"), /parent_id: parentId/);
  const person = fileOf(files, "frontend/app/people/[id]/page.tsx");
  assert.match(person, /TasksByAuthorIdSection/);
  assert.match(person, /TasksByReviewerIdSection/);
});

Deno.test("renderFrontend() gives endpoints off the conventions a client function too", () => {
  const extra: Spec["endpoints"] = [
    {
      id: "POST /api/posts/{id}/publish",
      method: "POST",
      path: "/api/posts/{id}/publish",
      action: "update",
      entity: "Post",
      auth: false,
      summary: "Publish a post",
      status: 200,
    },
    {
      id: "GET /api/posts/{post_id}/comments/{comment_id}",
      method: "GET",
      path: "/api/posts/{post_id}/comments/{comment_id}",
      action: "get",
      entity: "Comment",
      auth: false,
      summary: "One comment of a post",
      status: 200,
    },
  ];
  const spec: Spec = { ...blogSpec, endpoints: [...blogSpec.endpoints, ...extra] };
  const files = renderFrontend(spec);
  const api = fileOf(files, "frontend/lib/api.ts");
  assert.deepEqual(syntaxErrors({ path: "frontend/lib/api.ts", content: api }), []);
  assert.match(
    api,
    /export function postPostsByIdPublish\(id: number \| string, body\?: unknown\): Promise<T\.Post>/,
  );
  assert.match(
    api,
    /apiFetch<T\.Comment>\("GET", `\/api\/posts\/\$\{postId\}\/comments\/\$\{commentId\}`/,
  );
  assert.deepEqual(
    new Set(files.flatMap((f) => apiCalls(f.content).map((c) => c.replace(/\{\w+\}/g, "{}")))),
    new Set(spec.endpoints.map((e) => e.id.replace(/\{\w+\}/g, "{}"))),
  );
});

Deno.test("renderFrontend() lets npm run dev -- -p N choose the port, and its README says to allow it in CORS_ORIGINS", () => {
  const files = renderFrontend(blogSpec);
  const pkg = JSON.parse(fileOf(files, "frontend/package.json"));
  // A port in the script would be given twice: `next dev -p 3000 -p 3001`.
  assert.deepEqual(pkg.scripts, { dev: "next dev", build: "next build", start: "next start" });
  const readme = fileOf(files, "frontend/README.md");
  assert.match(readme, /npm run dev -- -p 3001/);
  assert.match(readme, /`CORS_ORIGINS=http:\/\/localhost:3001`/);
  assert.equal(
    fileOf(files, "frontend/.env.example"),
    "NEXT_PUBLIC_API_URL=http://localhost:8000\n",
  );
});
