import { writeFileSync } from "node:fs";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus, frames, openRelaySettings } from "./helpers.ts";

/**
 * The layout holds: at the sizes people use, in both themes, every bar is one line, no two
 * controls overlap, the page never scrolls sideways, the log keeps its room, and messages show
 * without moving a control. Panes resize by keyboard and mouse, and keep their size on reload.
 */

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1600, height: 1000 },
] as const;
const ROW_HEIGHT = 24;

/** A control's box, clipped to every scrolling ancestor (what the user can see of it). */
interface Box {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The visible interactive controls: buttons, fields, tabs, switches, separators and the log grid,
 * each with its visible box. Toasts are left out (an overlay on purpose), and so is the empty
 * log's hint (drawn over the log's empty rows on purpose), and anything hidden, scrolled out of its
 * container or visually hidden (1 px).
 */
function visibleControls(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const selector = [
      "button",
      "input:not([type=hidden])",
      "select",
      "textarea",
      "[role=tab]",
      "[role=switch]",
      "[role=separator][tabindex]",
      "[role=grid]",
      "hr[tabindex]",
    ].join(",");
    const name = (element: Element) =>
      element.getAttribute("aria-label") ||
      (element as HTMLInputElement).labels?.[0]?.textContent?.trim() ||
      element.textContent?.trim().slice(0, 30) ||
      element.tagName;
    const boxes: (Box & { element: Element })[] = [];
    for (const element of document.querySelectorAll(selector)) {
      if (element.closest(".toast-region, .log-empty")) continue;
      const style = getComputedStyle(element);
      if (style.visibility === "hidden" || Number(style.opacity) === 0) continue;
      let rect = element.getBoundingClientRect();
      let left = rect.left;
      let top = rect.top;
      let right = rect.right;
      let bottom = rect.bottom;
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent);
        if (overflow.overflowX === "visible" && overflow.overflowY === "visible") continue;
        rect = parent.getBoundingClientRect();
        left = Math.max(left, rect.left);
        top = Math.max(top, rect.top);
        right = Math.min(right, rect.right);
        bottom = Math.min(bottom, rect.bottom);
      }
      right = Math.min(right, window.innerWidth);
      bottom = Math.min(bottom, window.innerHeight);
      if (right - left <= 1 || bottom - top <= 1) continue;
      boxes.push({
        element,
        name: name(element),
        x: left,
        y: top,
        width: right - left,
        height: bottom - top,
      });
    }
    // A control inside another (an input in a switch's label, say) is not an overlap.
    return boxes
      .filter(
        (box) =>
          !boxes.some(
            (other) =>
              other !== box &&
              other.element.contains(box.element) &&
              other.element.matches("[role=grid]") === false,
          ),
      )
      .map(({ element: _, ...box }) => box);
  });
}

/** Pairs of controls whose boxes overlap by more than a pixel each way. */
function overlaps(boxes: Box[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as Box;
      const b = boxes[j] as Box;
      const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (width > 1 && height > 1) found.push(`${a.name} × ${b.name}`);
    }
  }
  return found;
}

