import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import fc from "fast-check";
import { GuardrailError } from "./errors.ts";
import { createFileWriter, sandboxFilePath } from "./sandbox.ts";

const ROOT = "/srv/out";

function refused(path: string, code?: string) {
  assert.throws(
    () => sandboxFilePath(ROOT, path),
    (e) =>
      e instanceof GuardrailError && e.layer === "file_sandbox" &&
      (code === undefined || e.code === code) && e.message.startsWith("Cannot write "),
    `expected ${JSON.stringify(path)} to be refused`,
  );
}

Deno.test("sandboxFilePath() blocks traversal out of the output folder", async (t) => {
  for (const path of ["../x", "a/../../x", "./../x", "a/b/../../..", "a/..", "a/", "..", "./"]) {
    await t.step(path, () => refused(path, "path_traversal"));
  }
});

Deno.test("sandboxFilePath() normalises ./, doubled slashes, inner ./ and a .. that stays inside", async (t) => {
  const cases: [string, string][] = [
    ["./frontend/app/page.tsx", "frontend/app/page.tsx"],
    ["frontend//lib//api.ts", "frontend/lib/api.ts"],
    ["backend/app/./main.py", "backend/app/main.py"],
    ["frontend/components/../lib/x.ts", "frontend/lib/x.ts"],
    ["a/../b", "b"],
  ];
  for (const [path, normal] of cases) {
    await t.step(path, () => assert.equal(sandboxFilePath(ROOT, path), `${ROOT}/${normal}`));
  }
});

Deno.test("sandboxFilePath() allows accented, CJK, emoji and Next.js route names", async (t) => {
  const nfd = "docs/re\u0301sume\u0301.md";
  assert.equal(sandboxFilePath(ROOT, nfd), `${ROOT}/docs/r\u00e9sum\u00e9.md`, "stored in NFC");
  for (
    const path of [
      "docs/caf\u00e9.md",
      "docs/\u65e5\u672c\u8a9e.md",
      "docs/\u0440\u0443\u043a\u043e\u0432\u043e\u0434\u0441\u0442\u0432\u043e.md",
      "public/\u{1F680}-launch.md",
      "docs/\u{1F468}\u200D\u{1F4BB}.md",
      "frontend/..data.json",
      "docs/release notes.md",
      "frontend/app/feed/(.)photo/[id]/page.tsx",
      "frontend/app/(..)(..)photo/page.tsx",
      "frontend/app/@modal/[...slug]/page.tsx",
      "frontend/app/[[...slug]]/page.tsx",
      "frontend/app/%5Finternal/page.tsx",
    ]
  ) {
    await t.step(path, () => assert.equal(sandboxFilePath(ROOT, path), `${ROOT}/${path}`));
  }
});

Deno.test("sandboxFilePath() blocks a name mixing Latin and Cyrillic look-alikes", () => {
  refused("\u0435vil.py", "mixed_script");
  refused("src/p\u0430ge.tsx", "mixed_script");
});

Deno.test("sandboxFilePath() blocks percent-encodings that decode to separators, dots or bytes", async (t) => {
  for (
    const path of ["%2e%2e/x", "a%2fb", "a%5cb", "%25%35%46x", "a%00b", "%c0%ae/x", "a%zzb", "a%"]
  ) {
    await t.step(path, () => refused(path, "encoded_path"));
  }
});

Deno.test("sandboxFilePath() blocks trailing spaces, leading spaces and invisible characters", async (t) => {
  for (
    const path of ["a /b.ts", "b.ts ", " b.ts", "a\u200Bb.ts", "a\u202Eb.ts", "a\tb", "a\u200Db"]
  ) {
    await t.step(JSON.stringify(path), () => refused(path));
  }
});

Deno.test("sandboxFilePath() blocks absolute, drive and UNC paths", async (t) => {
  for (const path of ["/etc/passwd", "C:/Windows/x", "c:x", "\\\\server\\share\\x", "\\x"]) {
    await t.step(path, () => refused(path));
  }
});

Deno.test("sandboxFilePath() blocks backslashes, encoded traversal and NUL bytes", async (t) => {
  for (const path of ["a\\..\\..\\x", "%2e%2e/x", "%252e%252e/x", "a%2fb", "a\0b", "..%c0%af"]) {
    await t.step(JSON.stringify(path), () => refused(path));
  }
});

Deno.test("sandboxFilePath() blocks Unicode look-alike dots and slashes", async (t) => {
  for (const path of ["\uFF0E\uFF0E/x", "a\u2215b", "a\u2044..", "\u2024\u2024/x", "a\uFF0Fb"]) {
    await t.step(JSON.stringify(path), () => refused(path, "invalid_characters"));
  }
});

