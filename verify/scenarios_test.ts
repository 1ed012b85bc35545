import assert from "node:assert/strict";
import type { Requirement, Scenario, UiStep } from "../core/behaviours.ts";
import type { Spec } from "../core/spec.ts";
import { helpdeskSpec, librarySpec, linkSpec } from "../tests/fixtures/behaviour_specs.ts";
import {
  actorName,
  type Credentials,
  describeRun,
  runScenario,
  runScenarios,
  type ScenarioOptions,
  signUpBody,
  type UiDriver,
} from "./scenarios.ts";

/** What the little server saw: method, path, bearer token and body of each request. */
interface Seen {
  method: string;
  path: string;
  token: string | null;
  body: unknown;
}

/**
 * An in-process stand-in for a generated backend: sign-up, loans with a
 * return action, a short-link redirect and an echo route.
 */
function serve(): { url: string; seen: Seen[]; close: () => Promise<void> } {
  const seen: Seen[] = [];
  const users = new Map<string, { id: number; role: string }>();
  const loans = new Map<number, { id: number; book: string; returned_at: string | null }>();
  let nextId = 1;
  const json = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const text = await req.text();
    const body = text ? JSON.parse(text) : undefined;
    const token = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? null;
    seen.push({ method: req.method, path: url.pathname + url.search, token, body });
    const route = `${req.method} ${url.pathname}`;
    if (route === "POST /api/auth/register") {
      if (body.role === "agent" && body.staff_code !== "staff-secret") {
        return json(403, { detail: "Wrong staff code" });
      }
      const user = { id: nextId++, role: body.role ?? "employee" };
      users.set(`t-${user.id}`, user);
      return json(201, { token: `t-${user.id}`, user: { id: user.id, name: body.name } });
    }
    if (route === "GET /api/auth/me") {
      const user = token ? users.get(token) : undefined;
      return user ? json(200, user) : json(401, { detail: "Not signed in" });
    }
    if (route === "POST /api/loans") {
      const loan = { id: nextId++, book: body.book, returned_at: null };
      loans.set(loan.id, loan);
      return json(201, loan);
    }
    const ret = /^POST \/api\/loans\/(\d+)\/return$/.exec(route);
    if (ret) {
      const loan = loans.get(Number(ret[1]));
      if (!loan) return json(404, { detail: "Loan not found" });
      if (loan.returned_at) return json(409, { detail: "This loan was already returned" });
      loan.returned_at = "2026-01-15";
      return json(200, loan);
    }
    if (route === "GET /api/loans") return json(200, [...loans.values()]);
    if (route === "GET /r/abc1234") {
      return new Response(null, { status: 307, headers: { location: "https://example.com/x" } });
    }
    if (route === "POST /api/echo") return json(200, body);
    if (route === "GET /api/text") return new Response("plain text", { status: 200 });
    return json(404, { detail: "Not Found" });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    seen,
    close: () => server.shutdown(),
  };
}

function requirement(scenario: Scenario, id = "r1"): Requirement {
  return {
    id,
    text: "a requirement",
    kinds: ["crud"],
    status: "implemented",
    by: [],
    scenarios: [scenario],
  };
}

const options = (url: string, extra: Partial<ScenarioOptions> = {}): ScenarioOptions => ({
  baseUrl: url,
  runToken: () => "run1",
  now: () => new Date(2026, 0, 15, 12),
  ...extra,
});

/** A spec whose endpoints include every route the server answers, so no scenario is "wrong". */
const spec: Spec = {
  ...librarySpec,
  endpoints: [
    ...librarySpec.endpoints,
    ...linkSpec.endpoints.filter((e) => e.action === "redirect"),
    {
      id: "POST /api/echo",
      method: "POST",
      path: "/api/echo",
      action: "stats",
      auth: false,
      summary: "echo",
      status: 200,
    },
    {
      id: "GET /api/text",
      method: "GET",
      path: "/api/text",
      action: "stats",
      auth: false,
      summary: "text",
      status: 200,
    },
  ],
};
const authSpec: Spec = {
  ...spec,
  auth: true,
  roles: helpdeskSpec.roles!,
  endpoints: [
    ...spec.endpoints,
    ...helpdeskSpec.endpoints.filter((e) => e.path.startsWith("/api/auth")),
  ],
};

