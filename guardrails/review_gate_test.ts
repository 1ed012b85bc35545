import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createPipeline, generateApp } from "../pipeline/generate.ts";
import { humanReviewGate } from "./review_gate.ts";

const CODE = new URL("../tests/fixtures/security/code/", import.meta.url);
const MANIFEST: {
  risky: { file: string; as: string; rule: string }[];
  safe: { file: string; as: string }[];
} = JSON.parse(Deno.readTextFileSync(new URL("manifest.json", CODE)));
const read = (file: string) => Deno.readTextFileSync(new URL(file, CODE));

Deno.test("humanReviewGate() flags every risky file of the corpus with its rule", async (t) => {
  assert.ok(MANIFEST.risky.length >= 40);
  for (const { file, as, rule } of MANIFEST.risky) {
    await t.step(file, () => {
      const findings = humanReviewGate([{ path: as, content: read(file) }]);
      assert.ok(
        findings.some((f) => f.rule === rule),
        `${file}: expected ${rule}, got ${JSON.stringify(findings.map((f) => f.rule))}`,
      );
    });
  }
});

Deno.test("humanReviewGate() passes every look-alike safe file of the corpus", async (t) => {
  assert.ok(MANIFEST.safe.length >= 20);
  for (const { file, as } of MANIFEST.safe) {
    await t.step(file, () => {
      assert.deepEqual(humanReviewGate([{ path: as, content: read(file) }]), []);
    });
  }
});

Deno.test("humanReviewGate() rates shell=True higher than a plain subprocess call", () => {
  const findings = humanReviewGate([{
    path: "backend/app/x.py",
    content: "import subprocess\nsubprocess.run(['ls'])\nsubprocess.run(cmd, shell=True)\n",
  }]);
  assert.deepEqual(findings.map((f) => [f.line, f.severity]), [[1, "medium"], [2, "medium"], [
    3,
    "high",
  ]]);
  assert.equal(findings[2]!.excerpt, "subprocess.run(cmd, shell=True)");
  assert.equal(findings[2]!.id, "backend/app/x.py:3:python-subprocess");
});

Deno.test("humanReviewGate() ignores risky words in comments, strings and names", () => {
  assert.deepEqual(
    humanReviewGate([
      {
        path: "backend/app/x.py",
        content:
          '# eval(x)\n"""os.system(cmd)"""\nvalue = ast.literal_eval(s)\nevaluation = 1\nr = re.compile("x")\n',
      },
      { path: "frontend/lib/x.ts", content: '// eval(x)\nconst s = "child_process";\n' },
    ]),
    [],
  );
});

Deno.test("humanReviewGate() flags SQL built from request values but not parameterised SQL", () => {
  const findings = humanReviewGate([{
    path: "backend/app/x.py",
    content: [
      "db.execute(f\"SELECT * FROM t WHERE name = '{name}'\")",
      'db.execute("SELECT * FROM t WHERE name = ?", (name,))',
      'db.execute(f"DELETE FROM {quote(table)} WHERE id = ?", (row_id,))',
    ].join("\n"),
  }]);
  assert.deepEqual(findings.map((f) => `${f.line}:${f.rule}`), ["1:python-sql-format"]);
});

