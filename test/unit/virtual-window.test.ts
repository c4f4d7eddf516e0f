import { describe, expect, it } from "vitest";
import { isScrolledToBottom, virtualWindow } from "../../inspector/src/model/virtual-window.ts";

describe("virtualWindow", () => {
  const base = { rowHeight: 20, viewportHeight: 100, overscan: 2 };

  it.each([
    ["no rows", { rowCount: 0, scrollTop: 0 }, { start: 0, end: 0, offsetTop: 0, totalHeight: 0 }],
    [
      "fewer rows than fit",
      { rowCount: 3, scrollTop: 0 },
      { start: 0, end: 3, offsetTop: 0, totalHeight: 60 },
    ],
    [
      "at the top",
      { rowCount: 1000, scrollTop: 0 },
      { start: 0, end: 8, offsetTop: 0, totalHeight: 20000 },
    ],
    [
      "scrolled to the middle",
      { rowCount: 1000, scrollTop: 5000 },
      { start: 248, end: 258, offsetTop: 4960, totalHeight: 20000 },
    ],
    [
      "scrolled beyond the end is clamped",
      { rowCount: 1000, scrollTop: 1e9 },
      { start: 993, end: 1000, offsetTop: 19860, totalHeight: 20000 },
    ],
    [
      "negative scroll is clamped",
      { rowCount: 10, scrollTop: -50 },
      { start: 0, end: 8, offsetTop: 0, totalHeight: 200 },
    ],
  ])("%s", (_name, input, expected) => {
    expect(virtualWindow({ ...base, ...input })).toEqual(expected);
  });

  it("renders a bounded number of rows for a million frames", () => {
    const window = virtualWindow({
      rowCount: 1_000_000,
      rowHeight: 24,
      scrollTop: 12_000_000,
      viewportHeight: 800,
    });
    expect(window.end - window.start).toBeLessThan(60);
  });
});

describe("isScrolledToBottom", () => {
  it.each([
    [900, 100, 1000, true],
    [897, 100, 1000, true],
    [890, 100, 1000, false],
    [0, 100, 50, true],
  ])("scrollTop %d, viewport %d, height %d → %s", (top, viewport, height, expected) => {
    expect(isScrolledToBottom(top, viewport, height)).toBe(expected);
  });
});
