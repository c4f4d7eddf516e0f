import { describe, expect, it } from "vitest";
import {
  formatClockTime,
  formatClockTimeMicros,
  formatDuration,
} from "../../inspector/src/model/log/time.ts";

// vitest.config.ts pins TZ=UTC, so local time is UTC here.
const NOON = Date.UTC(2026, 10, 22, 12, 34, 56, 789);

describe("formatClockTime", () => {
  it.each([
    [NOON, "12:34:56.789"],
    [NOON + 0.9, "12:34:56.789"],
    [Date.UTC(2026, 0, 1, 0, 0, 0, 5), "00:00:00.005"],
    [Date.UTC(2026, 0, 1, 23, 59, 59, 999), "23:59:59.999"],
  ])("%d → %s", (epochMs, expected) => {
    expect(formatClockTime(epochMs)).toBe(expected);
  });

  it("adds microseconds for the detail view", () => {
    expect(formatClockTimeMicros(NOON + 0.123)).toBe("12:34:56.789123");
    expect(formatClockTimeMicros(NOON + 0.005)).toBe("12:34:56.789005");
    expect(formatClockTimeMicros(NOON)).toBe("12:34:56.789000");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 µs"],
    [0.075, "75 µs"],
    [0.9994, "999 µs"],
    [1, "1.000 ms"],
    [12.3456, "12.346 ms"],
    [999.9, "999.900 ms"],
    [1250, "1.250 s"],
    [59_999, "59.999 s"],
    [125_000, "2 min 05 s"],
    [-3.5, "-3.500 ms"],
  ])("%d ms → %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});
