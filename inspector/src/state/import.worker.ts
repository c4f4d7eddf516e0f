/// <reference lib="webworker" />
import { batchesFromCapture } from "../model/formats/capture-convert.ts";
import { type Capture, importSizeProblem } from "../model/formats/capture-file.ts";
import { importHar } from "../model/formats/har-reader.ts";
import { errorText } from "../model/formats/json-reading.ts";
import { detectFormat, importNdjson } from "../model/formats/ndjson.ts";
import { batchTransferables, type FrameBatch } from "../model/frames/frame-batch.ts";

declare const self: DedicatedWorkerGlobalScope;

/** Commands to the import worker: a file to read, then which of its connections to open. */
export type ImportCommand = { type: "file"; file: File } | { type: "open"; index: number };

/** A connection found in the file, described for the picker. */
export interface ImportEntry {
  label: string;
  frames: number;
  timesMissing: boolean;
}

/** Messages the import worker posts back. */
export type ImportReport =
  | { type: "progress"; stage: "reading" | "parsing"; fraction: number }
  | { type: "parsed"; entries: ImportEntry[] }
  /** `tap`: the tap's name, when the capture is a tap's (its frames name their clients). */
  | { type: "meta"; capture: Omit<Capture, "frames">; tap: string | undefined }
  | { type: "batches"; batches: FrameBatch[] }
  | { type: "end" }
  | { type: "error"; message: string };

/** Batches posted per message: each message is a task of its own on the page, so it stays responsive. */
const BATCHES_PER_MESSAGE = 4;

let captures: Capture[] = [];

const post = (report: ImportReport, transfer: Transferable[] = []) =>
  self.postMessage(report, transfer);

/**
 * Reads and parses a capture file off the main thread, then hands the chosen connection to the
 * page as columnar frame batches (transferred, not copied), a few per message: a 100 MB HAR
 * takes seconds to read and parse, and the page must stay responsive meanwhile.
 */
self.onmessage = async ({ data: command }: MessageEvent<ImportCommand>) => {
  try {
    // Awaited, so that a rejection lands in the catch below and reaches the user: without the
    // await it escaped, and the import said "Reading…" forever.
    if (command.type === "file") return await parse(command.file);
    const capture = captures[command.index];
    if (!capture) return post({ type: "error", message: "No such connection in the file" });
    const { frames, ...meta } = capture;
    post({ type: "meta", capture: meta, tap: tapNameOf(capture) });
    const batches = batchesFromCapture(capture, 0);
    for (let i = 0; i < batches.length; i += BATCHES_PER_MESSAGE) {
      const chunk = batches.slice(i, i + BATCHES_PER_MESSAGE);
      post({ type: "batches", batches: chunk }, chunk.flatMap(batchTransferables));
    }
    post({ type: "end" });
    captures = [];
  } catch (error) {
    const name = command.type === "file" ? command.file.name : "the file";
    post({ type: "error", message: `Could not import ${name}: ${errorText(error)}` });
  }
};

/** The tap a capture was taken from: its frames name their clients, and its URL names the tap. */
function tapNameOf(capture: Capture): string | undefined {
  if (!capture.frames.some((frame) => frame.stream !== undefined)) return undefined;
  try {
    const segments = new URL(capture.url).pathname.split("/");
    return segments.at(-2) === "tap"
      ? decodeURIComponent(segments.at(-1) ?? "") || "capture"
      : "capture";
  } catch {
    return "capture";
  }
}

async function parse(file: File) {
  const tooBig = importSizeProblem(file.name, file.size);
  if (tooBig) return post({ type: "error", message: tooBig });
  const text = await readWithProgress(file, (fraction) =>
    post({ type: "progress", stage: "reading", fraction }),
  );
  const onProgress = (fraction: number) => post({ type: "progress", stage: "parsing", fraction });
  const format = detectFormat(text);
  if (format === null)
    return post({
      type: "error",
      message: `${file.name} is neither a HAR file nor SocketScope NDJSON`,
    });
  const result = format === "ndjson" ? importNdjson(text, onProgress) : importHar(text, onProgress);
  if (!result.ok) return post({ type: "error", message: result.error });
  const found =
    "captures" in result
      ? result.captures
      : [{ label: result.capture.url, capture: result.capture, timesMissing: false }];
  captures = found.map((entry) => entry.capture);
  post({
    type: "parsed",
    entries: found.map(({ label, capture, timesMissing }) => ({
      label,
      frames: capture.frames.length,
      timesMissing,
    })),
  });
}

async function readWithProgress(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let read = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    onProgress(file.size ? read / file.size : 1);
  }
  parts.push(decoder.decode());
  return parts.join("");
}
