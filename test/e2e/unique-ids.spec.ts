import { expect, type Page, test } from "@playwright/test";
import { connectTo, expectStatus, send } from "./helpers.ts";

/** Element ids that more than one element of the page carries. */
function duplicateIds(page: Page) {
  return page.evaluate(() => {
    const counts = new Map<string, number>();
    for (const element of document.querySelectorAll("[id]"))
      counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
    return [...counts].filter(([, count]) => count > 1).map(([id]) => id);
  });
}

test("every session tab stays mounted, and no two elements share an id", async ({ page }) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, "first tab");
  await page.getByRole("button", { name: "New tab" }).click();
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, "second tab");

  // Both logs side by side, each with a selected row (aria-activedescendant names its id).
  await page.getByRole("combobox", { name: "Split with" }).selectOption({ index: 1 });
  const grids = page.getByRole("grid", { name: "Frames" });
  await expect(grids).toHaveCount(2);
  for (const grid of await grids.all()) {
    await expect(grid.getByRole("row")).toHaveCount(4);
    await grid.focus();
    await page.keyboard.press("End");
    await expect(grid).toHaveAttribute("aria-activedescendant", /./);
  }
  expect(await duplicateIds(page)).toEqual([]);
});
