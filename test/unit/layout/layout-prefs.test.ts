import { describe, expect, it } from "vitest";
import {
  DEFAULT_LAYOUT,
  readLayoutPrefs,
  writeLayoutPrefs,
} from "../../../inspector/src/model/layout/layout-prefs.ts";

describe("readLayoutPrefs", () => {
  it.each([
    ["nothing stored", null, DEFAULT_LAYOUT],
    ["not JSON", "{oops", DEFAULT_LAYOUT],
    ["not an object", "42", DEFAULT_LAYOUT],
    ["null", "null", DEFAULT_LAYOUT],
    [
      "every field",
      '{"detailWidth":0.5,"detailHeight":0.25,"bottomHeight":0.2,"bottomCollapsed":true}',
      { detailWidth: 0.5, detailHeight: 0.25, bottomHeight: 0.2, bottomCollapsed: true },
    ],
    [
      "some fields: the rest take their defaults",
      '{"bottomHeight":0.45}',
      { ...DEFAULT_LAYOUT, bottomHeight: 0.45 },
    ],
    [
      "out of range or of the wrong type: defaults",
      '{"detailWidth":0,"detailHeight":1,"bottomHeight":"0.3","bottomCollapsed":"yes"}',
      DEFAULT_LAYOUT,
    ],
    ["negative and NaN-like", '{"detailWidth":-0.2,"bottomHeight":null}', DEFAULT_LAYOUT],
  ])("%s", (_name, text, expected) => {
    expect(readLayoutPrefs(text)).toEqual(expected);
  });

  it("reads back what it wrote, to 4 decimals", () => {
    const prefs = {
      detailWidth: 0.123456,
      detailHeight: 0.4,
      bottomHeight: 0.333333,
      bottomCollapsed: true,
    };
    expect(readLayoutPrefs(writeLayoutPrefs(prefs))).toEqual({
      detailWidth: 0.1235,
      detailHeight: 0.4,
      bottomHeight: 0.3333,
      bottomCollapsed: true,
    });
  });
});
