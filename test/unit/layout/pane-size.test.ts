import { describe, expect, it } from "vitest";
import {
  clampSize,
  fractionFromSize,
  type PaneBounds,
  paneBounds,
  resizeByDrag,
  resizeByKey,
  separatorValues,
  sizeFromFraction,
} from "../../../inspector/src/model/layout/pane-size.ts";

describe("paneBounds", () => {
  it.each([
    ["room for both", 600, { minPane: 100, minRest: 120 }, { min: 100, max: 480 }],
    ["exactly both minimums", 220, { minPane: 100, minRest: 120 }, { min: 100, max: 100 }],
    [
      "too small: the rest keeps its minimum",
      180,
      { minPane: 100, minRest: 120 },
      { min: 60, max: 60 },
    ],
    ["smaller than the rest alone", 90, { minPane: 100, minRest: 120 }, { min: 0, max: 0 }],
    ["not measured yet", 0, { minPane: 100, minRest: 120 }, { min: 0, max: 0 }],
    ["fractional px round down", 600.7, { minPane: 100, minRest: 120 }, { min: 100, max: 480 }],
  ])("%s", (_name, total, limits, expected) => {
    expect(paneBounds(total, limits)).toEqual(expected);
  });
});

describe("clampSize and fractions", () => {
  const bounds: PaneBounds = { min: 100, max: 480 };

  it.each([
    ["inside", 250, 250],
    ["below the minimum", 20, 100],
    ["above the maximum", 900, 480],
    ["rounded to whole px", 250.6, 251],
    ["not a number", Number.NaN, 100],
    ["infinite", Number.POSITIVE_INFINITY, 100],
  ])("clampSize: %s", (_name, size, expected) => {
    expect(clampSize(size, bounds)).toBe(expected);
  });

  it.each([
    ["30 % of 600", 0.3, 600, 180],
    ["clamped up", 0.05, 600, 100],
    ["clamped down", 0.95, 600, 480],
    ["an empty container", 0.3, 0, 0],
  ])("sizeFromFraction: %s", (_name, fraction, total, expected) => {
    const within = total === 0 ? { min: 0, max: 0 } : bounds;
    expect(sizeFromFraction(fraction, total, within)).toBe(expected);
  });

  it.each([
    ["a share", 150, 600, 0.25],
    ["the whole", 600, 600, 1],
    ["more than the whole", 700, 600, 1],
    ["negative", -5, 600, 0],
    ["an empty container", 100, 0, 0],
  ])("fractionFromSize: %s", (_name, size, total, expected) => {
    expect(fractionFromSize(size, total)).toBe(expected);
  });

  it("a size survives the round trip through its stored fraction", () => {
    for (const total of [431, 642, 847]) {
      const within = paneBounds(total, { minPane: 96, minRest: 120 });
      for (let size = within.min; size <= within.max; size += 7) {
        const fraction = Math.round(fractionFromSize(size, total) * 10_000) / 10_000;
        expect(sizeFromFraction(fraction, total, within)).toBe(size);
      }
    }
  });
});

describe("resizeByKey", () => {
  const bounds: PaneBounds = { min: 100, max: 480 };
  const key = (name: string, shiftKey = false) => ({ key: name, shiftKey });
  const detail = { orientation: "vertical", side: "end" } as const;
  const bottom = { orientation: "horizontal", side: "end" } as const;
  const sidebar = { orientation: "vertical", side: "start" } as const;

  it.each([
    ["ArrowLeft grows a pane on the right", detail, key("ArrowLeft"), 216],
    ["ArrowRight shrinks it", detail, key("ArrowRight"), 184],
    ["Shift makes a big step", detail, key("ArrowLeft", true), 280],
    ["ArrowUp grows a pane below", bottom, key("ArrowUp"), 216],
    ["ArrowDown shrinks it", bottom, key("ArrowDown", true), 120],
    ["ArrowRight grows a pane on the left", sidebar, key("ArrowRight"), 216],
    ["Home: the smallest size", detail, key("Home"), 100],
    ["End: the largest size", bottom, key("End"), 480],
    ["the other axis's arrows do nothing", detail, key("ArrowUp"), undefined],
    ["other keys do nothing", bottom, key("Enter"), undefined],
  ])("%s", (_name, layout, press, expected) => {
    expect(resizeByKey(press, 200, bounds, layout)).toBe(expected);
  });

  it.each([
    ["stops at the maximum", 470, key("ArrowUp", true), 480],
    ["stops at the minimum", 110, key("ArrowDown"), 100],
  ])("%s", (_name, size, press, expected) => {
    expect(resizeByKey(press, size, bounds, bottom)).toBe(expected);
  });

  it("takes custom steps", () => {
    expect(resizeByKey(key("ArrowUp"), 200, bounds, bottom, { step: 24 })).toBe(224);
    expect(resizeByKey(key("ArrowUp", true), 200, bounds, bottom, { bigStep: 120 })).toBe(320);
  });
});

describe("resizeByDrag", () => {
  const bounds: PaneBounds = { min: 100, max: 480 };
  it.each([
    ["up 40 px grows a pane below", 200, -40, "end", 240],
    ["down 40 px shrinks it", 200, 40, "end", 160],
    ["right 40 px grows a pane on the left", 200, 40, "start", 240],
    ["far past the end stops at the maximum", 200, -1000, "end", 480],
    ["far past the start stops at the minimum", 200, 1000, "end", 100],
  ] as const)("%s", (_name, start, delta, side, expected) => {
    expect(resizeByDrag(start, delta, bounds, side)).toBe(expected);
  });
});

describe("separatorValues", () => {
  it.each([
    ["percent of the container", 180, 600, { min: 100, max: 480 }, { now: 30, min: 17, max: 80 }],
    ["an empty container", 0, 0, { min: 0, max: 0 }, { now: 0, min: 0, max: 0 }],
  ])("%s", (_name, size, total, bounds, expected) => {
    expect(separatorValues(size, total, bounds)).toEqual(expected);
  });
});
