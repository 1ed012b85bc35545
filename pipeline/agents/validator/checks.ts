/**
 * The validator's deterministic checks of generated code against the spec.
 * Each check names the agent responsible for what it checks; a check that
 * cannot run (no Python on the machine) is `skipped` with the reason, never
 * `passed`.
 *
 * @module
 */
import { pageFilePath } from "../../../core/routes.ts";
import { REQUIRED_FILES } from "../../../core/contract.ts";
import type { CheckResult, Finding } from "../../../core/findings.ts";
import { specProblems } from "../../../core/spec.ts";
import ts from "typescript";
import { scriptTree, syntaxErrors } from "../../../guardrails/script_tree.ts";
import { backendRoutes, frontendCalls, samePath } from "./code_routes.ts";
import { createPythonParser, type PythonSyntaxError } from "./python_parser.ts";
import { type CheckInput, type Outcome, outcome } from "./_outcome.ts";
import { checkImports, checkScenarios } from "./runtime_checks.ts";
import { ACCEPTANCE_CHECK, IMPORTS_CHECK } from "./scenario_results.ts";

export { backendRoutes, type CodeRoute, frontendCalls } from "./code_routes.ts";
export type { CheckInput } from "./_outcome.ts";

function checkSpec(input: CheckInput): Outcome {
  const findings = specProblems(input.spec).map((message): Finding => ({
    agent: "planner",
    severity: "error",
    check: "spec_consistent",
    message,
  }));
  return outcome(
    findings,
    `${input.spec.entities.length} entities, ${input.spec.endpoints.length} endpoints, ${input.spec.pages.length} pages`,
  );
}

function checkBackendRoutes(input: CheckInput): Outcome {
  const routes = backendRoutes(input.backend);
  const findings: Finding[] = [];
  for (const endpoint of input.spec.endpoints) {
    if (!routes.some((r) => r.method === endpoint.method && samePath(r.path, endpoint.path))) {
      findings.push({
        agent: "be_executor",
        severity: "error",
        check: "backend_routes",
        message:
          `Endpoint "${endpoint.id}" is not implemented: no @router.${endpoint.method.toLowerCase()}("${endpoint.path}") route`,
      });
    }
  }
  return outcome(
    findings,
    `all ${input.spec.endpoints.length} spec endpoints have a FastAPI route`,
  );
}

function checkPages(input: CheckInput): Outcome {
  const paths = new Set(input.frontend.map((f) => f.path));
  const findings: Finding[] = input.spec.pages
    .filter((page) => !paths.has(pageFilePath(page.route)))
    .map((page) => ({
      agent: "fe_executor",
      severity: "error",
      check: "frontend_pages",
      message: `Page "${page.route}" is missing: no ${pageFilePath(page.route)}`,
      file: pageFilePath(page.route),
    }));
  return outcome(findings, `all ${input.spec.pages.length} spec pages have a page file`);
}

function checkApiCalls(input: CheckInput): Outcome {
  const routes = backendRoutes(input.backend);
  const calls = frontendCalls(input.frontend);
  const findings: Finding[] = [];
  for (const call of calls) {
    if (!routes.some((r) => r.method === call.method && samePath(r.path, call.path))) {
      findings.push({
        agent: "fe_executor",
        severity: "error",
        check: "frontend_api_calls",
        message: `Call ${call.method} ${call.path} in ${call.file} matches no backend route`,
        file: call.file,
      });
    }
  }
  const used = new Set(input.spec.pages.flatMap((p) => p.endpoints));
  for (const id of used) {
    const endpoint = input.spec.endpoints.find((e) => e.id === id);
    if (
      endpoint &&
      !calls.some((c) => c.method === endpoint.method && samePath(c.path, endpoint.path))
    ) {
      findings.push({
        agent: "fe_executor",
        severity: "error",
        check: "frontend_api_calls",
        message: `Endpoint "${id}" is used by a page in the spec but never called by the frontend`,
      });
    }
  }
  if (calls.length === 0) {
    findings.push({
      agent: "fe_executor",
      severity: "error",
      check: "frontend_api_calls",
      message: `The frontend makes no apiFetch("METHOD", "/api/...") call`,
    });
  }
  return outcome(findings, `${calls.length} API calls, each matching a backend route`);
}

async function checkPython(input: CheckInput): Promise<Outcome> {
  const python = input.toolchain.python;
  const files = input.backend.filter((f) => f.path.endsWith(".py"));
  if (python === undefined) {
    return {
      status: "skipped",
      detail: "no python3 found (install it: apt-get install -y python3, or set STACKFORGE_PYTHON)",
      findings: [],
    };
  }
  let errors: PythonSyntaxError[];
  try {
    errors = await (input.toolchain.pythonParser ?? createPythonParser(python)).parse(files);
  } catch (error) {
    return { status: "skipped", detail: (error as Error).message, findings: [] };
  }
  return outcome(
    errors.map((e) => ({
      agent: "be_executor",
      severity: "error",
      check: "python_syntax",
      message: `Python syntax error in ${e.path} line ${e.line}: ${e.msg}`,
      file: e.path,
    })),
    `${files.length} Python files parse`,
  );
}

