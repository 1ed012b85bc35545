import assert from "node:assert/strict";
import ts from "typescript";
import type { GeneratedFile } from "../../core/artifact.ts";
import { pageFilePath } from "../../core/routes.ts";
import { frontendCalls } from "../../pipeline/agents/validator/checks.ts";
import { BEHAVIOUR_SPECS } from "../../tests/fixtures/behaviour_specs.ts";
import { renderFrontend } from "./mod.ts";

function fileOf(files: GeneratedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  assert.ok(file, `no file "${path}"`);
  return file.content;
}

const samePath = (a: string, b: string) =>
  a.replace(/\{[^}]+\}/g, "{}") === b.replace(/\{[^}]+\}/g, "{}");

Deno.test("renderFrontend() passes the validator's page and call checks for every behaviour fixture", async (t) => {
  for (const [name, spec] of Object.entries(BEHAVIOUR_SPECS)) {
    await t.step(name, () => {
      const files = renderFrontend(spec);
      const paths = new Set(files.map((f) => f.path));
      for (const page of spec.pages) assert.ok(paths.has(pageFilePath(page.route)), page.route);
      const calls = frontendCalls(files);
      for (const call of calls) {
        assert.ok(
          spec.endpoints.some((e) => e.method === call.method && samePath(e.path, call.path)),
          `${call.method} ${call.path} in ${call.file} is not a spec endpoint`,
        );
      }
      for (const id of new Set(spec.pages.flatMap((p) => p.endpoints))) {
        const e = spec.endpoints.find((x) => x.id === id)!;
        if (e.action === "redirect") continue;
        assert.ok(
          calls.some((c) => c.method === e.method && samePath(c.path, e.path)),
          `"${id}" is used by a page but never called`,
        );
      }
    });
  }
});

Deno.test("renderFrontend() writes behaviour fixtures that parse, the same bytes every time", () => {
  for (const spec of Object.values(BEHAVIOUR_SPECS)) {
    const files = renderFrontend(spec);
    assert.deepEqual(renderFrontend(structuredClone(spec)), files);
    for (const file of files.filter((f) => /\.tsx?$/.test(f.path))) {
      const source = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, true);
      const { parseDiagnostics } = source as unknown as { parseDiagnostics: ts.Diagnostic[] };
      assert.deepEqual(parseDiagnostics.map((d) => d.messageText), [], file.path);
      // Every hook a file calls is imported or defined there.
      for (const hook of new Set(file.content.match(/\buse[A-Z]\w*(?=\()/g) ?? [])) {
        assert.match(
          file.content,
          new RegExp(`import [^;]*\\b${hook}\\b[^;]*;|function ${hook}\\b|const ${hook}\\b`),
          `${file.path} calls ${hook} without importing it`,
        );
      }
    }
  }
});

Deno.test("renderFrontend() leads the home page with the main entity's form and latest rows", () => {
  const home = fileOf(renderFrontend(BEHAVIOUR_SPECS.poll!), "frontend/app/page.tsx");
  const form = home.indexOf("<PollForm");
  const rows = home.indexOf("Latest polls");
  const more = home.indexOf("More in Quick Polls");
  assert.ok(form > 0 && form < rows && rows < more, "form, then rows, then the other parts");
  assert.match(home, /listPolls\(\{ limit: 10 \}\)/);
  assert.match(home, /\{"Created a poll: "\}\s*<Link href=\{`\/polls\/\$\{created\.id\}`\}>/);
  assert.match(home, /stats\.data\?\.options/, "the counts stay, after the main action");
});

Deno.test("renderFrontend() keeps computed fields out of forms and shows them read-only", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.poll!);
  const form = fileOf(files, "frontend/components/OptionForm.tsx");
  assert.doesNotMatch(form, /votes|share/);
  const types = fileOf(files, "frontend/lib/types.ts");
  assert.match(
    types,
    /export interface Option \{[^}]*votes: number \| null;[^}]*share: number \| null;/,
  );
  assert.match(
    types,
    /export interface OptionInput \{\n {2}text: string;\n {2}poll_id: number;\n\}/,
  );
  const table = fileOf(files, "frontend/components/OptionTable.tsx");
  assert.match(table, /<td>\{formatNumber\(row\.votes\)\}<\/td>/);
  assert.match(table, /<td><Percent value=\{row\.share\} \/><\/td>/);
  const loan = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.library!),
    "frontend/components/LoanTable.tsx",
  );
  assert.match(loan, /formatDate\(row\.returned_at\)/, "a stamp shows as a date");
  const ticket = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.helpdesk!),
    "frontend/components/TicketForm.tsx",
  );
  assert.doesNotMatch(ticket, /name="status"/, "a state only actions change");
});

Deno.test("renderFrontend() shows relations by name and picks links from toggle buttons", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.trip!);
  const table = fileOf(files, "frontend/components/ExpenseTable.tsx");
  assert.match(
    table,
    /const friendNames = useLookup\(listFriends, friendLabel, \[\.\.\.hide\.includes\("payer_id"\)/,
  );
  assert.match(table, /friendNames\.get\(row\.payer_id\) \?\? "Friend #" \+ row\.payer_id/);
  const form = fileOf(files, "frontend/components/ExpenseForm.tsx");
  assert.match(form, /<legend>\{"Split between"\}<\/legend>/);
  assert.match(form, /aria-pressed=\{values\.split_between_ids\.includes\(option\.id\)\}/);
  // The choices are the friends of the expense's trip.
  assert.match(
    form,
    /listFriends\(values\.trip_id === "" \? \{\} : \{ trip_id: Number\(values\.trip_id\) \}\)/,
  );
  assert.match(form, /split_between_ids: values\.split_between_ids,/);
});

