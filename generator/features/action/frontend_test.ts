import assert from "node:assert/strict";
import type { GeneratedFile } from "../../../core/artifact.ts";
import { actionEndpoint } from "../../../core/routes.ts";
import { BEHAVIOUR_SPECS } from "../../../tests/fixtures/behaviour_specs.ts";
import { renderFrontend } from "../../frontend/mod.ts";
import { staticConditions } from "./_buttons.ts";

function fileOf(files: GeneratedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  assert.ok(file, `no file "${path}"`);
  return file.content;
}

Deno.test("actionFrontend gives every action a client function posting to its endpoint", async (t) => {
  for (const [name, spec] of Object.entries(BEHAVIOUR_SPECS)) {
    if ((spec.actions ?? []).length === 0) continue;
    await t.step(name, () => {
      const api = fileOf(renderFrontend(spec), "frontend/lib/api.ts");
      for (const action of spec.actions ?? []) {
        const path = actionEndpoint(spec, action).path.replace("{id}", "${id}");
        assert.ok(api.includes(`("POST", \`${path}\``), `${action.name}: no call of ${path}`);
      }
    });
  }
});

Deno.test("actionFrontend puts a button labelled with the action beside each row and on the row's page", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.library!);
  const actions = fileOf(files, "frontend/components/LoanActions.tsx");
  assert.match(actions, /returnLoan\(row\.id\)/);
  assert.match(actions, /\{"Return"\}\s*<\/button>/);
  // Hidden once returned: the row shows that its when fails.
  assert.match(
    actions,
    /const WHEN_RETURN: readonly Condition\[\] = \[\{"field":"returned_at","op":"is_null"\}\]/,
  );
  assert.match(actions, /holds\(row, WHEN_RETURN\) \?/);
  assert.match(
    fileOf(files, "frontend/components/LoanTable.tsx"),
    /<LoanActions row=\{row\} onDone=\{onChanged\} \/>/,
  );
  const detail = fileOf(files, "frontend/app/loans/[id]/page.tsx");
  assert.match(detail, /<LoanActionBar>\s*<LoanActions row=\{row\} onDone=\{changed\} \/>/);
  // The list reloads after an action.
  assert.match(fileOf(files, "frontend/app/loans/page.tsx"), /onChanged=\{rows\.reload\}/);
});

Deno.test("actionFrontend asks for a record action's body fields once, above the rows", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.poll!);
  const actions = fileOf(files, "frontend/components/OptionActions.tsx");
  assert.match(actions, /<label htmlFor=\{`\$\{uid\}-voteVoter`\}>\{"Voter"\}<\/label>/);
  assert.match(actions, /voteOption\(row\.id, \{ voter: shared\.values\.voteVoter \}\)/);
  assert.match(actions, /form\.reportValidity\(\)/);
  const api = fileOf(files, "frontend/lib/api.ts");
  assert.match(
    api,
    /export function voteOption\(id: number, body: \{ voter: string \}\): Promise<T\.Vote>/,
  );
  // Votes are made by the button: the poll's page lists them without a form.
  const poll = fileOf(files, "frontend/app/polls/[id]/page.tsx");
  assert.match(poll, /function VotesByPollIdSection/);
  assert.doesNotMatch(poll, /<VoteForm/);
  assert.match(poll, /<OptionActionBar>/);
});

Deno.test("actionFrontend sends an empty body for a record action without fields", () => {
  const actions = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.habit!),
    "frontend/components/HabitActions.tsx",
  );
  assert.match(actions, /doneTodayHabit\(row\.id, \{\}\)/);
  assert.match(actions, /\{"Done today"\}/);
  assert.doesNotMatch(actions, /<form/);
});

Deno.test("actionFrontend offers a move's targets as buttons and swaps as Up and Down", () => {
  const actions = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.kanban!),
    "frontend/components/CardActions.tsx",
  );
  assert.match(actions, /listBoardColumns\(\{ limit: 500 \}\)/);
  assert.match(actions, /\.filter\(\(option\) => option\.id !== row\.board_column_id\)/);
  assert.match(actions, /\{"Move to " \+ boardColumnLabel\(option\)\}/);
  assert.match(actions, /moveCard\(row\.id, \{ board_column_id: option\.id \}\)/);
  // Many targets fall back to a labelled select and one button.
  assert.match(
    actions,
    /<label htmlFor=\{`\$\{uid\}-moveBoardColumnId`\}>\{"Board column"\}<\/label>/,
  );
  assert.match(actions, /\{"Up"\}/);
  assert.match(actions, /\{"Down"\}/);
});

Deno.test("actionFrontend offers role-limited actions only to those roles", () => {
  const actions = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.helpdesk!),
    "frontend/components/TicketActions.tsx",
  );
  assert.match(actions, /holds\(row, WHEN_TAKE\) && hasRole\(session, \["agent"\]\)/);
  assert.match(actions, /holds\(row, WHEN_CLOSE\) && hasRole\(session, \["agent"\]\)/);
});

Deno.test("actionFrontend shows the server's refusal beside the buttons", () => {
  const actions = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.gallery!),
    "frontend/components/PhotoActions.tsx",
  );
  assert.match(actions, /setError\(caught\)/);
  assert.match(actions, /<ErrorMessage error=\{error\} \/>\s*<\/div>/);
});

Deno.test("staticConditions() keeps what the row tells and leaves today and now to the server", () => {
  assert.deepEqual(
    staticConditions([
      { field: "status", op: "eq", value: "open" },
      { field: "due_date", op: "lt", value: { today: 0 } },
      { field: "starts_at", op: "gt", value: { now: true } },
      { field: "used", op: "lt", value: { field: "limit" } },
      { field: "returned_at", op: "is_null" },
    ]).map((c) => c.field),
    ["status", "used", "returned_at"],
  );
});
