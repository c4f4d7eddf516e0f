import { expect, type Locator, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus, frames, send } from "./helpers.ts";

/**
 * Empty states and details: an empty log says how to start, the detail pane says when the
 * filter hides its frame, and the hex dump is never cut.
 */

test("an empty log says how to start, and its button opens the Playground menu", async ({
  page,
}) => {
  await page.goto("/");
  const hint = page.getByText(
    "No frames yet. Connect to a WebSocket URL, or pick an endpoint from the Playground menu.",
  );
  await expect(hint).toBeVisible();
  // The log itself is described by the hint while it is empty.
  await expect(frames(page)).toHaveAccessibleDescription(/^No frames yet\./);

  await page.getByRole("button", { name: "Pick an endpoint…" }).click();
  const menu = page.getByRole("menu");
  await expect(menu).toBeVisible();
  await menu.getByRole("menuitem", { name: /^\/echo/ }).click();
  await expect(page.getByRole("textbox", { name: "WebSocket URL" })).toHaveValue(/\/echo$/);
  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(page, "Open");
  await expect(hint).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Pick an endpoint…" })).toHaveCount(0);

  // Frames the filter hides all: the log says so instead.
  await page.getByRole("searchbox", { name: "Filter frames" }).fill("nothing matches this");
  await expect(page.getByText("No frames match the filter.")).toBeVisible();
});

test("the detail pane says when the filter hides its frame, and shows it again after", async ({
  page,
}) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, "alpha");
  await send(page, "beta");
  await dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "alpha" }).click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("tab", { name: "Text", exact: true })).toBeVisible();
  await expect(detail).toContainText("received");

  const filter = page.getByRole("searchbox", { name: "Filter frames" });
  await filter.fill("beta");
  await expect(dataRows(page)).toHaveCount(2);
  await expect(detail).toHaveText("The selected frame is hidden by the filter.");
  await expect(detail.getByRole("tab")).toHaveCount(0);

  await filter.fill("");
  await expect(detail.getByRole("tab", { name: "Text", exact: true })).toBeVisible();
  await expect(detail).toContainText("alpha");
});

/** Every hex line, whole in its box: no line wider than the box, its last character in view. */
function hexFit(viewport: Locator) {
  return viewport.evaluate((element: HTMLElement) => {
    const box = element.getBoundingClientRect();
    const lines = [...element.querySelectorAll(".hex-line")];
    const cut = lines.filter((line) => {
      const range = document.createRange();
      range.selectNodeContents(line);
      return (
        range.getBoundingClientRect().right >
        box.right - (element.offsetWidth - element.clientWidth) + 0.5
      );
    }).length;
    return {
      lines: lines.length,
      cut,
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
      overflowX: getComputedStyle(element).overflowX,
    };
  });
}

test("at 1280 the hex view shows every column whole; squeezed, it scrolls rather than cuts", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await page.getByRole("combobox", { name: "Message type" }).selectOption("binary");
  const bytes = Array.from({ length: 40 }, (_, i) => (0x30 + i).toString(16)).join(" ");
  await page.getByRole("textbox", { name: "Message" }).fill(bytes);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await dataRows(page).filter({ hasText: "Received" }).click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await detail.getByRole("tab", { name: "Hex" }).click();
  const viewport = detail.getByRole("region", { name: "Hex dump" });
  await expect(viewport).toContainText("00000000:");

  const fit = await hexFit(viewport);
  expect(fit.lines).toBeGreaterThan(0);
  expect(fit.cut).toBe(0);
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  // The ASCII column, last on each line, is in view: the last byte ("W") shows.
  await expect(viewport).toContainText("W");

  // Resized either way, the pane shows whole lines, or scrolls sideways inside its box.
  await page.getByRole("separator", { name: "Resize frame detail" }).focus();
  for (const key of ["End", "Home"]) {
    await page.keyboard.press(key);
    await expect
      .poll(async () => {
        const resized = await hexFit(viewport);
        return resized.cut === 0 || resized.scrollWidth > resized.clientWidth;
      })
      .toBe(true);
    expect((await hexFit(viewport)).overflowX).toBe("auto");
  }
});
