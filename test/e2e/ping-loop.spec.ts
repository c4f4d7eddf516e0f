import { mkdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus } from "./helpers.ts";

function resultRow(page: import("@playwright/test").Page, name: string) {
  return page
    .getByRole("table", { name: "Ping results" })
    .getByRole("row", { name: new RegExp(`^${name}\\b`) });
}

test("a 50-ping loop against /rooms/x: 50 sent, 50 received, 0 lost, RTTs on the replies, CSV export", async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto("/");
  await connectTo(page, "/rooms/x");
  await expectStatus(page, "Open");
  await page.getByRole("tab", { name: "Ping loop" }).click();
  const region = page.getByRole("region", { name: "Ping loop" });
  await region.getByRole("textbox", { name: "Payload" }).fill("ping");
  await region.getByRole("textbox", { name: "Interval (ms)" }).fill("20");
  await region.getByRole("textbox", { name: "Count" }).fill("50");
  await region.getByRole("combobox", { name: "Reply matcher" }).selectOption("exact");
  await region.getByRole("textbox", { name: "Reply text" }).fill("pong");
  await region.getByRole("button", { name: "Start" }).click();

  await expect(region.getByText("Done")).toBeVisible({ timeout: 15_000 });
  await expect(resultRow(page, "Sent").getByRole("cell")).toHaveText("50");
  await expect(resultRow(page, "Received").getByRole("cell")).toHaveText("50");
  await expect(resultRow(page, "Lost").getByRole("cell")).toHaveText("0");
  for (const name of ["Min", "Median", "p95", "p99", "Max", "Mean", "Jitter"]) {
    await expect(resultRow(page, name).getByRole("cell")).toHaveText(/^[\d.]+ (µs|ms|s)$/);
  }
  await expect(
    dataRows(page)
      .filter({ hasText: /RTT [\d.]+ (µs|ms) pong/ })
      .first(),
  ).toBeVisible();
  await expect(region.getByRole("img", { name: "RTT per ping" })).toBeVisible();

  // The screenshot shows the whole panel: the bottom panel grows by two big steps.
  const splitter = page.getByRole("separator", { name: "Resize bottom panel" });
  await splitter.focus();
  for (let step = 0; step < 2; step++) await page.keyboard.press("Shift+ArrowUp");
  await splitter.blur();
  const path = process.env.UPDATE_DOCS_SCREENSHOTS
    ? "docs/images/ping-loop.png"
    : testInfo.outputPath("ping-loop.png");
  mkdirSync(path.replace(/\/[^/]+$/, ""), { recursive: true });
  await page.screenshot({ path });

  await region.getByRole("checkbox", { name: "Histogram" }).check();
  await expect(region.getByRole("img", { name: "RTT histogram" })).toBeVisible();

  const downloadPromise = page.waitForEvent("download");
  await region.getByRole("button", { name: "Export CSV" }).click();
  const csvPath = testInfo.outputPath("ping.csv");
  await (await downloadPromise).saveAs(csvPath);
  const lines = readFileSync(csvPath, "utf8").trim().split("\n");
  expect(lines[0]).toBe("seq,sent_at_epoch_ms,rtt_ms,status");
  expect(lines).toHaveLength(51);
  expect(lines[1]).toMatch(/^1,\d+\.\d{3},\d+\.\d{3},ok$/);
});

test("a JSON seq matcher in closed-loop mode, stopped by hand", async ({ page }) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await page.getByRole("tab", { name: "Ping loop" }).click();
  const region = page.getByRole("region", { name: "Ping loop" });
  await region.getByRole("textbox", { name: "Payload" }).fill('{"seq":{{seq}}}');
  await region.getByRole("checkbox", { name: "Closed loop" }).check();
  await region.getByRole("textbox", { name: "Count" }).fill("0");
  await region.getByRole("combobox", { name: "Reply matcher" }).selectOption("json-field");
  await region.getByRole("textbox", { name: "Field" }).fill("seq");
  await region.getByRole("button", { name: "Start" }).click();
  await expect
    .poll(async () => Number(await resultRow(page, "Received").getByRole("cell").textContent()))
    .toBeGreaterThan(20);
  await region.getByRole("button", { name: "Stop" }).click();
  await expect(region.getByText("Stopped: Stopped")).toBeVisible();
  await expect(resultRow(page, "Lost").getByRole("cell")).toHaveText(/^[01]$/);
});

test("a matcher that never matches says why the pings were lost, and a new run starts the chart over", async ({
  page,
}) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await page.getByRole("tab", { name: "Ping loop" }).click();
  const region = page.getByRole("region", { name: "Ping loop" });
  const chart = region.getByRole("img", { name: "RTT per ping" });
  await region.getByRole("textbox", { name: "Payload" }).fill("pong");
  await region.getByRole("textbox", { name: "Interval (ms)" }).fill("10");
  await region.getByRole("textbox", { name: "Count" }).fill("20");
  await region.getByRole("textbox", { name: "Reply text" }).fill("pong");
  await region.getByRole("button", { name: "Start" }).click();
  await expect(region.getByText("Done")).toBeVisible({ timeout: 15_000 });
  await expect(resultRow(page, "Received").getByRole("cell")).toHaveText("20");
  await expect(chart).toHaveAttribute("data-x-max", "20");
  await expect(region.getByRole("note", { name: "Unmatched replies" })).toHaveCount(0);

  // The echo answers "pong"; the matcher waits for "PONG".
  await region.getByRole("textbox", { name: "Count" }).fill("5");
  await region.getByRole("textbox", { name: "Timeout (ms)" }).fill("300");
  await region.getByRole("textbox", { name: "Reply text" }).fill("PONG");
  await region.getByRole("button", { name: "Start" }).click();
  await expect(region.getByText("Done")).toBeVisible({ timeout: 15_000 });
  await expect(resultRow(page, "Lost").getByRole("cell")).toHaveText("5");
  await expect(region.getByRole("note", { name: "Unmatched replies" })).toHaveText(
    "5 replies did not match 'PONG' (they read 'pong')",
  );
  await expect(chart).toHaveAttribute("data-x-min", "1");
  await expect(chart).toHaveAttribute("data-x-max", "5");
});
