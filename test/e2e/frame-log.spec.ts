import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus, frames, send } from "./helpers.ts";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
});

test("rows show direction, preview, length, time and both deltas; the open event shows its subprotocol", async ({
  page,
}) => {
  await page.getByRole("textbox", { name: "Subprotocols" }).fill("json, text");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open (json)");
  await expect(dataRows(page).first()).toContainText("Connected to");
  await expect(dataRows(page).first()).toContainText("subprotocol json");
  await send(page, "timing");
  const received = dataRows(page).filter({ hasText: "Received" });
  await expect(received).toHaveCount(1);
  const cells = received.getByRole("gridcell");
  await expect(cells.nth(2)).toHaveText("6 B");
  await expect(cells.nth(3)).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);
  await expect(cells.nth(3)).toHaveAttribute("title", /^\d\d:\d\d:\d\d\.\d{6}$/);
  await expect(cells.nth(4)).toHaveText(/^[\d.]+ (µs|ms|s)$/);
  await expect(cells.nth(5)).toHaveText(/^[\d.]+ (µs|ms|s)$/);
});

test("filters by text, regex, direction and type, and shows the match count", async ({ page }) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  for (const message of ["alpha one", "beta two", "ALPHA three"]) await send(page, message);
  await expect(dataRows(page)).toHaveCount(7);

  const filter = page.getByRole("searchbox", { name: "Filter frames" });
  await filter.fill("alpha");
  await expect(dataRows(page)).toHaveCount(4);
  await expect(page.getByText("4 of 7 frames")).toBeVisible();

  await page.getByRole("button", { name: "Sent" }).click();
  await expect(dataRows(page)).toHaveCount(2);
  await expect(dataRows(page).filter({ hasText: "Sent" })).toHaveCount(0);
  await page.getByRole("button", { name: "Sent" }).click();

  await page.getByRole("button", { name: "Regex" }).click();
  await filter.fill("^alpha (one|three)$");
  await expect(dataRows(page)).toHaveCount(4);
  await filter.fill("(unclosed");
  await expect(page.getByRole("alert")).toHaveText(
    "Not a valid regular expression: /(unclosed/i: Unterminated group",
  );
  await expect(filter).toHaveAttribute("aria-invalid", "true");
  await expect(dataRows(page)).toHaveCount(4);

  await filter.fill("");
  await page.getByRole("button", { name: "Regex" }).click();
  await page.getByRole("button", { name: "Text" }).click();
  await expect(dataRows(page)).toHaveCount(1);
  await expect(dataRows(page).first()).toContainText("Connected to");
  await page.getByRole("button", { name: "Text" }).click();
  await page.getByRole("button", { name: "Events" }).click();
  await expect(dataRows(page)).toHaveCount(6);
});

test("keyboard: arrows, Home and End move the selection, and the detail pane follows", async ({
  page,
}) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  for (const message of ["first", "second", "third"]) await send(page, message);
  await expect(dataRows(page)).toHaveCount(7);

  const grid = frames(page);
  await grid.focus();
  await page.keyboard.press("Home");
  await expect(grid.locator('[aria-selected="true"]')).toContainText("Connected to");
  await page.keyboard.press("ArrowDown");
  await expect(grid.locator('[aria-selected="true"]')).toContainText("first");
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("tabpanel")).toContainText("first");
  await page.keyboard.press("End");
  await expect(grid.locator('[aria-selected="true"]')).toContainText("third");
  await expect(grid.locator('[aria-selected="true"]')).toContainText("Received");
  await page.keyboard.press("ArrowUp");
  await expect(grid.locator('[aria-selected="true"]')).toContainText("Sent");
  // The grid points at the selected row by its element id.
  const active = await grid.getAttribute("aria-activedescendant");
  expect(active).toMatch(/^frame-row-/);
  await expect(grid.locator(`[id="${active}"]`)).toHaveAttribute("aria-selected", "true");
});

