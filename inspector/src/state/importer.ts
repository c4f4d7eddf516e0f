import { createSignal } from "solid-js";
import { type Capture, importSizeProblem } from "../model/formats/capture-file.ts";
import { errorText } from "../model/formats/json-reading.ts";
import type { FrameBatch } from "../model/frames/frame-batch.ts";
import type { ImportCommand, ImportEntry, ImportReport } from "./import.worker.ts";

/** Where an import is: reading or parsing (with progress), a choice to make, or an error. */
export type ImportState =
  | { state: "idle" }
  | { state: "working"; stage: "reading" | "parsing" | "loading"; fraction: number; file: string }
  | { state: "choose"; entries: ImportEntry[] }
  | { state: "error"; message: string };

/** Where imported frames go: a new tab, filled batch by batch. */
export interface ImportTarget {
  add(batches: FrameBatch[]): void;
}

/**
 * Imports capture files in a worker. One connection opens at once, several ask the user to
 * pick; the frames then arrive as batches, a few per task, so the page never freezes.
 */
export function createImporter(
  open: (
    meta: Omit<Capture, "frames">,
    kind: { tap: string | undefined },
  ) => ImportTarget | undefined,
) {
  const [state, setState] = createSignal<ImportState>({ state: "idle" });
  let worker: Worker | undefined;
  let target: ImportTarget | undefined;
  let file = "";
  let total = 0;
  let loaded = 0;

  const send = (command: ImportCommand) => worker?.postMessage(command);
  const finish = (next: ImportState) => {
    worker?.terminate();
    worker = undefined;
    target = undefined;
    setState(next);
  };

  function onReport(report: ImportReport) {
    switch (report.type) {
      case "progress":
        return setState({ state: "working", stage: report.stage, fraction: report.fraction, file });
      case "parsed": {
        const [only] = report.entries;
        if (report.entries.length === 1 && only) return choose(0, only.frames);
        return setState({ state: "choose", entries: report.entries });
      }
      case "meta":
        target = open(report.capture, { tap: report.tap });
        if (!target)
          finish({ state: "error", message: "Too many tabs open: close one and import again" });
        return;
      case "batches":
        for (const batch of report.batches) loaded += batch.count;
        target?.add(report.batches);
        return setState({
          state: "working",
          stage: "loading",
          fraction: total ? loaded / total : 1,
          file,
        });
      case "end":
        return finish({ state: "idle" });
      case "error":
        return finish({ state: "error", message: report.message });
    }
  }

  function choose(index: number, frames: number) {
    total = frames;
    loaded = 0;
    setState({ state: "working", stage: "loading", fraction: 0, file });
    send({ type: "open", index });
  }

  return {
    state,
    import(chosen: File) {
      worker?.terminate();
      worker = undefined;
      file = chosen.name;
      // Checked before anything is read: the worker would only fail later, and slower.
      const tooBig = importSizeProblem(chosen.name, chosen.size);
      if (tooBig) return finish({ state: "error", message: tooBig });
      worker = new Worker(new URL("./import.worker.ts", import.meta.url), { type: "module" });
      worker.onmessage = ({ data }: MessageEvent<ImportReport>) => {
        try {
          onReport(data);
        } catch (error) {
          finish({ state: "error", message: `Could not import ${file}: ${errorText(error)}` });
        }
      };
      // A worker that fails to start or dies (out of memory) reports nothing itself.
      worker.onerror = (event) => {
        event.preventDefault();
        finish({
          state: "error",
          message: `Could not import ${file}: ${event.message || "the import worker stopped"}`,
        });
      };
      worker.onmessageerror = () =>
        finish({
          state: "error",
          message: `Could not import ${file}: a message could not be read`,
        });
      setState({ state: "working", stage: "reading", fraction: 0, file });
      send({ type: "file", file: chosen });
    },
    choose: (index: number) => {
      const current = state();
      if (current.state === "choose") choose(index, current.entries[index]?.frames ?? 0);
    },
    dismiss: () => finish({ state: "idle" }),
  };
}

export type Importer = ReturnType<typeof createImporter>;