Deno.test("renderFrontend() gives lists a search box and filters as list query parameters", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.recipe!);
  const page = fileOf(files, "frontend/app/recipes/page.tsx");
  assert.match(page, /\{"Search"\}<\/label>\s*<input id=\{`\$\{uid\}-filter-q`\} type="search"/);
  assert.match(page, /\{"Filter by tag"\}/);
  assert.match(
    page,
    /\.\.\.\(filters\.tag_id\.trim\(\) === "" \? \{\} : \{ tag_id: Number\(filters\.tag_id\) \}\)/,
  );
  assert.match(page, /listRecipes\(query\)/);
  assert.match(
    fileOf(files, "frontend/lib/types.ts"),
    /export type RecipeQuery = \{\n[^}]*q\?: string;\n {2}tag_id\?: number;/,
  );
  const tickets = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.helpdesk!),
    "frontend/app/tickets/page.tsx",
  );
  assert.match(tickets, /\{"Filter by status"\}/);
  assert.match(tickets, /<option value="in_progress">\{"In progress"\}<\/option>/);
});

Deno.test("renderFrontend() shows images with alt text, as a gallery, and takes them by URL", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.gallery!);
  const table = fileOf(files, "frontend/components/PhotoTable.tsx");
  assert.match(table, /<ul className="gallery">/);
  assert.match(
    table,
    /<img className="tile-image" src=\{safeHref\(row\.image_url\)\} alt=\{photoLabel\(row\)\} \/>/,
  );
  assert.match(
    table,
    /<h3><Link href=\{`\/photos\/\$\{row\.id\}`\}>\{photoLabel\(row\)\}<\/Link><\/h3>/,
  );
  assert.match(
    fileOf(files, "frontend/components/PhotoForm.tsx"),
    /name="image_url" required [^\n]*type="url"/,
  );
});

Deno.test("renderFrontend() lets a user sign up as a role, with the staff code for staff", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.helpdesk!);
  const register = fileOf(files, "frontend/app/register/page.tsx");
  assert.match(register, /<label htmlFor=\{`\$\{uid\}-role`\}>Role<\/label>/);
  assert.match(register, /\{staff \? \(/);
  assert.match(register, /<label htmlFor=\{`\$\{uid\}-staff_code`\}>Staff code<\/label>/);
  assert.match(
    register,
    /register\(\{ \.\.\.values, role, \.\.\.\(staff \? \{ staff_code: staffCode \} : \{\}\) \}\)/,
  );
  const permissions = fileOf(files, "frontend/lib/permissions.ts");
  assert.match(permissions, /\{ name: "agent", label: "Agent", staff: true \}/);
  assert.match(permissions, /Ticket: \{ access: "private", all: \["agent"\] \}/);
  assert.match(
    fileOf(files, "frontend/components/AuthStatus.tsx"),
    /roleLabel\(session\.user\.role\)/,
  );
  assert.match(
    fileOf(files, "frontend/lib/types.ts"),
    /role\?: string;\n[^\n]*\n {2}staff_code\?: string;/,
  );
});

Deno.test("renderFrontend() opens the edit form and, with several, the add forms from buttons", () => {
  const trip = fileOf(renderFrontend(BEHAVIOUR_SPECS.trip!), "frontend/app/trips/[id]/page.tsx");
  assert.match(trip, /aria-expanded=\{editing\}/);
  assert.match(trip, /\{editing \? \(/);
  for (const label of ["New friend", "New expense", "New payment"]) {
    assert.ok(trip.includes(`{"${label}"}`));
  }
  assert.match(trip, /const \[adding, setAdding\] = useState<string \| null>\(null\);/);
  // A page with one add form shows it open.
  const poll = fileOf(renderFrontend(BEHAVIOUR_SPECS.poll!), "frontend/app/polls/[id]/page.tsx");
  assert.doesNotMatch(poll, /New option/);
  assert.match(poll, /submitLabel=\{"Add option"\}/);
});

Deno.test("renderFrontend() offers writes only to those who may, and asks the others to sign in", () => {
  const files = renderFrontend(BEHAVIOUR_SPECS.drafts!);
  const table = fileOf(files, "frontend/components/PostTable.tsx");
  assert.match(table, /!mayWrite\(session, "Post", "delete", row\)/);
  const list = fileOf(files, "frontend/app/posts/page.tsx");
  assert.match(list, /<SignedIn prompt=\{"Sign in to add a post\."\}>/);
  const tickets = fileOf(
    renderFrontend(BEHAVIOUR_SPECS.helpdesk!),
    "frontend/app/tickets/page.tsx",
  );
  assert.match(
    tickets,
    /useLoad\(loadRows, session\.token !== null\)/,
    "private rows load once signed in",
  );
});