Deno.test("runScenario() saves values, resolves placeholders with their types and passes", async () => {
  const app = serve();
  try {
    const run = await runScenario(spec, requirement({ name: "return", steps: [] }), {
      name: "return a loan, then again",
      steps: [
        {
          method: "POST",
          path: "/api/loans",
          body: { book: "Dune {run}" },
          status: 201,
          save: { loan: "id" },
        },
        {
          method: "POST",
          path: "/api/echo",
          body: { loan_id: "{loan}", note: "loan {loan} due {today+3}" },
          status: 200,
          expect: { loan_id: "{loan}", note: "loan {loan} due 2026-01-18" },
        },
        {
          method: "POST",
          path: "/api/loans/{loan}/return",
          status: 200,
          expect: { id: "{loan}", returned_at: { $type: "string" } },
        },
        {
          method: "POST",
          path: "/api/loans/{loan}/return",
          status: 409,
          expect: { detail: { $contains: "already" } },
        },
        {
          method: "GET",
          path: "/api/loans",
          status: 200,
          expect: { $has: { id: "{loan}", book: "Dune run1" } },
        },
      ],
    }, options(app.url));
    assert.deepEqual(run, {
      requirement: "r1",
      scenario: "return a loan, then again",
      ok: true,
      step: null,
      error: null,
    });
    assert.deepEqual(
      app.seen[1]!.body,
      { loan_id: 1, note: "loan 1 due 2026-01-18" },
      "the id stays a number",
    );
    assert.equal(app.seen[2]!.path, "/api/loans/1/return");
  } finally {
    await app.close();
  }
});

Deno.test("runScenario() signs the actors up first, as documented, and sends each step as its actor", async () => {
  const app = serve();
  try {
    const run = await runScenario(authSpec, requirement({ name: "x", steps: [] }), {
      name: "agents and employees",
      actors: { ann: {}, staff_member: { role: "agent" } },
      steps: [
        { method: "GET", path: "/api/auth/me", status: 200, expect: { role: "employee" } },
        {
          as: "staff_member",
          method: "GET",
          path: "/api/auth/me",
          status: 200,
          expect: { role: "agent" },
        },
        { as: "anonymous", method: "GET", path: "/api/auth/me", status: 401 },
      ],
    }, options(app.url, { staffCode: "staff-secret" }));
    assert.equal(run.ok, true, run.error ?? "");
    assert.deepEqual(app.seen.slice(0, 2).map((s) => s.body), [
      { email: "ann-run1@example.com", password: "ann-Pass-run1", name: "Ann" },
      {
        email: "staff_member-run1@example.com",
        password: "staff_member-Pass-run1",
        name: "Staff Member",
        role: "agent",
        staff_code: "staff-secret",
      },
    ]);
    assert.deepEqual(app.seen.slice(2).map((s) => s.token), ["t-1", "t-2", null]);
  } finally {
    await app.close();
  }
});

Deno.test("runScenario() fails before the first step when an actor cannot sign up", async () => {
  const app = serve();
  try {
    const run = await runScenario(authSpec, requirement({ name: "x", steps: [] }), {
      name: "wrong staff code",
      actors: { boss: { role: "agent" } },
      steps: [{ method: "GET", path: "/api/auth/me", status: 200 }],
    }, options(app.url, { staffCode: "nope" }));
    assert.equal(run.ok, false);
    assert.equal(run.step, null);
    assert.equal(run.agent, "be_executor");
    assert.equal(
      run.error,
      `cannot sign up actor "boss" with role "agent": POST /api/auth/register answered 403: {"detail":"Wrong staff code"}`,
    );
  } finally {
    await app.close();
  }
});

Deno.test("runScenario() does not follow redirects and checks expected headers", async () => {
  const app = serve();
  try {
    const ok = await runScenario(spec, requirement({ name: "x", steps: [] }), {
      name: "redirect",
      steps: [{
        method: "GET",
        path: "/r/abc1234",
        status: 307,
        headers: { location: "https://example.com/x" },
      }],
    }, options(app.url));
    assert.equal(ok.ok, true, ok.error ?? "");
    const wrong = await runScenario(spec, requirement({ name: "x", steps: [] }), {
      name: "redirect elsewhere",
      steps: [{
        method: "GET",
        path: "/r/abc1234",
        status: 307,
        headers: { location: "https://example.com/{run}" },
      }],
    }, options(app.url));
    assert.equal(
      wrong.error,
      'GET /r/abc1234: header "location": expected "https://example.com/run1", got "https://example.com/x"',
    );
  } finally {
    await app.close();
  }
});

