/**
 * Test setup for the preview: a generated app (offline provider) whose
 * frontend has a stand-in `next` — a small Node server that answers on the
 * port it is given with the API URL it was started with, and exits on
 * `GET /exit` — so the tests need no npm install and no Next.js build.
 *
 * @module
 */
import { join } from "node:path";
import { generateApp } from "../pipeline/generate.ts";
import { findPreviewPython } from "./python.ts";

const FAKE_NEXT = `#!/usr/bin/env node
const http = require("node:http");
const args = process.argv.slice(2);
const port = Number(args[args.indexOf("-p") + 1]);
const host = args[args.indexOf("-H") + 1];
console.log("fake next " + args.join(" "));
http.createServer((req, res) => {
  if (req.url === "/exit") { res.end("bye"); setTimeout(() => process.exit(3), 50); return; }
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ args, apiUrl: process.env.NEXT_PUBLIC_API_URL }));
}).listen(port, host, () => console.log("ready on " + host + ":" + port));
`;

/** A generated app with a stand-in `next`. */
export interface PreviewApp {
  dir: string;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * @returns A fresh app folder; dispose it with `await using`.
 */
export async function createPreviewApp(): Promise<PreviewApp> {
  const root = Deno.makeTempDirSync({ prefix: "stackforge-preview-" });
  const dir = join(root, "output");
  await generateApp("build a blog with comments", { outDir: dir, toolchain: {} });
  const bin = join(dir, "frontend", "node_modules", "next", "dist", "bin");
  Deno.mkdirSync(bin, { recursive: true });
  Deno.writeTextFileSync(join(bin, "next"), FAKE_NEXT);
  Deno.writeTextFileSync(
    join(dir, "frontend", "node_modules", "next", "package.json"),
    JSON.stringify({ name: "next", version: "0.0.0-fake" }),
  );
  return {
    dir,
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** A Python that runs the generated backend here, or undefined (the tests are skipped). */
export const PYTHON = await findPreviewPython(
  Deno.makeTempDirSync(),
  Deno.env.get("STACKFORGE_PYTHON"),
).catch(() => undefined);

/** Whether `node` runs (the stand-in `next` is a Node script). */
export const HAS_NODE = await new Deno.Command("node", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);
