import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runAction } from "./run.ts";
import { createSandbox, type EventPayload, recordingIo, type Sandbox } from "./_testing.ts";
import { commandOf } from "./refine_step.ts";

const BRANCH = "stackforge/issue-7";
const HUMAN = ["-c", "user.name=Grace", "-c", "user.email=grace@example.com"];

/** Labels issue 7, then pushes a person's commit to its branch: an edit and files of their own. */
async function prWithHumanCommit(box: Sandbox): Promise<string> {
  const io = recordingIo();
  await runAction(box.deps(io, box.writeEvent()));
  assert.equal(io.failed, undefined, io.failed);
  const git = (args: string[]) => box.git(args, { cwd: box.workspace });
  await git(["fetch", "-q", "origin", BRANCH]);
  await git(["checkout", "-q", "-B", "work", "FETCH_HEAD"]);
  const readme = join(box.workspace, "output", "backend", "README.md");
  writeFileSync(readme, readFileSync(readme, "utf8") + "\nDeployed by Grace on Fridays.\n");
  writeFileSync(join(box.workspace, "output", "NOTES.md"), "Grace's notes\n");
  mkdirSync(join(box.workspace, "docs"), { recursive: true });
  writeFileSync(join(box.workspace, "docs", "design.md"), "# Design\n");
  await git(["add", "-f", "output/backend/README.md", "output/NOTES.md", "docs/design.md"]);
  await git([...HUMAN, "commit", "-q", "-m", "Grace's notes"]);
  await git(["push", "-q", "origin", `HEAD:refs/heads/${BRANCH}`]);
  const head = (await git(["rev-parse", "HEAD"])).trim();
  box.github.pulls[0]!.sha = head;
  return head;
}

function commentEvent(box: Sandbox, body: string, login = "ada"): string {
  return box.writeEvent((p: EventPayload) => {
    p.action = "created";
    delete p.label;
    p.sender = { login };
    p.issue = {
      ...p.issue,
      number: 101,
      title: "stackforge: A blog with comments",
      pull_request: { url: "https://api.github.com/repos/acme/shop/pulls/101" },
    } as EventPayload["issue"];
    p.comment = { id: 5001, body, user: { login } };
  });
}

Deno.test("commandOf() reads the change after /stackforge and nothing else", () => {
  assert.equal(commandOf("/stackforge add tags to posts"), "add tags to posts");
  assert.equal(commandOf("  /stackforge\nadd tags\nand authors"), "add tags\nand authors");
  assert.equal(commandOf("/stackforge"), "");
  assert.equal(commandOf("/stackforgery add tags"), undefined);
  assert.equal(commandOf("please /stackforge add tags"), undefined);
});

Deno.test("runAction() on a '/stackforge <change>' comment refines the app on the same branch, keeping a person's commit", async (t) => {
  await using box = await createSandbox();
  const human = await prWithHumanCommit(box);
  const before = box.github.comments.length;
  const io = recordingIo();
  const result = await runAction(box.deps(io, commentEvent(box, "/stackforge add tags to posts")));
  assert.equal(io.failed, undefined, io.failed);
  assert.equal(result.outcome?.kind, "generated");
  const show = (args: string[]) => box.originGit(args);

  await t.step("a new commit on top of the person's, never a force-push", async () => {
    const log = (await show(["log", "--format=%H %an %s", "-3", BRANCH])).trim().split("\n");
    assert.match(log[0]!, /github-actions\[bot\] stackforge: add tags to posts/);
    assert.equal(log[1]!.split(" ")[0], human, "the person's commit is the parent");
    assert.match(log[1]!, /Grace/);
  });

  await t.step("the person's edit and files are kept, the change is made", async () => {
    const readme = await show(["show", `${BRANCH}:output/backend/README.md`]);
    assert.match(readme, /Deployed by Grace on Fridays\./);
    assert.equal(await show(["show", `${BRANCH}:output/NOTES.md`]), "Grace's notes\n");
    assert.equal(await show(["show", `${BRANCH}:docs/design.md`]), "# Design\n");
    const files = await show(["ls-tree", "-r", "--name-only", BRANCH]);
    assert.match(files, /^output\/backend\/app\/routers\/tags\.py$/m);
    const changed = (await show(["diff", "--name-only", human, BRANCH])).trim().split("\n");
    assert.ok(changed.every((f) => f.startsWith("output/")), changed.join(", "));
  });

  await t.step("the pull request shows the spec's diff, and the comment links it", () => {
    assert.equal(box.github.pulls.length, 1, "the same pull request, updated");
    const body = box.github.pulls[0]!.body;
    assert.match(body, /Closes #7/);
    assert.match(body, /## Latest change/);
    assert.match(body, /```diff\n[\s\S]*\+ entity Tag[\s\S]*```/);
    const reply = box.github.comments.slice(before);
    assert.equal(reply.length, 1);
    assert.equal(reply[0]!.issue, 101);
    assert.match(reply[0]!.body, /stackforge updated #101/);
  });
});

Deno.test("runAction() refuses a '/stackforge' comment from someone without write access", async () => {
  await using box = await createSandbox({ permissions: { ada: "admin", eve: "read" } });
  const human = await prWithHumanCommit(box);
  const io = recordingIo();
  const result = await runAction(box.deps(io, commentEvent(box, "/stackforge add tags", "eve")));
  assert.equal(result.outcome?.kind, "refused");
  assert.equal((await box.originGit(["rev-parse", BRANCH])).trim(), human, "nothing pushed");
  assert.match(
    box.github.comments.at(-1)!.body,
    /@\u200beve asked for a change but has "read" access/,
  );
});

Deno.test("runAction() ignores other comments and pushes nothing over a branch that moved", async () => {
  await using box = await createSandbox();
  const human = await prWithHumanCommit(box);
  const ignored = await runAction(box.deps(recordingIo(), commentEvent(box, "looks good to me")));
  assert.equal(ignored.outcome?.kind, "ignored");
  // Safe outputs: generate refines from the head, someone pushes, then publish runs.
  const event = commentEvent(box, "/stackforge add tags to posts");
  const gen = recordingIo({ mode: "generate" });
  await runAction(box.deps(gen, event));
  assert.equal(gen.failed, undefined, gen.failed);
  const other = join(box.dir, "other");
  await box.git(["clone", "-q", "-b", BRANCH, box.origin, other], { cwd: box.dir });
  writeFileSync(join(other, "late.md"), "late\n");
  await box.git(["add", "late.md"], { cwd: other });
  await box.git([...HUMAN, "commit", "-q", "-m", "late"], { cwd: other });
  await box.git(["push", "-q", "origin", BRANCH], { cwd: other });
  const late = (await box.originGit(["rev-parse", BRANCH])).trim();
  assert.notEqual(late, human);
  const pub = recordingIo({ mode: "publish" });
  await runAction(box.deps(pub, event));
  assert.match(
    pub.failed ?? "",
    /moved to .* while the app was changed on .*nothing was pushed over it/,
  );
  assert.equal((await box.originGit(["rev-parse", BRANCH])).trim(), late);
});
