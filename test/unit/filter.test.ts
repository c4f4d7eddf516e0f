import { describe, expect, it } from "vitest";
import { Direction, FrameKind } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";
import { type FrameStore, makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";
import {
  compileFilter,
  escapeRegExp,
  type FrameFilter,
  showAll,
} from "../../inspector/src/model/log/filter.ts";
import { type LogView, makeLogView } from "../../inspector/src/model/log/log-view.ts";

/** Starts a new filter and tests every retained frame against it. */
function refilterAll(view: LogView, filter: Parameters<LogView["refilter"]>[0]) {
  view.refilter(filter);
  while (view.scanSome(1000) > 0);
}

function sampleStore() {
  const store = makeFrameStore();
  const batcher = makeFrameBatcher(1);
  batcher.pushEvent(0, { type: "open", url: "ws://h/echo", protocol: "", extensions: "" }); // 0
  batcher.pushText(1, Direction.Out, "Hello World", 11); // 1
  batcher.pushText(2, Direction.In, "hello world", 11); // 2
  batcher.pushText(3, Direction.In, '{"type":"tick","seq":1}', 23); // 3
  batcher.pushBinary(4, Direction.In, new Uint8Array([0xca, 0xfe]).buffer); // 4
  batcher.pushText(5, Direction.Out, "a.b (c)", 7); // 5
  batcher.pushEvent(6, { type: "close", code: 1000, reason: "", wasClean: true }); // 6
  batcher.pushControl(7, FrameKind.Ping, Direction.In, new TextEncoder().encode("hello?").buffer); // 7
  batcher.pushControl(8, FrameKind.Pong, Direction.Out, new TextEncoder().encode("hello?").buffer); // 8
  const batch = batcher.take();
  if (!batch) throw new Error("expected a batch");
  store.append(batch);
  return store;
}

function matching(filter: Partial<FrameFilter>) {
  const store = sampleStore();
  const compiled = compileFilter({ ...showAll, ...filter });
  if (!compiled.ok) throw new Error(compiled.error);
  return Array.from({ length: store.length }, (_, i) => i).filter((i) => compiled.test(store, i));
}

describe("compileFilter", () => {
  it.each<[string, Partial<FrameFilter>, number[]]>([
    ["everything", {}, [0, 1, 2, 3, 4, 5, 6, 7, 8]],
    ["case-insensitive substring", { text: "HELLO" }, [1, 2, 7, 8]],
    ["special characters are literal", { text: "a.b (c" }, [5]],
    ["regex mode", { text: "^hello", regex: true }, [1, 2]],
    ["regex is case-insensitive too", { text: "WORLD$", regex: true }, [1, 2]],
    ["binary matches its hex preview", { text: "ca fe" }, [4]],
    ["events match their description", { text: "1000 Normal" }, [6]],
    ["control frames match their text", { text: "ping: hello" }, [7]],
    ["sent only", { received: false }, [0, 1, 5, 6, 8]],
    ["received only", { sent: false }, [0, 2, 3, 4, 6, 7]],
    ["text frames only", { binaryFrames: false, events: false, control: false }, [1, 2, 3, 5]],
    ["binary only", { textFrames: false, events: false, control: false }, [4]],
    ["events only", { textFrames: false, binaryFrames: false, control: false }, [0]],
    [
      "control only: ping, pong and close",
      { textFrames: false, binaryFrames: false, events: false },
      [6, 7, 8],
    ],
    ["filters combine", { text: "hello", sent: false }, [2, 7]],
    ["nothing", { text: "zzz" }, []],
  ])("%s", (_name, filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it("folds a protocol's heartbeats away, and nothing else", () => {
    const store = makeFrameStore();
    const batcher = makeFrameBatcher(1);
    batcher.pushText(1, Direction.In, "2", 1);
    batcher.annotateNote({ protocol: "socketio", summary: "PING", heartbeat: true });
    batcher.pushText(2, Direction.Out, "3", 1);
    batcher.annotateNote({ protocol: "socketio", summary: "PONG", heartbeat: true });
    batcher.pushText(3, Direction.In, '42["chat"]', 10);
    batcher.annotateNote({ protocol: "socketio", summary: 'EVENT "chat" []' });
    batcher.pushText(4, Direction.In, "2", 1);
    const batch = batcher.take();
    if (batch) store.append(batch);
    const folded = compileFilter({ ...showAll, heartbeats: false });
    if (!folded.ok) throw new Error(folded.error);
    expect(folded.matchesAll).toBe(false);
    expect([0, 1, 2, 3].filter((i) => folded.test(store, i))).toEqual([2, 3]);
  });

  it("says why a regex is invalid instead of throwing", () => {
    const compiled = compileFilter({ ...showAll, text: "(unclosed", regex: true });
    expect(compiled).toEqual({
      ok: false,
      error: "Not a valid regular expression: /(unclosed/i: Unterminated group",
    });
  });

  it("knows when it matches everything", () => {
    expect(compileFilter(showAll)).toMatchObject({ ok: true, matchesAll: true });
    expect(compileFilter({ ...showAll, sent: false })).toMatchObject({
      ok: true,
      matchesAll: false,
    });
  });

  it("escapes every RegExp metacharacter", () => {
    const special = [".*+?^$", "{}()|[]\\"].join("");
    expect(new RegExp(escapeRegExp(special)).test(`x${special}y`)).toBe(true);
  });
});

describe("log view", () => {
  function batchOf(texts: string[]) {
    const batcher = makeFrameBatcher(1);
    for (const text of texts) batcher.pushText(0, Direction.In, text, text.length);
    const batch = batcher.take();
    if (!batch) throw new Error("expected a batch");
    return batch;
  }
  const compiled = (filter: Partial<FrameFilter>) => {
    const result = compileFilter({ ...showAll, ...filter });
    if (!result.ok) throw new Error(result.error);
    return result;
  };

  it("shows every frame without a filter, by id", () => {
    const store = makeFrameStore();
    const view = makeLogView(store);
    store.append(batchOf(["a", "b"]));
    view.update();
    expect(view.count).toBe(2);
    expect(view.idAt(1)).toBe(1);
    expect(view.positionOf(1)).toBe(1);
  });

  it("filters incrementally as frames arrive, and forgets dropped ones", () => {
    const store = makeFrameStore({ maxFrames: 6, maxBytes: 1e9 });
    const view = makeLogView(store);
    store.append(batchOf(["x1", "y1", "x2"]));
    refilterAll(view, compiled({ text: "x" }));
    expect(view.count).toBe(2);
    store.append(batchOf(["y2", "x3"]));
    view.update();
    expect([view.idAt(0), view.idAt(1), view.idAt(2)]).toEqual([0, 2, 4]);
    expect(view.positionOf(4)).toBe(2);
    expect(view.positionOf(3)).toBe(-1);
    store.append(batchOf(["x4", "y3", "y4"])); // 8 frames, 6 kept: drops ids 0 and 1
    view.update();
    expect(Array.from({ length: view.count }, (_, i) => view.idAt(i))).toEqual([2, 4, 5]);
  });

  it("handles thousands of matches and clearing", () => {
    const store = makeFrameStore();
    const view = makeLogView(store);
    refilterAll(view, compiled({ text: "keep" }));
    for (let round = 0; round < 10; round++) {
      store.append(batchOf(Array.from({ length: 1000 }, (_, i) => (i % 2 ? "keep" : "skip"))));
      view.update();
    }
    expect(view.count).toBe(5000);
    store.clear();
    view.update();
    expect(view.count).toBe(0);
    store.append(batchOf(["keep"]));
    view.update();
    expect(view.count).toBe(1);
    expect(view.idAt(0)).toBe(10_000);
  });

  it("filters a million frames a slice at a time, showing the matches found so far", () => {
    const store = makeFrameStore();
    const texts = Array.from(
      { length: 1_000_000 },
      (_, i) => `{"seq":${i},"pad":"abcdefghijklmnopqrstuvwxyz0123"}`,
    );
    for (let i = 0; i < texts.length; i += 100_000)
      store.append(batchOf(texts.slice(i, i + 100_000)));
    const view = makeLogView(store);
    view.refilter(compiled({ text: '"seq":99999' }));
    expect([view.count, view.pending]).toEqual([0, 1_000_000]);
    expect(view.scanSome(100_000)).toBe(900_000);
    expect([view.count, view.idAt(0)]).toEqual([1, 99_999]);
    const slices = [];
    for (let pending = view.pending; pending > 0; pending = view.scanSome(65_536))
      slices.push(pending);
    expect(slices).toHaveLength(14);
    expect(view.count).toBe(11); // 99999 and 999990..999999
    expect(view.pending).toBe(0);
  });

  it.each<[string, (store: FrameStore, view: LogView) => void, number[]]>([
    [
      "frames that arrive during the scan are tested by it, not twice",
      (store, view) => {
        store.append(batchOf(["keep 6", "skip", "keep 8"]));
        view.update();
      },
      [2, 4, 6, 8], // 9 frames, 8 kept: id 0 dropped
    ],
    [
      "frames dropped during the scan leave the view",
      (store, view) => {
        // 12 frames, 8 kept: ids 0-3 dropped, past where the scan has got to
        store.append(batchOf(["keep 6", "keep 7", "keep 8", "keep 9", "keep 10", "keep 11"]));
        view.update();
      },
      [4, 6, 7, 8, 9, 10, 11],
    ],
    [
      "a clear during the scan empties the view",
      (store, view) => {
        store.clear();
        view.update();
      },
      [],
    ],
  ])("keeps a slow scan consistent: %s", (_, during, expected) => {
    const store = makeFrameStore({ maxFrames: 8, maxBytes: 1e9 });
    store.append(batchOf(["keep 0", "skip", "keep 2", "skip", "keep 4", "skip"]));
    const view = makeLogView(store);
    view.refilter(compiled({ text: "keep" }));
    view.scanSome(2);
    during(store, view);
    while (view.scanSome(1) > 0);
    expect(Array.from({ length: view.count }, (_, i) => view.idAt(i))).toEqual(expected);
  });

  it("shows everything at once for a filter that matches everything", () => {
    const store = makeFrameStore();
    store.append(batchOf(["a", "b", "c"]));
    const view = makeLogView(store);
    view.refilter(compiled({ text: "b" }));
    view.refilter(compiled({}));
    expect([view.count, view.pending, view.scanSome(1)]).toEqual([3, 0, 0]);
  });
});

describe("log view snapshots", () => {
  it("holds still between updates while the store grows (pause view)", () => {
    const store = makeFrameStore();
    const view = makeLogView(store);
    const batcher = makeFrameBatcher(1);
    batcher.pushText(0, Direction.In, "a", 1);
    const first = batcher.take();
    if (!first) throw new Error("expected a batch");
    store.append(first);
    view.update();
    batcher.pushText(1, Direction.In, "b", 1);
    const second = batcher.take();
    if (!second) throw new Error("expected a batch");
    store.append(second);
    expect(view.count).toBe(1);
    expect(view.positionOf(1)).toBe(-1);
    view.update();
    expect(view.count).toBe(2);
  });
});
