/**
 * The browser stage: headless Chromium (driven by playwright-core) opens
 * every page of the spec, and creates, sees and deletes a row of each
 * entity through the generated forms, as a user would.
 *
 * @module
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { Entity, Field, Spec } from "../core/spec.ts";
import type { GeneratedApp } from "./app.ts";
import { parentsFirst, sampleValue } from "./samples.ts";
import { type Check, failed, skipped, type StageResult } from "./result.ts";

/** Where Debian puts Chromium (`CHROMIUM_PATH` overrides). */
export const CHROMIUM = "/usr/bin/chromium";

/** The Debian package the browser stage needs. */
export const BROWSER_INSTALL = "apt-get update && apt-get install -y chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const TOKEN_KEY = "stackforge_token";
const STEP_MS = 15_000;

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

/** The route a screenshot of `route` is saved under, relative to the app. */
export function screenshotName(route: string): string {
  const slug = route.replace(/^\//, "").replace(/\[id\]/g, "detail").replace(/[^a-z0-9_-]+/gi, "-");
  return `screenshots/${slug || "home"}.png`;
}

const TEXTUAL = new Set<Field["type"]>(["string", "text", "email", "url"]);

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
  const executablePath = Deno.env.get("CHROMIUM_PATH") ?? CHROMIUM;
  try {
    Deno.statSync(executablePath);
  } catch {
    return skipped("browser", `no Chromium at ${executablePath}`, BROWSER_INSTALL);
  }
  const log = options.log ?? (() => {});
  const spec = app.spec;
  const checks: Check[] = [];
  const screenshots: string[] = [];
  Deno.mkdirSync(join(app.dir, "screenshots"), { recursive: true });
  // Loaded here: playwright-core reads /proc at import, which needs -A under Deno.
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (error) {
    return failed(
      "browser",
      started,
      `Cannot load playwright-core: ${firstLine(error)} (run with -A)`,
    );
  }
  const profile = Deno.makeTempDirSync({ dir: options.workDir, prefix: "chromium-" });
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
    return failed(
      "browser",
      started,
      `Cannot start Chromium at ${executablePath}: ${firstLine(error)}`,
    );
  }
  const tag = `ui${Date.now().toString(36)}`;
  let flowsOk = 0;
  let pagesOk = 0;
  try {
    const page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    page.on("dialog", (dialog) => void dialog.accept());
    let consoleErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
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
        await page.goto(`${options.url}/register`, { waitUntil: "networkidle" });
        const form = page.locator('[data-testid="register-form"]');
        await form.locator('[name="name"]').fill("UI Verifier");
        await form.locator('[name="email"]').fill(email);
        await form.locator('[name="password"]').fill(password);
        await form.locator('[type="submit"]').click();
        await waitForToken(page, form);
        // Let the redirect after registering settle, so its requests are not
        // cut off by the next step (a request answered 401 after the token is
        // cleared would be blamed on the login step).
        await page.waitForLoadState("networkidle");
        return `registered ${email}`;
      });
      await step("log in through the UI", async () => {
        await page.goto(`${options.url}/login`, { waitUntil: "networkidle" });
        await page.evaluate((key) => localStorage.removeItem(key), TOKEN_KEY);
        await page.reload({ waitUntil: "networkidle" });
        const form = page.locator('[data-testid="login-form"]');
        await form.locator('[name="email"]').fill(email);
        await form.locator('[name="password"]').fill(password);
        await form.locator('[type="submit"]').click();
        await waitForToken(page, form);
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
      const display = entity.fields.find((f) => f.name === entity.display);
      if (id === undefined || !text || !detail || !display || !TEXTUAL.has(display.type)) continue;
      await step(`edit the ${entity.label} through its page`, async () => {
        await page.goto(`${options.url}${detail.route.replace("[id]", String(id))}`, {
          waitUntil: "networkidle",
        });
        const form = page.locator(`[data-testid="${entity.plural}-edit-form"]`);
        if (await form.count() === 0) return "no edit form on the page";
        const edited = display.type === "email"
          ? text.replace("@", "-edited@")
          : display.type === "url"
          ? `${text}-edited`
          : `${text} edited`;
        await form.locator(`[name="${display.name}"]`).first().fill(edited);
        await form.locator('[type="submit"]').click();
        const saved = form.locator('[role="status"]').first().waitFor();
        const alert = form.locator('[role="alert"]').first().waitFor().then(async () => {
          throw new Error(
            `the form shows: ${await form.locator('[role="alert"]').first().innerText()}`,
          );
        });
        await first(saved, alert);
        await page.locator("h1", { hasText: edited }).first().waitFor();
        labels.set(entity.name, edited);
        return "saved, the page shows the new value";
      });
    }

    for (const pageSpec of spec.pages) {
      const needsId = pageSpec.route.includes("[id]");
      const id = pageSpec.entity ? created.get(pageSpec.entity) : undefined;
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
        const response = await page.goto(`${options.url}${route}`, { waitUntil: "networkidle" });
        if (!response || response.status() >= 400) {
          throw new Error(`${route} answered ${response?.status() ?? "nothing"}`);
        }
        await page.locator("h1").first().waitFor();
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
        const list = listPage(spec, entity);
        await page.goto(`${options.url}${list}`, { waitUntil: "networkidle" });
        const row = itemRow(page, entity, text);
        await row.first().waitFor();
        await row.first().locator(`[data-testid="${entity.plural}-delete"]`).click();
        await row.first().waitFor({ state: "detached" });
        return "gone from the list";
      });
      const createdOk = checks.find((c) => c.name === `create a ${entity.label} through the form`)
        ?.ok;
      if (ok && createdOk) flowsOk++;
    }
  } finally {
    await context.close().catch(() => {});
    await Deno.remove(profile, { recursive: true }).catch(() => {});
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

async function visibleAlerts(page: Page): Promise<string[]> {
  const texts: string[] = [];
  for (const alert of await page.locator('[role="alert"]').all()) {
    if (!await alert.isVisible()) continue;
    const text = (await alert.innerText()).trim();
    if (text) texts.push(text);
  }
  return texts;
}

async function waitForToken(page: Page, form: ReturnType<Page["locator"]>): Promise<void> {
  const token = page.waitForFunction((key) => localStorage.getItem(key), TOKEN_KEY, {
    timeout: STEP_MS,
  }).then(() => undefined);
  const alert = form.locator('[role="alert"]').first().waitFor({ timeout: STEP_MS }).then(
    async () => {
      throw new Error(
        `the form shows: ${await form.locator('[role="alert"]').first().innerText()}`,
      );
    },
  );
  await first(token, alert);
}

function listPage(spec: Spec, entity: Entity): string {
  const page = spec.pages.find((p) => p.kind === "list" && p.entity === entity.name);
  if (!page) throw new Error(`the spec has no list page for ${entity.name}`);
  return page.route;
}

function itemRow(page: Page, entity: Entity, text: string) {
  return page.locator(`[data-testid="${entity.plural}-item"]`, { hasText: text });
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
  await page.goto(`${options.url}${route}`, { waitUntil: "networkidle" });
  const form = page.locator(`[data-testid="${entity.plural}-form"]`);
  await form.waitFor();
  const entityTag = `${tag}${entity.name.toLowerCase()}`;
  for (const field of entity.fields) {
    await fill(
      form.locator(`[name="${field.name}"]`).first(),
      field,
      sampleValue(field, entityTag),
    );
  }
  for (const relation of entity.relations) {
    const input = form.locator(`[name="${relation.field}"]`).first();
    const kind = await input.evaluate((el) =>
      el.tagName.toLowerCase() + ":" + (el.getAttribute("type") ?? "")
    );
    if (kind === "input:hidden") continue;
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
  const display = entity.fields.find((f) => f.name === entity.display);
  const text = display && TEXTUAL.has(display.type) ? String(sampleValue(display, entityTag)) : "";
  const rows = page.locator(`[data-testid="${entity.plural}-item"]`);
  const before = await rows.count();
  await form.locator('[type="submit"]').click();
  const listed = text ? itemRow(page, entity, text).first().waitFor() : rows.nth(before).waitFor();
  const alert = form.locator('[role="alert"]').first().waitFor().then(async () => {
    throw new Error(`the form shows: ${await form.locator('[role="alert"]').first().innerText()}`);
  });
  await first(listed, alert);
  const id = await createdId(page, entity, text, options);
  return { id, text: text || `#${id}` };
}

async function fill(
  input: ReturnType<Page["locator"]>,
  field: Field,
  value: unknown,
): Promise<void> {
  const kind = await input.evaluate((el) =>
    el.tagName.toLowerCase() + ":" + (el.getAttribute("type") ?? "")
  );
  if (kind === "input:hidden") return;
  if (kind.startsWith("select")) {
    await input.selectOption(String(value));
  } else if (kind === "input:checkbox") {
    await input.setChecked(Boolean(value));
  } else if (kind === "input:datetime-local") {
    await input.fill(String(value).slice(0, 16));
  } else {
    await input.fill(String(value));
  }
  if (field.type === "enum" && !kind.startsWith("select")) {
    throw new Error(`"${field.name}" is an enum but the form renders ${kind}`);
  }
}

async function createdId(
  page: Page,
  entity: Entity,
  text: string,
  options: BrowserOptions,
): Promise<number> {
  // The row links to its detail page when there is one.
  const row = text
    ? itemRow(page, entity, text).first()
    : page.locator(`[data-testid="${entity.plural}-item"]`).first();
  const href = await row.locator(`a[href^="/${entity.plural}/"]`).first().getAttribute("href", {
    timeout: 1_000,
  }).catch(() => null);
  const fromLink = href ? Number(/\/(\d+)$/.exec(href)?.[1]) : NaN;
  if (Number.isInteger(fromLink)) return fromLink;
  const token = await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY);
  const response = await fetch(`${options.apiUrl}/api/${entity.plural}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const rows = await response.json() as Record<string, unknown>[];
  const match = rows.find((r) => !text || Object.values(r).includes(text)) ?? rows[0];
  if (!match || typeof match.id !== "number") throw new Error("cannot find the created row's id");
  return match.id;
}
