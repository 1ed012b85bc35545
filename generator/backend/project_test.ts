import assert from "node:assert/strict";
import { BACKEND_ENTRY } from "../../core/contract.ts";
import { blogSpec, todoSpec } from "../../tests/fixtures/sample_specs.ts";
import { renderBackend } from "./mod.ts";

Deno.test("renderReadme() runs the contract's entry point through the venv's python, and says how to change ports", () => {
  for (const spec of [blogSpec, todoSpec]) {
    const files = renderBackend(spec);
    const readme = files.find((f) => f.path === "backend/README.md")!.content;
    assert.ok(files.some((f) => f.path === BACKEND_ENTRY.file), "the entry point it names exists");
    assert.match(readme, /\npython -m uvicorn app\.main:app --reload --port 8000\n/);
    assert.doesNotMatch(readme, /^uvicorn /m, "a bare uvicorn may be another environment's");
    assert.match(readme, /\npython -m pytest\n/);
    assert.match(readme, /\npython -m pip install -r requirements\.txt\n/);
    assert.match(
      readme,
      /`NEXT_PUBLIC_API_URL=http:\/\/localhost:8001` in the frontend's `\.env\.local`/,
    );
    assert.match(readme, /\nCORS_ORIGINS=http:\/\/localhost:3001 python -m uvicorn app\.main:app/);
  }
});
