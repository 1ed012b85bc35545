import assert from "node:assert/strict";
import type { GeneratedFile } from "../../../core/artifact.ts";
import { librarySpecWith, RETURN_LOAN, standinBackend } from "./_testing.ts";
import { createBackendRunner } from "./backend_runner.ts";
import { detectToolchain } from "./toolchain.ts";

const python = (await detectToolchain(Deno.env.get("STACKFORGE_PYTHON"))).fastapiPython;
const ignore = python === undefined;
const spec = librarySpecWith(RETURN_LOAN);

/** A main.py that does not import: a field named `date` shadows its type in the class body. */
const DATE_FIELD = `from datetime import date

from pydantic import BaseModel


class Reservation(BaseModel):
    slot: str
    date: date | None = None
`;

function app(main: string, extra: Record<string, string> = {}): GeneratedFile[] {
  return [
    { path: "backend/app/__init__.py", content: "" },
    { path: "backend/app/main.py", content: main },
    ...Object.entries(extra).map(([path, content]) => ({ path: `backend/${path}`, content })),
  ];
}

for (const resident of [false, true]) {
  const mode = resident ? "resident" : "one interpreter per job";
  Deno.test({
    name: `BackendRunner (${mode}) reports the file and line of an app that does not import`,
    ignore,
    async fn() {
      const runner = createBackendRunner(python!, { resident });
      try {
        const run = await runner.run(app(DATE_FIELD));
        assert.equal(run.imports.ok, false);
        assert.match(
          (run.imports as { error: string }).error,
          /^app\/main\.py line \d+: .*(Error|error)/,
        );
        assert.equal(run.ranScenarios, false, "no scenarios after a failed import");
      } finally {
        await runner.close();
      }
    },
  });

  Deno.test({
    name: `BackendRunner (${mode}) imports the app, then runs tests.scenarios and keeps its lines`,
    ignore,
    async fn() {
      const runner = createBackendRunner(python!, { resident });
      try {
        const run = await runner.run(standinBackend(spec));
        assert.deepEqual(run.imports, { ok: true });
        assert.ok(run.ranScenarios);
        assert.equal(run.exitCode, 0, run.stderr);
        const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
        assert.deepEqual(lines, [{
          requirement: "r1",
          scenario: "return a loan, then again",
          ok: true,
          step: null,
          error: null,
        }]);
        const quiet = await runner.run(standinBackend(spec), { scenarios: false });
        assert.equal(quiet.ranScenarios, false);
        assert.equal(quiet.stdout, "");
      } finally {
        await runner.close();
      }
    },
  });

  Deno.test({
    name: `BackendRunner (${mode}) stops a run that does not finish, and says so`,
    ignore,
    async fn() {
      const runner = createBackendRunner(python!, { resident, timeoutMs: 1_500 });
      try {
        const started = performance.now();
        const run = await runner.run(
          app("", {
            "tests/__init__.py": "",
            "tests/scenarios.py": "import time\ntime.sleep(30)\n",
          }),
        );
        assert.ok(run.timedOut, JSON.stringify(run));
        assert.match(run.crash ?? "", /stopped after 2 s/);
        assert.ok(performance.now() - started < 10_000);
        // The runner still works afterwards.
        assert.deepEqual((await runner.run(app(""), { scenarios: false })).imports, { ok: true });
      } finally {
        await runner.close();
      }
    },
  });
}

Deno.test({
  name: "BackendRunner (resident) runs jobs concurrently, each in a fork nothing leaks from",
  ignore,
  async fn() {
    const runner = createBackendRunner(python!, { resident: true });
    try {
      // Each job's app.main differs; a job that saw another's module would print its value.
      const runs = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          runner.run(
            app(
              `import builtins\nVALUE = ${i}\nassert not hasattr(builtins, "LEAK")\nbuiltins.LEAK = ${i}\n`,
              {
                "tests/__init__.py": "",
                "tests/scenarios.py": "import app.main\nprint(app.main.VALUE)\n",
              },
            ),
          )),
      );
      runs.forEach((run, i) => {
        assert.deepEqual(run.imports, { ok: true }, `job ${i}`);
        assert.equal(run.stdout.trim(), String(i));
      });
    } finally {
      await runner.close();
    }
  },
});

Deno.test({
  name: "BackendRunner keeps model-written paths inside its temporary folder",
  ignore,
  async fn() {
    const outside = `escape-${crypto.randomUUID()}.py`;
    const runner = createBackendRunner(python!);
    const run = await runner.run([
      ...app(""),
      { path: `backend/../../${outside}`, content: "x = 1\n" },
    ], { scenarios: false });
    assert.deepEqual(run.imports, { ok: true });
    for (const tmp of [Deno.env.get("TMPDIR") ?? "/tmp", "/dev/shm", "/"]) {
      assert.throws(() => Deno.statSync(`${tmp}/${outside}`), tmp);
    }
  },
});

Deno.test("BackendRunner names an interpreter that cannot start", async () => {
  for (const resident of [false, true]) {
    const runner = createBackendRunner("/nonexistent/python3", { resident });
    await assert.rejects(runner.run(app("")), /Cannot start \/nonexistent\/python3/);
    await runner.close();
  }
});
