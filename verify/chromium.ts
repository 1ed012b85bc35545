/**
 * Starting headless Chromium (Debian's `/usr/bin/chromium`, driven by
 * playwright-core) with a fresh profile, for the browser stages.
 *
 * @module
 */
import type { BrowserContext } from "playwright-core";

/** Where Debian puts Chromium (`CHROMIUM_PATH` overrides). */
export const CHROMIUM = "/usr/bin/chromium";

/** The Debian package the browser stages need. */
export const BROWSER_INSTALL = "apt-get update && apt-get install -y chromium";

/** The flags Chromium runs with: headless, no sandbox, nothing phoning home. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** A running browser, or why there is none. */
export type Launched =
  | { context: BrowserContext; close: () => Promise<void> }
  | { skipped: string; install: string }
  | { failed: string };

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").filter((l) => l.trim()).slice(0, 3).join(" ").slice(0, 400);
}

/**
 * Starts Chromium with a fresh `--user-data-dir` under `workDir`.
 *
 * @param workDir Scratch folder for the profile (removed by `close()`).
 * @param executablePath The browser (default `CHROMIUM_PATH`, else {@link CHROMIUM}).
 * @returns The browser context and its stopper; `skipped` when there is no
 *   Chromium, `failed` when it would not start.
 */
export async function launchChromium(
  workDir: string,
  executablePath = Deno.env.get("CHROMIUM_PATH") ?? CHROMIUM,
): Promise<Launched> {
  try {
    Deno.statSync(executablePath);
  } catch {
    return { skipped: `no Chromium at ${executablePath}`, install: BROWSER_INSTALL };
  }
  // Loaded here: playwright-core reads /proc at import, which needs -A under Deno.
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (error) {
    return { failed: `Cannot load playwright-core: ${firstLine(error)} (run with -A)` };
  }
  const profile = Deno.makeTempDirSync({ dir: workDir, prefix: "chromium-" });
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1280, height: 900 },
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => {});
        await Deno.remove(profile, { recursive: true }).catch(() => {});
      },
    };
  } catch (error) {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
    return { failed: `Cannot start Chromium at ${executablePath}: ${firstLine(error)}` };
  }
}