Deno.test("runScenario() names the step, what was expected and what came back", async (t) => {
  const app = serve();
  const failure = async (steps: Scenario["steps"]) =>
    await runScenario(
      spec,
      requirement({ name: "x", steps: [] }),
      { name: "s", steps },
      options(app.url),
    );
  try {
    await t.step("a status", async () => {
      const run = await failure([{ method: "POST", path: "/api/loans/99/return", status: 200 }]);
      assert.deepEqual([run.step, run.agent, run.error], [
        0,
        "be_executor",
        'POST /api/loans/99/return: expected status 200, got 404: {"detail":"Loan not found"}',
      ]);
    });
    await t.step("a value deep in the answer", async () => {
      const run = await failure([
        {
          method: "POST",
          path: "/api/echo",
          body: { rows: [{ total: 10 }] },
          status: 200,
          expect: { rows: [{ total: 12.5 }] },
        },
      ]);
      assert.equal(run.error, "POST /api/echo: $.rows[0].total: expected 12.5, got 10");
    });
    await t.step("every matcher, through a real answer", async () => {
      const answer = { n: 3, s: "abc", list: [{ id: 1, at: 2 }, { id: 2, at: 1 }], none: null };
      const cases: [unknown, RegExp][] = [
        [{ list: { $len: 3 } }, /\$\.list: expected length 3, got 2/],
        [{ list: { $has: { id: 3 } } }, /no item matches/],
        [{ list: { $lacks: { id: 2 } } }, /item 1 matches/],
        [{ list: { $sorted: { field: "at", direction: "asc" } } }, /not sorted by "at" asc/],
        [{ n: { $gte: 4 } }, /expected ≥ 4, got 3/],
        [{ n: { $lte: 2 } }, /expected ≤ 2, got 3/],
        [{ s: { $type: "number" } }, /expected a value of type number, got "abc"/],
        [{ n: { $absent: true } }, /\$\.n: expected no such key, got 3/],
        [{ s: { $ne: "abc" } }, /expected anything but "abc"/],
        [{ s: { $contains: "z" } }, /expected text containing "z"/],
      ];
      for (const [expect, message] of cases) {
        const run = await failure([{
          method: "POST",
          path: "/api/echo",
          body: answer,
          status: 200,
          expect,
        }]);
        assert.match(run.error ?? "(passed)", message, JSON.stringify(expect));
      }
      const passing = await failure([{
        method: "POST",
        path: "/api/echo",
        body: answer,
        status: 200,
        expect: {
          n: { $gte: 3 },
          s: { $len: 3 },
          list: { $sorted: { field: "at", direction: "desc" } },
          none: { $type: "null" },
          missing: { $absent: true },
        },
      }]);
      assert.equal(passing.ok, true, passing.error ?? "");
    });
    await t.step("an answer that is not JSON", async () => {
      const run = await failure([{
        method: "GET",
        path: "/api/text",
        status: 200,
        expect: { ok: true },
      }]);
      assert.equal(
        run.error,
        'GET /api/text: expected a JSON answer matching {"ok":true}, got plain text',
      );
    });
    await t.step("a value to save that is not there", async () => {
      const run = await failure([{
        method: "POST",
        path: "/api/loans",
        body: { book: "x" },
        status: 201,
        save: { user: "user.id" },
      }]);
      assert.match(run.error ?? "", /cannot save "user": the answer has nothing at "user\.id"/);
    });
    await t.step("a placeholder nothing saved: the planner's to fix", async () => {
      const run = await failure([{
        method: "POST",
        path: "/api/loans/{loan}/return",
        status: 200,
      }]);
      assert.equal(run.agent, "planner");
      assert.match(run.error ?? "", /no value for "\{loan\}"/);
      assert.match(
        run.error ?? "",
        /the scenario cannot pass: uses "\{loan\}", which no earlier step saves/,
      );
    });
    await t.step("a server that does not answer", async () => {
      const run = await runScenario(
        spec,
        requirement({ name: "x", steps: [] }),
        { name: "s", steps: [{ method: "GET", path: "/api/loans", status: 200 }] },
        options("http://127.0.0.1:9"),
      );
      assert.match(run.error ?? "", /^GET \/api\/loans: no answer: /);
    });
  } finally {
    await app.close();
  }
});

