/// <reference lib="webworker" />
import type { Capture } from "../model/capture-file.ts";
import { importHar } from "../model/har.ts";
import { detectFormat, importNdjson } from "../model/ndjson.ts";

declare const self: DedicatedWorkerGlobalScope;

/** Messages the import worker posts back. */
export type ImportReport =
  | { type: "progress"; stage: "reading" | "parsing"; fraction: number }
  | { type: "done"; captures: { label: string; capture: Capture; timesMissing: boolean }[] }
  | { type: "error"; message: string };

/**
 * Reads and parses a capture file off the main thread: a 100 MB HAR takes seconds to read and
 * parse, and the page must stay responsive (with progress) meanwhile.
 */
self.onmessage = async (event: MessageEvent<File>) => {
  const file = event.data;
  const post = (report: ImportReport, transfer: Transferable[] = []) =>
    self.postMessage(report, transfer);
  try {
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
    if (format === "ndjson") {
      const result = importNdjson(text, onProgress);
      if (!result.ok) return post({ type: "error", message: result.error });
      const { capture } = result;
      return post(
        { type: "done", captures: [{ label: capture.url, capture, timesMissing: false }] },
        buffersOf([capture]),
      );
    }
    const result = importHar(text, onProgress);
    if (!result.ok) return post({ type: "error", message: result.error });
    post(
      { type: "done", captures: result.captures },
      buffersOf(result.captures.map((entry) => entry.capture)),
    );
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
};

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

function buffersOf(captures: Capture[]): Transferable[] {
  const buffers = new Set<ArrayBuffer>();
  for (const capture of captures) {
    for (const frame of capture.frames)
      if (frame.payload instanceof ArrayBuffer) buffers.add(frame.payload);
  }
  return [...buffers];
}
