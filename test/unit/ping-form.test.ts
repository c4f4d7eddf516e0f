import { describe, expect, it } from "vitest";
import {
  checkPingForm,
  matcherSpec,
  type PingForm,
} from "../../inspector/src/model/ping/ping-form.ts";

const form = (patch: Partial<PingForm> = {}): PingForm => ({
  payload: "ping {{seq}}",
  interval: "100",
  closedLoop: false,
  count: "50",
  timeout: "2000",
  matcher: "exact",
  matchValue: "pong",
  ...patch,
});

const INTERVAL = { field: "interval", message: "Interval must be at least 1 ms" };
const COUNT = { field: "count", message: "Count must be a whole number (0 = until stopped)" };
const TIMEOUT = { field: "timeout", message: "Timeout must be at least 1 ms" };

describe("checkPingForm", () => {
  it.each<[string, Partial<PingForm>, object[]]>([
    ["an interval of 0", { interval: "0" }, [INTERVAL]],
    ["an empty interval", { interval: "" }, [INTERVAL]],
    ["an interval that is not a number", { interval: "fast" }, [INTERVAL]],
    ["an infinite interval", { interval: "Infinity" }, [INTERVAL]],
    ["a negative count", { count: "-1" }, [COUNT]],
    ["a fractional count", { count: "2.5" }, [COUNT]],
    ["a count that is not a number", { count: "ten" }, [COUNT]],
    ["a timeout of 0.5 ms", { timeout: "0.5" }, [TIMEOUT]],
    ["an empty timeout", { timeout: "" }, [TIMEOUT]],
    [
      "every field at once",
      { interval: "x", count: "x", timeout: "x" },
      [INTERVAL, COUNT, TIMEOUT],
    ],
  ])("rejects %s, naming the field", (_, patch, errors) => {
    expect(checkPingForm(form(patch))).toEqual({ ok: false, errors });
  });

  it.each<[string, Partial<PingForm>, object]>([
    [
      "an interval loop",
      {},
      {
        template: "ping {{seq}}",
        mode: { kind: "interval", intervalMs: 100 },
        count: 50,
        timeoutMs: 2000,
        matcher: { kind: "exact", text: "pong" },
      },
    ],
    [
      "a decimal interval",
      { interval: "1.5", count: "0" },
      { mode: { kind: "interval", intervalMs: 1.5 }, count: 0 },
    ],
    ["an empty count as 0 (until stopped)", { count: "" }, { count: 0 }],
    [
      "a closed loop, whatever the interval says",
      { closedLoop: true, interval: "" },
      { mode: { kind: "closed-loop" } },
    ],
    [
      "a regex matcher",
      { matcher: "regex", matchValue: "^pong" },
      { matcher: { kind: "regex", pattern: "^pong" } },
    ],
  ])("accepts %s", (_, patch, value) => {
    const result = checkPingForm(form(patch));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(value);
  });
});

describe("matcherSpec", () => {
  it.each([
    ["exact", "pong", { kind: "exact", text: "pong" }],
    ["regex", "^pong", { kind: "regex", pattern: "^pong" }],
    ["json-field", "data.seq", { kind: "json-field", path: "data.seq" }],
    ["next", "ignored", { kind: "next" }],
  ] as const)("%s", (kind, value, spec) => {
    expect(matcherSpec(kind, value)).toEqual(spec);
  });
});