/** Records what a UI driver was asked, failing the steps `fails` says. */
function fakeUi(fails: (step: UiStep) => string | undefined = () => undefined) {
  const calls: string[] = [];
  const driver: UiDriver = {
    signIn: (who: Credentials | null) => {
      calls.push(`sign in ${who ? who.email : "(nobody)"}`);
      return Promise.resolve();
    },
    run: (step: UiStep) => {
      calls.push(
        `${step.ui} ${step.path ?? step.label ?? step.name ?? step.text}${
          step.value ? `=${step.value}` : ""
        }`,
      );
      const why = fails(step);
      return why ? Promise.reject(new Error(why)) : Promise.resolve();
    },
  };
  return { calls, driver };
}

const mixed: Scenario = {
  name: "return through the UI",
  actors: { ann: {} },
  steps: [
    {
      method: "POST",
      path: "/api/loans",
      body: { book: "Dune" },
      status: 201,
      save: { loan: "id" },
    },
    { ui: "goto", path: "/loans/{loan}" },
    { ui: "click", role: "button", name: "Return" },
    { ui: "see", text: "Returned" },
    { as: "anonymous", ui: "goto", path: "/loans" },
    { ui: "see", text: "Book {run}" },
  ],
};

Deno.test("runScenario() drives UI steps as the step's actor, signing in through the login page", async () => {
  const app = serve();
  try {
    const ui = fakeUi();
    const run = await runScenario(
      authSpec,
      requirement(mixed),
      mixed,
      options(app.url, { ui: ui.driver }),
    );
    assert.equal(run.ok, true, run.error ?? "");
    assert.deepEqual(ui.calls, [
      "sign in ann-run1@example.com",
      "goto /loans/2",
      "click Return",
      "see Returned",
      "sign in (nobody)",
      "goto /loans",
      "sign in ann-run1@example.com",
      "see Book run1",
    ]);
  } finally {
    await app.close();
  }
});

Deno.test("runScenario() blames fe_executor for a UI step that fails, quoting the page", async () => {
  const app = serve();
  try {
    const ui = fakeUi((step) =>
      step.ui === "click" ? `no button named "Return" on /loans/1 (buttons: "Delete")` : undefined
    );
    const run = await runScenario(
      authSpec,
      requirement(mixed),
      mixed,
      options(app.url, { ui: ui.driver }),
    );
    assert.deepEqual([run.ok, run.step, run.agent], [false, 2, "fe_executor"]);
    assert.equal(
      run.error,
      `click button "Return": no button named "Return" on /loans/1 (buttons: "Delete")`,
    );
    assert.equal(
      describeRun(run, { ...authSpec, requirements: [requirement(mixed)] }),
      `r1 "return through the UI" failed at step 3 of 6 (click button "Return"): click button "Return": no button named "Return" on /loans/1 (buttons: "Delete")`,
    );
  } finally {
    await app.close();
  }
});

Deno.test("runScenarios() without a UI driver drops UI steps, and skips scenarios that have only UI steps", async () => {
  const app = serve();
  try {
    const uiOnly: Scenario = { name: "only the page", steps: [{ ui: "goto", path: "/loans" }] };
    const runs = await runScenarios(
      {
        ...spec,
        requirements: [requirement(mixed), requirement(uiOnly, "r2"), {
          ...requirement(uiOnly, "r3"),
          status: "not_implemented",
          reason: "no",
        }],
      },
      options(app.url),
    );
    assert.deepEqual(runs.map((r) => [r.requirement, r.ok, r.skipped]), [
      ["r1", true, undefined],
      ["r2", false, "UI steps only: it runs in the browser"],
    ]);
    assert.equal(app.seen.length, 1, "only the HTTP step of r1 was sent");
  } finally {
    await app.close();
  }
});

Deno.test("signUpBody() and actorName() follow the documented sign-up", () => {
  assert.equal(actorName("alice"), "Alice");
  assert.equal(actorName("help_desk_agent"), "Help Desk Agent");
  assert.deepEqual(signUpBody("bob", { role: "agent" }, "r9", "c0de"), {
    email: "bob-r9@example.com",
    password: "bob-Pass-r9",
    name: "Bob",
    role: "agent",
    staff_code: "c0de",
  });
});
