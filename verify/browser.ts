/**
 * The browser stage: headless Chromium (driven by playwright-core) opens
 * every page of the spec, and creates, edits, sees and deletes a row of
 * each entity through the app's forms, as a user would: fields found by
 * their label, buttons by their role and name, rows by their text. The
 * offline renderer's test ids are used only as a hint (to pick the right
 * form when a page has several), so any accessible frontend passes.
 *
 * @module
 */
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { UI_NAMES } from "../core/contract.ts";
import type { Entity, Field, Relation, Spec } from "../core/spec.ts";
import { listRoute } from "../core/routes.ts";
import { labelOf } from "../core/words.ts";
import type { GeneratedApp } from "./app.ts";
import { launchChromium } from "./chromium.ts";
import { fitOrderRules, inputFields, parentsFirst, sampleValue } from "./samples.ts";
import { type Check, failed, skipped, type StageResult } from "./result.ts";
import {
  byRole,
  fieldByLabel,
  fillField,
  openPage,
  signInThroughUi,
  visibleAlerts,
  waitUntilSubmitted,
} from "./scenario_ui.ts";

export { BROWSER_INSTALL, CHROMIUM } from "./chromium.ts";

const STEP_MS = 15_000;

// The accessible names of the contract (core/contract.ts), which the prompts state.
const { create: CREATE, save: SAVE, delete: DELETE, signUp: SIGN_UP } = UI_NAMES;

/** Options of {@link browserStage}. */
export interface BrowserOptions {
  /** The running frontend. */
  url: string;
  /** The running backend, to look up ids of rows made through the UI. */
  apiUrl: string;
  /** Scratch folder for the browser profile. */
  workDir: string;
  log?: (line: string) => void;
}

/**
 * Whether a console error is a resource on another host failing to load: a
 * photo URL a user typed, which this machine may not reach, is no fault of
 * the app. The app's own files and its API's answers still count.
 *
 * @param text The console message.
 * @param url The resource it is about.
 * @param options The app's and its API's addresses.
 * @returns Whether to leave it out.
 * @example
 * ```ts
 * import { isForeignResource } from "./browser.ts";
 * const app = { url: "http://127.0.0.1:3000", apiUrl: "http://127.0.0.1:8000" };
 * const failed = "Failed to load resource: net::ERR_NAME_NOT_RESOLVED";
 * if (!isForeignResource(failed, "https://example.com/fern.jpg", app)) throw new Error();
 * if (isForeignResource(failed, "http://127.0.0.1:8000/api/plants", app)) throw new Error();
 * ```
 */
export function isForeignResource(
  text: string,
  url: string | undefined,
  options: { url: string; apiUrl: string },
): boolean {
  if (!text.startsWith("Failed to load resource") || url === undefined || url === "") return false;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  return origin !== new URL(options.url).origin && origin !== new URL(options.apiUrl).origin;
}