async function expectNoOverlaps(page: Page) {
  expect(overlaps(await visibleControls(page))).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement as Element;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/** Top and bottom of the controls in `container` that the user sees: one line spans ≤ 36 px. */
async function lineSpan(container: Locator) {
  return container.evaluate((element) => {
    const controls = [...element.querySelectorAll("input, button, select, [role=switch]")]
      .filter((control) => !control.closest("[hidden], .relay-drawer"))
      .map((control) => control.getBoundingClientRect())
      .filter((rect) => rect.width > 1 && rect.height > 1);
    const top = Math.min(...controls.map((rect) => rect.top));
    const bottom = Math.max(...controls.map((rect) => rect.bottom));
    return bottom - top;
  });
}

/** How many log rows are fully in view. */
function rowsInView(grid: Locator) {
  return grid.evaluate((element) => {
    const view = element.getBoundingClientRect();
    const header = element.querySelector("[role=row]")?.getBoundingClientRect();
    const top = header ? header.bottom : view.top;
    return [...element.querySelectorAll("[role=row]")].slice(1).filter((row) => {
      const rect = row.getBoundingClientRect();
      return rect.top >= top - 0.5 && rect.bottom <= view.bottom + 0.5;
    }).length;
  });
}

/** How many 24 px rows the log has room for, below its header. */
function rowsOfRoom(grid: Locator) {
  return grid.evaluate((element, rowHeight) => {
    const header = element.querySelector("[role=row]") as HTMLElement;
    return Math.floor((element.clientHeight - header.offsetHeight) / rowHeight);
  }, ROW_HEIGHT);
}

/**
 * Boxes of the connection bar's controls, the filter bar's, the log, the bottom panel's tabs and
 * the header's right-hand buttons (the session tabs grow with their names, and may).
 */
async function controlBoxes(page: Page) {
  const locators = [
    page.getByRole("textbox", { name: "WebSocket URL" }),
    page.getByRole("textbox", { name: "Subprotocols" }),
    page.getByRole("button", { name: "Playground" }),
    page.getByRole("button", { name: "Recent" }),
    page.getByRole("button", { name: "Copy as" }),
    page.getByRole("switch", { name: "Via relay" }),
    page.getByRole("button", { name: "Relay settings" }),
    page.getByRole("checkbox", { name: "Auto-reconnect" }),
    page.getByRole("button", { name: /^(Connect|Disconnect)$/ }),
    page.getByRole("status", { name: "Connection status" }),
    page.getByRole("searchbox", { name: "Filter frames" }),
    page.getByRole("button", { name: "Regex" }),
    page.getByRole("button", { name: "Control" }),
    page.getByRole("button", { name: "Clear log" }),
    page.getByRole("button", { name: "Export" }),
    page.getByRole("button", { name: "Room lab" }),
    frames(page),
    page.getByRole("tab", { name: "Compose" }),
  ];
  return Promise.all(locators.map((locator) => locator.boundingBox()));
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    for (const size of SIZES) {
      test(`${size.width}×${size.height}: one line per bar, no overlap, no sideways scroll, room for the log`, async ({
        page,
      }) => {
        await page.setViewportSize(size);
        await page.goto("/");
        const grid = frames(page);
        await expect(grid).toBeVisible();
        await expectNoOverlaps(page);
        await expectNoHorizontalScroll(page);

        const bar = page.getByRole("form", { name: "Connection", exact: true });
        expect(await lineSpan(bar)).toBeLessThanOrEqual(36);
        expect(await lineSpan(page.locator(".filter-bar"))).toBeLessThanOrEqual(36);
        const status = page.getByRole("status", { name: "Connection status" });
        expect((await status.boundingBox())?.height).toBeLessThanOrEqual(20);
        const statusBar = page.getByRole("region", { name: "Status bar" });
        expect((await statusBar.boundingBox())?.height).toBeLessThanOrEqual(26);

        // The log keeps its height whatever the bottom panel shows.
        const logHeight = (await grid.boundingBox())?.height ?? 0;
        if (size.width === 1280) expect(logHeight).toBeGreaterThanOrEqual(0.55 * size.height);
        for (const tab of ["Saved", "Ping loop", "Handshake", "Compose"]) {
          await page.getByRole("tab", { name: tab, exact: true }).click();
          expect((await grid.boundingBox())?.height).toBe(logHeight);
          await expectNoOverlaps(page);
        }

        // With the relay on, its settings open over the log and push nothing.
        await page.getByRole("switch", { name: "Via relay" }).check();
        await expect(page.getByRole("dialog", { name: "Relay settings" })).toBeVisible();
        expect((await grid.boundingBox())?.height).toBe(logHeight);
        await page.getByRole("button", { name: "Done" }).click();
        await expect(page.getByRole("dialog", { name: "Relay settings" })).toBeHidden();
        expect(await rowsOfRoom(grid)).toBeGreaterThanOrEqual(10);

        // Connected through the relay, the rows fill the room, and still nothing overlaps.
        const ticks = size.height / 10;
        await connectTo(page, `/ticker?interval=10&count=${ticks}`);
        await expect(dataRows(page).filter({ hasText: `"seq":${ticks},` })).toHaveCount(1);
        expect(await rowsInView(grid)).toBeGreaterThanOrEqual(size.width === 1024 ? 10 : 17);
        await dataRows(page).first().click();
        await expectNoOverlaps(page);
        await expectNoHorizontalScroll(page);
      });
    }

    test("split view at 1024×700: the sessions stack, both logs show rows, nothing overlaps", async ({
      page,
    }) => {
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.goto("/");
      for (const tab of ["first", "second"]) {
        if (tab === "second") await page.getByRole("button", { name: "New tab" }).click();
        await connectTo(page, "/ticker?interval=10&count=20");
        await expect(dataRows(page).filter({ hasText: '"seq":20,' })).toHaveCount(1);
      }
      await page.getByRole("combobox", { name: "Split with" }).selectOption({ index: 1 });

      const grids = page.getByRole("grid", { name: "Frames" });
      await expect(grids).toHaveCount(2);
      const [top, bottom] = [await grids.nth(0).boundingBox(), await grids.nth(1).boundingBox()];
      expect(top && bottom && top.y + top.height <= bottom.y).toBe(true);
      expect(top?.width).toBeGreaterThan(600);
      for (const grid of await grids.all())
        expect(await rowsInView(grid)).toBeGreaterThanOrEqual(3);
      await expectNoOverlaps(page);
      await expectNoHorizontalScroll(page);
    });

    test("split view at 1600×1000: the sessions side by side, each bar on two fixed lines", async ({
      page,
    }) => {
      await page.setViewportSize({ width: 1600, height: 1000 });
      await page.goto("/");
      await page.getByRole("button", { name: "New tab" }).click();
      await page.getByRole("combobox", { name: "Split with" }).selectOption({ index: 1 });
      const grids = page.getByRole("grid", { name: "Frames" });
      await expect(grids).toHaveCount(2);
      const [left, right] = [await grids.nth(0).boundingBox(), await grids.nth(1).boundingBox()];
      expect(left && right && left.x + left.width <= right.x).toBe(true);
      // Each connection bar has two lines of fixed height, and each status bar one.
      for (const bar of await page.getByRole("form", { name: "Connection", exact: true }).all()) {
        expect(await lineSpan(bar)).toBeLessThanOrEqual(84);
      }
      for (const bar of await page.getByRole("region", { name: "Status bar" }).all()) {
        expect((await bar.boundingBox())?.height).toBeLessThanOrEqual(26);
      }
      // Each side is narrow, so its detail pane sits under its log.
      for (const detail of await page.getByRole("region", { name: "Frame detail" }).all()) {
        const box = await detail.boundingBox();
        expect(box && left && box.y).toBeGreaterThan((left?.y ?? 0) + 100);
      }
      await expectNoOverlaps(page);
      await expectNoHorizontalScroll(page);
    });
  });
}

