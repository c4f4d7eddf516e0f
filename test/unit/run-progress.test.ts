import { describe, expect, it } from "vitest";
import {
  describeRunProgress,
  type RunProgress,
} from "../../inspector/src/model/compose/run-progress.ts";

describe("describeRunProgress", () => {
  it.each<[RunProgress | undefined, string]>([
    [undefined, ""],
    [{ sent: 0, total: 10, state: "running" }, "Sent 0 of 10"],
    [{ sent: 5, total: 5, state: "done" }, "Sent 5 of 5 · done"],
    [{ sent: 1234, total: 0, state: "running" }, "Sent 1,234 (until stopped)"],
    [
      { sent: 40, total: 0, state: "stopped", message: "Stopped" },
      "Sent 40 (until stopped) · Stopped",
    ],
    [
      { sent: 2, total: 3, state: "error", message: "Not connected" },
      "Sent 2 of 3 · Not connected",
    ],
  ])("%o reads %j", (progress, expected) => {
    expect(describeRunProgress(progress)).toBe(expected);
  });
});
