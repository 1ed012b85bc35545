/**
 * The UI driver in real Chromium against a small accessible app served
 * in-process: no test ids, only labels, roles and text. Skipped without
 * Chromium, and without all permissions (playwright-core reads /proc as it
 * loads, which Deno grants only with -A: `deno test -A verify/`).
 */
import assert from "node:assert/strict";
import type { Requirement, Scenario } from "../core/behaviours.ts";
import type { Spec } from "../core/spec.ts";
import { CHROMIUM, launchChromium } from "./chromium.ts";
import { createUiDriver } from "./scenario_ui.ts";
import { runScenario } from "./scenarios.ts";

const chromium = Deno.env.get("CHROMIUM_PATH") ?? CHROMIUM;
const allAccess = Deno.permissions.querySync({ name: "ffi" }).state === "granted";
const ignore = !allAccess || (() => {
  try {
    return !Deno.statSync(chromium).isFile;
  } catch {
    return true;
  }
})();

const PAGE = (title: string, body: string, script = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<nav><a href="/">Home</a> <a href="/items">Items</a></nav>${body}<script>${script}</script></body></html>`;

const LOGIN = PAGE(
  "Sign in",
  `<h1>Sign in</h1><form id="f">
<label for="e">Email</label><input id="e" type="email">
<label for="p">Password</label><input id="p" type="password">
<div id="err"></div><button type="submit">Sign in</button></form>`,
  `document.getElementById("f").onsubmit = async (ev) => {
  ev.preventDefault();
  const r = await fetch("/api/auth/login", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: document.getElementById("e").value, password: document.getElementById("p").value }) });
  if (!r.ok) { document.getElementById("err").innerHTML = '<p role="alert">Incorrect email or password</p>'; return; }
  localStorage.setItem("who", (await r.json()).name);
  location.href = "/";
};`,
);

const HOME = PAGE(
  "Home",
  `<h1>Home</h1><p id="who"></p>`,
  `const who = localStorage.getItem("who");
document.getElementById("who").textContent = who ? "Signed in as " + who : "Not signed in";`,
);

const ITEMS = PAGE(
  "Items",
  `<h1>Items</h1><form id="f">
<label for="t">Title</label><input id="t" required>
<label for="n">Notes <span>(optional)</span></label><textarea id="n"></textarea>
<label for="k">Kind</label><select id="k"><option value="">Choose…</option></select>
<label><input type="checkbox" id="u"> Urgent</label>
<button type="submit">Add item</button></form><ul id="list"></ul>`,
  `const list = document.getElementById("list");