Deno.test("sandboxFilePath() blocks reserved device names", async (t) => {
  for (const path of ["CON", "frontend/nul.txt", "aux.py", "COM1", "lpt9.log"]) {
    await t.step(path, () => refused(path, "reserved_name"));
  }
});

Deno.test("sandboxFilePath() blocks a sibling prefix such as output-evil", () => {
  // Only reachable through traversal, which is refused before the prefix compare.
  refused("../out-evil/x");
  assert.equal(sandboxFilePath(ROOT, "out-evil/x"), "/srv/out/out-evil/x");
});

Deno.test("sandboxFilePath() allows nested folders, dotfiles, route groups and a..b names", () => {
  for (
    const path of [
      "frontend/app/posts/[id]/page.tsx",
      "backend/.env.example",
      "frontend/.gitignore",
      "a..b.ts",
      "frontend/app/(auth)/login/page.tsx",
      "frontend/next-env.d.ts",
    ]
  ) {
    assert.equal(sandboxFilePath(ROOT, path), `${ROOT}/${path}`);
  }
});

Deno.test("createFileWriter() writes nested files atomically and replaces existing ones", () => {
  const root = Deno.makeTempDirSync();
  const writer = createFileWriter(root);
  writer.write("backend/app/main.py", "one");
  writer.write("backend/app/main.py", "two");
  assert.equal(readFileSync(join(root, "backend/app/main.py"), "utf8"), "two");
  assert.deepEqual([...Deno.readDirSync(join(root, "backend/app"))].map((e) => e.name), [
    "main.py",
  ]);
  Deno.removeSync(root, { recursive: true });
});

Deno.test("createFileWriter() refuses to follow a symlinked folder out of the output folder", () => {
  const root = Deno.makeTempDirSync();
  const outside = Deno.makeTempDirSync();
  symlinkSync(outside, join(root, "frontend"));
  assert.throws(
    () => createFileWriter(root).write("frontend/evil.txt", "x"),
    (e) => e instanceof GuardrailError && e.code === "symlink",
  );
  assert.equal(existsSync(join(outside, "evil.txt")), false);
  Deno.removeSync(root, { recursive: true });
  Deno.removeSync(outside, { recursive: true });
});

Deno.test("createFileWriter() refuses to overwrite through a symlinked file", () => {
  const root = Deno.makeTempDirSync();
  const outside = Deno.makeTempDirSync();
  Deno.writeTextFileSync(join(outside, "target"), "keep");
  mkdirSync(join(root, "backend"));
  symlinkSync(join(outside, "target"), join(root, "backend/app.py"));
  assert.throws(
    () => createFileWriter(root).write("backend/app.py", "x"),
    (e) => e instanceof GuardrailError && e.code === "symlink",
  );
  assert.equal(readFileSync(join(outside, "target"), "utf8"), "keep");
  Deno.removeSync(root, { recursive: true });
  Deno.removeSync(outside, { recursive: true });
});

Deno.test("createFileWriter() writes nothing, even for a moment, through a folder swapped for a link after it was checked", async (t) => {
  for (
    const [swapped, next] of [
      ["frontend/app", "frontend/app/layout.tsx"], // the file's own folder
      ["frontend", "frontend/app/layout.tsx"], // a folder above it
      ["frontend", "frontend/components/nav.tsx"], // above a folder still to create
    ] as const
  ) {
    await t.step(`${swapped} swapped, then ${next}`, async () => {
      const root = Deno.makeTempDirSync();
      const outside = Deno.makeTempDirSync();
      const writer = createFileWriter(root);
      writer.write("frontend/app/page.tsx", "one");
      Deno.renameSync(join(root, swapped), join(root, "moved"));
      symlinkSync(outside, join(root, swapped));
      // Watch the outside folder while writing: a temporary file counts too.
      const seen: string[] = [];
      const watcher = Deno.watchFs(outside);
      const watching = (async () => {
        for await (const event of watcher) seen.push(...event.paths);
      })();
      assert.throws(
        () => writer.write(next, "x"),
        (e) => e instanceof GuardrailError && e.code === "symlink",
      );
      assert.deepEqual([...Deno.readDirSync(outside)], [], "nothing is left outside the root");
      // Give the kernel's events time to arrive before closing the watcher.
      await new Promise((r) => setTimeout(r, 200));
      watcher.close();
      await watching;
      assert.deepEqual(seen, [], "nothing was created outside the root");
      Deno.removeSync(root, { recursive: true });
      Deno.removeSync(outside, { recursive: true });
    });
  }
});

