/**
 * A user at the browser, for the frontend's end-to-end flows: fields by
 * their exact label, buttons and links by role and exact name, text as seen
 * (visible only), the way the acceptance scenarios' UI steps drive an app.
 * Following a link waits for the new page, since Next navigates in place.
 *
 * @module
 */
import type { Page } from "playwright-core";

/** What a flow can do, step by step. */
export interface User {
  page: Page;
  goto(path: string): Promise<void>;
  fill(label: string, value: string): Promise<void>;
  select(label: string, option: string): Promise<void>;
  click(role: "button" | "link", name: string, n?: number): Promise<void>;
  see(text: string, exact?: boolean): Promise<void>;
  notSee(text: string): Promise<void>;
  /** Waits until the page's requests are done. */
  settle(): Promise<void>;
}

/**
 * @param page A Playwright page.
 * @param base The frontend's URL.
 * @returns The user.
 */
export function browserUser(page: Page, base: string): User {
  const settle = () => page.waitForLoadState("networkidle");
  return {
    page,
    goto: async (path) => {
      await page.goto(base + path, { waitUntil: "networkidle" });
    },
    fill: (label, value) => page.getByLabel(label, { exact: true }).fill(value),
    select: async (label, option) => {
      const field = page.getByLabel(label, { exact: true });
      await field.locator("option", { hasText: option }).first().waitFor({ state: "attached" });
      await field.selectOption({ label: option });
    },
    click: async (role, name, n = 0) => {
      const target = page.getByRole(role, { name, exact: true }).nth(n);
      const href = role === "link" ? await target.getAttribute("href") : null;
      await target.click();
      if (href !== null && href.startsWith("/")) {
        await page.waitForURL((url) => url.pathname === href);
        await settle();
      }
    },
    see: (text, exact = false) =>
      page.getByText(text, { exact }).filter({ visible: true }).first().waitFor(),
    notSee: async (text) => {
      for (let i = 0; i < 20; i++) {
        await page.waitForTimeout(250);
        if (await page.getByText(text).filter({ visible: true }).count() === 0) return;
      }
      throw new Error(`"${text}" is still on the page`);
    },
    settle,
  };
}

/**
 * @param shift Days from today.
 * @returns The local date as YYYY-MM-DD.
 */
export function localDay(shift = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + shift);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
