import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { toolchain } from "../../tests/helpers.ts";
import "../frontend/model.ts";
import { renderBackend } from "./mod.ts";
import type { Requirement } from "../../core/behaviours.ts";
import { completeSpec } from "../../core/routes.ts";
import { type Spec, specProblems, SpecSchema } from "../../core/spec.ts";
import { BEHAVIOUR_SPECS } from "../../tests/fixtures/behaviour_specs.ts";
import { REQUIREMENTS } from "./_fixture_requirements.ts";

const python = toolchain.fastapiPython;

/** The fixture specs, with the requirements of this test where it gives some. */
const SPECS: Record<string, Spec> = Object.fromEntries(
  Object.entries(BEHAVIOUR_SPECS).map(([name, spec]) => {
    const requirements: Requirement[] | undefined = REQUIREMENTS[name];
    return [
      name,
      requirements === undefined ? spec : SpecSchema.parse({ ...spec, requirements }),
    ];
  }),
);

async function writeBackend(spec: Spec): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "stackforge_behaviour_" });
  for (const file of renderBackend(spec)) {
    const path = join(root, file.path);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(path, file.content);
  }
  return root;
}

async function run(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command(python!, {
    args,
    cwd,
    env: { PYTHONDONTWRITEBYTECODE: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code, output: text.decode(stdout) + text.decode(stderr) };
}

Deno.test("the behaviour fixtures with this test's requirements are consistent specs", () => {
  for (const [name, spec] of Object.entries(SPECS)) assert.deepEqual(specProblems(spec), [], name);
});

Deno.test("renderBackend() renders each behaviour fixture deterministically", () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    assert.deepEqual(renderBackend(spec), renderBackend(structuredClone(spec)), name);
  }
});

Deno.test("renderBackend() aliases a field named like a Python type", () => {
  const schemas =
    renderBackend(SPECS.reservation!).find((f) => f.path === "backend/app/schemas.py")!.content;
  assert.match(schemas, /^ {4}date_: date = Field\(\.\.\., alias="date"\)$/m);
});

Deno.test("renderBackend() writes the acceptance scenarios of implemented requirements", () => {
  const files = renderBackend(SPECS.library!);
  const acceptance = JSON.parse(
    files.find((f) => f.path === "backend/tests/acceptance.json")!.content,
  );
  assert.deepEqual(acceptance.map((r: { id: string }) => r.id), ["r1"]);
  assert.ok(files.some((f) => f.path === "backend/tests/test_acceptance.py"));
  assert.ok(!renderBackend(SPECS.room!).some((f) => f.path.endsWith("acceptance.json")));
});

Deno.test({
  name: "renderBackend() output passes its own pytest suite for every behaviour fixture",
  ignore: python === undefined,
  async fn() {
    const names = Object.keys(SPECS);
    const results: Record<string, { code: number; output: string }> = {};
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const root = await writeBackend(SPECS[name]!);
        try {
          results[name] = await run(
            ["-m", "pytest", "-q", "-p", "no:cacheprovider", `--basetemp=${root}/pytest`],
            join(root, "backend"),
          );
        } finally {
          await Deno.remove(root, { recursive: true });
        }
      }
    };
    await Promise.all([worker(), worker()]);
    for (const name of names) {
      const { code, output } = results[name]!;
      assert.equal(code, 0, `${name}: ${output.slice(-3000)}`);
      assert.match(output, /\d+ passed/, name);
    }
  },
});

