/**
 * Drives a running frontend the way a user does, for the UI steps of
 * acceptance scenarios and the browser stage: fields by their label,
 * buttons and links by their accessible role and name, text as it is seen.
 * Test ids are never needed, so any accessible frontend passes.
 *
 * Names match exactly first, then loosely (case-insensitive, within the
 * text: "Notes" finds "Notes (optional)"); a thing that is not there yet is
 * waited for, and a failure lists what the page does have.
 *
 * @module
 */
import { UI_NAMES } from "../core/contract.ts";
import type { Locator, Page } from "playwright-core";
import type { UiStep } from "../core/behaviours.ts";
import type { Credentials, UiDriver } from "./scenarios.ts";

/** Options of {@link createUiDriver}. */
export interface UiDriverOptions {
  /** The running frontend. */
  url: string;
  /** Longest wait for a step (default 15 s). */
  timeoutMs?: number;
}

const POLL_MS = 100;

/** Button names of login forms, most specific first. */
const SIGN_IN = UI_NAMES.signIn;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Escapes text for a RegExp. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Waits until no request of the page is in flight for a moment, so what a
 * click started (a POST, the list it reloads) has finished.
 */
function createSettler(page: Page): (maxMs?: number) => Promise<void> {
  let inFlight = 0;
  let lastChange = performance.now();
  const change = (delta: number) => {
    inFlight = Math.max(0, inFlight + delta);
    lastChange = performance.now();
  };
  page.on("request", () => change(1));
  page.on("requestfinished", () => change(-1));
  page.on("requestfailed", () => change(-1));
  page.on("framenavigated", () => {
    lastChange = performance.now();
  });
  return async (maxMs = 5_000) => {
    const deadline = performance.now() + maxMs;
    while (performance.now() < deadline) {
      if (inFlight === 0 && performance.now() - lastChange > 250) return;
      await sleep(50);
    }
  };
}

/** The first locator with a match, waiting until one appears. */
async function firstFound(
  candidates: (() => Locator)[],
  timeoutMs: number,
  atLeast = 1,
): Promise<Locator | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    for (const make of candidates) {
      const locator = make();
      if (await locator.count().catch(() => 0) >= atLeast) return locator;
    }
    if (performance.now() >= deadline) return undefined;
    await sleep(POLL_MS);
  }
}

/** A field by its label: exact, then starting with the label, then containing it. */
export function labelCandidates(scope: Page | Locator, label: string): (() => Locator)[] {
  return [
    () => scope.getByLabel(label, { exact: true }),
    () => scope.getByLabel(new RegExp(`^\\s*${escape(label)}\\b`, "i")),
    () => scope.getByLabel(label),
  ];
}

/** A button or link by its accessible name: exact, then loosely. */
export function roleCandidates(
  scope: Page | Locator,
  role: "button" | "link",
  name: string | RegExp,
): (() => Locator)[] {
  if (name instanceof RegExp) return [() => scope.getByRole(role, { name })];
  return [
    () => scope.getByRole(role, { name, exact: true }),
    () => scope.getByRole(role, { name }),
  ];
}

async function visibleTexts(locator: Locator, max = 12): Promise<string[]> {
  const texts = await locator.evaluateAll(
    (els) =>
      els.filter((e) => e.getClientRects().length > 0).map((e) =>
        (e.getAttribute("aria-label") ??
          (e as unknown as { innerText?: string }).innerText ?? e.textContent ?? "")
          .trim().replace(/\s+/g, " ")
      ),
  ).catch(() => [] as string[]);
  return [...new Set(texts.filter((t) => t !== ""))].slice(0, max);
}

async function labelsOn(page: Page): Promise<string[]> {
  return await visibleTexts(page.locator("label"));
}

function quoteList(items: string[]): string {
  return items.length === 0 ? "none" : items.map((i) => JSON.stringify(i)).join(", ");
}

function pathOf(page: Page): string {
  try {
    const url = new URL(page.url());
    return url.pathname + url.search;
  } catch {
    return page.url();
  }
}

