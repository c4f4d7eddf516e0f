import type { FrameEvent } from "../frames/frame.ts";
import { type PackedFrames, unpackFrames } from "../frames/packed-frames.ts";
import { type CaptureMeta, type CaptureWriter, rowsOfBatch } from "./capture-writer.ts";
import { type HarCreator, makeHarWriter } from "./har-writer.ts";
import { makeNdjsonWriter } from "./ndjson.ts";
import { makeCaptureRedactor } from "./redact-capture.ts";

/**
 * An export written from packed chunks, the way the formats worker receives them from the page:
 * credentials are taken out of the meta and of each chunk's events (payloads are data and stay as
 * they are), and each chunk goes to the format's writer as it arrives, so the worker never holds
 * more than the file it is writing.
 */

/** The file formats an export can write. */
export const EXPORT_FORMATS = {
  har: { label: "HAR", extension: "har", mimeType: "application/json" },
  ndjson: { label: "NDJSON", extension: "ndjson", mimeType: "application/x-ndjson" },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** What to export, and how. */
export interface ExportOptions {
  format: ExportFormat;
  meta: CaptureMeta;
  /** Keep credentials in the URL and handshakes. @default false: they are redacted */
  includeCredentials?: boolean;
  creator?: HarCreator;
}

/** A finished export: the file in parts, what redaction took out, and how many frames it holds. */
export interface WrittenExport {
  parts: string[];
  removed: string[];
  frames: number;
}

/** An export in progress: feed it chunks in order, then finish it. */
export interface CaptureExport {
  add(chunk: PackedFrames): void;
  /** Frames written so far. */
  readonly frames: number;
  finish(): WrittenExport;
}

/** A plain export of one capture. */
export function makeCaptureExport(options: ExportOptions): CaptureExport {
  const redactor = options.includeCredentials ? undefined : makeCaptureRedactor();
  // The meta first, then the events in order: the names taken out are listed as they are met.
  const meta = redactor ? redactor.meta(options.meta) : options.meta;
  const writer: CaptureWriter =
    options.format === "har" ? makeHarWriter(meta, options.creator) : makeNdjsonWriter(meta);
  return {
    add(chunk) {
      const events = redactor
        ? chunk.events.map(([index, event]): [number, FrameEvent] => [index, redactor.event(event)])
        : chunk.events;
      writer.add(rowsOfBatch(unpackFrames({ ...chunk, events }, 0)));
    },
    get frames() {
      return writer.frames;
    },
    finish() {
      return {
        parts: writer.finish(),
        removed: [...(redactor?.removed ?? [])],
        frames: writer.frames,
      };
    },
  };
}
