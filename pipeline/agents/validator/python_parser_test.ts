import assert from "node:assert/strict";
import { join } from "node:path";
import { createPythonParser } from "./python_parser.ts";
import { detectToolchain } from "./toolchain.ts";

const python = (await detectToolchain(Deno.env.get("STACKFORGE_PYTHON"))).python;
const ignore = python === undefined;

const GOOD = { path: "app/main.py", content: "def f(x):\n    return x\n" };
const BAD = { path: "app/broken.py", content: "x = 1\ndef f(:\n    pass\n" };

/**
 * A stand-in interpreter that records every start in a log, then runs
 * `command` (by default the real interpreter with the parser's arguments):
 * counts how many interpreters a parser starts.
 */
function countingPython(command = `exec "${python}" "$@"`): { path: string; starts: () => number } {
  const dir = Deno.makeTempDirSync();
  const log = join(dir, "starts.log");
  const path = join(dir, "python");
  Deno.writeTextFileSync(path, `#!/bin/sh\necho start >> "${log}"\n${command}\n`);
  Deno.chmodSync(path, 0o755);
  return {
    path,
    starts: () => {
      try {
        return Deno.readTextFileSync(log).split("\n").filter(Boolean).length;
      } catch {
        return 0;
      }
    },
  };
}

Deno.test({
  name: "one interpreter per call: finds the file and line that do not parse",
  ignore,
  async fn() {
    const fake = countingPython();
    const parser = createPythonParser(fake.path);
    assert.deepEqual(await parser.parse([GOOD]), []);
    const errors = await parser.parse([GOOD, BAD]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.path, "app/broken.py");
    assert.equal(errors[0]!.line, 2);
    assert.match(errors[0]!.msg, /syntax/i);
    assert.equal(fake.starts(), 2);
  },
});

Deno.test({
  name: "resident: one interpreter answers many calls, concurrent ones each get their own answer",
  ignore,
  async fn() {
    const fake = countingPython();
    const parser = createPythonParser(fake.path, { resident: true });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => parser.parse(i % 3 === 0 ? [BAD] : [GOOD])),
      );
      answers.forEach((errors, i) => assert.equal(errors.length, i % 3 === 0 ? 1 : 0, `call ${i}`));
      // Content with newlines, quotes and non-ASCII travels as one line.
      const tricky = { path: "a.py", content: 's = "é\\n"\nt = """\nline\n"""\n' };
      assert.deepEqual(await parser.parse([tricky]), []);
      assert.equal(fake.starts(), 1);
    } finally {
      await parser.close();
    }
    // Closed, it starts again when asked.
    try {
      assert.deepEqual(await parser.parse([GOOD]), []);
      assert.equal(fake.starts(), 2);
    } finally {
      await parser.close();
    }
  },
});

Deno.test({
  name: "resident: an interpreter that dies is replaced, and the call still gets an answer",
  ignore,
  async fn() {
    // Exits after its first answer (reads a single line), like a crash.
    const fake = countingPython(`head -n 1 | "${python}" "$@"`);
    const parser = createPythonParser(fake.path, { resident: true });
    try {
      assert.equal((await parser.parse([BAD])).length, 1);
      assert.equal((await parser.parse([BAD])).length, 1);
      assert.equal((await parser.parse([GOOD])).length, 0);
      assert.ok(fake.starts() >= 3, `expected restarts, saw ${fake.starts()} start(s)`);
    } finally {
      await parser.close();
    }
  },
});

Deno.test({
  name: "an interpreter that never answers is stopped after the timeout, with a clear error",
  ignore,
  async fn() {
    const fake = countingPython("exec sleep 30");
    for (const resident of [false, true]) {
      const parser = createPythonParser(fake.path, { resident, timeoutMs: 300 });
      try {
        await assert.rejects(parser.parse([GOOD]), /no answer within 300 ms/);
      } finally {
        await parser.close();
      }
    }
    // One interpreter each: input that timed out is not tried again.
    assert.equal(fake.starts(), 2);
  },
});

Deno.test("a missing interpreter: the error names it", async () => {
  for (const resident of [false, true]) {
    const parser = createPythonParser("/nonexistent/python3", { resident });
    await assert.rejects(parser.parse([GOOD]), /Cannot start \/nonexistent\/python3/);
    await parser.close();
  }
});

Deno.test({
  name: "an idle resident interpreter does not keep the process alive",
  ignore,
  async fn() {
    const code = `import { createPythonParser } from ${
      JSON.stringify(new URL("./python_parser.ts", import.meta.url).href)
    };
const parser = createPythonParser(${JSON.stringify(python)}, { resident: true });
const errors = await parser.parse([{ path: "a.py", content: "x = (" }]);
console.log(errors.length);`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--no-check", code],
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(20_000),
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    assert.equal(new TextDecoder().decode(out.stdout).trim(), "1");
  },
});

Deno.test({
  name: "resident: an interpreter writing a lot to stderr never stalls, and is not restarted",
  ignore,
  async fn() {
    // Stands in for python3: 100 KB on stderr per request (more than a pipe
    // holds), then the answer.
    const program = join(Deno.makeTempDirSync(), "chatty.py");
    Deno.writeTextFileSync(
      program,
      "import sys\nfor line in sys.stdin:\n" +
        "    sys.stderr.write('warning: ' + 'x' * 100_000 + '\\n')\n" +
        "    sys.stderr.flush()\n" +
        "    sys.stdout.write('[]\\n')\n    sys.stdout.flush()\n",
    );
    const fake = countingPython(`exec "${python}" "${program}"`);
    const parser = createPythonParser(fake.path, { resident: true, timeoutMs: 5_000 });
    try {
      for (let i = 0; i < 5; i++) assert.deepEqual(await parser.parse([GOOD]), []);
      assert.equal(fake.starts(), 1);
    } finally {
      await parser.close();
    }
  },
});
