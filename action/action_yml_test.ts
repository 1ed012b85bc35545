import assert from "node:assert/strict";
import { readInputs } from "./inputs.ts";
import { parseYaml, type Yaml } from "./_yaml.ts";

type Map = { [key: string]: Yaml };
const asMap = (v: Yaml | undefined): Map => {
  assert.ok(v !== undefined && typeof v === "object" && !Array.isArray(v), "expected a map");
  return v;
};
const asList = (v: Yaml | undefined): Yaml[] => {
  assert.ok(Array.isArray(v), "expected a list");
  return v;
};

const action = asMap(parseYaml(Deno.readTextFileSync(new URL("./action.yml", import.meta.url))));
const ACTION_TEXT = Deno.readTextFileSync(new URL("./action.yml", import.meta.url));
const WORKFLOW_TEXT = Deno.readTextFileSync(
  new URL("../.github/workflows/stackforge.yml", import.meta.url),
);
const workflow = asMap(parseYaml(WORKFLOW_TEXT));

/** Every `run:` script anywhere in a document. */
function runScripts(node: Yaml): string[] {
  if (typeof node === "string") return [];
  if (Array.isArray(node)) return node.flatMap(runScripts);
  return Object.entries(node).flatMap(([k, v]) =>
    k === "run" && typeof v === "string" ? [v] : runScripts(v)
  );
}

Deno.test("action.yml is a composite action with branding, documented inputs and outputs", () => {
  assert.equal(typeof action.name, "string");
  assert.equal(typeof action.description, "string");
  const branding = asMap(action.branding);
  assert.ok(branding.icon && branding.color);
  const inputs = asMap(action.inputs);
  for (
    const name of [
      "label",
      "provider",
      "model",
      "token-budget",
      "usd-budget",
      "output-path",
      "base-branch",
      "draft",
      "require-review",
      "mode",
      "github-token",
    ]
  ) {
    const input = asMap(inputs[name]);
    assert.ok(typeof input.description === "string" && input.description.length > 10, name);
  }
  const outputs = asMap(action.outputs);
  for (const name of ["job-id", "pr-number", "pr-url", "validation", "cost-usd"]) {
    assert.equal(asMap(outputs[name]).value, `\${{ steps.run.outputs.${name} }}`, name);
  }
  const runs = asMap(action.runs);
  assert.equal(runs.using, "composite");
  const steps = asList(runs.steps).map(asMap);
  assert.match(String(steps[0]!.uses), /^denoland\/setup-deno@[0-9a-f]{40}$/);
  assert.equal(steps[1]!.id, "run");
});