Deno.test("humanReviewGate() finds nothing in the apps generated for the fixture prompts", async () => {
  const prompts: { id: string; prompt: string }[] = JSON.parse(
    Deno.readTextFileSync(new URL("../tests/fixtures/prompts.json", import.meta.url)),
  );
  const pipeline = await createPipeline({ toolchain: {} });
  const root = Deno.makeTempDirSync();
  try {
    for (const { id, prompt } of prompts) {
      const outDir = join(root, id);
      const result = await generateApp(prompt, { pipeline, outDir });
      assert.equal(result.status, "succeeded", result.reason);
      const files: { path: string; content: string }[] = [];
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) walk(path);
          else files.push({ path: relative(outDir, path), content: readFileSync(path, "utf8") });
        }
      };
      walk(outDir);
      assert.deepEqual(humanReviewGate(files), [], id);
    }
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("humanReviewGate() flags the rule families of user paths, SSRF, XXE and archives", async (t) => {
  const cases: [string, string, string][] = [
    [
      "backend/app/files.py",
      "from fastapi import APIRouter\nrouter = APIRouter()\n@router.get('/f')\ndef read(name: str):\n    return open('/data/' + name).read()\n",
      "python-path-traversal",
    ],
    [
      "backend/app/fetch.py",
      "import requests\nfrom flask import request\ndef proxy():\n    return requests.get(request.args['url']).text\n",
      "python-ssrf",
    ],
    [
      "backend/app/x.py",
      "import xml.etree.ElementTree as ET\ndef parse(body):\n    return ET.fromstring(body)\n",
      "python-xxe",
    ],
    [
      "backend/app/t.py",
      "import tarfile\ndef unpack(p):\n    tarfile.open(p).extractall('/tmp/x')\n",
      "python-archive-extraction",
    ],
    ["backend/app/m.py", "import torch\nmodel = torch.load(path)\n", "python-unsafe-deserialise"],
    [
      "backend/app/h.py",
      "import hashlib\ndef hash_password(pw):\n    return hashlib.md5(pw.encode()).hexdigest()\n",
      "python-weak-password-hash",
    ],
    [
      "backend/app/s.py",
      "import requests\nrequests.get(url, verify=False)\n",
      "python-tls-unverified",
    ],
    [
      "backend/app/d.py",
      "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n",
      "python-debug-mode",
    ],
    [
      "backend/app/j.py",
      "from jinja2 import Environment\nenv = Environment(autoescape=False)\n",
      "python-template-autoescape",
    ],
    [
      "backend/app/p.py",
      "import os\nos.chmod('/srv/data', 0o777)\n",
      "python-permissive-permissions",
    ],
    ["backend/app/k.py", "import tempfile\nname = tempfile.mktemp()\n", "python-insecure-tempfile"],
    ["backend/app/b.py", "import builtins\nf = getattr(builtins, 'ev' + 'al')\n", "python-eval"],
    [
      "frontend/lib/a.ts",
      "import fs from 'fs';\nexport function h(req) { return fs.readFileSync(req.query.file); }\n",
      "js-path-traversal",
    ],
    [
      "frontend/lib/b.ts",
      "export function load(name: string) { return require(name); }\n",
      "js-non-literal-require",
    ],
    [
      "frontend/lib/c.ts",
      "export const find = (q: string) => new RegExp(q);\n",
      "js-regex-injection",
    ],
    [
      "frontend/app/d.tsx",
      "export const L = ({ u }) => <a href={`javascript:${u}`}>x</a>;\n",
      "js-javascript-url",
    ],
    [
      "frontend/lib/e.ts",
      "import jwt from 'jsonwebtoken';\nexport const who = (t: string) => jwt.decode(t);\n",
      "js-jwt-unverified",
    ],
    [
      "frontend/lib/f.ts",
      "export const resetToken = () => Math.random().toString(36);\n",
      "js-insecure-random",
    ],
    [
      "frontend/lib/g.ts",
      "import cors from 'cors';\nexport const c = cors({ origin: '*', credentials: true });\n",
      "js-cors-credentials",
    ],
    [
      "frontend/lib/h.ts",
      "import https from 'https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n",
      "js-tls-unverified",
    ],
    [
      "frontend/lib/i.ts",
      "import _ from 'lodash';\nexport const h = (req) => _.merge({}, req.body);\n",
      "js-prototype-pollution",
    ],
    [
      "frontend/lib/j.ts",
      "export const go = (req, res) => res.redirect(req.query.next);\n",
      "js-open-redirect",
    ],
  ];
  for (const [path, content, rule] of cases) {
    await t.step(rule, () => {
      const rules = humanReviewGate([{ path, content }]).map((f) => f.rule);
      assert.ok(rules.includes(rule), `${rule} not in ${JSON.stringify(rules)}`);
    });
  }
});

Deno.test("humanReviewGate() does not flag clearing innerHTML, a constant command or a fixture token", () => {
  assert.deepEqual(
    humanReviewGate([
      {
        path: "frontend/lib/x.ts",
        content: 'export function clear(el: HTMLElement) {\n  el.innerHTML = "";\n}\n',
      },
      {
        path: "backend/app/git.py",
        content: 'import subprocess\nsubprocess.run(["git", "status"], check=True)\n',
      },
      {
        path: "frontend/lib/run.ts",
        content:
          'import { execFileSync } from "node:child_process";\nexecFileSync("git", ["status"]);\n',
      },
      {
        path: "backend/tests/test_auth.py",
        content: 'HEADERS = {"Authorization": "Bearer not-a-real-token"}\n',
      },
    ]),
    [],
  );
});

