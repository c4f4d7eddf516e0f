import { describe, expect, it } from "vitest";
import type { SecretValue } from "../../inspector/src/model/environments/secret-values.ts";
import { batchesFromCapture } from "../../inspector/src/model/formats/capture-convert.ts";
import {
  type ExportFormat,
  makeCaptureExport,
} from "../../inspector/src/model/formats/capture-export.ts";
import type { Capture, CapturedFrame } from "../../inspector/src/model/formats/capture-file.ts";
import { exportHar } from "../../inspector/src/model/formats/har-writer.ts";
import { exportNdjson } from "../../inspector/src/model/formats/ndjson.ts";
import { redactCapture } from "../../inspector/src/model/formats/redact-capture.ts";
import { makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";
import {
  chunkEnd,
  type PackedFrames,
  packFrames,
} from "../../inspector/src/model/frames/packed-frames.ts";
import { randomCapture, seededRandom } from "../fixtures/har/random-capture.ts";

/** Whether a store can hold the frame: an event, or a frame with the payload its kind has. */
function storable(frame: CapturedFrame): boolean {
  if (frame.event) return true;
  if (frame.kind === "text") return typeof frame.payload === "string";
  return frame.payload instanceof ArrayBuffer;
}

/** A random capture of storable frames that starts at its first frame, as the page exports it. */
function storableCapture(seed: number): Capture {
  const capture = randomCapture(seededRandom(seed));
  const frames = capture.frames.filter(storable);
  return { ...capture, frames, startedAt: frames[0]?.time ?? capture.startedAt };
}

/** The capture's frames in a store, packed in chunks of at most 3 frames or 200 bytes. */
function packedChunks(capture: Capture): PackedFrames[] {
  const store = makeFrameStore();
  for (const batch of batchesFromCapture(capture, 1, 4)) store.append(batch);
  const chunks: PackedFrames[] = [];
  for (let from = 0; from < store.length; ) {
    const to = chunkEnd(store, from, store.length, { frames: 3, bytes: 200 });
    chunks.push(structuredClone(packFrames(store, from, to)));
    from = to;
  }
  return chunks;
}

/** Exports a capture the way the formats worker does: from packed chunks. */
function exportFromChunks(
  capture: Capture,
  format: ExportFormat,
  includeCredentials: boolean,
  secrets: SecretValue[] = [],
) {
  const { frames, startedAt, ...meta } = capture;
  const job = makeCaptureExport({
    format,
    // The page gives no start time: the first frame's is used, or the capture's when it has none.
    meta: frames.length > 0 ? meta : { ...meta, startedAt },
    includeCredentials,
    secrets,
  });
  for (const chunk of packedChunks(capture)) job.add(chunk);
  const written = job.finish();
  return { ...written, text: written.parts.join("") };
}

const WRITERS = { har: exportHar, ndjson: exportNdjson } as const;

describe("an export from packed chunks", () => {
  const cases = Array.from({ length: 100 }, (_, seed) =>
    (["har", "ndjson"] as const).map((format) => [seed, format] as const),
  ).flat();

  it.each(cases)("writes random capture #%i as %s, byte for byte", (seed, format) => {
    const capture = storableCapture(seed);
    const written = exportFromChunks(capture, format, true);
    expect(written.text).toBe(WRITERS[format](capture));
    expect(written.frames).toBe(capture.frames.length);
    expect(written.removed).toEqual([]);
  });

  it.each(cases)("redacts random capture #%i as %s as redactCapture does", (seed, format) => {
    const capture: Capture = {
      ...storableCapture(seed),
      url: "wss://ada:pw@h/s?token=abc&room=1",
      handshake: {
        request: { method: "GET", url: "wss://h/s?token=abc", headers: [["Cookie", "s=1"]] },
        startedAt: 1,
        durationMs: 2,
      },
    };
    const redacted = redactCapture(capture);
    const written = exportFromChunks(capture, format, false);
    expect(written.text).toBe(WRITERS[format](redacted.value));
    expect(written.removed).toEqual(redacted.removed);
    expect(written.text).not.toMatch(/abc|ada|s=1/);
  });

  it("names what it left out, meta first, then each event's once, in order", () => {
    const capture: Capture = {
      url: "wss://h/s?access_token=abc",
      protocols: [],
      startedAt: 1,
      handshake: {
        request: { method: "GET", url: "wss://h/s", headers: [["Authorization", "Bearer abc"]] },
        startedAt: 1,
        durationMs: 2,
      },
      frames: [
        {
          time: 1,
          direction: "event",
          kind: "open",
          event: {
            type: "open",
            url: "wss://u:p@h/s?token=abc",
            protocol: "",
            extensions: "",
            handshake: {
              request: {
                method: "GET",
                url: "wss://h/s",
                headers: [
                  ["Cookie", "s=1"],
                  ["Authorization", "Bearer abc"],
                ],
              },
              startedAt: 1,
              durationMs: 2,
            },
          },
        },
        { time: 2, direction: "received", kind: "text", payload: "token=abc stays" },
      ],
    };
    const written = exportFromChunks(capture, "ndjson", false);
    expect(written.removed).toEqual([
      "access_token",
      "Authorization",
      "token",
      "userinfo",
      "Cookie",
    ]);
    expect(written.removed).toEqual(redactCapture(capture).removed);
    expect(written.text).toBe(exportNdjson(redactCapture(capture).value));
    expect(written.text).toContain("token=abc stays");
  });
});

describe("an export and the environments' secret values", () => {
  const secrets: SecretValue[] = [{ name: "TOKEN", value: "tok-s3cret" }];
  const capture: Capture = {
    url: "wss://h/s?room=tok-s3cret",
    protocols: [],
    startedAt: 1,
    handshake: {
      request: { method: "GET", url: "wss://h/s", headers: [["X-Tenant", "tok-s3cret"]] },
      startedAt: 1,
      durationMs: 2,
    },
    frames: [
      {
        time: 1,
        direction: "event",
        kind: "error",
        event: { type: "error", message: "refused tok-s3cret" },
      },
      { time: 2, direction: "sent", kind: "text", payload: "auth tok-s3cret" },
      { time: 3, direction: "received", kind: "text", payload: '{"echo":"tok-s3cret"}' },
      {
        time: 4,
        direction: "received",
        kind: "binary",
        payload: new TextEncoder().encode("\u0001tok-s3cret").buffer as ArrayBuffer,
      },
    ],
  };

  it.each([
    ["har", false],
    ["har", true],
    ["ndjson", false],
    ["ndjson", true],
  ] as const)("leaves them out of %s (include credentials: %s) and says so", (format, all) => {
    const written = exportFromChunks(capture, format, all, secrets);
    expect(written.text).not.toContain("tok-s3cret");
    expect(written.text).not.toContain(btoa("\u0001tok-s3cret").slice(0, 8));
    expect(written.text).toContain("{{env.TOKEN}}");
    expect(written.removed).toContain("env.TOKEN");
  });

  it("writes the same file as before when no secret is there", () => {
    const plain = storableCapture(3);
    expect(exportFromChunks(plain, "ndjson", true, secrets).text).toBe(exportNdjson(plain));
  });
});
