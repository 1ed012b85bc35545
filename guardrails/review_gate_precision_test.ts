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
