import assert from "node:assert/strict";
import { freePort, portInUse } from "../verify/ports.ts";
import { main } from "./main.ts";
import { createPreviewApp, HAS_NODE, PYTHON } from "./_testing.ts";

const MAIN = new URL("./main.ts", import.meta.url).pathname;

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
  });
  return { code, stdout, stderr };
}

Deno.test("preview main() exits 2 with one clear line for each kind of bad input", async (t) => {
  const root = Deno.makeTempDirSync();
  try {
    for (
      const [name, args, pattern] of [
        [
          "a typo",
          ["--backend-prot", "8001"],
          /^error: unknown option "--backend-prot": did you mean --backend-port\? \(see --help\)$/,
        ],
        [
          "a port that is not one",
          ["--frontend-port", "http"],
          /^error: --frontend-port "http" is not a port number: use 1 to 65535, e.g. --frontend-port 3001$/,
        ],
        [
          "a port out of range",
          ["--backend-port", "70000"],
          /^error: --backend-port "70000" is not a port number/,
        ],
        [
          "no value",
          ["--backend-port"],
          /^error: --backend-port needs a value, e.g. --backend-port 8001$/,
        ],
        ["two folders", ["a", "b"], /^error: give one app folder, not 2 \("a", "b"\); see --help$/],
        ["no such folder", [`${root}/none`], /^error: Cannot preview ".*\/none": no such folder/],
        ["not an app", [root], /^error: Cannot preview ".*": not a generated app/],
      ] as const
    ) {
      await t.step(name, async () => {
        const { code, stdout, stderr } = await run([...args]);
        assert.equal(code, 2, stderr);
        assert.match(stderr.trim(), pattern);
        assert.equal(stderr.trim().split("\n").length, 1, stderr);
        assert.equal(stdout, "");
      });
    }
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("preview main() --help names the options", async () => {
  const { code, stdout } = await run(["--help"]);
  assert.equal(code, 0);
  for (const option of ["--backend-port", "--frontend-port", "--quiet", "STACKFORGE_PYTHON"]) {
    assert.ok(stdout.includes(option), option);
  }
});

Deno.test({
  name:
    "deno task preview prints both URLs, shows the servers' output, and Ctrl-C stops both with one line",
  ignore: PYTHON === undefined || !HAS_NODE || Deno.build.os === "windows",
  async fn() {
    await using app = await createPreviewApp();
    const child = new Deno.Command(Deno.execPath(), {
      // Ports of its own: tests run in parallel, and 8000/3000 may be anyone's.
      args: [
        "run",
        "-A",
        MAIN,
        app.dir,
        `--backend-port=${freePort()}`,
        `--frontend-port=${freePort()}`,
      ],
      env: { STACKFORGE_PYTHON: PYTHON! },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    try {
      const urls = await waitFor(
        () => /✓ backend +(\S+)/.exec(stdout.text)?.[1],
        60_000,
        () => stderr.text,
      );
      const frontendUrl = /✓ frontend +(\S+)/.exec(stdout.text)![1]!;
      assert.match(stdout.text, /Press Ctrl-C to stop both\./);
      const seen = await (await fetch(frontendUrl)).json();
      assert.equal(seen.apiUrl, urls);
      // The servers' output is shown as it comes.
      await waitFor(
        () =>
          (/frontend +│ fake next dev -p/.test(stdout.text) &&
            /backend +│ INFO: +Uvicorn running on/.test(stdout.text)) || undefined,
        5_000,
        () => stdout.text,
      );
      const before = stderr.text.length;
      child.kill("SIGINT");
      const status = await child.status;
      assert.equal(status.code, 130);
      assert.equal(stderr.text.slice(before).trim(), "stopping the backend and the frontend...");
      // Both servers are gone: their ports can be bound again (after the kernel lets go).
      for (const [url, what] of [[urls, "backend"], [frontendUrl, "frontend"]]) {
        await waitFor(
          () => portInUse(Number(new URL(url!).port)) ? undefined : true,
          3_000,
          () => `the ${what} still holds its port`,
        );
      }
    } finally {
      // SIGINT lets the preview stop its servers; SIGKILL only if it does not end.
      for (const signal of ["SIGINT", "SIGKILL"] as const) {
        try {
          child.kill(signal);
        } catch {
          // Already ended.
        }
        const ended = await Promise.race([
          child.status.then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), 5_000)),
        ]);
        if (ended) break;
      }
      await child.status;
      await Promise.all([stdout.done, stderr.done]);
    }
  },
});

Deno.test({
  name: "preview main() stops the backend and exits 1 when the frontend stops on its own",
  ignore: PYTHON === undefined || !HAS_NODE,
  async fn() {
    await using app = await createPreviewApp();
    let stdout = "";
    let stderr = "";
    const ports = [`--backend-port=${freePort()}`, `--frontend-port=${freePort()}`];
    const running = main([app.dir, "--quiet", ...ports], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { STACKFORGE_PYTHON: PYTHON! },
    });
    const frontendUrl = await waitFor(
      () => /✓ frontend +(\S+)/.exec(stdout)?.[1],
      60_000,
      () => stderr,
    );
    const backendUrl = /✓ backend +(\S+)/.exec(stdout)![1]!;
    await (await fetch(`${frontendUrl}/exit`)).text();
    assert.equal(await running, 1);
    assert.match(stderr, /✗ the frontend stopped \(exit code 3\); stopping the other one/);
    assert.doesNotMatch(stdout, /│/, "--quiet shows no server output");
    assert.ok(!portInUse(Number(new URL(backendUrl).port)));
  },
});

function collect(stream: ReadableStream<Uint8Array>) {
  const out = { text: "", done: Promise.resolve() };
  out.done = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) out.text += decoder.decode(chunk, { stream: true });
  })();
  return out;
}

async function waitFor<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  context: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out; output so far:\n${context()}`);
}