test("messages and status changes move no control", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto("/");
  const before = await controlBoxes(page);

  await page.getByRole("button", { name: "Copy as" }).click();
  await page.getByRole("menuitem", { name: /Share link/ }).click();
  await expect(page.getByRole("status", { name: "Copy result" })).toHaveText(
    /^Copied the share link/,
  );
  expect(await controlBoxes(page)).toEqual(before);

  await page.getByRole("button", { name: "Regex" }).click();
  await page.getByRole("searchbox", { name: "Filter frames" }).fill("(unclosed");
  await expect(page.getByRole("alert")).toHaveText(/^Not a valid regular expression: /);
  expect(await controlBoxes(page)).toEqual(before);
  await page.getByRole("searchbox", { name: "Filter frames" }).fill("");
  await page.getByRole("button", { name: "Regex" }).click();

  const garbage = testInfo.outputPath("garbage.json");
  writeFileSync(garbage, "not a capture");
  await page.getByLabel("Import").setInputFiles(garbage);
  await expect(page.getByRole("alert")).toContainText("Import failed");
  expect(await controlBoxes(page)).toEqual(before);
  await page.getByRole("alert").getByRole("button", { name: "Dismiss" }).click();

  // Connecting, open, a failure with a long explanation, and back: the status changes in place.
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  expect(await controlBoxes(page)).toEqual(before);
  await page.getByRole("button", { name: "Disconnect" }).click();
  await connectTo(page, "/no-such-endpoint");
  await expect(page.getByRole("status", { name: "Connection status" })).toHaveAttribute(
    "data-state",
    /closed|error/,
  );
  expect(await controlBoxes(page)).toEqual(before);

  // An invalid URL says so under the field, over the filter bar.
  await page.getByRole("textbox", { name: "WebSocket URL" }).fill("http://nope");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("textbox", { name: "WebSocket URL" })).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  expect(await controlBoxes(page)).toEqual(before);
});