function checkTypeScript(input: CheckInput): Outcome {
  const files = input.frontend.filter((f) => /\.(ts|tsx)$/.test(f.path));
  const findings: Finding[] = [];
  for (const file of files) {
    // Shared with the review gate, which reads the same files' trees later.
    const source = scriptTree(file.path, file.content);
    const diagnostics = syntaxErrors(source);
    for (const d of diagnostics.slice(0, 3)) {
      const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      findings.push({
        agent: "fe_executor",
        severity: "error",
        check: "typescript_syntax",
        message: `TypeScript syntax error in ${file.path} line ${line + 1}: ${
          ts.flattenDiagnosticMessageText(d.messageText, " ")
        }`,
        file: file.path,
      });
    }
  }
  return outcome(findings, `${files.length} TypeScript files parse`);
}

function checkProjectFiles(input: CheckInput): Outcome {
  const paths = new Set([...input.frontend, ...input.backend].map((f) => f.path));
  const findings: Finding[] = REQUIRED_FILES.filter((r) => !paths.has(r.path)).map((r) => ({
    agent: r.agent,
    severity: "error",
    check: "project_files",
    message: `Required file ${r.path} is missing`,
    file: r.path,
  }));
  if (!input.backend.some((f) => /^backend\/tests\/test_[a-z0-9_]+\.py$/.test(f.path))) {
    findings.push({
      agent: "be_executor",
      severity: "error",
      check: "project_files",
      message: "The backend has no pytest tests (backend/tests/test_*.py)",
    });
  }
  return outcome(
    findings,
    "package.json, tsconfig, requirements.txt, READMEs, .env.example and tests present",
  );
}

const CHECKS: {
  check: string;
  title: string;
  agent: Finding["agent"];
  run: (input: CheckInput) => Outcome | Promise<Outcome>;
  /** Waits on another process (Python): started first, so it works while the others run. */
  external?: true;
}[] = [
  { check: "spec_consistent", title: "The spec is consistent", agent: "planner", run: checkSpec },
  {
    check: "backend_routes",
    title: "Every spec endpoint has a FastAPI route",
    agent: "be_executor",
    run: checkBackendRoutes,
  },
  {
    check: "frontend_pages",
    title: "Every spec page has a page file",
    agent: "fe_executor",
    run: checkPages,
  },
  {
    check: "frontend_api_calls",
    title: "Every frontend API call matches a backend route",
    agent: "fe_executor",
    run: checkApiCalls,
  },
  {
    check: "python_syntax",
    title: "The Python parses",
    agent: "be_executor",
    run: checkPython,
    external: true,
  },
  {
    check: IMPORTS_CHECK,
    title: "The backend imports (import app.main)",
    agent: "be_executor",
    run: checkImports,
    external: true,
  },
  {
    check: ACCEPTANCE_CHECK,
    title: "Every implemented requirement's acceptance scenarios pass against the backend",
    agent: "be_executor",
    run: checkScenarios,
    external: true,
  },
  {
    check: "typescript_syntax",
    title: "The TypeScript parses",
    agent: "fe_executor",
    run: checkTypeScript,
  },
  {
    check: "project_files",
    title: "Both apps have their project files, READMEs and tests",
    agent: "be_executor",
    run: checkProjectFiles,
  },
];

/**
 * Runs every deterministic check, concurrently.
 *
 * @param input The spec, the files and the toolchain.
 * @returns The results in a fixed order, and all findings.
 */
export async function runChecks(
  input: CheckInput,
): Promise<{ checks: CheckResult[]; findings: Finding[] }> {
  const start = async (c: typeof CHECKS[number]) => {
    const started = input.now();
    const result = await c.run(input);
    return { c, result, durationMs: Math.round((input.now() - started) * 10) / 10 };
  };
  // The checks that wait on Python go first, and their requests get sent
  // (one turn of the event loop) before the synchronous checks hold it.
  const external = new Map(CHECKS.filter((c) => c.external).map((c) => [c, start(c)]));
  await new Promise((resolve) => setTimeout(resolve, 0));
  const results = await Promise.all(CHECKS.map((c) => external.get(c) ?? start(c)));
  return {
    checks: results.map(({ c, result, durationMs }) => ({
      check: c.check,
      title: c.title,
      agent: c.agent,
      status: result.status,
      detail: result.detail,
      durationMs,
    })),
    findings: results.flatMap(({ result }) => result.findings),
  };
}