Deno.test("action.yml passes every input the code reads through env, and no expression inside run", () => {
  const read: string[] = [];
  readInputs((name) => {
    read.push(name);
    return "";
  });
  const declared = Object.keys(asMap(action.inputs));
  const step = asMap(asList(asMap(action.runs).steps)[1]);
  const env = asMap(step.env);
  for (const name of [...read, "github-token"]) {
    assert.ok(declared.includes(name), `input "${name}" is declared`);
    const key = `INPUT_${name.toUpperCase().replaceAll("-", "_")}`;
    assert.equal(env[key], `\${{ inputs.${name} }}`, key);
  }
  const script = String(step.run);
  assert.doesNotMatch(script, /\$\{\{/);
  assert.doesNotMatch(script, /--allow-all|\s-A\s/);
  assert.match(script, /--allow-run=git,python3 /, "git, and python3 for ast.parse only");
  assert.match(script, /--allow-net="\$api_host,\$model_host"/);
});

Deno.test("the workflow runs on labeled issues and pull request comments with least privilege (safe outputs)", () => {
  const on = asMap(workflow.on);
  assert.deepEqual(asMap(on.issues).types, ["labeled"]);
  assert.deepEqual(asMap(on.issue_comment).types, ["created"]);
  assert.deepEqual(workflow.permissions, {}, "no default permissions");
  const jobs = asMap(workflow.jobs);
  const generate = asMap(jobs.generate);
  const publish = asMap(jobs.publish);
  for (const [scope, level] of Object.entries(asMap(generate.permissions))) {
    assert.equal(level, "read", `generate has ${scope}: ${String(level)}`);
  }
  assert.deepEqual(asMap(publish.permissions), {
    contents: "write",
    "pull-requests": "write",
    issues: "write",
  });
  assert.equal(publish.needs, "generate");
  const genSteps = asList(generate.steps).map(asMap);
  const checkout = genSteps.find((s) => String(s.uses).startsWith("actions/checkout@"))!;
  assert.equal(asMap(checkout.with)["persist-credentials"], "false");
  const modes = (steps: Map[]) =>
    steps.filter((s) => s.uses === "./action").map((s) => asMap(s.with).mode);
  assert.deepEqual(modes(genSteps), ["generate"]);
  assert.deepEqual(modes(asList(publish.steps).map(asMap)), ["publish"]);
  assert.ok(genSteps.some((s) => String(s.uses).startsWith("actions/upload-artifact@")));
});

Deno.test("the workflow never expands an expression inside a run script (script injection)", () => {
  for (const script of [...runScripts(workflow), ...runScripts(action)]) {
    assert.doesNotMatch(script, /\$\{\{/, script);
  }
});

Deno.test("every third-party action is pinned by commit SHA, its tag in a comment (the publish job holds write tokens)", () => {
  // Commented-out steps too: they are meant to be uncommented as they are.
  const uses = [...`${ACTION_TEXT}\n${WORKFLOW_TEXT}`.matchAll(/^[\s#-]*uses:\s*(\S+)(.*)$/gm)]
    .map((m) => [m[1]!, m[2]!.trim()] as const)
    .filter(([ref]) => !ref.startsWith("./"));
  assert.ok(uses.length >= 5, uses.join("; "));
  for (const [ref, comment] of uses) {
    assert.match(ref, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, `${ref} is pinned by commit`);
    assert.match(comment, /^# v\d+\.\d+\.\d+$/, `${ref} names its tag`);
  }
});

Deno.test("the workflow names its label in one place: the STACKFORGE_LABEL variable, default stackforge", () => {
  const jobs = asMap(workflow.jobs);
  const generate = asMap(jobs.generate);
  const condition = String(generate.if).replace(/\s+/g, " ");
  assert.ok(
    condition.startsWith("github.event.label.name == (vars.STACKFORGE_LABEL || 'stackforge') ||"),
    condition,
  );
  // A comment counts only on a pull request, from a collaborator (the action checks again).
  assert.match(
    condition,
    /github\.event\.issue\.pull_request && startsWith\(github\.event\.comment\.body, '\/stackforge'\)/,
  );
  assert.match(condition, /author_association/);
  const action = asList(generate.steps).map(asMap).find((s) => s.uses === "./action")!;
  assert.equal(asMap(action.with).label, "${{ vars.STACKFORGE_LABEL }}");
  const publish = asList(asMap(jobs.publish).steps).map(asMap).find((s) => s.uses === "./action")!;
  assert.equal(asMap(publish.with).label, undefined, "publish reads what generate decided");
  const uncommented = WORKFLOW_TEXT.split("\n").filter((l) => !l.trim().startsWith("#"));
  assert.equal(uncommented.filter((l) => l.includes("'stackforge'")).length, 1);
  assert.equal(readInputs(() => "").label, "stackforge", "the action's default is the same");
});

Deno.test("the publish job also runs after a failed generate job, so the issue gets its comment", () => {
  const publish = asMap(asMap(workflow.jobs).publish);
  const condition = String(publish.if);
  assert.match(condition, /!cancelled\(\)/, "not skipped when generate failed");
  assert.match(condition, /needs\.generate\.result != 'skipped'/, "not for other labels");
  assert.match(condition, /needs\.generate\.outputs\.result != 'ignored'/);
  const steps = asList(publish.steps).map(asMap);
  const download = steps.find((s) => String(s.uses).startsWith("actions/download-artifact@"))!;
  assert.equal(download["continue-on-error"], "true", "a missing artifact must not stop the job");
  const action = steps.find((s) => s.uses === "./action")!;
  assert.equal(asMap(action.with)["generate-result"], "${{ needs.generate.result }}");
});

Deno.test("the action's README documents every input of action.yml", () => {
  const readme = Deno.readTextFileSync(new URL("./README.md", import.meta.url));
  for (const name of Object.keys(asMap(action.inputs))) {
    assert.match(readme, new RegExp(`^\\| [^|]*\`${name}\``, "m"), `input "${name}"`);
  }
});
