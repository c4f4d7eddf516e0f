import { describe, expect, it, vi } from "vitest";
import type { SandboxCommand } from "../../../inspector/src/model/decoders/custom/sandbox-protocol.ts";
import { emptyDecoderSettings } from "../../../inspector/src/model/decoders/decoder-settings.ts";
import { Direction } from "../../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../../inspector/src/model/frames/frame-batch.ts";
import { makeFrameStore } from "../../../inspector/src/model/frames/frame-store.ts";
import type { SandboxHost, WorkerLike } from "../../../inspector/src/state/decoder-sandbox.ts";

// The browser build of Solid, as the page runs it (node resolves solid-js to the server build).
vi.mock("solid-js", () => {
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
const { createRoot } = await import("solid-js");
const { createDecoders } = await import("../../../inspector/src/state/decoders.ts");

const PROTO = {
  name: "demo.proto",
  source: 'syntax = "proto3"; package demo; message Ping { uint32 id = 1; string note = 2; }',
};

/** A store holding an open event, a received text frame and a received binary frame (ids 0–2). */
function storeWithFrames() {
  const store = makeFrameStore();
  const batcher = makeFrameBatcher(1);
  batcher.pushEvent(1, { type: "open", url: "ws://x/", protocol: "", extensions: "" });
  batcher.pushText(2, Direction.In, '{"type":"order"}', 16);
  batcher.pushBinary(3, Direction.In, new Uint8Array([8, 7, 18, 2, 104, 105]).buffer);
  const batch = batcher.take();
  if (!batch) throw new Error("expected a batch");
  store.append(batch);
  return store;
}

/** A sandbox host whose workers the test answers, synchronously. */
function fakeHost() {
  const workers: (WorkerLike & { posted: SandboxCommand[] })[] = [];
  const host: SandboxHost = {
    createWorker() {
      const worker = {
        posted: [] as SandboxCommand[],
        onmessage: null,
        onerror: null,
        postMessage(message: SandboxCommand) {
          worker.posted.push(message);
        },
        terminate() {},
      } as WorkerLike & { posted: SandboxCommand[] };
      workers.push(worker);
      return worker;
    },
    setTimer: () => 0,
    clearTimer: () => {},
  };
  return { host, workers };
}

describe("session decoders", () => {
  it("decodes a binary frame as its direction's type, or the frame's own, and encodes JSON", () => {
    createRoot((dispose) => {
      const decoders = createDecoders(storeWithFrames(), fakeHost().host);
      expect(decoders.decodeProtobuf(2, "received", new Uint8Array([8, 7]).buffer)).toBeUndefined();
      decoders.addProtoFiles([PROTO]);
      expect(decoders.schema()?.types).toEqual(["demo.Ping"]);
      decoders.setMessageType("received", "demo.Ping");
      const decoded = decoders.decodeProtobuf(2, "received", new Uint8Array([8, 7]).buffer);
      expect(decoded).toMatchObject({ ok: true, type: "demo.Ping" });
      expect(decoded?.ok && decoded.decoded.value).toEqual({ id: 7 });
      // A text frame keeps its own decoders, unless a type is chosen for it.
      expect(decoders.decodeProtobuf(1, "received", '{"type":"order"}')).toBeUndefined();
      decoders.setFrameType(1, "demo.Ping");
      expect(decoders.decodeProtobuf(1, "received", "\b\u0007")).toMatchObject({ ok: true });
      decoders.setFrameType(2, "demo.Missing");
      expect(decoders.typeFor(2, "received")).toBe("demo.Missing");
      expect(decoders.decodeProtobuf(2, "received", new ArrayBuffer(0))).toEqual({
        ok: false,
        type: "demo.Missing",
        error: "The schema has no message type demo.Missing",
      });

      expect(decoders.encodeProtobuf({ id: 1 })).toEqual({
        ok: false,
        error: "Choose Message type (sent) in the Decoders tab first",
      });
      decoders.setMessageType("sent", "demo.Ping");
      const encoded = decoders.encodeProtobuf({ id: 1, note: "hi" });
      expect(encoded.ok && Array.from(encoded.bytes)).toEqual([8, 1, 18, 2, 104, 105]);
      const bad = decoders.encodeProtobuf({ id: "many" });
      expect(bad.ok ? "" : bad.error).toMatch(/^id: /);
      dispose();
    });
  });

  it("names the file and the missing import when the files do not load", () => {
    createRoot((dispose) => {
      const decoders = createDecoders(storeWithFrames(), fakeHost().host);
      decoders.addProtoFiles([
        { name: "a.proto", source: 'syntax = "proto3"; import "b.proto"; message A { B b = 1; }' },
      ]);
      expect(decoders.schema()).toBeUndefined();
      expect(decoders.schemaError()).toContain("b.proto");
      decoders.addProtoFiles([{ name: "b.proto", source: 'syntax = "proto3"; message B {}' }]);
      expect(decoders.schemaError()).toBe("");
      decoders.removeProtoFile("b.proto");
      expect(decoders.schemaError()).toContain("b.proto");
      dispose();
    });
  });

  it("round-trips its value, and a file's custom decoder waits for review before it runs", () => {
    createRoot((dispose) => {
      const { host, workers } = fakeHost();
      const decoders = createDecoders(storeWithFrames(), host);
      const value = {
        ...emptyDecoderSettings,
        protoFiles: [PROTO],
        receivedType: "demo.Ping",
        custom: { source: "(p) => p", enabled: true, column: "type", timeLimitMs: 100 },
      };
      decoders.load(value, { trusted: false });
      expect(decoders.value()).toEqual({ ...value, custom: { ...value.custom, enabled: false } });
      expect(decoders.custom.needsReview()).toBe(true);
      expect(decoders.custom.enabled()).toBe(false);
      expect(workers).toHaveLength(0);

      decoders.load(value, { trusted: true });
      expect(decoders.custom.needsReview()).toBe(false);
      expect(decoders.custom.enabled()).toBe(true);
      expect(workers).toHaveLength(1);
      expect(workers[0]?.posted[0]).toEqual({ type: "load", source: "(p) => p" });
      dispose();
    });
  });

  it("fills the column from the sandbox's results; events stay empty, never pending", async () => {
    await new Promise<void>((done) => {
      createRoot(async (dispose) => {
        const { host, workers } = fakeHost();
        const decoders = createDecoders(storeWithFrames(), host);
        const { custom } = decoders;
        custom.setSource("(p) => p");
        custom.setColumn("type");
        custom.run();
        const worker = workers[0];
        if (!worker) throw new Error("expected a worker");
        worker.onmessage?.({ data: { type: "loaded" } });
        expect(custom.columnText(0)).toBe("");
        expect(custom.result(0)).toBeUndefined();
        expect(custom.columnText(1)).toBeUndefined();
        expect(custom.result(1)).toEqual({ state: "pending" });
        await Promise.resolve();
        expect(worker.posted[1]).toMatchObject({ type: "decode", jobs: [{ id: 1, kind: "text" }] });
        worker.onmessage?.({
          data: { type: "results", results: [{ id: 1, ok: true, value: { type: "order" } }] },
        });
        expect(custom.columnText(1)).toBe("order");
        // A forged answer for a frame not asked for is ignored.
        worker.onmessage?.({
          data: { type: "results", results: [{ id: 2, ok: true, value: { type: "forged" } }] },
        });
        expect(custom.columnText(2)).toBeUndefined();
        custom.stop();
        expect(custom.columnText(1)).toBeUndefined();
        dispose();
        done();
      });
    });
  });
});