Deno.test("humanReviewGate() gives the same findings for the same input", () => {
  const files = [{
    path: "backend/app/x.py",
    content: "import os\nos.system(cmd)\nimport pickle\npickle.loads(b)\n",
  }];
  assert.deepEqual(humanReviewGate(files), humanReviewGate(files));
});

Deno.test("humanReviewGate() follows request data through handler parameters, req.json() and SQL variables", async (t) => {
  const cases: [string, string, string][] = [
    [
      "backend/app/routers/files.py",
      'from fastapi import APIRouter\nfrom fastapi.responses import FileResponse\nrouter = APIRouter()\n\n@router.get("/f")\ndef get_file(name: str) -> FileResponse:\n    return FileResponse(f"data/{name}")\n',
      "python-path-traversal",
    ],
    [
      "backend/app/views.py",
      'from flask import render_template_string, request\n\ndef hi():\n    return render_template_string("<p>" + request.args["n"] + "</p>")\n',
      "python-template-injection",
    ],
    [
      "backend/app/auth.py",
      'import jwt\n\ndef token(uid):\n    return jwt.encode({"sub": uid}, "shop-signing-key-2025", algorithm="HS256")\n',
      "hardcoded-secret",
    ],
    [
      "frontend/app/api/hook/route.ts",
      "export async function POST(req: Request) {\n  const { target } = await req.json();\n  return fetch(target);\n}\n",
      "js-ssrf",
    ],
    [
      "backend/src/users.js",
      'const crypto = require("crypto");\nfunction save(u, password) {\n  u.hash = crypto.createHash("sha1").update(password).digest("hex");\n}\n',
      "js-weak-password-hash",
    ],
    [
      "backend/src/find.js",
      'async function find(db, req) {\n  const sql = "SELECT * FROM t WHERE a=\'" + req.query.a + "\'";\n  return db.query(sql);\n}\n',
      "js-sql-format",
    ],
    [
      "frontend/app/api/menu/route.ts",
      'const H = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Credentials": "true" };\nexport function GET() {\n  return Response.json([], { headers: H });\n}\n',
      "js-cors-credentials",
    ],
    [
      "backend/src/restore.js",
      'const AdmZip = require("adm-zip");\nconst fs = require("fs");\nfunction restore(buf) {\n  for (const entry of new AdmZip(buf).getEntries()) fs.writeFileSync("out/" + entry.entryName, entry.getData());\n}\n',
      "js-archive-extraction",
    ],
  ];
  for (const [path, content, rule] of cases) {
    await t.step(rule, () => {
      const rules = humanReviewGate([{ path, content }]).map((f) => f.rule);
      assert.ok(rules.includes(rule), `expected ${rule}, got ${JSON.stringify(rules)}`);
    });
  }
});

Deno.test("humanReviewGate() passes values picked from a constant table and origins checked against a list", async (t) => {
  const cases: [string, string][] = [
    [
      "backend/app/routers/export.py",
      'import importlib\nfrom fastapi import APIRouter\nrouter = APIRouter()\nFORMATS = {"csv": "app.fmt.csv"}\n\n@router.get("/e")\ndef export(fmt: str):\n    return importlib.import_module(FORMATS[fmt]).render()\n',
    ],
    [
      "backend/app/routers/orders.py",
      'from sqlalchemy import text\nSORT = {"new": "created_at"}\n\ndef orders(db, sort: str):\n    column = SORT.get(sort, "id")\n    return db.execute(text(f"SELECT * FROM orders ORDER BY {column}")).all()\n',
    ],
    [
      "backend/src/cors.js",
      'const ORIGINS = new Set(["https://app.example"]);\nmodule.exports = (req, res, next) => {\n  const origin = req.headers.origin;\n  if (ORIGINS.has(origin)) {\n    res.setHeader("Access-Control-Allow-Origin", origin);\n    res.setHeader("Access-Control-Allow-Credentials", "true");\n  }\n  next();\n};\n',
    ],
  ];
  for (const [path, content] of cases) {
    await t.step(path, () => assert.deepEqual(humanReviewGate([{ path, content }]), []));
  }
});