Deno.test("createFileWriter() says which path is in the way: a folder, or a file as a folder", () => {
  const root = Deno.makeTempDirSync();
  const writer = createFileWriter(root);
  writer.write("backend/app/main.py", "x");
  assert.throws(
    () => writer.write("backend/app", "x"),
    (e) => e instanceof GuardrailError && e.code === "is_a_folder",
  );
  assert.throws(
    () => writer.write("backend/app/main.py/more.py", "x"),
    (e) => e instanceof GuardrailError && e.code === "not_a_folder",
  );
  // The same from a fresh writer over the existing folder.
  assert.throws(
    () => createFileWriter(root).write("backend/app", "x"),
    (e) => e instanceof GuardrailError && e.code === "is_a_folder",
  );
  assert.equal(readFileSync(join(root, "backend/app/main.py"), "utf8"), "x");
  Deno.removeSync(root, { recursive: true });
});

const corpus = <T>(name: string): T[] =>
  JSON.parse(
    Deno.readTextFileSync(new URL(`../tests/fixtures/security/${name}`, import.meta.url)),
  ).items;
const PAYLOADS = corpus<{ path: string; threat: string }>("traversal_payloads.json");
const LEGIT = corpus<string>("legit_paths.json");

Deno.test("sandboxFilePath() refuses every traversal payload of the corpus", async (t) => {
  assert.ok(PAYLOADS.length >= 60);
  for (const { path, threat } of PAYLOADS) {
    await t.step(`${threat}: ${JSON.stringify(path).slice(0, 60)}`, () => refused(path));
  }
});

Deno.test("sandboxFilePath() accepts every legitimate path of the corpus", async (t) => {
  assert.ok(LEGIT.length >= 25);
  for (const path of LEGIT) {
    await t.step(path, () => assert.equal(sandboxFilePath(ROOT, path), join(ROOT, path)));
  }
});

Deno.test("sandboxFilePath() refuses every traversal payload of the public tuning corpus", async (t) => {
  for (const { path, kind } of corpus<{ path: string; kind: string }>("traversal_public.json")) {
    await t.step(`${kind}: ${JSON.stringify(path).slice(0, 60)}`, () => refused(path));
  }
});

Deno.test("sandboxFilePath() accepts every legitimate path of the public tuning corpus", async (t) => {
  for (const { path, kind } of corpus<{ path: string; kind: string }>("legit_public.json")) {
    await t.step(
      `${kind}: ${path}`,
      () => assert.equal(sandboxFilePath(ROOT, path), join(ROOT, path.normalize("NFC"))),
    );
  }
});

Deno.test("sandboxFilePath() blocks double-encoded traversal", async (t) => {
  for (const path of ["%252e%252e/x", "%252e%252e%252fx", "..%255cx", "%25%32%65%25%32%65/x"]) {
    await t.step(path, () => refused(path, "encoded_path"));
  }
});

Deno.test("sandboxFilePath() blocks overlong UTF-8 dots and slashes", async (t) => {
  for (const path of ["%c0%ae%c0%ae/x", "..%c0%afx", "%e0%80%ae%e0%80%ae/x", "..%c1%9cx"]) {
    await t.step(path, () => refused(path, "encoded_path"));
  }
});

Deno.test("sandboxFilePath() blocks Windows trailing dots and option-like names", async (t) => {
  for (
    const [path, code] of [["prn.", "trailing_dot"], ["x.txt.", "trailing_dot"], [
      "-rf",
      "invalid_characters",
    ]]
  ) {
    await t.step(path!, () => refused(path!, code));
  }
});

const DANGEROUS = fc.constantFrom(
  ".",
  "..",
  "/",
  "\\",
  "%",
  "%2e",
  "%2f",
  "%c0%ae",
  "%252e",
  "\0",
  ":",
  "~",
  "C:",
  "con",
  "\uff0e",
  "\u2215",
  "\u2024",
  "\uff0f",
  "a",
  "b",
  "-",
  "_",
  " ",
  "\u200b",
  "[",
  "]",
  "@",
);
const PATHS = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.array(DANGEROUS, { maxLength: 12 }).map((parts) => parts.join("")),
  fc.array(fc.oneof(DANGEROUS, fc.string({ maxLength: 4 })), { maxLength: 8 }).map((p) =>
    p.join("/")
  ),
);

