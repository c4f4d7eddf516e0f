import { createSignal } from "solid-js";
import type { Capture } from "../model/capture-file.ts";
import type { ImportReport } from "./import.worker.ts";

/** A capture found in an imported file. */
export interface ImportedCapture {
  label: string;
  capture: Capture;
  timesMissing: boolean;
}

/** Where an import is: reading or parsing (with progress), a choice to make, or an error. */
export type ImportState =
  | { state: "idle" }
  | { state: "working"; stage: "reading" | "parsing"; fraction: number; file: string }
  | { state: "choose"; captures: ImportedCapture[] }
  | { state: "error"; message: string };

/** Imports capture files in a worker; one capture opens at once, several ask the user to pick. */
export function createImporter(open: (imported: ImportedCapture) => void) {
  const [state, setState] = createSignal<ImportState>({ state: "idle" });
  let worker: Worker | undefined;

  return {
    state,
    import(file: File) {
      worker?.terminate();
      worker = new Worker(new URL("./import.worker.ts", import.meta.url), { type: "module" });
      setState({ state: "working", stage: "reading", fraction: 0, file: file.name });
      worker.onmessage = ({ data }: MessageEvent<ImportReport>) => {
        if (data.type === "progress")
          return setState({
            state: "working",
            stage: data.stage,
            fraction: data.fraction,
            file: file.name,
          });
        worker?.terminate();
        worker = undefined;
        if (data.type === "error") return setState({ state: "error", message: data.message });
        const [only] = data.captures;
        if (data.captures.length === 1 && only) {
          open(only);
          setState({ state: "idle" });
        } else setState({ state: "choose", captures: data.captures });
      };
      worker.postMessage(file);
    },
    choose(imported: ImportedCapture) {
      open(imported);
      setState({ state: "idle" });
    },
    dismiss() {
      worker?.terminate();
      worker = undefined;
      setState({ state: "idle" });
    },
  };
}

export type Importer = ReturnType<typeof createImporter>;
