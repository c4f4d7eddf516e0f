import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";

/** Fills the URL field with a path on the test server and connects. */
export async function connectTo(page: Page, path: string, options: { reconnect?: boolean } = {}) {
  const url = page.getByRole("textbox", { name: "WebSocket URL" });
  const base = new URL(page.url());
  await url.fill(`ws://${base.host}${path}`);
  if (options.reconnect) await page.getByRole("checkbox", { name: "Auto-reconnect" }).check();
  await page.getByRole("button", { name: "Connect" }).click();
}

/** The frame log grid. */
export function frames(page: Page) {
  return page.getByRole("grid", { name: "Frames" });
}

/** Data rows of the log (the header row excluded). */
export function dataRows(page: Page) {
  return frames(page)
    .getByRole("row")
    .filter({ has: page.getByRole("gridcell") });
}

/** Sends a text message from the composer. */
export async function send(page: Page, text: string) {
  await page.getByRole("textbox", { name: "Message" }).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

/** Waits for the connection status to read `text`. */
export async function expectStatus(page: Page, text: string | RegExp) {
  await expect(page.getByRole("status", { name: "Connection status" })).toHaveText(text);
}

/** Exports through the Export menu and returns the downloaded file's text. */
export async function exportAs(page: Page, format: "HAR" | "NDJSON", path: string) {
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  await page.getByRole("menuitem", { name: new RegExp(`^${format}`) }).click();
  await (await downloading).saveAs(path);
  return readFileSync(path, "utf8");
}

/** Opens the relay settings drawer, unless it is open (turning "Via relay" on opens it too). */
export async function openRelaySettings(page: Page) {
  const toggle = page.getByRole("button", { name: "Relay settings" });
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(page.getByRole("dialog", { name: "Relay settings" })).toBeVisible();
}
