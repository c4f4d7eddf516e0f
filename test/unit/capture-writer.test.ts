import { describe, expect, it } from "vitest";
import type { Capture } from "../../inspector/src/model/formats/capture-file.ts";
import {
  type CaptureWriter,
  rowsOfBatch,
  rowsOfCapture,
} from "../../inspector/src/model/formats/capture-writer.ts";
import { exportHar, makeHarWriter } from "../../inspector/src/model/formats/har-writer.ts";
import { exportNdjson, makeNdjsonWriter } from "../../inspector/src/model/formats/ndjson.ts";
import { Direction } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";
import { randomCapture, seededRandom } from "../fixtures/har/random-capture.ts";

/** Writes the capture's frames in runs cut at random places (empty runs too). */
function inRuns(writer: CaptureWriter, capture: Capture, random: () => number): string {
  let from = 0;
  while (from < capture.frames.length) {
    const to = from + Math.floor(random() * 4);
    writer.add(rowsOfCapture(capture.frames.slice(from, to)));
    from = to;
  }
  expect(writer.frames).toBe(capture.frames.length);
  return writer.finish().join("");
}

const seeds = Array.from({ length: 200 }, (_, seed) => seed);

describe("writers fed run by run", () => {
  it.each(seeds)("write random capture #%i as they write it whole", (seed) => {
    const capture = randomCapture(seededRandom(seed));
    const random = seededRandom(seed + 1000);
    expect(inRuns(makeHarWriter(capture), capture, random)).toBe(exportHar(capture));
    expect(inRuns(makeNdjsonWriter(capture), capture, random)).toBe(exportNdjson(capture));
  });

  it.each(seeds)("lay random capture #%i's HAR out as JSON.stringify(har, null, 2)", (seed) => {
    const har = exportHar(randomCapture(seededRandom(seed)));
    expect(har).toBe(`${JSON.stringify(JSON.parse(har), null, 2)}\n`);
  });

  it.each([
    ["the meta's start time", 5, 5],
    ["the first frame's time", undefined, 1000.25],
  ])("start at %s", (_name, startedAt, expected) => {
    const capture: Capture = {
      url: "ws://h/",
      protocols: [],
      startedAt: 0,
      frames: [{ time: 1000.25, direction: "sent", kind: "text", payload: "a" }],
    };
    const meta = {
      url: "ws://h/",
      protocols: [],
      ...(startedAt === undefined ? {} : { startedAt }),
    };
    const ndjson = makeNdjsonWriter(meta);
    ndjson.add(rowsOfCapture(capture.frames));
    expect(JSON.parse(ndjson.finish()[0] ?? "").startedAt).toBe(expected);
    const har = makeHarWriter(meta);
    har.add(rowsOfCapture(capture.frames));
    expect(JSON.parse(har.finish().join("")).log.entries[0]._socketscope.startedAt).toBe(expected);
  });
});

describe("rowsOfBatch", () => {
  it("reads a batch's columns as a capture's frames", () => {
    const batcher = makeFrameBatcher(1);
    batcher.pushEvent(1, { type: "open", url: "ws://h/", protocol: "", extensions: "" });
    batcher.pushText(2, Direction.Out, "hi", 2);
    batcher.pushBinary(3, Direction.In, new Uint8Array([1, 2]).buffer);
    batcher.pushControl(4, 7, Direction.In, new Uint8Array([9]).buffer);
    const rows = rowsOfBatch(batcher.take() ?? expect.unreachable());
    expect(
      Array.from({ length: rows.count }, (_, i) => [
        rows.time(i),
        rows.direction(i),
        rows.kind(i),
        rows.payload(i),
        rows.event(i)?.type,
      ]),
    ).toEqual([
      [1, "event", "open", undefined, "open"],
      [2, "sent", "text", "hi", undefined],
      [3, "received", "binary", new Uint8Array([1, 2]).buffer, undefined],
      [4, "received", "ping", new Uint8Array([9]).buffer, undefined],
    ]);
  });
});