Deno.test({
  name: "python -m tests.scenarios prints one JSON line per scenario, all passing",
  ignore: python === undefined,
  async fn() {
    const root = await writeBackend(SPECS.helpdesk!);
    try {
      const { code, output } = await run(["-m", "tests.scenarios"], join(root, "backend"));
      const lines = output.trim().split("\n").map((l) => JSON.parse(l));
      assert.equal(code, 0, output);
      assert.equal(lines.length, REQUIREMENTS.helpdesk!.flatMap((r) => r.scenarios).length);
      for (const line of lines) {
        assert.deepEqual(Object.keys(line), ["requirement", "scenario", "ok", "step", "error"]);
        assert.deepEqual([line.ok, line.step, line.error], [true, null, null], line.scenario);
      }
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});

/** The trip splitter with sign-in, its payments private to whoever records them. */
function privatePaymentsTrip(): Spec {
  const { endpoints: _e, pages: _p, ...base } = SPECS.trip!;
  return SpecSchema.parse(completeSpec({
    ...base,
    auth: true,
    entities: base.entities.map((e) => e.name === "Payment" ? { ...e, access: "private" } : e),
  }));
}

/** Runs Python code in a rendered backend's folder. */
async function runIn(spec: Spec, code: string): Promise<{ code: number; output: string }> {
  const root = await writeBackend(spec);
  try {
    return await run(["-c", code], join(root, "backend"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test({
  name: "a balance view over private payments answers a signed-in user (no NameError)",
  ignore: python === undefined,
  async fn() {
    const spec = privatePaymentsTrip();
    assert.deepEqual(specProblems(spec), []);
    const { code, output } = await runIn(
      spec,
      [
        "import tempfile",
        "from fastapi.testclient import TestClient",
        "from app.main import create_app",
        "from tests.support import Api, register",
        "client = TestClient(create_app(tempfile.mkdtemp() + '/t.db'), raise_server_exceptions=False)",
        "api = Api(client)",
        "alice = register(client, 'alice@example.com', 'Alice')",
        "payment = api.create('payments', alice)",
        "response = client.get(f\"/api/trips/{payment['trip_id']}/balances\", headers=alice)",
        "assert response.status_code == 200, response.text",
        "assert 'transfers' in response.json(), response.text",
        "print('ok')",
      ].join("\n"),
    );
    assert.equal(code, 0, output);
  },
});

Deno.test({
  name: "date_plus() of a row never done is today: a plant never watered is due",
  ignore: python === undefined,
  async fn() {
    const spec = SpecSchema.parse(completeSpec({
      name: "plants",
      title: "Plants",
      summary: "Plants and when they were watered.",
      patterns: [],
      auth: false,
      entities: [
        {
          name: "Plant",
          plural: "plants",
          label: "plant",
          labelPlural: "plants",
          description: "A plant.",
          display: "name",
          access: "public",
          relations: [],
          fields: [
            { name: "name", type: "string", required: true },
            { name: "every_days", type: "integer", required: true, min: 1, max: 365 },
            {
              name: "last_watered",
              type: "date",
              required: false,
              computed: {
                kind: "aggregate",
                op: "max",
                entity: "Watering",
                via: "plant_id",
                field: "day",
              },
            },
            {
              name: "next_watering",
              type: "date",
              required: false,
              computed: { kind: "date_plus", from: "last_watered", days: "every_days" },
            },
          ],
        },
        {
          name: "Watering",
          plural: "waterings",
          label: "watering",
          labelPlural: "waterings",
          description: "A watering.",
          display: "day",
          access: "public",
          relations: [{ target: "Plant", field: "plant_id", required: true }],
          fields: [{ name: "day", type: "date", required: true }],
        },
      ],
    }));
    assert.deepEqual(specProblems(spec), []);
    const { code, output } = await runIn(
      spec,
      [
        "from datetime import date",
        "from app.computed import date_plus",
        "assert date_plus(None, 3) == date.today().isoformat()",
        "assert date_plus('2024-02-27', 3) == '2024-03-01'",
        "assert date_plus('2024-02-27', None) is None",
      ].join("\n"),
    );
    assert.equal(code, 0, output);
  },
});

Deno.test({
  name: "a capacity that sums a measure holds the update test's sample on the same parent",
  ignore: python === undefined,
  async fn() {
    const spec = SpecSchema.parse(completeSpec({
      name: "meals",
      title: "Meals",
      summary: "Meal choices with places, picked by guests.",
      patterns: [],
      auth: false,
      entities: [
        {
          name: "MealChoice",
          plural: "meal_choices",
          label: "meal choice",
          labelPlural: "meal choices",
          description: "A meal choice.",
          display: "name",
          access: "public",
          relations: [],
          fields: [
            { name: "name", type: "string", required: true },
            { name: "places", type: "integer", required: true, min: 1, max: 10_000 },
          ],
        },
        {
          name: "Pick",
          plural: "picks",
          label: "pick",
          labelPlural: "picks",
          description: "A guest's pick.",
          display: "name",
          access: "public",
          relations: [{ target: "MealChoice", field: "meal_choice_id", required: true }],
          fields: [
            { name: "name", type: "string", required: true },
            { name: "guests", type: "integer", required: true, min: 0, max: 20 },
          ],
        },
      ],
      rules: [{
        kind: "capacity",
        entity: "Pick",
        message: "This meal choice is full",
        via: "meal_choice_id",
        limit: "places",
        measure: "guests",
      }],
    }));
    assert.deepEqual(specProblems(spec), []);
    const root = await writeBackend(spec);
    try {
      const { code, output } = await run(
        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "update", `--basetemp=${root}/t`],
        join(root, "backend"),
      );
      assert.equal(code, 0, output.slice(-3000));
      assert.match(output, /test_update_pick|\d+ passed/);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
