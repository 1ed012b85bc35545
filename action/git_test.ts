import assert from "node:assert/strict";
import { join } from "node:path";
import { branchFor, publishBranch } from "./git.ts";
import { createSandbox } from "./_testing.ts";

Deno.test("publishBranch() commits the output folder only, whatever else changed in the workspace", async (t) => {
  await using box = await createSandbox();
  const out = join(box.workspace, "output");
  Deno.mkdirSync(out);
  Deno.writeTextFileSync(join(out, "SPEC.md"), "# spec\n");
  Deno.writeTextFileSync(join(box.workspace, "README.md"), "changed by someone else\n");
  Deno.writeTextFileSync(join(box.workspace, "stray.txt"), "not ours\n");
  const options = {
    cwd: box.workspace,
    outputPath: "output",
    branch: branchFor(5),
    base: "main",
    message: "stackforge: test",
  };

  await t.step("first push creates the branch from the base", async () => {
    const pushed = await publishBranch(box.git, options);
    assert.equal(pushed.created, true);
    assert.equal(pushed.changed, true);
    const files = await box.originGit(["ls-tree", "-r", "--name-only", "stackforge/issue-5"]);
    assert.deepEqual(files.trim().split("\n"), [".gitignore", "README.md", "output/SPEC.md"]);
    const readme = await box.originGit(["show", "stackforge/issue-5:README.md"]);
    assert.equal(readme, "# shop\n");
  });

  await t.step("the same output again pushes nothing", async () => {
    const pushed = await publishBranch(box.git, options);
    assert.equal(pushed.created, false);
    assert.equal(pushed.changed, false);
  });

  await t.step("a removed file is removed from the branch", async () => {
    Deno.writeTextFileSync(join(out, "NEW.md"), "new\n");
    await publishBranch(box.git, options);
    Deno.removeSync(join(out, "NEW.md"));
    const pushed = await publishBranch(box.git, options);
    assert.equal(pushed.changed, true);
    const files = await box.originGit(["ls-tree", "-r", "--name-only", "stackforge/issue-5"]);
    assert.doesNotMatch(files, /NEW\.md/);
  });

  await t.step("the workspace's branch and index are untouched", async () => {
    const status = await box.git(["status", "--porcelain"], { cwd: box.workspace });
    assert.equal(status, " M README.md\n?? stray.txt\n");
  });
});

Deno.test("publishBranch() reports git's own message when the base branch is missing", async () => {
  await using box = await createSandbox();
  Deno.mkdirSync(join(box.workspace, "output"));
  Deno.writeTextFileSync(join(box.workspace, "output", "a.md"), "a\n");
  await assert.rejects(
    publishBranch(box.git, {
      cwd: box.workspace,
      outputPath: "output",
      branch: branchFor(1),
      base: "no-such-branch",
      message: "m",
    }),
    /git fetch failed: .*no-such-branch/,
  );
});
