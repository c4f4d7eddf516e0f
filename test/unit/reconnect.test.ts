import { describe, expect, it } from "vitest";
import { reconnectDelay } from "../../inspector/src/model/connect/reconnect.ts";

describe("reconnectDelay", () => {
  it.each([
    [1, 0, 250],
    [1, 1, 500],
    [2, 0, 500],
    [3, 0.5, 1500],
    [6, 1, 16_000],
    [7, 0, 15_000],
    [50, 1, 30_000],
  ])("attempt %d with random %d waits %d ms", (attempt, random, expected) => {
    expect(reconnectDelay(attempt, () => random)).toBe(expected);
  });

  it("grows with every attempt until the cap", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => reconnectDelay(attempt, () => 0.5));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] ?? 0);
  });
});
