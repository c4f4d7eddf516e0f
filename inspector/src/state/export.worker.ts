/// <reference lib="webworker" />
import {
  type CaptureExport,
  EXPORT_FORMATS,
  type ExportOptions,
  makeCaptureExport,
} from "../model/formats/capture-export.ts";
import { errorText } from "../model/formats/json-reading.ts";
import type { PackedFrames } from "../model/frames/packed-frames.ts";

declare const self: DedicatedWorkerGlobalScope;

/** Commands to the export worker: what to write, then the frames in packed chunks, then the end. */
export type ExportCommand =
  | { type: "start"; options: ExportOptions }
  | { type: "chunk"; chunk: PackedFrames }
  | { type: "end" };

/** Messages the export worker posts back. */
export type ExportReport =
  /** Frames written so far. */
  | { type: "progress"; frames: number }
  | { type: "done"; file: Blob; removed: string[]; frames: number }
  | { type: "error"; message: string };

let job: CaptureExport | undefined;
let format: ExportOptions["format"] = "ndjson";

const post = (report: ExportReport) => self.postMessage(report);

/**
 * Writes an export off the main thread: the page packs its store into columnar chunks and
 * transfers them here one by one, each is redacted and written as it arrives, and the file goes
 * back as a Blob (a handle, not a copy). Writing a million frames as text takes seconds, and no
 * page task may take more than a few milliseconds of it.
 */
self.onmessage = ({ data: command }: MessageEvent<ExportCommand>) => {
  try {
    switch (command.type) {
      case "start":
        format = command.options.format;
        job = makeCaptureExport(command.options);
        return;
      case "chunk":
        if (!job) throw new Error("a chunk came before the export started");
        job.add(command.chunk);
        return post({ type: "progress", frames: job.frames });
      case "end": {
        if (!job) throw new Error("the export ended before it started");
        const { parts, removed, frames } = job.finish();
        job = undefined;
        const file = new Blob(parts, { type: EXPORT_FORMATS[format].mimeType });
        return post({ type: "done", file, removed, frames });
      }
    }
  } catch (error) {
    job = undefined;
    post({ type: "error", message: errorText(error) });
  }
};
