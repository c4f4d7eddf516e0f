import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus, send } from "./helpers.ts";

/**
 * axe-core over the main views: each must have no serious or critical violation. The views are
 * checked as a user reaches them, so what axe sees is what a screen reader meets.
 */
async function expectNoSeriousViolations(page: Page, view: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      view,
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  expect(serious).toEqual([]);
}

/** Opens the tab `name` of the bottom panel. */
async function openPanel(page: Page, name: string) {
  await page.getByRole("tab", { name, exact: true }).click();
  await expect(page.getByRole("tab", { name, exact: true })).toHaveAttribute(
    "aria-selected",
    "true",
  );
}

test("one tab: empty, connected with a frame selected, and each bottom panel", async ({ page }) => {
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

test("the retention limits popover and the import chooser", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Retention limits" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectNoSeriousViolations(page, "retention limits");
  await page.keyboard.press("Escape");

  await page.getByLabel("Import").setInputFiles("test/fixtures/har/multiple-sockets.har");
  await expect(page.getByRole("group", { name: "Choose a connection to import" })).toBeVisible();
  await expectNoSeriousViolations(page, "import chooser");
});

test("the room lab", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Room lab" }).click();
  await expectNoSeriousViolations(page, "room lab");
});