test("the detail pane shows text, a JSON tree, a hex dump and base64, with copy buttons", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, '{"user":"ada","tags":["x","y"],"nested":{"deep":true}}');
  await dataRows(page).filter({ hasText: "Received" }).click();
  const detail = page.getByRole("region", { name: "Frame detail" });

  await expect(detail.getByRole("tab", { name: "JSON" })).toHaveAttribute("aria-selected", "true");
  const tree = detail.getByRole("list", { name: "JSON tree" });
  await expect(tree).toContainText('user: "ada"');
  await expect(tree.getByRole("button", { name: /tags/ })).toHaveAttribute(
    "aria-expanded",
    "false",
  );
  await tree.getByRole("button", { name: /tags/ }).click();
  await expect(tree).toContainText('0: "x"');
  await detail.getByRole("button", { name: "Copy JSON" }).click();
  await expect(detail.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('"deep": true');

  await detail.getByRole("tab", { name: "Text" }).click();
  await expect(detail.getByRole("tabpanel")).toContainText('{"user":"ada"');

  await detail.getByRole("tab", { name: "Hex" }).click();
  // The view fits its lines to the pane (8 bytes a line beside the log at this size); a copy is
  // the whole dump, 16 bytes a line.
  await expect(detail.getByRole("region", { name: "Hex dump" })).toContainText(
    '00000000: 7b22 7573 6572 223a  {"user":',
  );
  await detail.getByRole("button", { name: "Copy hex" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
    '00000000: 7b22 7573 6572 223a 2261 6461 222c 2274  {"user":"ada","t',
  );

  await detail.getByRole("tab", { name: "Base64" }).click();
  await expect(detail.getByRole("tabpanel")).toContainText("eyJ1c2VyIjoiYWRhIiwidGFncyI6");
});

test("binary frames show as hex, never silently as text", async ({ page }) => {
  await connectTo(page, "/firehose?rate=1000&count=3&size=16&binary=1");
  await expect(dataRows(page).filter({ hasText: "Binary:" })).toHaveCount(3);
  await dataRows(page).filter({ hasText: "Binary:" }).first().click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("tab", { name: "Hex" })).toHaveAttribute("aria-selected", "true");
  await expect(detail.getByRole("region", { name: "Hex dump" })).toContainText(
    "00000000: 3120 6162 6364 6566",
  );
  await detail.getByRole("tab", { name: "Text" }).click();
  await expect(detail.getByRole("tabpanel")).toContainText(
    "Binary is never decoded as text on its own",
  );
  await detail.getByRole("button", { name: "Decode as UTF-8" }).click();
  await expect(detail.getByRole("tabpanel")).toContainText("1 abcdefghijklmn");
});

test("received markup is shown as text and never rendered", async ({ page }) => {
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  const payloads = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    '<svg onload="alert(3)"></svg>',
  ];
  for (const payload of payloads) await send(page, payload);
  for (const payload of payloads) {
    await expect(
      dataRows(page).filter({ hasText: "Received" }).filter({ hasText: payload }),
    ).toHaveCount(1);
  }
  await dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "<img" }).click();
  await page
    .getByRole("region", { name: "Frame detail" })
    .getByRole("tab", { name: "Text" })
    .click();
  await expect(
    page.getByRole("region", { name: "Frame detail" }).getByRole("tabpanel"),
  ).toContainText("<img src=x");
  await page.waitForTimeout(200);
  expect(await page.locator("main img, main script, main svg").count()).toBe(0);
  expect(dialogs).toBe(0);
});

test("close codes show their meaning", async ({ page }) => {
  await connectTo(page, "/close?code=1009&reason=too%20big");
  await expectStatus(page, "Closed (1009 Message Too Big: too big)");
  await expect(
    dataRows(page).filter({ hasText: "Closed: 1009 Message Too Big: too big" }),
  ).toHaveCount(1);
});

test("auto-reconnect logs each attempt with a growing backoff and stops on Disconnect", async ({
  page,
}) => {
  await connectTo(page, "/close?code=1012&after=50", { reconnect: true });
  await expect(
    dataRows(page).filter({ hasText: "Closed: 1012 Service Restart" }).first(),
  ).toBeVisible();
  await expect(
    dataRows(page)
      .filter({ hasText: /Reconnecting in [\d.]+ s \(attempt 1\)/ })
      .first(),
  ).toBeVisible();
  await expect
    .poll(() => dataRows(page).filter({ hasText: "Connected to" }).count())
    .toBeGreaterThanOrEqual(2);
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("button", { name: "Clear log" }).click();

  // A server that refuses the upgrade: every attempt fails, so the backoff grows.
  await connectTo(page, "/no-such-endpoint", { reconnect: true });
  await expect(dataRows(page).filter({ hasText: /attempt 2\)/ })).toHaveCount(1, { timeout: 5000 });
  await expectStatus(
    page,
    /^Reconnecting in [\d.]+ s \(attempt 2\) after an attempt that never opened$/,
  );
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(dataRows(page).filter({ hasText: "Reconnect cancelled" })).toHaveCount(1);
  await expectStatus(page, "Not connected");
});