/** A field by label, waited for; the error lists the labels the page has. */
export async function fieldByLabel(
  page: Page,
  label: string,
  timeoutMs: number,
  scope: Page | Locator = page,
): Promise<Locator> {
  const found = await firstFound(labelCandidates(scope, label), timeoutMs);
  if (found === undefined) {
    throw new Error(
      `no field labelled "${label}" on ${pathOf(page)} (labels: ${
        quoteList(await labelsOn(page))
      })`,
    );
  }
  return found.first();
}

/** The `n`-th button or link by name, waited for; the error lists what the page has. */
export async function byRole(
  page: Page,
  role: "button" | "link",
  name: string | RegExp,
  n: number,
  timeoutMs: number,
  scope: Page | Locator = page,
): Promise<Locator> {
  const found = await firstFound(roleCandidates(scope, role, name), timeoutMs, n + 1);
  if (found === undefined) {
    const some = await firstFound(roleCandidates(scope, role, name), 0);
    const count = some ? await some.count() : 0;
    throw new Error(
      count > 0
        ? `only ${count} ${role}(s) named ${shownName(name)} on ${pathOf(page)}, not ${n + 1}`
        : `no ${role} named ${shownName(name)} on ${pathOf(page)} (${role}s: ${
          quoteList(await visibleTexts(scope.getByRole(role)))
        })`,
    );
  }
  return found.nth(n);
}

function shownName(name: string | RegExp): string {
  return typeof name === "string" ? `"${name}"` : String(name);
}

/** Fills a field whatever its kind: text, checkbox, select, date and time. */
export async function fillField(field: Locator, value: string): Promise<void> {
  const kind = await field.evaluate((el) =>
    `${el.tagName.toLowerCase()}:${(el.getAttribute("type") ?? "").toLowerCase()}`
  );
  if (kind.startsWith("select")) {
    await field.selectOption(value);
  } else if (kind === "input:checkbox" || kind === "input:radio") {
    await field.setChecked(/^(true|on|yes|1|checked)$/i.test(value));
  } else if (kind === "input:datetime-local") {
    await field.fill(value.slice(0, 16));
  } else {
    await field.fill(value);
  }
}

/** Picks the option whose text is `text` (or, failing that, contains it), waiting for it to load. */
export async function selectByText(
  page: Page,
  field: Locator,
  text: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const options = await field.evaluate((el) =>
      Array.from((el as unknown as { options: ArrayLike<{ value: string; text: string }> }).options)
        .map((o) => ({ value: o.value, text: o.text.trim() }))
    ).catch(() => [] as { value: string; text: string }[]);
    const wanted = text.trim().toLowerCase();
    const match = options.find((o) => o.text === text.trim()) ??
      options.find((o) => o.text.toLowerCase() === wanted) ??
      options.find((o) => o.text.toLowerCase().includes(wanted));
    if (match) {
      await field.selectOption(match.value);
      return;
    }
    if (performance.now() >= deadline) {
      throw new Error(
        `no option ${JSON.stringify(text)} on ${pathOf(page)} (options: ${
          quoteList(options.map((o) => o.text))
        })`,
      );
    }
    await sleep(POLL_MS);
  }
}

/** Waits for visible text. */
export async function waitForText(page: Page, text: string, timeoutMs: number): Promise<void> {
  const found = await firstFound(
    [
      () => page.getByText(text, { exact: true }).filter({ visible: true }),
      () => page.getByText(text).filter({ visible: true }),
    ],
    timeoutMs,
  );
  if (found === undefined) {
    const body = (await page.locator("body").innerText().catch(() => "")).replace(/\s+/g, " ");
    throw new Error(
      `${JSON.stringify(text)} is not on ${pathOf(page)} within ${
        Math.round(timeoutMs / 1000)
      } s (the page shows: ${JSON.stringify(body.slice(0, 300))})`,
    );
  }
}

