import {
  makeSecretFinder,
  type SecretValue,
  scrubBytes,
  scrubDeep,
  scrubSecrets,
} from "../environments/secret-values.ts";
import type { FrameEvent } from "../frames/frame.ts";
import { type PackedFrames, unpackFrames } from "../frames/packed-frames.ts";
import {
  type CaptureMeta,
  type CaptureWriter,
  type FrameRows,
  rowsOfBatch,
} from "./capture-writer.ts";
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
  /**
   * Secret values of the environments: wherever they are (payloads, URLs, headers, events), they
   * become their `{{env.NAME}}`, whatever `includeCredentials` says.
   */
  secrets?: readonly SecretValue[];
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
  const secrets = options.secrets ?? [];
  const finder = makeSecretFinder(secrets);
  /** Environment secrets found, as `env.NAME`, in the order met. */
  const scrubbed: string[] = [];
  const note = (names: readonly string[]) => {
    for (const name of names) if (!scrubbed.includes(`env.${name}`)) scrubbed.push(`env.${name}`);
  };
  const scrub = <T>(value: T): T => {
    const found: string[] = [];
    const result = scrubDeep(value, finder, found);
    note(found);
    return result;
  };
  /** Rows whose payloads hold no secret value. */
  const scrubRows = (rows: FrameRows): FrameRows =>
    finder.empty
      ? rows
      : {
          ...rows,
          payload(index) {
            const payload = rows.payload(index);
            if (typeof payload === "string") {
              const result = scrubSecrets(payload, finder);
              note(result.found);
              return result.text;
            }
            if (payload === undefined) return payload;
            const result = scrubBytes(new Uint8Array(payload), secrets);
            if (!result) return payload;
            note(result.found);
            return result.bytes.buffer as ArrayBuffer;
          },
        };
  // The meta first, then the events in order: the names taken out are listed as they are met.
  const meta = scrub(redactor ? redactor.meta(options.meta) : options.meta);
  const writer: CaptureWriter =
    options.format === "har" ? makeHarWriter(meta, options.creator) : makeNdjsonWriter(meta);
  return {
    add(chunk) {
      const events = chunk.events.map(([index, event]): [number, FrameEvent] => [
        index,
        scrub(redactor ? redactor.event(event) : event),
      ]);
      writer.add(scrubRows(rowsOfBatch(unpackFrames({ ...chunk, events }, 0))));
    },
    get frames() {
      return writer.frames;
    },
    finish() {
      return {
        parts: writer.finish(),
        removed: [...(redactor?.removed ?? []), ...scrubbed],
        frames: writer.frames,
      };
    },
  };
}
