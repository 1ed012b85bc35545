/**
 * The folders import one another in one direction only: adapters (the CLI,
 * MCP server, Action, workers, verifier, observability) → jobs → pipeline →
 * providers / generator → guardrails / rag / prompts → core. The module graph
 * of every entry point, from `deno info --json`, is checked against that.
 *
 * @module
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).href;
const ENTRY_POINTS = ["mod.ts", "cli.ts", "server/main.ts", "scale/worker.ts", "action/main.ts"];
const ADAPTERS = new Set(["(root)", "server", "scale", "action", "verify", "observability"]);
/** What each lower folder may import besides itself. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  guardrails: ["core"],
  rag: ["core"],
  prompts: ["core"],
  generator: ["core", "rag"],
  providers: ["core", "rag", "generator"],
  pipeline: ["core", "guardrails", "rag", "prompts", "generator", "providers"],
  jobs: ["core", "guardrails", "rag", "prompts", "generator", "providers", "pipeline"],
};

function folderOf(specifier: string): string {
  const path = specifier.slice(ROOT.length);
  return path.includes("/") ? path.split("/")[0]! : "(root)";
}

/** Folder-to-folder edges, each with one module import that makes it. */
async function folderEdges(): Promise<Map<string, string>> {
  const edges = new Map<string, string>();
  for (const entry of ENTRY_POINTS) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: new URL(ROOT).pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
      modules: {
        specifier: string;
        dependencies?: { code?: { specifier?: string }; type?: { specifier?: string } }[];
      }[];
    };
    for (const module of info.modules) {
      if (!module.specifier.startsWith(ROOT)) continue;
      const from = folderOf(module.specifier);
      for (const dependency of module.dependencies ?? []) {
        for (const target of [dependency.code?.specifier, dependency.type?.specifier]) {
          if (target === undefined || !target.startsWith(ROOT)) continue;
          const to = folderOf(target);
          if (to === from) continue;
          edges.set(
            `${from} -> ${to}`,
            `${module.specifier.slice(ROOT.length)} imports ${target.slice(ROOT.length)}`,
          );
        }
      }
    }
  }
  return edges;
}

const edges = await folderEdges();

Deno.test("the lower folders import only the folders below them", () => {
  const wrong = [...edges].filter(([edge]) => {
    const [from, to] = edge.split(" -> ") as [string, string];
    const allowed = MAY_IMPORT[from];
    return allowed !== undefined && !allowed.includes(to);
  }).map(([, example]) => example);
  assert.deepEqual(wrong, []);
});

Deno.test("no folder imports an adapter unless it is one", () => {
  const wrong = [...edges].filter(([edge]) => {
    const [from, to] = edge.split(" -> ") as [string, string];
    return ADAPTERS.has(to) && !ADAPTERS.has(from);
  }).map(([, example]) => example);
  assert.deepEqual(wrong, []);
});

Deno.test("there is no import cycle between top-level folders", () => {
  const next = new Map<string, string[]>();
  for (const edge of edges.keys()) {
    const [from, to] = edge.split(" -> ") as [string, string];
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const cycles: string[] = [];
  const visit = (folder: string, path: string[]) => {
    if (path.includes(folder)) {
      cycles.push([...path.slice(path.indexOf(folder)), folder].join(" -> "));
      return;
    }
    for (const to of next.get(folder) ?? []) visit(to, [...path, folder]);
  };
  for (const folder of next.keys()) visit(folder, []);
  assert.deepEqual([...new Set(cycles)], []);
});
