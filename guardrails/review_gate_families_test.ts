import assert from "node:assert/strict";
import { humanReviewGate } from "./review_gate.ts";

const rules = (path: string, content: string) =>
  humanReviewGate([{ path, content }]).map((f) => f.rule);

Deno.test("humanReviewGate() flags NoSQL filters built from the request (NoSQL injection)", async (t) => {
  const cases: [string, string, string[]][] = [
    [
      "backend/app/search.py",
      'from pymongo import MongoClient\n\ndb = MongoClient()["x"]\n\ndef find(name: str):\n    return db.items.find({"$where": f"this.name == \'{name}\'"})\n',
      ["python-nosql-injection"],
    ],
    [
      "backend/app/search.py",
      "from fastapi import Request\n\nasync def find(request: Request):\n    query = await request.json()\n    return list(db.items.find(query))\n",
      ["python-nosql-injection"],
    ],
    [
      "backend/src/login.ts",
      "export async function login(req: any) {\n  return await users.findOne({ name: req.body.name, password: req.body.password });\n}\n",
      ["js-nosql-injection"],
    ],
    [
      "backend/src/login.ts",
      "export async function login(req: any) {\n  return await users.findOne({ name: String(req.body.name) });\n}\n",
      [],
    ],
  ];
  for (const [path, content, expected] of cases) {
    await t.step(
      content.split("\n").at(-3)!.trim(),
      () => assert.deepEqual(rules(path, content), expected),
    );
  }
});

Deno.test("humanReviewGate() flags messages to any origin and handlers that never check it", () => {
  assert.deepEqual(rules("frontend/src/a.ts", 'frame.contentWindow!.postMessage(token, "*");\n'), [
    "js-postmessage-wildcard",
  ]);
  assert.deepEqual(
    rules("frontend/src/a.ts", 'window.addEventListener("message", (e) => show(e.data));\n'),
    ["js-postmessage-wildcard"],
  );
  assert.deepEqual(
    rules(
      "frontend/src/a.ts",
      'window.addEventListener("message", (e) => {\n  if (e.origin !== ORIGIN) return;\n  show(e.data);\n});\n',
    ),
    [],
  );
  assert.deepEqual(rules("frontend/src/a.ts", 'w.postMessage(token, "https://a.example");\n'), []);
});

Deno.test("humanReviewGate() flags ECB, DES and RC4 ciphers and constant IVs", async (t) => {
  const cases: [string, string, string[]][] = [
    [
      "backend/app/c.py",
      "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes\n\nc = Cipher(algorithms.AES(k), modes.ECB())\n",
      ["python-weak-crypto"],
    ],
    ["backend/app/c.py", "from Crypto.Cipher import DES\n\nc = DES.new(k, DES.MODE_CBC)\n", [
      "python-weak-crypto",
    ]],
    ["backend/app/c.py", "from Crypto.Cipher import AES\n\nc = AES.new(k, AES.MODE_ECB)\n", [
      "python-weak-crypto",
    ]],
    [
      "backend/app/c.py",
      'from cryptography.hazmat.primitives.ciphers import modes\n\nIV = b"0000000000000000"\nm = modes.CBC(IV)\n',
      ["python-weak-crypto"],
    ],
    [
      "backend/app/c.py",
      "import os\nfrom cryptography.hazmat.primitives.ciphers import modes\n\nm = modes.CBC(os.urandom(16))\n",
      [],
    ],
    [
      "backend/src/c.ts",
      'import { createCipheriv } from "node:crypto";\nconst c = createCipheriv("aes-128-ecb", key, null);\n',
      ["js-weak-crypto"],
    ],
    [
      "backend/src/c.ts",
      'import { createCipheriv } from "node:crypto";\nconst IV = Buffer.alloc(16);\nconst c = createCipheriv("aes-256-cbc", key, IV);\n',
      ["js-weak-crypto"],
    ],
    [
      "backend/src/c.ts",
      'import { createCipheriv, randomBytes } from "node:crypto";\nconst c = createCipheriv("aes-256-gcm", key, randomBytes(12));\n',
      [],
    ],
  ];
  for (const [path, content, expected] of cases) {
    await t.step(
      content.trim().split("\n").at(-1)!,
      () => assert.deepEqual(rules(path, content), expected),
    );
  }
});

