import assert from "node:assert/strict";
import { join } from "node:path";
import { createProcessGroup } from "../verify/processes.ts";
import { portInUse } from "../verify/ports.ts";
import { appFolders, pickPort, PreviewError, startPreview } from "./preview.ts";
import { findPreviewPython } from "./python.ts";
import { createPreviewApp, HAS_NODE, PYTHON } from "./_testing.ts";

Deno.test("appFolders() says what is wrong with a folder that is not a generated app", async (t) => {
  const root = Deno.makeTempDirSync();
  try {
    await t.step("missing", () => {
      assert.throws(
        () => appFolders(join(root, "nope")),
        /Cannot preview ".*nope": no such folder; generate an app first: deno task generate --out .*nope "…"/,
      );
    });
    await t.step("a file", () => {
      Deno.writeTextFileSync(join(root, "file"), "");
      assert.throws(() => appFolders(join(root, "file")), /it is a file, not an app folder/);
    });
    await t.step("another folder", () => {
      Deno.mkdirSync(join(root, "frontend"));
      Deno.writeTextFileSync(join(root, "frontend", "package.json"), "{}");
      assert.throws(
        () => appFolders(root),
        /not a generated app \(no backend\/app\/main\.py\); give the folder `deno task generate` wrote/,
      );
    });
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("pickPort() takes the next free port for a default, and refuses a chosen one in use", () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const taken = (listener.addr as Deno.NetAddr).port;
  try {
    assert.throws(
      () => pickPort(taken, 8000, "backend"),
      new RegExp(
        `Cannot start the backend on port ${taken}: the port is in use; choose another with --backend-port`,
      ),
    );
    const moved = pickPort(undefined, taken, "frontend");
    assert.ok(moved.moved && moved.port !== taken);
    assert.throws(() => pickPort(4000, 3000, "frontend", 4000), /given to the other server/);
  } finally {
    listener.close();
  }
});

Deno.test("findPreviewPython() names STACKFORGE_PYTHON when it cannot run the backend", async () => {
  await assert.rejects(
    findPreviewPython("/app/backend", "/nowhere/python3"),
    /STACKFORGE_PYTHON "\/nowhere\/python3" cannot import fastapi and uvicorn: install them there \(\/nowhere\/python3 -m pip install -r \/app\/backend\/requirements\.txt\) or unset it/,
  );
});

Deno.test({
  name:
    "startPreview() runs both servers on matching ports: the frontend calls the backend, the backend allows the frontend's origin",
  ignore: PYTHON === undefined || !HAS_NODE,
  async fn() {
    await using app = await createPreviewApp();
    const group = createProcessGroup();
    try {
      // Ports of its own: tests run in parallel, and 8000/3000 may be anyone's.
      const preview = await startPreview({
        dir: app.dir,
        group,
        python: PYTHON!,
        backendPort: freeOne(),
        frontendPort: freeOne(),
      });
      const frontendPort = new URL(preview.frontendUrl).port;
      const seen = await (await fetch(preview.frontendUrl)).json();
      assert.equal(seen.apiUrl, preview.backendUrl, "NEXT_PUBLIC_API_URL is the backend's URL");
      assert.deepEqual(seen.args, ["dev", "-p", frontendPort, "-H", "127.0.0.1"]);
      for (const origin of [preview.frontendUrl, `http://localhost:${frontendPort}`]) {
        const response = await fetch(`${preview.backendUrl}/openapi.json`, { headers: { origin } });
        await response.body?.cancel();
        assert.equal(response.headers.get("access-control-allow-origin"), origin);
      }
      const foreign = await fetch(`${preview.backendUrl}/openapi.json`, {
        headers: { origin: "http://localhost:9999" },
      });
      await foreign.body?.cancel();
      assert.equal(foreign.headers.get("access-control-allow-origin"), null, "only the frontend");
      await group.stopAll();
      assert.equal(group.running().length, 0);
      assert.ok(!portInUse(Number(frontendPort)));
      assert.ok(!portInUse(Number(new URL(preview.backendUrl).port)));
    } finally {
      await group.stopAll();
    }
  },
});

Deno.test({
  name:
    "startPreview() uses the ports it is given, and refuses one that is taken before starting anything",
  ignore: PYTHON === undefined || !HAS_NODE,
  async fn() {
    await using app = await createPreviewApp();
    const group = createProcessGroup();
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const taken = (listener.addr as Deno.NetAddr).port;
    try {
      await assert.rejects(
        startPreview({ dir: app.dir, group, python: PYTHON!, frontendPort: taken }),
        (error: Error) => error instanceof PreviewError && /port is in use/.test(error.message),
      );
      assert.equal(group.running().length, 0);
      listener.close();
      const [b, f] = [freeOne(), freeOne()];
      const preview = await startPreview({
        dir: app.dir,
        group,
        python: PYTHON!,
        backendPort: b,
        frontendPort: f,
      });
      assert.equal(preview.backendUrl, `http://127.0.0.1:${b}`);
      assert.equal(preview.frontendUrl, `http://127.0.0.1:${f}`);
    } finally {
      try {
        listener.close();
      } catch {
        // Closed above.
      }
      await group.stopAll();
    }
  },
});

function freeOne(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}
