/**
 * The frontend executor's prompt: writes the Next.js App Router + TypeScript
 * app for a spec through `file_writer` calls under `frontend/`.
 *
 * @module
 */
import type { Spec } from "../core/spec.ts";
import { pageFilePath } from "../core/routes.ts";
import { ENV, STYLE_CLASSES } from "../core/contract.ts";
import { contractText } from "../core/contract_rules.ts";
import { behaviourParts, requirementParts } from "./_behaviours.ts";
import {
  API_CONTRACT,
  type ChatMessage,
  CODE_QUALITY_RULES,
  compactJson,
  type CurrentFile,
  EXECUTOR_RETRY_RULES,
  executorChangeParts,
  executorRetryParts,
  fence,
  FILE_WRITER_CONTRACT,
  type GroupBrief,
  groupParts,
  neutralizeDelimiters,
  outputLimitPart,
  UNTRUSTED_DATA_RULE,
} from "./_shared.ts";
import type { Finding } from "./types.ts";

/** The frontend executor's system prompt; hashed at start-up, so it must stay constant. */
export const FRONTEND_SYSTEM_PROMPT =
  `You are the frontend executor of stackforge: from the Spec in <spec> you write the complete Next.js 15 App Router frontend in TypeScript.

${UNTRUSTED_DATA_RULE}

${FILE_WRITER_CONTRACT}
Every path starts with "frontend/"; below, paths are relative to it.

Contract (the validator and the verifier build, run and click through the app exactly this way):
${contractText("fe_executor")}

Files:
- package.json: scripts dev/build/start (next dev/build/start); dependencies next ^15, react ^19, react-dom ^19; devDependencies typescript ^5, @types/react ^19, @types/react-dom ^19, @types/node ^20. Nothing else.
- tsconfig.json (strict, moduleResolution "bundler", jsx "preserve", paths "@/*": ["./*"], plugins [{"name": "next"}]), next-env.d.ts, next.config.mjs, .env.example (${ENV.apiUrl.name}=${ENV.apiUrl.default}), README.md (how to run).
- lib/types.ts: per entity interfaces <Name> (a row) and <Name>Input (the body). string, text, email, url, image, date ("YYYY-MM-DD"), datetime (ISO) are string; integer and number are number; enum is the union of its values; a link list is number[]; fields not required are "T | null".
- lib/api.ts as the contract says; with auth, also getToken, setToken and clearToken.
- app/layout.tsx (html lang="en", metadata, <header> with a <nav> linking home and every list page, plus Sign in and Register, or Sign out, with auth), app/globals.css: readable, responsive, visible focus; it styles plain elements and only these classes, the only ones pages use: ${
    STYLE_CLASSES.join(", ")
  }.

${API_CONTRACT}

Pages: "use client" components loading data in useEffect; detail pages read the id with useParams() from "next/navigation".
- home: title, summary, per entity its count from /api/stats and a link to its list.
- list: rows as the contract says, and a create form; delete after confirm.
- detail: every field, an edit form, delete then router.push to the list; each child entity's rows with a create form presetting this row's id.
- Inputs per field type: string→text, text→textarea, email→email, url→url, image→url, integer→number step 1, number→number step "any", boolean→checkbox, date→date, datetime→datetime-local, enum→select; min, max, required as attributes. Convert values before sending (empty optional to null, numbers as numbers).
- Loading, empty and error states (errors in role="alert"); disable submit while saving; with auth, a 401 goes to /login?next=<this page>.
Accessibility: header/nav/main landmarks, one h1 per page, a <label htmlFor> per control, buttons with visible text, keyboard use, color never the only cue.

${CODE_QUALITY_RULES}
No "any" or ts-ignore; render user data as text only.

${EXECUTOR_RETRY_RULES}`;

/** What the frontend executor's user message is built from. */
export interface FrontendInput {
  spec: Spec;
  /** Findings against the previous files, on a retry. */
  findings?: readonly Finding[];
  /** The current `frontend/` files, so a retry can show those the findings name. */
  files?: readonly CurrentFile[];
  /** The share of the files this answer writes, when the work is split. */
  group?: GroupBrief;
  /**
   * Rewriting an existing app: the spec's changes, one per line; `files`
   * are then this answer's files as stackforge generated them last.
   */
  change?: string;
  /** The most output tokens this answer may have, stated in the message. */
  maxOutputTokens?: number;
}

const CURRENT_FILES_MAX_CHARS = 24_000;

/**
 * Builds the frontend executor's messages.
 *
 * @param input The spec and, on a retry, the findings and current files.
 * @returns The system message ({@link FRONTEND_SYSTEM_PROMPT}) and the user message.
 * @example
 * ```ts
 * import { buildFrontendMessages } from "./frontend.ts";
 * import { blogSpec } from "../tests/fixtures/sample_specs.ts";
 * const [, user] = buildFrontendMessages({ spec: blogSpec });
 * if (!user?.content.includes("frontend/app/posts/[id]/page.tsx")) throw new Error();
 * ```
 */
export function buildFrontendMessages(input: FrontendInput): ChatMessage[] {
  const { spec } = input;
  const checklist = spec.pages.map((page) =>
    `- ${pageFilePath(page.route)} (${page.kind}${page.entity ? ` ${page.entity}` : ""}): ${
      page.endpoints.join(", ")
    }`
  );
  const parts = [
    "Write the frontend for the app in the spec block below.",
    fence("spec", compactJson(spec)),
    "Page files to write and the endpoints each calls:",
    neutralizeDelimiters(checklist.join("\n")),
    ...behaviourParts(spec, "frontend"),
    ...requirementParts(spec, "frontend"),
    ...(input.change !== undefined
      ? executorChangeParts(input.change, input.files ?? [], CURRENT_FILES_MAX_CHARS)
      : executorRetryParts(input.findings ?? [], input.files ?? [], CURRENT_FILES_MAX_CHARS)),
    ...groupParts(input.group),
    ...(input.maxOutputTokens !== undefined ? [outputLimitPart(input.maxOutputTokens)] : []),
    "Answer with file_writer calls only.",
  ];
  return [
    { role: "system", content: FRONTEND_SYSTEM_PROMPT },
    { role: "user", content: parts.join("\n\n") },
  ];
}
