import { expect, test } from "@playwright/test";

test("connects to /echo, sends a message, sees it both ways and the close code", async ({
  page,
}) => {
  await page.goto("/");
  const url = page.getByRole("textbox", { name: "WebSocket URL" });
  await expect(url).toHaveValue(/^ws:\/\/127\.0\.0\.1:\d+\/echo$/);

  await page.getByRole("button", { name: "Connect" }).click();
  const status = page.getByRole("status", { name: "Connection status" });
  await expect(status).toHaveText("Open");

  const frames = page.getByRole("grid", { name: "Frames" });
  await expect(frames.getByRole("row").filter({ hasText: "Connected to" })).toHaveCount(1);

  await page.getByRole("textbox", { name: "Message" }).fill("hello, echo ✓");
  await page.getByRole("button", { name: "Send" }).click();

  const sent = frames
    .getByRole("row")
    .filter({ hasText: "Sent" })
    .filter({ hasText: "hello, echo ✓" });
  const received = frames
    .getByRole("row")
    .filter({ hasText: "Received" })
    .filter({ hasText: "hello, echo ✓" });
  await expect(sent).toHaveCount(1);
  await expect(received).toHaveCount(1);
  // "hello, echo ✓" is 15 bytes in UTF-8 (the check mark takes three).
  await expect(received.getByRole("gridcell").nth(2)).toHaveText("15 B");
  await expect(received.getByRole("gridcell").nth(3)).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);

  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(status).toHaveText("Closed (1000 Normal Closure)");
  await expect(
    frames.getByRole("row").filter({ hasText: "Closed: 1000 Normal Closure" }),
  ).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Connect" })).toBeVisible();
});

test("an invalid URL shows a message next to the field and connects nothing", async ({ page }) => {
  await page.goto("/");
  const url = page.getByRole("textbox", { name: "WebSocket URL" });
  await url.fill("http://127.0.0.1:7788/echo");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(url).toHaveAccessibleDescription(
    "http:// is for web pages; WebSocket URLs start with ws://. Try ws://127.0.0.1:7788/echo",
  );
  await expect(url).toHaveAttribute("aria-invalid", "true");

  await url.fill("ws://not a url");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(url).toHaveAccessibleDescription(/Not a valid (URL|host name)/);

  await url.fill("127.0.0.1:7788/echo");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(url).toHaveAccessibleDescription(
    "The URL needs a scheme: try ws://127.0.0.1:7788/echo",
  );

  await expect(page.getByRole("status", { name: "Connection status" })).toHaveText("Not connected");
  await expect(page.getByRole("grid", { name: "Frames" }).getByRole("row")).toHaveCount(1);
});

test("the page is cross-origin isolated, so the clock has 5 µs resolution", async ({ page }) => {
  await page.goto("/");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByText("Clock: 5 µs (cross-origin isolated)")).toBeVisible();
});
