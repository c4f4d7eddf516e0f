import { describe, expect, it } from "vitest";
import {
  type CaptureClient,
  makeCaptureClient,
  type WorkerLike,
} from "../../../inspector/src/capture/capture-client.ts";
import type { CaptureReport } from "../../../inspector/src/capture/protocol.ts";
import { Direction } from "../../../inspector/src/model/frames/frame.ts";
import {
  type FrameBatch,
  makeFrameBatcher,
} from "../../../inspector/src/model/frames/frame-batch.ts";
import { makeFrameStore } from "../../../inspector/src/model/frames/frame-store.ts";
import { logRow } from "../../../inspector/src/model/log/log-row.ts";
import { mirroredHeader, watchMessage } from "../tap/mirrored-frames.ts";

/**
 * What the worker hands the page is freed once its frames are in the store (releaseBuffer): the
 * batch's columns and a tap's watch message are detached, the payloads the store keeps are not,
 * and the log reads the same frames as before.
 */

function clientWithStore(): {
  client: CaptureClient;
  deliver: (report: CaptureReport) => void;
  rows: () => string[];
} {
  const worker: WorkerLike = { postMessage() {}, onmessage: null, terminate() {} };
  const client = makeCaptureClient(worker);
  const store = makeFrameStore();
  client.onReport(1, (report) => {
    if (report.type === "frames") store.append(report.batch);
  });
  return {
    client,
    deliver: (report) => worker.onmessage?.({ data: report } as MessageEvent<CaptureReport>),
    rows: () =>
      Array.from({ length: store.length }, (_, index) => {
        const row = logRow(store, index);
        return `${row.directionLabel} ${row.preview} ${row.size}`.replace(/\s+/g, " ").trim();
      }),
  };
}

const columnsOf = (batch: FrameBatch) => [
  batch.times,
  batch.kinds,
  batch.directions,
  batch.sizes,
  batch.streams,
];

describe("the page frees what the worker handed it", () => {
  it("detaches a batch's columns once the store has its frames, and keeps its payloads", () => {
    const { deliver, rows } = clientWithStore();
    const batcher = makeFrameBatcher(1);
    const binary = new Uint8Array([1, 2, 3]).buffer;
    batcher.pushText(1000, Direction.Out, "hello", 5);
    batcher.pushBinary(1001, Direction.In, binary);
    batcher.annotateWire({ payload: 3, overhead: 2, compressed: false });
    const batch = batcher.take() as FrameBatch;
    const wires = batch.wires;

    deliver({ type: "frames", batch });

    expect(columnsOf(batch).map((column) => column.buffer.byteLength)).toEqual([0, 0, 0, 0, 0]);
    expect(
      wires && [wires.payloads, wires.overheads, wires.flags].map((c) => c.byteLength),
    ).toEqual([0, 0, 0]);
    expect(binary.byteLength).toBe(3);
    expect(rows()).toEqual(["Sent hello 5 B", "Received Binary: 01 02 03 3 B"]);
  });

  it("detaches a tap's watch message once its frames are in the store", () => {
    const { deliver, rows } = clientWithStore();
    const message = watchMessage(
      { ...mirroredHeader(), payload: new TextEncoder().encode("ping") },
      {
        ...mirroredHeader({ direction: "s2c", binary: true }),
        payload: new Uint8Array([0xff]),
      },
    );

    deliver({ type: "tap-frames", connectionId: 1, message });

    expect(message.byteLength).toBe(0);
    expect(rows()).toEqual(["Client → server ping 4 B", "Server → client Binary: ff 1 B"]);
  });
});
