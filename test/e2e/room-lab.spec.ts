import { expect, test } from "@playwright/test";

test("the room lab opens N clients on a room and shows what each received", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Room lab" }).click();
  const lab = page.getByRole("region", { name: "Room lab" });
  await expect(lab.getByRole("textbox", { name: "Room URL" })).toHaveValue(/\/rooms\/lab$/);
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
