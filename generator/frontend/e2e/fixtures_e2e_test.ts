/**
 * End to end, for every behaviour fixture: renders its frontend, installs
 * the dependencies (shared through the verifier's `node_modules` cache),
 * runs `next build` under strict TypeScript, then, when Chromium is there,
 * serves the build against the fake backend and walks the fixture's user
 * flow through the UI. Slow (npm, a build per app), so it runs only with
 * STACKFORGE_E2E=1; `STACKFORGE_E2E_ONLY=poll,link` narrows it, and
 * `STACKFORGE_E2E_BACKEND=generated` serves the app's own generated backend
 * (Uvicorn, a Python with FastAPI) instead of the fake.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { BEHAVIOUR_SPECS } from "../../../tests/fixtures/behaviour_specs.ts";
import { installDependencies } from "../../../verify/node_modules_cache.ts";
import { findBackendPython } from "../../../verify/backend.ts";
import { createProcessGroup, type ProcessGroup } from "../../../verify/processes.ts";
import type { Spec } from "../../../core/spec.ts";
import { renderBackend } from "../../backend/mod.ts";
import { renderFrontend } from "../mod.ts";
import { browserUser } from "./browser_user.ts";
import { FAKE_STAFF_CODE, fakeBackend } from "./fake_backend.ts";
import { USER_FLOWS } from "./user_flows.ts";

const ignore = Deno.env.get("STACKFORGE_E2E") !== "1";
const only = Deno.env.get("STACKFORGE_E2E_ONLY")?.split(",");
const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";
const GENERATED = Deno.env.get("STACKFORGE_E2E_BACKEND") === "generated";

/** Serves the API on `port`: the fake, or the app's generated backend under Uvicorn. */
async function serveApi(
  spec: Spec,
  root: string,
  port: number,
  webOrigin: string,
  group: ProcessGroup,
): Promise<() => Promise<void>> {
  if (!GENERATED) {
    const server = Deno.serve(
      { hostname: "127.0.0.1", port, onListen: () => {} },
      fakeBackend(spec),
    );
    return () => server.shutdown();
  }
  const python = await findBackendPython();
  assert.ok(python, "no Python with FastAPI and Uvicorn (STACKFORGE_PYTHON)");
  for (const file of renderBackend(spec)) {
    const path = join(root, file.path);
    Deno.mkdirSync(join(path, ".."), { recursive: true });
    Deno.writeTextFileSync(path, file.content);
  }
  group.spawn("uvicorn", python, [
    "-m",
    "uvicorn",
    "app.main:app",
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
  ], {
    cwd: join(root, "backend"),
    env: {
      CORS_ORIGINS: webOrigin,
      STAFF_SIGNUP_CODE: FAKE_STAFF_CODE,
      DATABASE_PATH: join(root, "e2e.db"),
    },
  });
  await waitFor(`http://127.0.0.1:${port}/api/stats`, 30_000);
  return () => Promise.resolve();
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

for (const [name, spec] of Object.entries(BEHAVIOUR_SPECS)) {
  Deno.test({
    name: `renderFrontend() builds with next build and serves the "${name}" user flow`,
    ignore: ignore || (only !== undefined && !only.includes(name)),
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const root = Deno.makeTempDirSync({ prefix: `stackforge-fe-${name}-` });
      const group = createProcessGroup();
      const apiPort = freePort();
      const dir = join(root, "frontend");
      try {
        for (const file of renderFrontend(spec)) {
          const path = join(root, file.path);
          Deno.mkdirSync(join(path, ".."), { recursive: true });
          Deno.writeTextFileSync(path, file.content);
        }
        const install = await installDependencies(dir, group);
        assert.ok(install.ok, `npm install failed: ${install.output.slice(-2000)}`);
        const next = join(dir, "node_modules", "next", "dist", "bin", "next");
        const env = {
          NEXT_PUBLIC_API_URL: `http://127.0.0.1:${apiPort}`,
          NEXT_TELEMETRY_DISABLED: "1",
        };
        const build = await group.run("node", [next, "build"], {
          cwd: dir,
          env,
          timeoutMs: 600_000,
        });
        console.log(
          `${name}: next build ${build.code === 0 ? "ok" : "FAILED"} in ${
            (build.durationMs / 1000).toFixed(1)
          } s (dependencies: ${install.how})`,
        );
        assert.equal(build.code, 0, build.output.slice(-4000));
        if (!exists(CHROMIUM)) return;

        const webPort = freePort();
        const stopApi = await serveApi(spec, root, apiPort, `http://127.0.0.1:${webPort}`, group);
        group.spawn(
          "next start",
          "node",
          [next, "start", "-p", String(webPort), "-H", "127.0.0.1"],
          {
            cwd: dir,
            env,
          },
        );
        const { chromium } = await import("playwright-core");
        const browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: ["--headless", "--no-sandbox", "--disable-gpu"],
        });
        try {
          await waitFor(`http://127.0.0.1:${webPort}/`, 60_000);
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          page.setDefaultTimeout(10_000);
          const errors: string[] = [];
          // A refused write is logged by the browser as a failed resource; it is the point of a rule.
          page.on("pageerror", (error) => errors.push(String(error)));
          page.on("console", (message) => {
            if (message.type() === "error" && !/Failed to load resource/.test(message.text())) {
              errors.push(message.text());
            }
          });
          const flow = USER_FLOWS[name];
          assert.ok(flow, `no user flow for "${name}"`);
          const started = performance.now();
          await flow(browserUser(page, `http://127.0.0.1:${webPort}`));
          console.log(
            `${name}: user flow ok in ${((performance.now() - started) / 1000).toFixed(1)} s`,
          );
          assert.deepEqual(errors, [], "the pages logged errors");
        } finally {
          await browser.close();
          await stopApi();
        }
      } finally {
        await group.stopAll();
        await Deno.remove(root, { recursive: true }).catch(() => {});
      }
    },
  });
}