async function load() {
  const rows = await (await fetch("/api/items")).json();
  list.innerHTML = "";
  for (const row of rows) {
    const li = document.createElement("li");
    li.textContent = row.title + " (" + row.kind + (row.urgent ? ", urgent" : "") + ") ";
    const del = document.createElement("button");
    del.type = "button"; del.textContent = "Delete"; del.setAttribute("aria-label", "Delete " + row.title);
    del.onclick = async () => { await fetch("/api/items/" + row.id, { method: "DELETE" }); await load(); };
    li.appendChild(del);
    list.appendChild(li);
  }
}
setTimeout(() => {
  for (const [value, text] of [["book", "A book"], ["film", "A film"]]) {
    const o = document.createElement("option"); o.value = value; o.textContent = text;
    document.getElementById("k").appendChild(o);
  }
}, 300);
document.getElementById("f").onsubmit = async (ev) => {
  ev.preventDefault();
  await new Promise((r) => setTimeout(r, 200));
  await fetch("/api/items", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({
    title: document.getElementById("t").value, kind: document.getElementById("k").value,
    urgent: document.getElementById("u").checked }) });
  await load();
};
load();`,
);

function serve() {
  const users = new Map<string, { password: string; name: string }>();
  const items = new Map<number, Record<string, unknown>>();
  let nextId = 1;
  const html = (text: string) => new Response(text, { headers: { "content-type": "text/html" } });
  const json = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const route = `${req.method} ${url.pathname}`;
    const body = req.method === "POST" ? await req.json() : undefined;
    if (route === "GET /") return html(HOME);
    if (route === "GET /login") return html(LOGIN);
    if (route === "GET /items") return html(ITEMS);
    if (route === "POST /api/auth/register") {
      users.set(body.email, { password: body.password, name: body.name });
      return json(201, { token: `t-${users.size}`, user: { name: body.name } });
    }
    if (route === "POST /api/auth/login") {
      const user = users.get(body.email);
      return user && user.password === body.password
        ? json(200, { name: user.name })
        : json(401, {});
    }
    if (route === "GET /api/items") return json(200, [...items.values()]);
    if (route === "POST /api/items") {
      const row = { ...body, id: nextId++ };
      items.set(row.id as number, row);
      return json(201, row);
    }
    const del = /^DELETE \/api\/items\/(\d+)$/.exec(route);
    if (del) {
      items.delete(Number(del[1]));
      return new Response(null, { status: 204 });
    }
    return new Response("Not found", { status: 404 });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

const spec = {
  name: "items",
  title: "Items",
  summary: "",
  patterns: [],
  auth: true,
  entities: [],
  endpoints: [
    {
      id: "POST /api/auth/register",
      method: "POST",
      path: "/api/auth/register",
      action: "register",
      auth: false,
      summary: "",
      status: 201,
    },
    {
      id: "GET /api/items",
      method: "GET",
      path: "/api/items",
      action: "list",
      auth: false,
      summary: "",
      status: 200,
    },
  ],
  pages: [
    { route: "/", title: "Home", kind: "home", endpoints: [] },
    { route: "/login", title: "Sign in", kind: "login", endpoints: [] },
    { route: "/items", title: "Items", kind: "list", endpoints: [] },
  ],
} as unknown as Spec;

function requirement(scenario: Scenario): Requirement {
  return {
    id: "r1",
    text: "items",
    kinds: ["crud"],
    status: "implemented",
    by: [],
    scenarios: [scenario],
  };
}

async function withBrowser(
  fn: (run: (s: Scenario) => ReturnType<typeof runScenario>) => Promise<void>,
) {
  const app = serve();
  const workDir = Deno.makeTempDirSync();
  const launched = await launchChromium(workDir);
  if (!("context" in launched)) throw new Error(JSON.stringify(launched));
  try {
    const page = launched.context.pages()[0] ?? await launched.context.newPage();
    const ui = createUiDriver(page, { url: app.url, timeoutMs: 2_000 });
    await fn((scenario) =>
      runScenario(spec, requirement(scenario), scenario, {
        baseUrl: app.url,
        ui,
        runToken: () => "run1",
      })
    );
  } finally {
    await launched.close();
    await app.close();
    await Deno.remove(workDir, { recursive: true });
  }
}

Deno.test({
  name:
    "the UI driver signs in, fills by label, picks by option text, clicks by role and sees text",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withBrowser(async (run) => {
      const result = await run({
        name: "add and delete an item",
        actors: { ann: {} },
        steps: [
          { ui: "goto", path: "/" },
          { ui: "see", text: "Signed in as Ann" },
          { ui: "goto", path: "/items" },
          { ui: "fill", label: "Title", value: "Dune {run}" },
          { ui: "fill", label: "Notes", value: "a classic" },
          { ui: "select", label: "Kind", value: "A book" },
          { ui: "fill", label: "Urgent", value: "true" },
          { ui: "click", role: "button", name: "Add item" },
          { ui: "see", text: "Dune run1 (book, urgent)" },
          { ui: "click", role: "button", name: "Delete Dune run1" },
          { ui: "not_see", text: "Dune run1" },
          { as: "anonymous", ui: "goto", path: "/" },
          { as: "anonymous", ui: "see", text: "Not signed in" },
        ],
      });
      assert.equal(result.ok, true, result.error ?? "");
    });
  },
});

Deno.test({
  name: "the UI driver says what the page has when a step fails",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withBrowser(async (run) => {
      const noButton = await run({
        name: "a missing button",
        steps: [{ ui: "goto", path: "/items" }, { ui: "click", role: "button", name: "Archive" }],
      });
      assert.equal(noButton.step, 1);
      assert.equal(noButton.agent, "fe_executor");
      assert.match(
        noButton.error ?? "",
        /^click button "Archive": no button named "Archive" on \/items \(buttons: "Add item"\)/,
      );
      const noField = await run({
        name: "a missing field",
        steps: [{ ui: "goto", path: "/items" }, { ui: "fill", label: "Author", value: "x" }],
      });
      assert.match(
        noField.error ?? "",
        /no field labelled "Author" on \/items \(labels: "Title", "Notes \(optional\)", "Kind", "Urgent"\)/,
      );
      const noText = await run({
        name: "missing text",
        steps: [{ ui: "goto", path: "/" }, { ui: "see", text: "Welcome back" }],
      });
      assert.match(
        noText.error ?? "",
        /"Welcome back" is not on \/ within 2 s \(the page shows: "Home Items Home/,
      );
      const noOption = await run({
        name: "a missing option",
        steps: [{ ui: "goto", path: "/items" }, { ui: "select", label: "Kind", value: "A song" }],
      });
      assert.match(
        noOption.error ?? "",
        /no option "A song" on \/items \(options: "Choose…", "A book", "A film"\)/,
      );
    });
  },
});