Deno.test("humanReviewGate() flags an iframe srcdoc from data unless it is sanitised", () => {
  const raw = "export const P = ({ html }: { html: string }) => <iframe srcDoc={html} />;\n";
  const clean =
    'import DOMPurify from "dompurify";\nexport const P = ({ html }: { html: string }) => <iframe sandbox="" srcDoc={DOMPurify.sanitize(html)} />;\n';
  assert.deepEqual(rules("frontend/src/P.tsx", raw), ["js-dangerous-html"]);
  assert.deepEqual(rules("frontend/src/P.tsx", clean), []);
});

Deno.test("humanReviewGate() flags a Jinja2 Template compiled from input (SSTI)", () => {
  const code =
    'from fastapi import APIRouter\nfrom jinja2 import Template\n\nrouter = APIRouter()\n\n@router.get("/g")\ndef g(tpl: str):\n    return Template(tpl).render()\n';
  assert.deepEqual(rules("backend/app/g.py", code), ["python-template-injection"]);
});

Deno.test("humanReviewGate() passes safe look-alikes of risky code", async (t) => {
  const cases: [string, string][] = [
    [
      "frontend/src/Bio.tsx",
      'import DOMPurify from "dompurify";\nexport const Bio = ({ b }: { b: string }) => <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(b) }} />;\n',
    ],
    [
      "backend/app/feed.py",
      "from lxml import etree\n\ndef parse(data: bytes):\n    parser = etree.XMLParser(resolve_entities=False, no_network=True)\n    return etree.fromstring(data, parser)\n",
    ],
    [
      "backend/app/ping.py",
      'import ipaddress\nimport subprocess\n\ndef ping(host: str):\n    addr = str(ipaddress.ip_address(host))\n    return subprocess.run(["ping", "-c", "1", addr], check=False)\n',
    ],
  ];
  for (const [path, content] of cases) {
    await t.step(path, () => assert.deepEqual(rules(path, content), []));
  }
});

Deno.test("humanReviewGate() scores the fresh4 tuning corpus fully", async (t) => {
  const base = new URL("../tests/fixtures/security/fresh4/code/", import.meta.url);
  const manifest = JSON.parse(Deno.readTextFileSync(new URL("manifest.json", base)));
  for (
    const item of [...manifest.risky, ...manifest.safe] as {
      file: string;
      as: string;
      expected: string;
    }[]
  ) {
    await t.step(`${item.expected}: ${item.file}`, () => {
      const found = rules(item.as, Deno.readTextFileSync(new URL(item.file, base)));
      assert.equal(found.length > 0, item.expected === "risky", found.join(", "));
    });
  }
});

Deno.test("humanReviewGate() flags JavaScript templates compiled from the request (SSTI)", async (t) => {
  const cases = [
    "import ejs from 'ejs';\nexport const f = (req: any) => ejs.render(req.body.template, {});\n",
    "import pug from 'pug';\nexport const f = (req: any) => pug.render(req.query.tpl);\n",
    "import Handlebars from 'handlebars';\nexport const f = (req: any) => Handlebars.compile(req.body.tpl)({});\n",
    "import _ from 'lodash';\nexport const f = (req: any) => _.template(req.query.t)();\n",
    "import nunjucks from 'nunjucks';\nexport const f = (req: any) => nunjucks.renderString(req.body.t, {});\n",
  ];
  for (const content of cases) {
    await t.step(content.split("\n")[0]!, () => {
      assert.deepEqual(rules("backend/src/t.ts", content), ["js-template-injection"]);
    });
  }
  const fixed =
    "import Handlebars from 'handlebars';\nconst T = Handlebars.compile('<p>{{name}}</p>');\nexport const r = (req: any) => T({ name: req.query.name });\n";
  assert.deepEqual(rules("backend/src/t.ts", fixed), []);
});

Deno.test("humanReviewGate() flags deserialisers that revive code and WebCrypto constant IVs", () => {
  assert.deepEqual(
    rules(
      "backend/src/y.ts",
      "import yaml from 'js-yaml';\nexport const f = (s: string) => yaml.load(s, { schema: yaml.DEFAULT_FULL_SCHEMA });\n",
    ),
    ["js-unsafe-deserialise"],
  );
  assert.deepEqual(
    rules(
      "backend/src/y.ts",
      "import yaml from 'js-yaml';\nexport const f = (s: string) => yaml.load(s);\n",
    ),
    [],
  );
  assert.deepEqual(
    rules(
      "frontend/src/c.ts",
      "export const e = (k: CryptoKey, d: BufferSource) =>\n  crypto.subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, k, d);\n",
    ),
    ["js-weak-crypto"],
  );
});

