import assert from "node:assert/strict";
import { humanReviewGate } from "./review_gate.ts";

const rules = (path: string, content: string) =>
  humanReviewGate([{ path, content }]).map((f) => f.rule);

Deno.test("humanReviewGate() flags LDAP filters built from a value (LDAP injection)", async (t) => {
  const cases: [string, string[]][] = [
    [
      'import ldap\n\ndef find(conn, name):\n    return conn.search_s("dc=x", ldap.SCOPE_SUBTREE, f"(cn={name})")\n',
      ["python-ldap-injection"],
    ],
    [
      'from ldap3 import Connection\n\ndef find(conn: Connection, mail):\n    conn.search("dc=x", "(mail=%s)" % mail)\n',
      ["python-ldap-injection"],
    ],
    [
      'import ldap\nfrom ldap.filter import escape_filter_chars\n\ndef find(conn, name):\n    return conn.search_s("dc=x", ldap.SCOPE_SUBTREE, "(cn=" + escape_filter_chars(name) + ")")\n',
      [],
    ],
  ];
  for (const [content, expected] of cases) {
    await t.step(content.split("\n").at(-2)!.trim(), () => {
      assert.deepEqual(rules("backend/app/directory.py", content), expected);
    });
  }
});

Deno.test("humanReviewGate() passes an argument list whose values are checked, not one whose values are not", () => {
  const head = "import subprocess\n\ndef pack(name: str):\n";
  const run = '    subprocess.run(["tar", "czf", "out.tgz", name], check=True)\n';
  assert.deepEqual(
    rules("backend/app/pack.py", `${head}    if not name.isalnum():\n        return\n${run}`),
    [],
  );
  assert.ok(rules("backend/app/pack.py", head + run).includes("python-subprocess"));
});

Deno.test("humanReviewGate() passes a fetch whose host is checked against a set (SSRF)", () => {
  const body = (check: string) =>
    `export async function preview(req, res) {\n  const u = new URL(String(req.query.url));\n${check}  res.send(await (await fetch(u)).text());\n}\n`;
  const HOSTS = 'const HOSTS = new Set(["docs.example.com"]);\n';
  assert.deepEqual(
    rules(
      "backend/src/preview.ts",
      HOSTS + body("  if (!HOSTS.has(u.hostname)) return res.status(400).end();\n"),
    ),
    [],
  );
  assert.deepEqual(rules("backend/src/preview.ts", body("")), ["js-ssrf"]);
});

Deno.test("humanReviewGate() judges a required child_process by the calls made with it (command injection)", async (t) => {
  const cases: [string, string[]][] = [
    [
      'const { spawn } = require("node:child_process");\nexport const probe = (f) => spawn("ffprobe", ["-i", f]);\n',
      [],
    ],
    [
      'const { exec } = require("child_process");\nexport const probe = (f) => exec("ffprobe -i " + f);\n',
      ["js-child-process"],
    ],
    [
      'const cp = require("child_process");\nexport const run = (req) => cp.execFile(req.query.tool, []);\n',
      ["js-child-process"],
    ],
    ['const cp = require("child_process");\nmodule.exports = cp;\n', ["js-child-process"]],
  ];
  for (const [content, expected] of cases) {
    await t.step(content.split("\n").at(-2)!.trim(), () => {
      assert.deepEqual(rules("backend/src/media.js", content), expected);
    });
  }
});

Deno.test("humanReviewGate() passes a client redirect checked to stay on the site (open redirect)", async (t) => {
  const page = (go: string) =>
    `"use client";\nimport { useRouter, useSearchParams } from "next/navigation";\nexport function Done() {\n  const router = useRouter();\n  const back = useSearchParams().get("back") ?? "/";\n  ${go}\n  return null;\n}\n`;
  const cases: [string, string[]][] = [
    ['router.push(back.startsWith("/") && !back.startsWith("//") ? back : "/home");', []],
    [
      'if (!back.startsWith("/") || back.startsWith("//")) return null;\n  router.push(back);',
      [],
    ],
    ["router.push(back);", ["js-open-redirect"]],
    ['router.push(back.length > 0 ? back : "/");', ["js-open-redirect"]],
    // "//evil.example" starts with "/" and leaves the site.
    ['router.push(back.startsWith("/") ? back : "/");', ["js-open-redirect"]],
  ];
  for (const [go, expected] of cases) {
    await t.step(
      go,
      () => assert.deepEqual(rules("frontend/app/done/Done.tsx", page(go)), expected),
    );
  }
});

