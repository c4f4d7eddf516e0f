import { describe, expect, it } from "vitest";
import { failureDiff } from "../../../inspector/src/model/scenarios/failure-diff.ts";
import {
  runSummary,
  statusText,
  stepRows,
  stepTime,
} from "../../../inspector/src/model/scenarios/step-rows.ts";

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

describe("failureDiff: JSON", () => {
  it.each<[string, unknown, unknown, unknown]>([
    [
      "a changed field; fields only in the frame are not differences",
      { op: "ack", n: 3 },
      { op: "ack", n: 2, extra: true },
      [{ path: "$.n", change: "changed", expected: "3", received: "2" }],
    ],
    [
      "a missing field, nested",
      { data: { id: 7, "a b": 1 } },
      { data: {} },
      [
        { path: "$.data.id", change: "missing", expected: "7" },
        { path: '$.data["a b"]', change: "missing", expected: "1" },
      ],
    ],
    [
      "lists item by item: a changed item and one the list did not have",
      { items: [1, 2] },
      { items: [1, 3, 4] },
      [
        { path: "$.items[1]", change: "missing", expected: "2" },
        { path: "$.items[1]", change: "unexpected", received: "3" },
        { path: "$.items[2]", change: "unexpected", received: "4" },
      ],
    ],
    [
      "a type that differs",
      { data: { id: 7 } },
      { data: "none" },
      [{ path: "$.data", change: "changed", expected: '{"id":7}', received: '"none"' }],
    ],
  ])("%s", (_name, expected, received, rows) => {
    expect(failureDiff(pretty(expected), pretty(received), "json")).toEqual({ kind: "json", rows });
  });

  it("shows the whole expected value as missing when nothing came", () => {
    expect(failureDiff(pretty({ op: "sub" }), "(nothing)", "json")).toEqual({
      kind: "json",
      rows: [{ path: "$", change: "missing", expected: '{"op":"sub"}' }],
    });
  });

  it.each<[string, string, string, string]>([
    ["a received frame that is not JSON", "{}", "plain", "The frame is not JSON"],
    [
      "an expected value nested too deep",
      "[".repeat(10_000),
      "{}",
      "The expected value is not JSON",
    ],
    [
      "a huge frame",
      "{}",
      `"${"x".repeat(70_000)}"`,
      "Too long to compare here: compare the two above",
    ],
    [
      "a list too long to diff",
      JSON.stringify(Array.from({ length: 2001 }, (_, i) => i)),
      "[]",
      "A list is too long to compare here: compare the two above",
    ],
  ])("declines %s", (_name, expected, received, reason) => {
    expect(failureDiff(expected, received, "json")).toEqual({ kind: "none", reason });
  });
});

describe("failureDiff: text", () => {
  it("marks the words taken out and put in", () => {
    expect(failureDiff("order 42 ok", "order 43 ok", "text")).toEqual({
      kind: "text",
      parts: [
        { text: "order ", change: "same" },
        { text: "42", change: "expected" },
        { text: "43", change: "received" },
        { text: " ok", change: "same" },
      ],
    });
  });

  it("shows what was expected when nothing came", () => {
    expect(failureDiff("hi", "(the connection closed)", "text")).toEqual({
      kind: "text",
      parts: [{ text: "hi", change: "expected" }],
    });
  });
});

describe("step rows", () => {
  it("lists each client's connect and steps with names and expects", () => {
    expect(
      stepRows({
        url: "ws://h/echo",
        steps: [
          { send: "hi" },
          { within: 10, expect: { text: "hi" }, skip: true },
          { name: "bye", close: 1000 },
        ],
      }),
    ).toEqual([
      {
        key: "main#-1",
        client: "main",
        index: -1,
        kind: "connect",
        name: "connect to ws://h/echo",
      },
      { key: "main#0", client: "main", index: 0, kind: "send", name: "send hi" },
      {
        key: "main#1",
        client: "main",
        index: 1,
        kind: "expect",
        name: "expect hi",
        expect: { matcher: { text: "hi" }, skip: true },
      },
      { key: "main#2", client: "main", index: 2, kind: "close", name: "bye" },
    ]);
  });

  it.each([
    [undefined, "Not run", ""],
    [{ status: "running", durationMs: 0 }, "Running…", ""],
    [{ status: "passed", durationMs: 12.5 }, "Passed", "12.500 ms"],
    [{ status: "failed", durationMs: 1200 }, "Failed", "1.200 s"],
    [{ status: "skipped", durationMs: 0 }, "Skipped", ""],
  ] as const)("status %j", (result, status, time) => {
    const full = result && { client: "main", index: 0, kind: "send", name: "x", ...result };
    expect(statusText(full)).toBe(status);
    expect(stepTime(full)).toBe(time);
  });

  it("sums a run up", () => {
    const step = (status: "passed" | "failed" | "skipped" | "running") => ({
      client: "main",
      index: 0,
      kind: "send",
      name: "x",
      status,
      durationMs: 1,
    });
    expect(runSummary(4, [step("passed"), step("running")], undefined)).toBe(
      "Running: 1 of 4 steps done",
    );
    expect(runSummary(2, [step("passed"), step("passed")], { passed: true, durationMs: 12 })).toBe(
      "Passed: 2 steps in 12.000 ms",
    );
    expect(
      runSummary(3, [step("passed"), step("failed"), step("skipped")], {
        passed: false,
        durationMs: 5010,
      }),
    ).toBe("Failed: 1 of 3 steps failed, 1 skipped, in 5.010 s");
  });
});
