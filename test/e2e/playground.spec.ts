import { expect, test } from "@playwright/test";

test("the Playground menu lists the server's endpoints and fills the URL", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Playground" }).click();
  const menu = page.getByRole("menu");
  for (const path of [
    "/echo",
    "/broadcast",
    "/rooms/:room",
    "/ticker",
    "/firehose",
    "/close",
    "/auth",
  ]) {
    await expect(menu.getByRole("menuitem", { name: path })).toBeVisible();
  }
  await expect(menu.getByRole("menuitem", { name: "/ticker" })).toHaveAccessibleDescription(
    /server push of/,
  );

  await menu.getByRole("menuitem", { name: "/rooms/:room" }).click();
  const url = page.getByRole("textbox", { name: "WebSocket URL" });
  await expect(url).toHaveValue(/^ws:\/\/127\.0\.0\.1:\d+\/rooms\/lobby$/);

  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("status", { name: "Connection status" })).toHaveText("Open");
  const frames = page.getByRole("grid", { name: "Frames" });
  await expect(frames.getByRole("row").filter({ hasText: '"type":"welcome"' })).toHaveCount(1);

  await page.getByRole("textbox", { name: "Message" }).fill("ping");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(
    frames.getByRole("row").filter({ hasText: "Received" }).filter({ hasText: "pong" }),
  ).toHaveCount(1);
});
