// Launches headless Chromium (Debian's by default: Playwright cannot download its own here).
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";

/** Flags that keep Chromium off the (closed) network; shared with the e2e tests. */
const ARGS = JSON.parse(
  readFileSync(new URL("../../chromium-flags.json", import.meta.url), "utf8"),
);

/** Starts the browser the measurements share. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ARGS,
    headless: true,
  });
}

/** The time zone Node formats local times in; pages get the same, so local clock times agree. */
export const LOCAL_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Opens a page in a fresh context (its own memory, nothing left over from the last measurement)
 * and returns it with a function that closes the context. `permissions` are granted to it.
 */
export async function openPage(browser, { permissions = [] } = {}) {
  const context = await browser.newContext({
    timezoneId: LOCAL_TIME_ZONE,
    viewport: { width: 1280, height: 800 },
    permissions,
  });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}