Deno.test("sandboxFilePath() never resolves a generated path outside the output folder", () => {
  fc.assert(
    fc.property(PATHS, (path) => {
      let abs: string;
      try {
        abs = sandboxFilePath(ROOT, path);
      } catch (error) {
        return error instanceof GuardrailError;
      }
      const rel = relative(ROOT, resolve(abs));
      return abs === resolve(abs) && abs.startsWith(`${ROOT}/`) && rel !== "" &&
        !rel.split(sep).includes("..") && !isAbsolute(rel);
    }),
    { numRuns: 3000 },
  );
});

Deno.test("createFileWriter() never writes a generated path outside the output folder", () => {
  const parent = Deno.makeTempDirSync();
  const root = join(parent, "out");
  mkdirSync(root);
  try {
    const writer = createFileWriter(root);
    fc.assert(
      fc.property(PATHS, (path) => {
        try {
          const written = writer.write(path, "x");
          return realpathSync(written).startsWith(`${writer.root}/`);
        } catch (error) {
          return error instanceof GuardrailError;
        }
      }),
      { numRuns: 300 },
    );
    // Nothing may appear beside the output folder.
    assert.deepEqual([...Deno.readDirSync(parent)].map((e) => e.name), ["out"]);
  } finally {
    Deno.removeSync(parent, { recursive: true });
  }
});

Deno.test("createFileWriter() writes a path at its normalised place", () => {
  const root = Deno.makeTempDirSync();
  try {
    const writer = createFileWriter(root);
    const written = writer.write("./docs//drafts/../re\u0301sume\u0301.md", "x");
    assert.equal(written, join(writer.root, "docs", "r\u00e9sum\u00e9.md"));
    assert.equal(readFileSync(written, "utf8"), "x");
    assert.ok(
      !existsSync(join(writer.root, "docs", "drafts")),
      "no folder for a segment undone by ..",
    );
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("sandboxFilePath() refuses a .git folder in any case (hooks and config run code)", async (t) => {
  for (
    const path of [
      ".git/hooks/pre-commit",
      ".git/config",
      ".GIT/hooks/post-checkout",
      "frontend/.Git/info/attributes",
      "a/../.git/HEAD",
      "GIT~1/config",
    ]
  ) {
    await t.step(path, () => refused(path));
  }
});

Deno.test("sandboxFilePath() refuses names a shell reads as a home folder or an expansion", async (t) => {
  for (
    const path of ["~/.bashrc", "~root/.profile", "a/~/x", "PROGRA~1/x", "$(id).py", "$HOME/x"]
  ) {
    await t.step(path, () => refused(path));
  }
});

Deno.test("sandboxFilePath() accepts folders starting with ~ # ! =, route params and git dotfiles", async (t) => {
  for (
    const path of [
      "frontend/src/~partials/header.tsx",
      "frontend/app/#shared/button.tsx",
      "frontend/src/!important/notes.md",
      "docs/=archive/2024.md",
      "frontend/app/routes/posts.$slug.tsx",
      ".gitignore",
      ".gitattributes",
      ".github/workflows/ci.yml",
      ".env.example",
    ]
  ) {
    await t.step(path, () => assert.equal(sandboxFilePath(ROOT, path), join(ROOT, path)));
  }
});

Deno.test("sandboxFilePath() scores the fresh4 tuning corpus fully", async (t) => {
  for (
    const { path, kind } of corpus<{ path: string; kind: string }>("fresh4/traversal_payloads.json")
  ) {
    await t.step(`refuses ${kind}: ${JSON.stringify(path)}`, () => refused(path));
  }
  for (const { path, kind } of corpus<{ path: string; kind: string }>("fresh4/legit_paths.json")) {
    await t.step(
      `accepts ${kind}: ${path}`,
      () => assert.equal(sandboxFilePath(ROOT, path), join(ROOT, path)),
    );
  }
});

Deno.test("sandboxFilePath() accepts a leading ~folder that names no account or dotfile", () => {
  for (const path of ["~components/Button.tsx", "~partials/x.ts"]) {
    assert.equal(sandboxFilePath(ROOT, path), join(ROOT, path));
  }
  refused("~deploy/.ssh/authorized_keys");
});

Deno.test("sandboxFilePath() refuses other version control, credential and package folders", async (t) => {
  for (
    const path of [
      ".hg/hgrc",
      ".svn/entries",
      ".ssh/authorized_keys",
      ".aws/credentials",
      "node_modules/.bin/next",
    ]
  ) {
    await t.step(path, () => refused(path));
  }
  assert.equal(sandboxFilePath(ROOT, ".npmrc"), join(ROOT, ".npmrc"));
});