test("pause view holds the rows still while counts rise; clear log empties it", async ({
  page,
}) => {
  await connectTo(page, "/ticker?interval=20&count=100");
  await expect(dataRows(page)).not.toHaveCount(1);
  await page.getByRole("button", { name: "Pause view" }).click();
  await expect(page.getByRole("button", { name: "Pause view" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  const held = await dataRows(page).count();
  const inBefore = await page.getByText(/^In: /).textContent();
  await page.waitForTimeout(300);
  await expect(dataRows(page)).toHaveCount(held);
  await expect(page.getByText(/^In: /)).not.toHaveText(inBefore ?? "");
  await page.getByRole("button", { name: "Pause view" }).click();
  await expect.poll(() => dataRows(page).count()).toBeGreaterThan(held);

  // Clear once the ticker has sent all 100, so no frame can arrive after the clear.
  await expect(page.getByText(/^In: 100$/)).toBeVisible({ timeout: 15_000 });
  await page.getByRole("button", { name: "Clear log" }).click();
  await expect(page.getByText(/^In: 0$/)).toBeVisible();
  await expect(dataRows(page)).toHaveCount(0);
});

test("the view sticks to the bottom, pauses when scrolled up, and resumes at the bottom", async ({
  page,
}) => {
  await connectTo(page, "/ticker?interval=15&count=300");
  const grid = frames(page);
  await expect.poll(async () => (await grid.getAttribute("aria-rowcount")) ?? "0").not.toBe("1");
  await expect
    .poll(async () => Number(await grid.getAttribute("aria-rowcount")))
    .toBeGreaterThan(60);
  // Stuck: the newest row is on screen.
  const newest = async () => Number(await dataRows(page).last().getAttribute("aria-rowindex"));
  await expect
    .poll(async () => (await newest()) >= Number(await grid.getAttribute("aria-rowcount")) - 2)
    .toBe(true);

  await grid.hover();
  await page.mouse.wheel(0, -600);
  await page.waitForTimeout(100);
  const firstShown = await dataRows(page).first().getAttribute("aria-rowindex");
  await page.waitForTimeout(400);
  expect(await dataRows(page).first().getAttribute("aria-rowindex")).toBe(firstShown);

  await grid.focus();
  await page.keyboard.press("End");
  await page.waitForTimeout(300);
  await expect
    .poll(async () => (await newest()) >= Number(await grid.getAttribute("aria-rowcount")) - 2)
    .toBe(true);
});

test("retention limits drop the oldest frames and count them", async ({ page }) => {
  await page.getByRole("button", { name: "Retention limits" }).click();
  await page.getByRole("textbox", { name: "Max frames" }).fill("5");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("button", { name: "Retention limits" })).toContainText("5 frames");
  await page.keyboard.press("Escape");
  await connectTo(page, "/firehose?rate=2000&count=20&size=8");
  await expectStatus(page, /^Closed \(1000/);
  await expect(dataRows(page)).toHaveCount(5);
  // Exact text: "Rate in: 20/s" must not pass for "In: 20".
  await expect(page.getByText("Dropped: 17", { exact: true })).toBeVisible();
  await expect(page.getByText("In: 20", { exact: true })).toBeVisible();
});

test("a 10 MB frame shows a preview first and the full text on demand", async ({ page }) => {
  await connectTo(page, "/firehose?rate=10&count=1&size=10485760");
  const row = dataRows(page).filter({ hasText: "10,485,760 B" });
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await row.click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("tabpanel")).toContainText(
    "Showing the first 64.0 KiB of 10.0 MiB",
  );
  await detail.getByRole("tab", { name: "Hex" }).click();
  await expect(detail.getByRole("region", { name: "Hex dump" })).toContainText(
    "00000000: 3120 6162",
  );
  await detail.getByRole("tab", { name: "Text" }).click();
  await detail.getByRole("button", { name: "Show all" }).click();
  await expect(detail.getByText("Showing the first")).toHaveCount(0, { timeout: 15_000 });
});

test("screenshot of the log for the README", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 640 });
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  for (const message of ['{"type":"subscribe","channel":"trades"}', "ping", "hello ✓"])
    await send(page, message);
  await dataRows(page).filter({ hasText: "Received" }).first().click();
  const path = process.env.UPDATE_DOCS_SCREENSHOTS
    ? "docs/images/frame-log.png"
    : test.info().outputPath("frame-log.png");
  mkdirSync(path.replace(/\/[^/]+$/, ""), { recursive: true });
  await page.screenshot({ path });
});

test("the detail pane keeps its open tab while frames stream in", async ({ page }) => {
  await connectTo(page, "/ticker?interval=20&count=100");
  const firstTick = dataRows(page).filter({ hasText: '"seq":1,' });
  await firstTick.click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("tab", { name: "JSON" })).toHaveAttribute("aria-selected", "true");
  await detail.getByRole("tab", { name: "Hex" }).click();
  // Many view updates later, the selected frame's detail is still as the user left it.
  await expect(dataRows(page).filter({ hasText: '"seq":40,' })).toHaveCount(1);
  await expect(detail.getByRole("tab", { name: "Hex" })).toHaveAttribute("aria-selected", "true");
  await expect(detail.getByRole("tabpanel")).toContainText("7b22");
});