Deno.test("humanReviewGate() flags a dotted-path setter that can reach __proto__ (prototype pollution)", () => {
  const setter = (guard: string) =>
    `export function put(obj: any, path: string, v: unknown) {\n  const parts = path.split("/");\n  let cur = obj;\n  for (let i = 0; i < parts.length - 1; i++) {\n${guard}    cur[parts[i]] ??= {};\n    cur = cur[parts[i]];\n  }\n  cur[parts[parts.length - 1]] = v;\n}\n`;
  assert.ok(rules("frontend/lib/put.ts", setter("")).includes("js-prototype-pollution"));
  assert.deepEqual(
    rules(
      "frontend/lib/put.ts",
      setter('    if (parts[i] === "__proto__" || parts[i] === "constructor") return;\n'),
    ),
    [],
  );
});

Deno.test("humanReviewGate() flags a Jinja2 template compiled from a request model's field (template injection)", () => {
  const file = (compile: string) =>
    `from jinja2 import Template\nfrom pydantic import BaseModel\n\n\nclass Base(BaseModel):\n    pass\n\n\nclass Notice(Base):\n    text: str\n    name: str\n\n\ndef render_notice(notice: Notice) -> str:\n    ${compile}\n`;
  assert.deepEqual(
    rules("backend/app/notices.py", file("return Template(notice.text).render(name=notice.name)")),
    ["python-template-injection"],
  );
  assert.deepEqual(
    rules(
      "backend/app/notices.py",
      file('return Template("Dear {{ name }}").render(name=notice.name)'),
    ),
    [],
  );
});

Deno.test("humanReviewGate() flags requests through an HTTP client made in the file (SSRF)", () => {
  const file = (get: string) =>
    `import httpx\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/title")\nasync def title(page: str):\n    async with httpx.AsyncClient(timeout=5) as http:\n        r = await ${get}\n    return {"len": len(r.text)}\n`;
  assert.deepEqual(rules("backend/app/title.py", file("http.get(page)")), ["python-ssrf"]);
  assert.deepEqual(rules("backend/app/title.py", file('http.get("https://example.com/")')), []);
});

Deno.test("humanReviewGate() passes a fetch whose host is written in the code (SSRF)", async (t) => {
  const handler = (url: string) =>
    `const BASE = "https://catalogue.example.net";\nexport async function item(req: any, res: any) {\n  res.json(await (await fetch(${url})).json());\n}\n`;
  const cases: [string, string[]][] = [
    ["`${BASE}/v1/items/${encodeURIComponent(req.params.id)}`", []],
    ['"https://catalogue.example.net/v1/search?q=" + encodeURIComponent(req.query.q)', []],
    ["`https://${req.query.host}/v1/items`", ["js-ssrf"]],
    ["`${req.query.base}/v1/items`", ["js-ssrf"]],
  ];
  for (const [url, expected] of cases) {
    await t.step(url, () => assert.deepEqual(rules("backend/src/item.ts", handler(url)), expected));
  }
});

Deno.test("humanReviewGate() flags an SSH client that accepts any host key (host not verified)", () => {
  const file = (policy: string) =>
    `import paramiko\n\n\ndef open_link(host: str):\n    ssh = paramiko.SSHClient()\n    ssh.set_missing_host_key_policy(${policy})\n    ssh.connect(host)\n    return ssh\n`;
  assert.deepEqual(rules("backend/app/link.py", file("paramiko.AutoAddPolicy()")), [
    "python-tls-unverified",
  ]);
  assert.deepEqual(rules("backend/app/link.py", file("paramiko.RejectPolicy()")), []);
});

Deno.test("humanReviewGate() flags a link to a URL from the request, passes a link to a path (javascript: URL)", () => {
  const page = (href: string) =>
    `"use client";\nimport { useSearchParams } from "next/navigation";\nexport function Return() {\n  const to = useSearchParams().get("to") ?? "/";\n  return <a href={${href}}>Return</a>;\n}\n`;
  assert.deepEqual(rules("frontend/app/Return.tsx", page("to")), ["js-javascript-url"]);
  assert.deepEqual(
    rules("frontend/app/Return.tsx", page("`/search?q=${encodeURIComponent(to)}`")),
    [],
  );
});