async function waitForNoText(page: Page, text: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const count = await page.getByText(text).filter({ visible: true }).count().catch(() => 0);
    if (count === 0) return;
    if (performance.now() >= deadline) {
      throw new Error(
        `${JSON.stringify(text)} is still on ${pathOf(page)} after ${
          Math.round(timeoutMs / 1000)
        } s`,
      );
    }
    await sleep(POLL_MS);
  }
}

/** The visible alerts of a page (`role="alert"`), for error messages. */
export async function visibleAlerts(page: Page): Promise<string[]> {
  return await visibleTexts(page.getByRole("alert"));
}

/**
 * Opens a page and waits for what it loads.
 *
 * @throws {Error} When the page answers an error status.
 */
export async function openPage(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: "load" });
  if (response && response.status() >= 400) {
    throw new Error(`${new URL(url).pathname} answered ${response.status()}`);
  }
  await page.waitForLoadState("networkidle").catch(() => {});
}

/**
 * Signs in through the app's login page: the fields labelled Email and
 * Password, and the button named Sign in (or Log in).
 *
 * @throws {Error} When the page shows an error or stays on the login page.
 */
export async function signInThroughUi(
  page: Page,
  url: string,
  credentials: Credentials,
  timeoutMs: number,
): Promise<void> {
  await openPage(page, `${url}/login`);
  await fillField(await fieldByLabel(page, "Email", timeoutMs), credentials.email);
  await fillField(await fieldByLabel(page, "Password", timeoutMs), credentials.password);
  const loginPath = pathOf(page);
  await (await byRole(page, "button", SIGN_IN, 0, timeoutMs)).click();
  await waitUntilSubmitted(page, loginPath, timeoutMs, "the login page");
}

/**
 * After a sign-in or sign-up form is sent: waits until the app leaves the
 * form's page or shows a way to sign out; fails on an alert.
 */
export async function waitUntilSubmitted(
  page: Page,
  formPath: string,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (pathOf(page) !== formPath) break;
    const signOut = await page.getByRole("button", { name: /sign out|log out|logout/i }).or(
      page.getByRole("link", { name: /sign out|log out|logout/i }),
    ).count().catch(() => 0);
    if (signOut > 0) break;
    const alerts = await visibleAlerts(page);
    if (alerts.length > 0) throw new Error(`${what} shows: ${alerts[0]}`);
    if (performance.now() >= deadline) {
      throw new Error(`${what} did not go on within ${Math.round(timeoutMs / 1000)} s`);
    }
    await sleep(POLL_MS);
  }
  await page.waitForLoadState("networkidle").catch(() => {});
}

/**
 * A UI driver on one page of a browser context.
 *
 * @param page The page to drive (its context's cookies and storage are
 *   cleared to sign out).
 * @param options The frontend's URL and the step timeout.
 * @returns The driver.
 */
export function createUiDriver(page: Page, options: UiDriverOptions): UiDriver {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const settle = createSettler(page);
  const base = options.url.replace(/\/$/, "");
  return {
    async signIn(credentials) {
      await settle();
      await page.context().clearCookies();
      if (!page.url().startsWith(base)) await openPage(page, `${base}/`);
      await page.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      }).catch(() => {});
      if (credentials !== null) await signInThroughUi(page, base, credentials, timeoutMs);
    },
    async run(step: UiStep) {
      switch (step.ui) {
        case "goto":
          await settle();
          await openPage(page, `${base}${step.path ?? "/"}`);
          return;
        case "fill":
          await fillField(await fieldByLabel(page, step.label ?? "", timeoutMs), step.value ?? "");
          return;
        case "select":
          await selectByText(
            page,
            await fieldByLabel(page, step.label ?? "", timeoutMs),
            step.value ?? "",
            timeoutMs,
          );
          return;
        case "click":
          await (await byRole(page, step.role ?? "button", step.name ?? "", step.n ?? 0, timeoutMs))
            .click();
          await settle();
          return;
        case "see":
          await waitForText(page, step.text ?? "", timeoutMs);
          return;
        case "not_see":
          await settle();
          await waitForNoText(page, step.text ?? "", timeoutMs);
          return;
      }
    },
  };
}
