import { expect, type Page, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus, frames } from "./helpers.ts";

/**
 * Keyboard first: every shortcut of the table works by keyboard, the "?" dialog lists them, focus
 * goes to the message box after Connect, and every control shows a focus ring in both themes.
 */

/** Records, on the window (after the app's document listener), whether each key's default went. */
async function watchDefaults(page: Page) {
  await page.evaluate(() => {
    const seen: { key: string; prevented: boolean }[] = [];
    (window as unknown as { keysSeen: typeof seen }).keysSeen = seen;
    window.addEventListener("keydown", (event) =>
      seen.push({ key: event.key, prevented: event.defaultPrevented }),
    );
  });
}

/** Whether the last key press had its default prevented. */
function lastKeyPrevented(page: Page) {
  return page.evaluate(
    () =>
      (window as unknown as { keysSeen: { key: string; prevented: boolean }[] }).keysSeen.at(-1)
        ?.prevented,
  );
}

test("after Connect, by its button or by Enter, focus goes to the message box", async ({
  page,
}) => {
  await page.goto("/");
  const message = page.getByRole("textbox", { name: "Message" });
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await expect(message).toBeFocused();

  await page.getByRole("button", { name: "Disconnect" }).click();
  await expectStatus(page, /^Closed/);
  await page.getByRole("textbox", { name: "WebSocket URL" }).press("Enter");
  await expectStatus(page, "Open");
  await expect(message).toBeFocused();
  // Typing goes straight into the message, and Ctrl+Enter sends it.
  await page.keyboard.type("typed after connect");
  await page.keyboard.press("Control+Enter");
  await expect(dataRows(page).filter({ hasText: "typed after connect" })).toHaveCount(2);
});

test("each shortcut, by keyboard", async ({ page }) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  const url = page.getByRole("textbox", { name: "WebSocket URL" });
  const filter = page.getByRole("searchbox", { name: "Filter frames" });
  const message = page.getByRole("textbox", { name: "Message" });
  await watchDefaults(page);

  // Alt+U: the URL, from the message box (a modified shortcut works while typing).
  await message.fill("hello keys");
  await page.keyboard.press("Alt+U");
  await expect(url).toBeFocused();
  // Ctrl+F: the filter, and the browser's find does not open.
  await page.keyboard.press("Control+F");
  await expect(filter).toBeFocused();
  expect(await lastKeyPrevented(page)).toBe(true);
  // Alt+M: the message.
  await page.keyboard.press("Alt+M");
  await expect(message).toBeFocused();

  // Ctrl+Enter sends from outside a text field too (the log has focus here).
  await frames(page).focus();
  await page.keyboard.press("Control+Enter");
  await expect(dataRows(page).filter({ hasText: "hello keys" })).toHaveCount(2);

  // Ctrl+Shift+K clears the log.
  await page.keyboard.press("Control+Shift+K");
  await expect(dataRows(page)).toHaveCount(0);
  await expect(page.getByText("0 of 0 frames")).toBeVisible();

  // Ctrl+J collapses and expands the bottom panel.
  await page.keyboard.press("Control+J");
  await expect(page.getByRole("button", { name: "Expand panel" })).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await expect(message).toBeHidden();
  await page.keyboard.press("Control+J");
  await expect(page.getByRole("button", { name: "Collapse panel" })).toHaveAttribute(
    "aria-expanded",
    "true",
  );

  // Alt+M opens what hides the message: the collapsed panel and another tool tab.
  await page.getByRole("tab", { name: "Ping loop" }).click();
  await page.keyboard.press("Control+J");
  await expect(message).toBeHidden();
  await page.keyboard.press("Alt+M");
  await expect(message).toBeFocused();
  await expect(page.getByRole("tab", { name: "Compose" })).toHaveAttribute("aria-selected", "true");

  // Collapsing the panel while focus is in it leaves focus on its toggle, not on the page.
  await page.keyboard.press("Control+J");
  await expect(page.getByRole("button", { name: "Expand panel" })).toBeFocused();
});

