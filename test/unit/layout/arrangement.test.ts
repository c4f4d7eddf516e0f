import { describe, expect, it } from "vitest";
import {
  detailPlacement,
  splitDirection,
} from "../../../inspector/src/model/layout/arrangement.ts";

describe("splitDirection", () => {
  it.each([
    [1024, "rows"],
    [1280, "rows"],
    [1399, "rows"],
    [1400, "columns"],
    [1600, "columns"],
    [0, "rows"],
  ] as const)("a split view %i px wide: %s", (width, expected) => {
    expect(splitDirection(width)).toBe(expected);
  });

  it("takes the width a session needs", () => {
    expect(splitDirection(1000, 500)).toBe("columns");
    expect(splitDirection(999, 500)).toBe("rows");
  });
});

describe("detailPlacement", () => {
  it.each([
    [1600, "beside"],
    [1024, "beside"],
    [900, "beside"],
    [899, "below"],
    [799, "below"],
    [0, "below"],
  ] as const)("a session %i px wide: the detail %s the log", (width, expected) => {
    expect(detailPlacement(width)).toBe(expected);
  });
});
