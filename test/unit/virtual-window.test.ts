import { describe, expect, it } from "vitest";
import {
  isScrolledToBottom,
  scrollTopFor,
  virtualWindow,
} from "../../inspector/src/model/log/virtual-window.ts";

describe("virtualWindow", () => {
  const base = { rowHeight: 20, viewportHeight: 100, overscan: 2 };

  it.each([
    [
      "no rows",
      { rowCount: 0, scrollTop: 0 },
      { start: 0, end: 0, offsetTop: 0, canvasHeight: 0, scale: 1 },
    ],
    [
      "fewer rows than fit",
      { rowCount: 3, scrollTop: 0 },
      { start: 0, end: 3, offsetTop: 0, canvasHeight: 60, scale: 1 },
    ],
    [
      "at the top",
      { rowCount: 1000, scrollTop: 0 },
      { start: 0, end: 8, offsetTop: 0, canvasHeight: 20000, scale: 1 },
    ],
    [
      "scrolled to the middle",
      { rowCount: 1000, scrollTop: 5000 },
      { start: 248, end: 258, offsetTop: 4960, canvasHeight: 20000, scale: 1 },
    ],
    [
      "scrolled beyond the end is clamped",
      { rowCount: 1000, scrollTop: 1e9 },
      { start: 993, end: 1000, offsetTop: 19860, canvasHeight: 20000, scale: 1 },
    ],
    [
      "negative scroll is clamped",
      { rowCount: 10, scrollTop: -50 },
      { start: 0, end: 8, offsetTop: 0, canvasHeight: 200, scale: 1 },
    ],
  ])("%s", (_name, input, expected) => {
    expect(virtualWindow({ ...base, ...input })).toEqual(expected);
  });

  it("scales a list taller than the canvas may be, reaching its first and last rows", () => {
    const input = {
      rowCount: 1_000_000,
      rowHeight: 24,
      viewportHeight: 800,
      maxCanvasHeight: 10_000_000,
    };
    const top = virtualWindow({ ...input, scrollTop: 0 });
    expect(top.canvasHeight).toBe(10_000_000);
    expect(top.scale).toBeGreaterThan(2);
    expect(top.start).toBe(0);
    const bottom = virtualWindow({ ...input, scrollTop: 10_000_000 });
    expect(bottom.end).toBe(1_000_000);
    // The last row's bottom sits at the viewport's bottom.
    const lastRowTop = bottom.offsetTop + (1_000_000 - 1 - bottom.start) * 24;
    expect(lastRowTop + 24).toBeCloseTo(10_000_000, 5);
    expect(bottom.end - bottom.start).toBeLessThan(60);
  });
});

describe("scrollTopFor", () => {
  const input = { rowCount: 1000, rowHeight: 20, viewportHeight: 100, scrollTop: 200 };

  it.each([
    ["a visible row keeps the scroll", 12, 200],
    ["a row above scrolls it to the top", 3, 60],
    ["a row below scrolls it to the bottom", 30, 520],
    ["the last row", 999, 19900],
    ["the first row", 0, 0],
  ])("%s", (_name, index, expected) => {
    expect(scrollTopFor(input, index)).toBe(expected);
  });

  it("maps through the scale of a very long list", () => {
    const long = {
      rowCount: 1_000_000,
      rowHeight: 24,
      viewportHeight: 800,
      scrollTop: 0,
      maxCanvasHeight: 10_000_000,
    };
    const target = scrollTopFor(long, 500_000);
    const window = virtualWindow({ ...long, scrollTop: target });
    expect(window.start).toBeLessThanOrEqual(500_000);
    expect(window.end).toBeGreaterThan(500_000);
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