test("the splitters move by keyboard and mouse, and keep their size across a reload", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  const grid = frames(page);
  const bottom = page.getByRole("separator", { name: "Resize bottom panel" });
  const detail = page.getByRole("separator", { name: "Resize frame detail" });
  await expect(bottom).toHaveAttribute("aria-orientation", "horizontal");
  await expect(detail).toHaveAttribute("aria-orientation", "vertical");
  const height = async (locator: Locator) => (await locator.boundingBox())?.height ?? 0;
  const width = async (locator: Locator) => (await locator.boundingBox())?.width ?? 0;

  const logHeight = await height(grid);
  const now = Number(await bottom.getAttribute("aria-valuenow"));
  await bottom.focus();
  await page.keyboard.press("Shift+ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect.poll(() => height(grid)).toBe(logHeight - 96);
  expect(Number(await bottom.getAttribute("aria-valuenow"))).toBeGreaterThan(now);
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => height(grid)).toBe(logHeight - 80);

  // End: the largest panel leaves the log its header and four rows; Home: the smallest panel.
  await page.keyboard.press("End");
  await expect.poll(() => height(grid)).toBe(5 * ROW_HEIGHT);
  await expect(bottom).toHaveAttribute(
    "aria-valuenow",
    (await bottom.getAttribute("aria-valuemax")) ?? "",
  );
  await page.keyboard.press("Home");
  await expect(bottom).toHaveAttribute(
    "aria-valuenow",
    (await bottom.getAttribute("aria-valuemin")) ?? "",
  );
  await page.keyboard.press("Shift+ArrowUp");
  const keyed = await height(grid);

  const detailPane = page.getByRole("region", { name: "Frame detail" });
  const detailWidth = await width(detailPane);
  await detail.focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => width(detailPane)).toBe(detailWidth + 32);

  // A mouse drag: the separator follows the pointer.
  const box = await detail.boundingBox();
  if (!box) throw new Error("no separator box");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 60, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => width(detailPane)).toBe(detailWidth + 92);
  const detailNow = await detail.getAttribute("aria-valuenow");

  await page.reload();
  await expect(grid).toBeVisible();
  await expect.poll(() => height(grid)).toBe(keyed);
  await expect.poll(() => width(detailPane)).toBe(detailWidth + 92);
  await expect(detail).toHaveAttribute("aria-valuenow", detailNow ?? "");
});

test("the bottom panel collapses to its tab strip, and a tab opens it again", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  const grid = frames(page);
  const logHeight = (await grid.boundingBox())?.height ?? 0;

  await page.getByRole("button", { name: "Collapse panel" }).click();
  const expand = page.getByRole("button", { name: "Expand panel" });
  await expect(expand).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeHidden();
  await expect(page.getByRole("separator", { name: "Resize bottom panel" })).toHaveCount(0);
  await expect
    .poll(async () => (await grid.boundingBox())?.height)
    .toBeGreaterThan(logHeight + 150);

  // Collapsed stays collapsed across a reload; picking a tab opens the panel on it.
  await page.reload();
  await expect(expand).toBeVisible();
  await page.getByRole("tab", { name: "Ping loop" }).click();
  await expect(page.getByRole("region", { name: "Ping loop" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Collapse panel" })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
  await expect.poll(async () => (await grid.boundingBox())?.height).toBe(logHeight);
});

test("the relay settings open in a drawer that Escape closes, and a refused Connect reopens", async ({
  page,
}) => {
  await page.goto("/");
  const toggle = page.getByRole("button", { name: "Relay settings" });
  const drawer = page.getByRole("dialog", { name: "Relay settings" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await openRelaySettings(page);
  await expect(drawer).toContainText("The relay is off");
  await page.getByRole("textbox", { name: "Origin" }).press("Escape");
  await expect(drawer).toBeHidden();
  await expect(toggle).toBeFocused();

  await page.getByRole("switch", { name: "Via relay" }).check();
  await expect(drawer).toBeVisible();
  await page.getByRole("textbox", { name: "Origin" }).fill("not a url");
  await page.getByRole("button", { name: "Connect" }).click();
  // Refused: the drawer opens again on the field with the problem.
  await expect(drawer).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Origin" })).toBeFocused();
  await expect(drawer.getByRole("alert")).toContainText("Fix the relay settings first");
});
