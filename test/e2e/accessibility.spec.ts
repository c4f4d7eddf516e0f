import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe.ts";
import { connectTo, dataRows, expectStatus, send } from "./helpers.ts";

/*
 * axe-core over the main views: each must have no serious or critical violation. The views are
 * checked as a user reaches them, so what axe sees is what a screen reader meets. The main views
 * are checked in the light and the dark theme, and `color-contrast` must have run on each (text
 * at least 4.5:1, large text 3:1).
 */

/** Opens the tab `name` of the bottom panel. */
async function openPanel(page: Page, name: string) {
  await page.getByRole("tab", { name, exact: true }).click();
  await expect(page.getByRole("tab", { name, exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test("one tab: empty, connected with a frame selected, and each bottom panel", async ({
      page,
    }) => {
      // Eight axe passes over the whole page: several seconds each on a busy machine.
      test.setTimeout(60_000);
      await page.goto("/");
      await expectNoSeriousViolations(page, "empty tab");

      await connectTo(page, "/echo");
      await expectStatus(page, "Open");
      await send(page, '{"hello":"axe"}');
      await dataRows(page).filter({ hasText: "hello" }).first().click();
      const detail = page.getByRole("region", { name: "Frame detail" });
      for (const tab of ["Text", "JSON", "Hex"]) {
        await detail.getByRole("tab", { name: tab, exact: true }).click();
        await expectNoSeriousViolations(page, `frame detail, ${tab}`);
      }
      for (const panel of ["Compose", "Saved", "Ping loop", "Handshake"]) {
        await openPanel(page, panel);
        await expectNoSeriousViolations(page, `bottom panel ${panel}`);
      }
    });

    test("the relay settings, and the menus", async ({ page }) => {
      await page.goto("/");
      await page.getByRole("switch", { name: "Via relay" }).check();
      await page.getByRole("button", { name: "Add header" }).click();
      await expectNoSeriousViolations(page, "relay settings");

      for (const menu of ["Playground", "Recent", "Copy as", "Export"]) {
        await page.getByRole("button", { name: menu }).click();
        await expect(page.getByRole("menu")).toBeVisible();
        await expectNoSeriousViolations(page, `${menu} menu`);
        await page.keyboard.press("Escape");
        await expect(page.getByRole("menu")).toHaveCount(0);
      }
    });

    test("two tabs, the second tab's composer by role and name, and the split view", async ({
      page,
    }) => {
      await page.goto("/");
      await connectTo(page, "/echo");
      await expectStatus(page, "Open");
      await page.getByRole("button", { name: "New tab" }).click();
      await expect(page.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(2);
      await connectTo(page, "/broadcast?self=1");
      await expectStatus(page, "Open");

      // Every tab stays mounted: the second tab's fields must still carry their own names.
      const message = page.getByRole("textbox", { name: "Message" });
      await expect(message).toHaveCount(1);
      await message.fill("from the second tab");
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await expect(dataRows(page).filter({ hasText: "from the second tab" })).toHaveCount(2);
      await expectNoSeriousViolations(page, "two tabs");

      const origin = new URL(page.url()).host;
      await page.getByRole("combobox", { name: "Split with" }).selectOption({ index: 1 });
      await expect(page.getByRole("region", { name: `Session ${origin}/echo` })).toBeVisible();
      await expect(page.getByRole("region", { name: `Session ${origin}/broadcast` })).toBeVisible();
      await expectNoSeriousViolations(page, "split view");
    });

    test("the room lab", async ({ page }) => {
      await page.goto("/");
      await page.getByRole("button", { name: "Room lab" }).click();
      await expectNoSeriousViolations(page, "room lab");
      const lab = page.getByRole("region", { name: "Room lab" });
      await lab.getByRole("button", { name: "Open clients" }).click();
      await expect(lab.getByRole("table", { name: "Room lab clients" })).toContainText("Open");
      await expectNoSeriousViolations(page, "room lab with clients");
    });

    test("the retention limits popover and the import chooser", async ({ page }) => {
      await page.goto("/");
      await page.getByRole("button", { name: "Retention limits" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await expectNoSeriousViolations(page, "retention limits");
      await page.keyboard.press("Escape");

      await page.getByLabel("Import").setInputFiles("test/fixtures/har/multiple-sockets.har");
      await expect(
        page.getByRole("group", { name: "Choose a connection to import" }),
      ).toBeVisible();
      await expectNoSeriousViolations(page, "import chooser");
    });

    test("the shortcuts dialog and the empty log's hint", async ({ page }) => {
      await page.goto("/");
      await expect(page.getByRole("button", { name: "Pick an endpoint…" })).toBeVisible();
      await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
      await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
      await expectNoSeriousViolations(page, "keyboard shortcuts");
    });
  });
}
