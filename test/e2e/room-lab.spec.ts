import { expect, test } from "@playwright/test";
import { frames } from "./helpers.ts";

test("the room lab opens N clients on a room and shows what each received", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Room lab" }).click();
  const lab = page.getByRole("region", { name: "Room lab" });
  await expect(lab.getByRole("textbox", { name: "Room URL", exact: true })).toHaveValue(
    /\/rooms\/lab$/,
  );
  await lab.getByRole("textbox", { name: "Clients" }).fill("4");
  await lab.getByRole("button", { name: "Open clients" }).click();

  const rows = lab.getByRole("table", { name: "Room lab clients" }).getByRole("row");
  await expect(rows).toHaveCount(5);
  for (let i = 1; i <= 4; i++) await expect(rows.nth(i)).toContainText("Open");

  await lab.getByRole("combobox", { name: "From client" }).selectOption({ label: "Client 2" });
  await lab.getByRole("textbox", { name: "Lab message" }).fill("hi from two");
  await lab.getByRole("button", { name: "Send to room" }).click();
  // Every member of the room, the sender included, receives the published message.
  for (let i = 1; i <= 4; i++) await expect(rows.nth(i)).toContainText("hi from two");
  // Client 1 joined first, so it saw the other three arrive.
  await expect(rows.nth(1)).toContainText('"n":4');

  await lab.getByRole("textbox", { name: "Clients" }).fill("51");
  await lab.getByRole("button", { name: "Open clients" }).click();
  await expect(lab.getByRole("alert")).toHaveText("Clients must be from 1 to 50");

  await lab.getByRole("button", { name: "Close clients" }).click();
  await expect(lab.getByRole("table", { name: "Room lab clients" })).toHaveCount(0);
});

test("the room lab is a mode: it looks pressed, a session tab or a new one leaves it, and what was typed stays", async ({
  page,
}) => {
  await page.goto("/");
  const labButton = page.getByRole("button", { name: "Room lab" });
  const tabs = page.getByRole("tablist", { name: "Sessions" }).getByRole("tab");
  const lab = page.getByRole("region", { name: "Room lab" });
  const look = () =>
    labButton.evaluate((element) => {
      const style = getComputedStyle(element);
      return { background: style.backgroundColor, shadow: style.boxShadow };
    });
  await expect(labButton).toHaveAttribute("aria-pressed", "false");
  const off = await look();

  await labButton.click();
  await expect(labButton).toHaveAttribute("aria-pressed", "true");
  // Pressed is seen, not only announced: filled, and sunk in.
  const on = await look();
  expect(on.background).not.toBe(off.background);
  expect(on.shadow).toContain("inset");
  // The sessions are not shown, so no session tab is selected.
  await expect(tabs.first()).toHaveAttribute("aria-selected", "false");
  await expect(frames(page)).toBeHidden();

  await lab.getByRole("textbox", { name: "Clients" }).fill("3");
  await lab.getByRole("button", { name: "Open clients" }).click();
  const rows = lab.getByRole("table", { name: "Room lab clients" }).getByRole("row");
  await expect(rows).toHaveCount(4);
  await lab.getByRole("textbox", { name: "Lab message" }).fill("kept while away");

  // Toggled off and on, the lab keeps what was typed.
  await labButton.click();
  await expect(lab).toHaveCount(0);
  await expect(frames(page)).toBeVisible();
  await labButton.click();
  await expect(lab.getByRole("textbox", { name: "Lab message" })).toHaveValue("kept while away");
  await expect(lab.getByRole("textbox", { name: "Clients" })).toHaveValue("3");

  // Picking a session tab, even the one that was active, leaves the lab.
  await tabs.first().click();
  await expect(labButton).toHaveAttribute("aria-pressed", "false");
  await expect(lab).toHaveCount(0);
  await expect(tabs.first()).toHaveAttribute("aria-selected", "true");
  await expect(frames(page)).toBeVisible();

  // So does opening a new tab.
  await labButton.click();
  await page.getByRole("button", { name: "New tab" }).click();
  await expect(labButton).toHaveAttribute("aria-pressed", "false");
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute("aria-selected", "true");

  // Back in the lab, its clients are still open and the message is still there.
  await labButton.click();
  await expect(rows).toHaveCount(4);
  await expect(lab.getByRole("textbox", { name: "Lab message" })).toHaveValue("kept while away");
});

test("nothing in the room lab is clipped: two-digit message numbers show whole", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await page.getByRole("button", { name: "Room lab" }).click();
  const lab = page.getByRole("region", { name: "Room lab" });
  await lab.getByRole("textbox", { name: "Clients" }).fill("1");
  await lab.getByRole("button", { name: "Open clients" }).click();
  const client = lab.getByRole("table", { name: "Room lab clients" }).getByRole("row").nth(1);
  await expect(client).toContainText("Open");
  for (let i = 1; i <= 12; i++) {
    await lab.getByRole("textbox", { name: "Lab message" }).fill(`note ${i}`);
    await lab.getByRole("button", { name: "Send to room" }).click();
  }
  await expect(client).toContainText('"data":"note 12"');
  const list = client.getByRole("list");
  await expect(list.getByRole("listitem")).toHaveCount(14);
  // The markers sit in the list's left padding: it must hold "14." whole, and no item is cut.
  const fit = await list.evaluate((element) => {
    const probe = document.createElement("span");
    probe.textContent = "14. ";
    probe.style.font = getComputedStyle(element).font;
    probe.style.position = "absolute";
    document.body.append(probe);
    const markerWidth = probe.getBoundingClientRect().width;
    probe.remove();
    return {
      markerWidth,
      padding: Number.parseFloat(getComputedStyle(element).paddingLeft),
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    };
  });
  expect(fit.padding).toBeGreaterThanOrEqual(fit.markerWidth);
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  const region = await lab.evaluate((element) => ({
    scrollWidth: element.scrollWidth,
    clientWidth: element.clientWidth,
  }));
  expect(region.scrollWidth).toBeLessThanOrEqual(region.clientWidth);
});