Deno.test("humanReviewGate() passes more safe look-alikes", async (t) => {
  const cases: [string, string][] = [
    [
      "backend/app/x.py",
      "from xml.etree.ElementTree import fromstring\n\nCONFIG = fromstring('<c><a>1</a></c>')\n",
    ],
    [
      "backend/src/r.ts",
      "const esc = (s: string) => s.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');\nexport const m = (q: string) => new RegExp(esc(q), 'i');\n",
    ],
    [
      "backend/src/s.ts",
      "import { spawn } from 'node:child_process';\nexport const run = () => spawn('node', ['scripts/build.js'], { shell: false });\n",
    ],
    [
      "backend/app/p.py",
      "import ipaddress\nimport subprocess\n\ndef f(h: str):\n    ipaddress.ip_address(h)\n    return subprocess.run(['ping', '-c', '1', h])\n",
    ],
  ];
  for (const [path, content] of cases) {
    await t.step(path, () => assert.deepEqual(rules(path, content), []));
  }
});

Deno.test("humanReviewGate() flags redirects through a Location header or a client router", async (t) => {
  const cases = [
    "export function cb(req: any, res: any) {\n  res.writeHead(302, { Location: req.query.next });\n}\n",
    "export function cb(req: any, res: any) {\n  res.setHeader('Location', req.query.next);\n}\n",
    "import { useRouter, useSearchParams } from 'next/navigation';\nexport function Go() {\n  const p = useSearchParams();\n  const r = useRouter();\n  r.push(p.get('next')!);\n}\n",
  ];
  for (const content of cases) {
    await t.step(content.split("\n").at(-3)!.trim(), () => {
      assert.deepEqual(rules("frontend/src/go.ts", content), ["js-open-redirect"]);
    });
  }
  const local =
    "import { useRouter, useSearchParams } from 'next/navigation';\nexport function Go() {\n  const p = useSearchParams();\n  const r = useRouter();\n  r.push(`/items/${p.get('id')}`);\n}\n";
  assert.deepEqual(rules("frontend/src/go.ts", local), []);
});

Deno.test("humanReviewGate() flags a Django template and a parsed request filter", () => {
  assert.deepEqual(
    rules(
      "backend/app/v.py",
      "from django.template import Template, Context\n\ndef preview(request):\n    return Template(request.POST['body']).render(Context({}))\n",
    ),
    ["python-template-injection"],
  );
  assert.deepEqual(
    rules(
      "backend/src/f.ts",
      "export async function f(req: any) {\n  const filter = JSON.parse(req.query.filter);\n  return db.collection('u').find(filter).toArray();\n}\n",
    ),
    ["js-nosql-injection"],
  );
});

Deno.test("humanReviewGate() passes argument lists whose values were checked, converted or typed", async (t) => {
  const cases = [
    "import subprocess\n\nALLOWED = {'png', 'jpg'}\n\ndef conv(fmt: str):\n    if fmt not in ALLOWED:\n        raise ValueError(fmt)\n    subprocess.run(['convert', 'in.bmp', f'out.{fmt}'], check=True)\n",
    "import subprocess\n\ndef ping(count: int):\n    return subprocess.run(['ping', '-c', str(count), 'localhost'])\n",
    "import ipaddress\nimport subprocess\n\ndef trace(host: str):\n    ip = ipaddress.ip_address(host)\n    return subprocess.run(['traceroute', str(ip)])\n",
  ];
  for (const content of cases) {
    await t.step(content.trim().split("\n").at(-1)!.trim(), () => {
      assert.deepEqual(rules("backend/app/run.py", content), []);
    });
  }
  const unchecked =
    "import subprocess\n\ndef conv(fmt: str):\n    subprocess.run(['convert', 'in.bmp', f'out.{fmt}'])\n";
  assert.ok(rules("backend/app/run.py", unchecked).includes("python-subprocess"));
  const sanitised =
    "import DOMPurify from 'dompurify';\nexport const add = (el: HTMLElement, h: string) => el.insertAdjacentHTML('beforeend', DOMPurify.sanitize(h));\n";
  assert.deepEqual(rules("frontend/src/add.ts", sanitised), []);
});
