import { expect, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe.ts";

test("a page whose app cannot load says so, in plain words", async ({ page }) => {
  // The app's modules come as a chunk of their own, after the page's first script (main.tsx).
  await page.route(/\/assets\/App-[\w-]+\.js$/, (route) => route.fulfill({ status: 404 }));
  await page.goto("/");
  await expect(page.getByRole("alert")).toHaveText(
    /^SocketScope could not start: .*App-[\w-]+\.js.*\. Reload the page\.$/,
  );
  await expect(page.getByRole("button", { name: "Connect" })).toHaveCount(0);
  await expectNoSeriousViolations(page, "the app could not start");
});

test("a page that starts shows the app and no such alert", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Connect" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
});