Deno.test("humanReviewGate() passes a redirect to a path of the site built with new URL (open redirect)", () => {
  const route = (target: string) =>
    `import { NextResponse, type NextRequest } from "next/server";\nexport function GET(req: NextRequest) {\n  return NextResponse.redirect(${target});\n}\n`;
  assert.deepEqual(rules("frontend/app/go/route.ts", route('new URL("/account", req.url)')), []);
  assert.deepEqual(
    rules(
      "frontend/app/go/route.ts",
      route('new URL(req.nextUrl.searchParams.get("to")!, req.url)'),
    ),
    ["js-open-redirect"],
  );
});

Deno.test("humanReviewGate() flags fast hashes of passwords and keys (weak crypto)", () => {
  assert.deepEqual(
    rules(
      "backend/src/auth.ts",
      'import { createHash } from "node:crypto";\nexport const hashPassword = (pw: string) => createHash("sha1").update(pw).digest("hex");\n',
    ),
    ["js-weak-password-hash"],
  );
  assert.deepEqual(
    rules(
      "backend/app/webhooks.py",
      "import hashlib\n\n\ndef signature(key: bytes, body: bytes) -> str:\n    return hashlib.sha1(key + body).hexdigest()\n",
    ),
    ["python-weak-crypto"],
  );
  assert.deepEqual(
    rules(
      "backend/app/webhooks.py",
      "import hashlib\n\n\ndef cache_key(body: bytes) -> str:\n    return hashlib.sha1(body).hexdigest()\n",
    ),
    [],
  );
});

Deno.test("humanReviewGate() passes markup that injects nothing, flags the same sinks fed raw (XSS)", async (t) => {
  const cases: [string, string[]][] = [
    [
      'import DOMPurify from "dompurify";\nexport const Note = ({ md }: { md: string }) => {\n  const clean = DOMPurify.sanitize(md);\n  return <div dangerouslySetInnerHTML={{ __html: clean }} />;\n};\n',
      [],
    ],
    [
      "export const Note = ({ md }: { md: string }) => {\n  const raw = md;\n  return <div dangerouslySetInnerHTML={{ __html: raw }} />;\n};\n",
      ["js-dangerous-html"],
    ],
    [
      'export const Ld = ({ d }: { d: object }) => (\n  <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(d).replace(/</g, "\\\\u003c") }} />\n);\n',
      [],
    ],
    [
      'export const Ld = ({ d }: { d: object }) => (\n  <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(d) }} />\n);\n',
      ["js-dangerous-html"],
    ],
  ];
  for (const [content, expected] of cases) {
    await t.step(content.split("\n")[1]!.trim(), () => {
      assert.deepEqual(rules("frontend/app/Note.tsx", content), expected);
    });
  }
});

Deno.test("humanReviewGate() passes a type-only child_process import, a fetch option and a JWT header read before verify", () => {
  assert.deepEqual(
    rules(
      "backend/src/pid.ts",
      'import type { ChildProcess } from "node:child_process";\nexport const pid = (p: ChildProcess) => p.pid;\n',
    ),
    [],
  );
  assert.deepEqual(
    rules(
      "frontend/lib/api.ts",
      'export const me = () => fetch("/api/me", { credentials: "include" });\n',
    ),
    [],
  );
  const jwtFile = (verify: string) =>
    `import jwt from "jsonwebtoken";\nexport function check(token: string, keys: Record<string, string>) {\n  const kid = (jwt.decode(token, { complete: true }) as any)?.header?.kid;\n  return ${verify};\n}\n`;
  assert.deepEqual(
    rules(
      "backend/src/auth.ts",
      jwtFile('jwt.verify(token, keys[kid]!, { algorithms: ["RS256"] })'),
    ),
    [],
  );
  assert.deepEqual(rules("backend/src/auth.ts", jwtFile("keys[kid]")), ["js-jwt-unverified"]);
});

Deno.test("humanReviewGate() passes a redirect to a named route whose arguments come from the request (open redirect)", () => {
  const view = (call: string) =>
    `from django.shortcuts import redirect\n\n\ndef done(request):\n    return ${call}\n`;
  assert.deepEqual(
    rules("backend/app/views.py", view('redirect("order", pk=request.GET["id"])')),
    [],
  );
  assert.deepEqual(rules("backend/app/views.py", view('redirect(request.GET["next"])')), [
    "python-open-redirect",
  ]);
  assert.deepEqual(
    rules(
      "backend/app/views.py",
      'from fastapi.responses import RedirectResponse\nfrom fastapi import Request\n\n\ndef go(request: Request):\n    return RedirectResponse(url=request.query_params["next"])\n',
    ),
    ["python-open-redirect"],
  );
});
