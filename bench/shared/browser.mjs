// Launches headless Chromium (Debian's by default: Playwright cannot download its own here).
import { chromium } from "@playwright/test";

const ARGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-default-apps",
  "--disable-domain-reliability",
  "--disable-sync",
  "--disable-quic",
  "--metrics-recording-only",
  "--no-first-run",
  "--no-default-browser-check",
];

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
