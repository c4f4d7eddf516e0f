import { describe, expect, it } from "vitest";
import { Direction, type FrameEvent } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";
import { makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";
import { logRow } from "../../inspector/src/model/log/log-row.ts";

/** A store holding `rows`: events, or text frames received at a time. */
function storeOf(rows: [time: number, row: FrameEvent | string][]) {
  const batcher = makeFrameBatcher(1);
  for (const [time, row] of rows) {
    if (typeof row === "string") batcher.pushText(time, Direction.In, row, row.length);
    else batcher.pushEvent(time, row);
  }
  const store = makeFrameStore();
  const batch = batcher.take();
  if (batch) store.append(batch);
  return store;
}

const open: FrameEvent = { type: "open", url: "ws://h/", protocol: "", extensions: "" };

describe("Δ connect", () => {
  it.each<[string, [number, FrameEvent | string][], string[]]>([
    ["before any open there is none", [[10, "early"]], [""]],
    [
      "frames count from their connection's open",
      [
        [100, open],
        [102.5, "a"],
        [350, { type: "close", code: 1000, reason: "", wasClean: true }],
      ],
      ["0 µs", "2.500 ms", "250.000 ms"],
    ],
    [
      // Before the fix the failed attempt's rows counted from the open at 100 (1.904 s, 1.905 s).
      "a failed attempt counts from its own start, not from the previous connection's open",
      [
        [100, open],
        [900, { type: "close", code: 1006, reason: "", wasClean: false }],
        [1000, { type: "reconnect", attempt: 1, delayMs: 1000 }],
        [2004, { type: "error", message: "Nothing is listening", attemptStart: 2000 }],
        [2005, { type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 2000 }],
      ],
      ["0 µs", "800.000 ms", "900.000 ms", "4.000 ms", "5.000 ms"],
    ],
    [
      "a first attempt that failed has a Δ connect too",
      [[12, { type: "error", message: "Refused", attemptStart: 10 }]],
      ["2.000 ms"],
    ],
  ])("%s", (_name, rows, expected) => {
    const store = storeOf(rows);
    expect(rows.map((_, index) => logRow(store, index).sinceConnect)).toEqual(expected);
  });
});

describe("Latency", () => {
  it("shows on a reply its protocol paired, and nowhere else", () => {
    const batcher = makeFrameBatcher(1);
    batcher.pushText(1, Direction.Out, '{"jsonrpc":"2.0","id":1,"method":"a"}', 36);
    batcher.annotateNote({ protocol: "jsonrpc", summary: "call a id 1", asks: [1] });
    batcher.pushText(2.25, Direction.In, '{"jsonrpc":"2.0","id":1,"result":0}', 35);
    batcher.annotateNote({
      protocol: "jsonrpc",
      summary: "result id 1",
      answers: [1],
      latencyMs: 1.25,
    });
    batcher.pushText(3, Direction.In, "plain", 5);
    const store = makeFrameStore();
    const batch = batcher.take();
    if (batch) store.append(batch);
    expect([0, 1, 2].map((index) => logRow(store, index).latency)).toEqual(["", "1.250 ms", ""]);
  });
});