test("Ctrl+Alt+→ and ← move between session tabs, and leave the room lab", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "New tab" }).click();
  await page.getByRole("button", { name: "New tab" }).click();
  const tabs = page.getByRole("tablist", { name: "Sessions" }).getByRole("tab");
  await expect(tabs).toHaveCount(3);
  await expect(tabs.nth(2)).toHaveAttribute("aria-selected", "true");

  await page.keyboard.press("Control+Alt+ArrowLeft");
  await expect(tabs.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(tabs.nth(1)).toBeFocused();
  await page.keyboard.press("Control+Alt+ArrowLeft");
  await page.keyboard.press("Control+Alt+ArrowLeft");
  // It wraps around.
  await expect(tabs.nth(2)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Control+Alt+ArrowRight");
  await expect(tabs.nth(0)).toHaveAttribute("aria-selected", "true");

  await page.getByRole("button", { name: "Room lab" }).click();
  await page.keyboard.press("Control+Alt+ArrowRight");
  await expect(page.getByRole("button", { name: "Room lab" })).toHaveAttribute(
    "aria-pressed",
    "false",
  );
  await expect(tabs.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(frames(page)).toBeVisible();
});

test('"?" lists the shortcuts in a dialog that Escape closes, and focus returns', async ({
  page,
}) => {
  await page.goto("/");
  const grid = frames(page);
  await grid.focus();
  await page.keyboard.press("Shift+?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  for (const row of [
    /^Alt\+U\s*Focus the WebSocket URL$/,
    /^Ctrl\+F\s*Focus the frame filter$/,
    /^Alt\+M\s*Focus the message/,
    /^Ctrl\+Enter\s*Send the message$/,
    /^Ctrl\+Shift\+K\s*Clear the log$/,
    /^Ctrl\+J\s*Collapse or expand the bottom panel$/,
    /^Ctrl\+Alt\+→\s*Next session tab$/,
    /^Ctrl\+Alt\+←\s*Previous session tab$/,
    /^\?\s*Show these shortcuts$/,
  ])
    await expect(dialog.getByRole("row", { name: row })).toHaveCount(1);
  // While it is open, the page's shortcuts wait: Ctrl+J leaves the panel open.
  await page.keyboard.press("Control+J");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(grid).toBeFocused();
  await expect(page.getByRole("button", { name: "Collapse panel" })).toBeVisible();

  // The header's "?" button opens it too; its Close button closes it.
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Keyboard shortcuts" })).toBeFocused();

  // While typing, "?" is a character.
  const message = page.getByRole("textbox", { name: "Message" });
  await message.click();
  await page.keyboard.type("why?");
  await expect(message).toHaveValue("why?");
  await expect(dialog).toBeHidden();
});

test("Ctrl+F is the browser's find until focus is inside the app", async ({ page }) => {
  await page.goto("/");
  await watchDefaults(page);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Control+F");
  expect(await lastKeyPrevented(page)).toBe(false);
  await expect(page.getByRole("searchbox", { name: "Filter frames" })).not.toBeFocused();

  await frames(page).focus();
  await page.keyboard.press("Control+F");
  expect(await lastKeyPrevented(page)).toBe(true);
  await expect(page.getByRole("searchbox", { name: "Filter frames" })).toBeFocused();
});

/**
 * Tabs through the page and returns the controls that took focus without a visible ring: an
 * outline of 2 px or more on the control, or on what draws it (a switch's track, a file input's
 * label).
 */
async function controlsWithoutRing(page: Page, presses: number) {
  const missing = new Set<string>();
  const seen = new Set<string>();
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press("Tab");
    const found = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return undefined;
      const name =
        element.getAttribute("aria-label") ||
        (element as HTMLInputElement).labels?.[0]?.textContent?.trim() ||
        element.textContent?.trim().slice(0, 30) ||
        element.tagName;
      const describe = `${element.tagName.toLowerCase()}[${element.getAttribute("role") ?? ""}] ${name}`;
      const rect = element.getBoundingClientRect();
      const hidden =
        rect.width <= 1 || rect.height <= 1 || Number(getComputedStyle(element).opacity) === 0;
      const drawn = hidden
        ? (element.closest("label")?.querySelector(".switch-track") ?? element.closest("label"))
        : element;
      if (!drawn) return { describe, ring: false };
      const style = getComputedStyle(drawn);
      const ring = style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
      return { describe, ring };
    });
    if (!found) continue;
    seen.add(found.describe);
    if (!found.ring) missing.add(found.describe);
  }
  return { missing: [...missing], seen: seen.size };
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`${colorScheme} theme: every control Tab reaches shows a focus ring`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto("/");
    await connectTo(page, "/echo");
    await expectStatus(page, "Open");
    await page.getByRole("combobox", { name: "Message type" }).selectOption("binary");
    await page.getByRole("textbox", { name: "Message" }).fill("de ad be ef");
    await page.keyboard.press("Control+Enter");
    await dataRows(page).filter({ hasText: "Binary: de ad be ef" }).first().click();
    await page
      .getByRole("region", { name: "Frame detail" })
      .getByRole("tab", { name: "Hex" })
      .click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const { missing, seen } = await controlsWithoutRing(page, 90);
    expect(seen).toBeGreaterThan(40);
    expect(missing).toEqual([]);

    // A menu's items, reached by keyboard.
    await page.getByRole("button", { name: "Playground" }).focus();
    await page.keyboard.press("Enter");
    const item = page.getByRole("menuitem").first();
    await expect(item).toBeFocused();
    expect(
      await item.evaluate((element) => {
        const style = getComputedStyle(element);
        return style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2;
      }),
    ).toBe(true);
  });
}
