import { describe, expect, it, vi } from "vitest";
import { Direction } from "../../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../../inspector/src/model/frames/frame-batch.ts";
import { makeFrameStore } from "../../../inspector/src/model/frames/frame-store.ts";
import type { Connection } from "../../../inspector/src/state/connection.ts";
import type { SandboxHost, WorkerLike } from "../../../inspector/src/state/decoder-sandbox.ts";
import type { LogState } from "../../../inspector/src/state/log.ts";

// The browser build of Solid, as the page runs it (node resolves solid-js to the server build).
vi.mock("solid-js", () => {
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
const { createRoot, createSignal } = await import("solid-js");
const { createCompare } = await import("../../../inspector/src/state/compare.ts");
const { createDecoders } = await import("../../../inspector/src/state/decoders.ts");

/** Received text frames, ids from 0 in order. */
function storeOf(texts: string[]) {
  const store = makeFrameStore();
  const batcher = makeFrameBatcher(1);
  for (const [index, text] of texts.entries()) {
    batcher.pushText(index + 1, Direction.In, text, text.length);
  }
  const batch = batcher.take();
  if (batch) store.append(batch);
  return store;
}

const idleHost: SandboxHost = {
  createWorker: () =>
    ({ postMessage() {}, terminate() {}, onmessage: null, onerror: null }) as WorkerLike,
  setTimer: () => 0,
  clearTimer: () => {},
};

/** A compare over `texts`, with the frame `selected` selected. */
function setup(texts: string[], selected: number) {
  const store = storeOf(texts);
  const connection = { store, revision: () => 0 } as unknown as Connection;
  const [selectedId] = createSignal<number | undefined>(selected);
  const log = { selectedId, selectedIds: () => [selected] } as unknown as LogState;
  const decoders = createDecoders(store, idleHost);
  return { compare: createCompare(connection, log, decoders), decoders };
}

describe("Compare with previous of the same type", () => {
  it.each([
    [
      "the previous frame with the same JSON type field",
      ['{"type":"a","n":1}', '{"type":"b"}', '{"type":"a","n":2}'],
      2,
      [0, 2],
      "",
    ],
    ["the previous text frame, when none has a type", ["one", "two"], 1, [0, 1], ""],
    [
      "none when no earlier frame has the type",
      ['{"op":"x"}', '{"op":"y"}'],
      1,
      undefined,
      "No earlier frame of the same type is retained",
    ],
  ])("%s", (_name, texts, selected, pair, note) => {
    createRoot((dispose) => {
      const { compare } = setup(texts, selected);
      expect(compare.compareWithPrevious()).toBe(note);
      const comparison = compare.comparison();
      expect(comparison && [comparison.left.id, comparison.right.id]).toEqual(pair);
      dispose();
    });
  });

  it("waits for a custom decoder's column rather than compare by the wrong type", () => {
    createRoot((dispose) => {
      const { compare, decoders } = setup(['{"k":"a"}', '{"k":"a"}'], 1);
      decoders.custom.setSource("(p) => JSON.parse(p)");
      decoders.custom.setColumn("k");
      decoders.custom.run();
      expect(compare.compareWithPrevious()).toBe(
        "The custom decoder is still reading these frames: try again in a moment",
      );
      expect(compare.comparison()).toBeUndefined();
      dispose();
    });
  });

  it("diffs the pair, and says when its frames are gone", () => {
    createRoot((dispose) => {
      const { compare } = setup(['{"type":"a","n":1}', '{"type":"a","n":2}'], 1);
      compare.compareWithPrevious();
      expect(compare.comparison()?.diff).toEqual({
        kind: "json",
        by: "JSON",
        changes: [{ path: "$.n", kind: "changed", left: 1, right: 2 }],
      });
      expect(compare.gone()).toBe(false);
      compare.close();
      expect(compare.comparison()).toBeUndefined();
      dispose();
    });
  });
});