/** The route a screenshot of `route` is saved under, relative to the app. */
export function screenshotName(route: string): string {
  const slug = route.replace(/^\//, "").replace(/\[id\]/g, "detail").replace(/[^a-z0-9_-]+/gi, "-");
  return `screenshots/${slug || "home"}.png`;
}

const TEXTUAL = new Set<Field["type"]>(["string", "text", "email", "url"]);

/** The label a form gives a field: its name in words, capitalised ("due_date" → "Due date"). */
function fieldLabel(name: string): string {
  const words = labelOf(name);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Labels a relation's field may have: the field without `_id`, then the target's label. */
function relationLabels(spec: Spec, relation: Relation): string[] {
  const target = spec.entities.find((e) => e.name === relation.target);
  return [
    ...new Set([fieldLabel(relation.field.replace(/_id$/, "")), fieldLabel(target?.label ?? "")]),
  ]
    .filter((l) => l !== "");
}

/**
 * Runs the browser stage.
 *
 * @param app The app.
 * @param options Where the servers listen.
 * @returns The stage result.
 */
export async function browserStage(
  app: GeneratedApp,
  options: BrowserOptions,
): Promise<StageResult> {
  const started = performance.now();
  const launched = await launchChromium(options.workDir);
  if ("skipped" in launched) return skipped("browser", launched.skipped, launched.install);
  if ("failed" in launched) return failed("browser", started, launched.failed);
  const log = options.log ?? (() => {});
  const spec = app.spec;
  const checks: Check[] = [];
  const screenshots: string[] = [];
  Deno.mkdirSync(join(app.dir, "screenshots"), { recursive: true });
  const tag = `ui${Date.now().toString(36)}`;
  let flowsOk = 0;
  let pagesOk = 0;
  try {
    const page = launched.context.pages()[0] ?? await launched.context.newPage();
    page.setDefaultTimeout(STEP_MS);
    page.on("dialog", (dialog) => void dialog.accept());
    let consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      if (isForeignResource(message.text(), message.location().url, options)) return;
      consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(String(error)));

    const step = async (name: string, body: () => Promise<string | void>) => {
      consoleErrors = [];
      try {
        const detail = await body();
        const errors = [...consoleErrors];
        checks.push({
          name,
          ok: errors.length === 0,
          detail: errors.length === 0
            ? (detail || "ok")
            : `console errors: ${errors.slice(0, 3).join(" | ")}`,
        });
        return errors.length === 0;
      } catch (error) {
        checks.push({ name, ok: false, detail: firstLine(error) });
        return false;
      }
    };

    if (spec.auth) {
      log("browser: registering a user through the UI");
      const email = `ui-${tag}@example.com`;
      const password = "ui-password-1";
      await step("register through the UI", async () => {
        await openPage(page, `${options.url}/register`);
        await fillField(await fieldByLabel(page, "Name", STEP_MS), "UI Verifier");
        await fillField(await fieldByLabel(page, "Email", STEP_MS), email);
        await fillField(await fieldByLabel(page, "Password", STEP_MS), password);
        // A "Confirm password" field, which the contract allows, gets the same password.
        const secrets = page.locator('input[type="password"]');
        for (let i = 0; i < await secrets.count(); i++) {
          if (await secrets.nth(i).inputValue() === "") await secrets.nth(i).fill(password);
        }
        const at = pathOf(page);
        await (await byRole(page, "button", SIGN_UP, 0, STEP_MS)).click();
        await waitUntilSubmitted(page, at, STEP_MS, "the sign-up page");
        return `registered ${email}`;
      });
      await step("log in through the UI", async () => {
        await page.context().clearCookies();
        await page.evaluate(() => {
          localStorage.clear();
          sessionStorage.clear();
        });
        await signInThroughUi(page, options.url, { email, password }, STEP_MS);
        return "signed in";
      });
    }

    const created = new Map<string, number>();
    const labels = new Map<string, string>();
    const order = parentsFirst(spec);
    for (const entity of order) {
      log(`browser: creating a ${entity.label} through the form`);
      const ok = await step(`create a ${entity.label} through the form`, async () => {
        const made = await createThroughForm(page, spec, entity, created, tag, options);
        created.set(entity.name, made.id);
        labels.set(entity.name, made.text);
        return `created #${made.id}, listed`;
      });
      if (!ok) break;
    }

    for (const entity of order) {
      const id = created.get(entity.name);
      const text = labels.get(entity.name);
      const detail = spec.pages.find((p) => p.kind === "detail" && p.entity === entity.name);
      const display = inputFields(entity).find((f) => f.name === entity.display);
      if (id === undefined || !text || !detail || !display || !TEXTUAL.has(display.type)) continue;
      await step(`edit the ${entity.label} through its page`, async () => {
        await openPage(page, `${options.url}${detail.route.replace("[id]", String(id))}`);
        const form = await editForm(page, entity);
        if (form === undefined) return "no edit form on the page";
        const edited = display.type === "email"
          ? text.replace("@", "-edited@")
          : display.type === "url"
          ? `${text}-edited`
          : `${text} edited`;
        const field = () => fieldByLabel(page, fieldLabel(display.name), STEP_MS, form);
        await fillField(await field(), edited);
        // Saved as a user sees it: the save is answered, then the page, opened again, shows it.
        const saved = page.waitForResponse((r) =>
          ["PUT", "PATCH"].includes(r.request().method()) && r.url().startsWith(options.apiUrl)
        );
        await (await submitButton(form, SAVE)).click();
        const answer = await first(saved, formAlert(form)) as { status(): number };
        if (answer.status() >= 400) throw new Error(`the save answered ${answer.status()}`);
        await openPage(page, page.url());
        const shown = await first(
          page.getByText(edited).first().waitFor().then(() => true),
          editForm(page, entity).then(async (again) =>
            again !== undefined &&
            await (await fieldByLabel(page, fieldLabel(display.name), STEP_MS, again))
                .inputValue() === edited
          ),
        );
        if (shown !== true) throw new Error(`the page does not show "${edited}" after a save`);
        labels.set(entity.name, edited);
        return "saved, the page shows the new value when opened again";
      });
    }

    for (const pageSpec of spec.pages) {
      const needsId = pageSpec.route.includes("[id]");
      const id = pageSpec.entity
        ? idFor(spec, pageSpec.route, pageSpec.entity, created)
        : undefined;
      if (needsId && id === undefined) {
        checks.push({
          name: `page ${pageSpec.route}`,
          ok: false,
          detail: "no row was created to open it with",
        });
        continue;
      }
      const route = pageSpec.route.replace("[id]", String(id));
      log(`browser: opening ${route}`);
      const ok = await step(`page ${pageSpec.route}`, async () => {
        await openPage(page, `${options.url}${route}`);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        const alerts = await visibleAlerts(page);
        if (alerts.length > 0) throw new Error(`${route} shows an error: ${alerts[0]}`);
        const file = screenshotName(pageSpec.route);
        await page.screenshot({ path: join(app.dir, file), fullPage: true });
        screenshots.push(file);
        return `rendered, screenshot ${file}`;
      });
      if (ok) pagesOk++;
    }

    for (const entity of [...order].reverse()) {
      const text = labels.get(entity.name);
      if (text === undefined) continue;
      const ok = await step(`delete the ${entity.label} through the list`, async () => {
        await openPage(page, `${options.url}${listPage(spec, entity)}`);
        const row = itemRow(page, entity, text).first();
        await row.waitFor();
        await (await byRole(page, "button", DELETE, 0, STEP_MS, row)).click();
        await row.waitFor({ state: "detached" });
        return "gone from the list";
      });
      const createdOk = checks.find((c) => c.name === `create a ${entity.label} through the form`)
        ?.ok;
      if (ok && createdOk) flowsOk++;
    }
  } finally {
    await launched.close();
  }
  const counts = {
    flows: spec.entities.length,
    flowsOk,
    pages: spec.pages.length,
    pagesOk,
  };
  const bad = checks.filter((c) => !c.ok);
  if (bad.length > 0) {
    return failed(
      "browser",
      started,
      `${bad.length} of ${checks.length} browser checks failed: ${bad[0]!.name}: ${bad[0]!.detail}`,
      checks,
      { counts, screenshots },
    );
  }
  return {
    stage: "browser",
    status: "passed",
    durationMs: performance.now() - started,
    summary:
      `${pagesOk}/${spec.pages.length} pages render without console errors; ${flowsOk}/${spec.entities.length} create-list-delete flows`,
    checks,
    counts,
    screenshots,
  };
}

/** The id to open a page with: its entity's row, or for a view under a group, the group's. */
function idFor(
  spec: Spec,
  route: string,
  entityName: string,
  created: ReadonlyMap<string, number>,
): number | undefined {
  const page = spec.pages.find((p) => p.route === route);
  if (page?.kind === "view") {
    const view = (spec.views ?? []).find((v) => v.name === page.view && v.entity === entityName);
    const group = spec.entities.find((e) => e.name === entityName)?.relations.find((r) =>
      r.field === view?.group
    );
    if (group) return created.get(group.target);
  }
  return created.get(entityName);
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/**
 * Waits for whichever settles first; the loser's later rejection (a timeout,
 * or the page closing) is absorbed instead of crashing the process.
 */
function first(...racers: Promise<unknown>[]): Promise<unknown> {
  for (const racer of racers) racer.catch(() => {});
  return Promise.race(racers);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").filter((l) => l.trim()).slice(0, 3).join(" ").slice(0, 400);
}

/** Rejects when the form shows an alert: what the app said went wrong. */
function formAlert(form: Locator): Promise<never> {
  const alert = form.getByRole("alert").first();
  return alert.waitFor().then(async () => {
    throw new Error(`the form shows: ${(await alert.innerText()).trim()}`);
  });
}

function listPage(spec: Spec, entity: Entity): string {
  const page = spec.pages.find((p) => p.kind === "list" && p.entity === entity.name);
  if (!page) throw new Error(`the spec has no list page for ${entity.name}`);
  return page.route;
}

/** A row of the list showing `text`: a table row or list item (the renderer's test id as a hint). */
function itemRow(page: Page, entity: Entity, text: string): Locator {
  const rows = page.locator(`[data-testid="${entity.plural}-item"]`, { hasText: text })
    .or(page.getByRole("row").filter({ hasText: text }))
    .or(page.getByRole("listitem").filter({ hasText: text }));
  // A row shown by a date or a related row's name ("#7" is only its id):
  // the one that links to its detail page.
  const id = /^#(\d+)$/.exec(text)?.[1];
  if (id === undefined) return rows;
  const linked = page.locator(`a[href$="${listRoute(entity)}/${id}"]`);
  return rows.or(
    page.locator(`[data-testid="${entity.plural}-item"]`).filter({ has: linked })
      .or(page.getByRole("row").filter({ has: linked }))
      .or(page.getByRole("listitem").filter({ has: linked })),
  );
}

/** The forms of a page that have a button matching `name`. */
function formsWith(page: Page, name: RegExp): Locator {
  return page.locator("form").filter({ has: page.getByRole("button", { name }) });
}

async function createForm(page: Page, entity: Entity): Promise<Locator> {
  const hinted = page.locator(`[data-testid="${entity.plural}-form"]`);
  const form = hinted.or(formsWith(page, CREATE)).first();
  await form.waitFor({ timeout: STEP_MS }).catch(() => {
    throw new Error(`no form to add a ${entity.label} on ${pathOf(page)}`);
  });
  return form;
}

async function editForm(page: Page, entity: Entity): Promise<Locator | undefined> {
  const form = page.locator(`[data-testid="${entity.plural}-edit-form"]`).or(formsWith(page, SAVE))
    .first();
  return await form.waitFor({ timeout: 3_000 }).then(() => form, () => undefined);
}

async function submitButton(form: Locator, name: RegExp): Promise<Locator> {
  const named = form.getByRole("button", { name });
  if (await named.count() > 0) return named.first();
  const submit = form.locator('[type="submit"]');
  return await submit.count() > 0 ? submit.first() : form.getByRole("button").last();
}

/** A field of a form by its label, or (a hint only) by its name. */
async function formField(
  page: Page,
  form: Locator,
  labels: string[],
  name: string,
): Promise<Locator | undefined> {
  for (const label of labels) {
    const found = await fieldByLabel(page, label, 0, form).catch(() => undefined);
    if (found) return found;
  }
  const byName = form.locator(`[name="${name}"]`);
  if (await byName.count() > 0) return byName.first();
  // Rendered late (options loaded): one patient try with the first label.
  return await fieldByLabel(page, labels[0]!, STEP_MS, form).catch(() => undefined);
}

async function kindOf(input: Locator): Promise<string> {
  return await input.evaluate((el) =>
    el.tagName.toLowerCase() + ":" + (el.getAttribute("type") ?? "")
  );
}

async function createThroughForm(
  page: Page,
  spec: Spec,
  entity: Entity,
  created: ReadonlyMap<string, number>,
  tag: string,
  options: BrowserOptions,
): Promise<{ id: number; text: string }> {
  const route = listPage(spec, entity);
  await openPage(page, `${options.url}${route}`);
  const form = await createForm(page, entity);
  const entityTag = `${tag}${entity.name.toLowerCase()}`;
  const values = fitOrderRules(
    spec,
    entity,
    Object.fromEntries(inputFields(entity).map((f) => [f.name, sampleValue(f, entityTag)])),
  );
  for (const field of inputFields(entity)) {
    const input = await formField(page, form, [fieldLabel(field.name)], field.name);
    if (input === undefined) {
      if (!field.required) continue;
      throw new Error(`no field labelled "${fieldLabel(field.name)}" in the form on ${route}`);
    }
    const kind = await kindOf(input);
    if (kind === "input:hidden") continue;
    if (field.type === "enum" && !kind.startsWith("select")) {
      throw new Error(`"${field.name}" is an enum but the form renders ${kind}`);
    }
    await fillField(input, String(values[field.name]));
  }
  for (const relation of entity.relations) {
    const input = await formField(page, form, relationLabels(spec, relation), relation.field);
    if (input === undefined || await kindOf(input) === "input:hidden") continue;
    const parent = relation.target === entity.name ? undefined : created.get(relation.target);
    if (parent === undefined) {
      if (relation.required) {
        throw new Error(`no ${relation.target} to choose for "${relation.field}"`);
      }
      continue;
    }
    await input.locator(`option[value="${parent}"]`).waitFor({ state: "attached" });
    await input.selectOption(String(parent));
  }
  const display = inputFields(entity).find((f) => f.name === entity.display);
  const text = display && TEXTUAL.has(display.type) ? String(sampleValue(display, entityTag)) : "";
  const rows = page.locator(`[data-testid="${entity.plural}-item"]`).or(
    page.getByRole("row").filter({ has: page.getByRole("cell") }),
  );
  const before = await rows.count();
  await (await submitButton(form, CREATE)).click();
  const listed = text ? itemRow(page, entity, text).first().waitFor() : rows.nth(before).waitFor();
  await first(listed, formAlert(form));
  const id = await createdId(page, entity, text, options);
  return { id, text: text || `#${id}` };
}

async function createdId(
  page: Page,
  entity: Entity,
  text: string,
  options: BrowserOptions,
): Promise<number> {
  // The row links to its detail page when there is one.
  const href = text
    ? await itemRow(page, entity, text).first().locator(`a[href^="/"]`).first().getAttribute(
      "href",
      { timeout: 1_000 },
    ).catch(() => null)
    : null;
  const fromLink = href ? Number(/\/(\d+)$/.exec(href)?.[1]) : NaN;
  if (Number.isInteger(fromLink)) return fromLink;
  // Otherwise ask the API, with the session the app keeps (if it keeps a token in storage).
  const token = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const value = localStorage.getItem(localStorage.key(i) ?? "");
      if (value && /token/i.test(localStorage.key(i) ?? "")) return value;
    }
    return null;
  });
  const response = await fetch(`${options.apiUrl}/api/${entity.plural}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const rows = await response.json() as Record<string, unknown>[];
  const match = rows.find((r) => !text || Object.values(r).includes(text)) ?? rows[0];
  if (!match || typeof match.id !== "number") throw new Error("cannot find the created row's id");
  return match.id;
}
