import { createSignal, onCleanup } from "solid-js";
import { parseSubprotocols } from "../model/connect/url.ts";
import { hasDecoderSettings } from "../model/decoders/decoder-settings.ts";
import type { SecretValue } from "../model/environments/secret-values.ts";
import { EXPORT_FORMATS, type ExportFormat } from "../model/formats/capture-export.ts";
import { errorText } from "../model/formats/json-reading.ts";
import { packedTransferables, packStoreChunks } from "../model/frames/packed-frames.ts";
import type { ExportCommand, ExportReport } from "./export.worker.ts";
import type { Session } from "./session.ts";

/** Where an export is: writing (with the fraction of frames written), or an error. */
export type ExportState =
  | { state: "idle" }
  | { state: "working"; format: ExportFormat; fraction: number }
  | { state: "error"; message: string };

/** A written export, ready to download. */
export interface ExportedFile {
  file: Blob;
  /** Names of the credentials left out, in the order met. */
  removed: string[];
  frames: number;
}

/**
 * A yield to the event loop that is neither clamped to 4 ms once nested (as setTimeout is) nor
 * throttled to once a second in a hidden tab: a message to ourselves is a task of its own.
 */
function nextTask(): Promise<void> {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Exports a session's frames in a worker. The page packs its store into columnar chunks, one
 * short task per chunk (a million frames make about sixty), and transfers each to the export
 * worker, which redacts and writes them as they come and hands back the file. The page holds no
 * frame object and no part of the file's text. One export runs at a time; starting another
 * abandons the one running.
 */
export function createExporter() {
  const [state, setState] = createSignal<ExportState>({ state: "idle" });
  /** The running export's worker and how to settle its promise. */
  let running: { worker: Worker; settle: (file: ExportedFile | undefined) => void } | undefined;

  function stop(next: ExportState, file?: ExportedFile) {
    const current = running;
    running = undefined;
    current?.worker.terminate();
    setState(next);
    current?.settle(file);
  }

  onCleanup(() => stop({ state: "idle" }));

  return {
    state,
    /**
     * Writes the session's frames as `format`, leaving credentials out unless asked (and the
     * environments' secret values out always). Resolves
     * with the file, or undefined when it failed (the state says why) or another export
     * replaced it.
     */
    start(
      session: Session,
      format: ExportFormat,
      options: { includeCredentials?: boolean; secrets?: readonly SecretValue[] } = {},
    ): Promise<ExportedFile | undefined> {
      stop({ state: "idle" });
      const { store } = session.connection;
      const protocols = parseSubprotocols(session.settings.protocols());
      const handshake = session.connection.handshake();
      // Schemas travel with the capture, so whoever opens it reads the frames the same way.
      const decoders = session.decoders.value();
      const total = store.length;
      const worker = new Worker(new URL("./export.worker.ts", import.meta.url), {
        type: "module",
      });
      const failed = (message: string) =>
        stop({
          state: "error",
          message: `Could not export ${EXPORT_FORMATS[format].label}: ${message}`,
        });
      const send = (command: ExportCommand, transfer: Transferable[] = []) =>
        worker.postMessage(command, transfer);

      const done = new Promise<ExportedFile | undefined>((settle) => {
        running = { worker, settle };
      });
      const mine = running;
      const isCurrent = () => running !== undefined && running === mine;

      worker.onmessage = ({ data }: MessageEvent<ExportReport>) => {
        if (!isCurrent()) return;
        switch (data.type) {
          case "progress":
            return setState({
              state: "working",
              format,
              fraction: total > 0 ? Math.min(1, data.frames / total) : 1,
            });
          case "done":
            return stop(
              { state: "idle" },
              {
                file: data.file,
                removed: data.removed,
                frames: data.frames,
              },
            );
          case "error":
            return failed(data.message);
        }
      };
      // A worker that fails to start or dies (out of memory) reports nothing itself.
      worker.onerror = (event) => {
        event.preventDefault();
        failed(event.message || "the export worker stopped");
      };
      worker.onmessageerror = () => failed("a message could not be read");

      setState({ state: "working", format, fraction: 0 });
      send({
        type: "start",
        options: {
          format,
          meta: {
            url: session.settings.url(),
            protocols: protocols.ok ? protocols.protocols : [],
            ...(handshake ? { handshake } : {}),
            ...(hasDecoderSettings(decoders) ? { decoders } : {}),
          },
          includeCredentials: options.includeCredentials ?? false,
          secrets: [...(options.secrets ?? [])],
        },
      });
      (async () => {
        // One chunk per task: packing 16,384 frames takes a few milliseconds, so the page stays
        // responsive while the worker writes. Frames that arrive meanwhile are left out.
        for (const chunk of packStoreChunks(store, 0)) {
          if (!isCurrent()) return;
          send({ type: "chunk", chunk }, packedTransferables([chunk]));
          await nextTask();
        }
        if (isCurrent()) send({ type: "end" });
      })().catch((error: unknown) => {
        if (isCurrent()) failed(errorText(error));
      });
      return done;
    },
    /** Forgets an error shown to the user. */
    dismiss: () => {
      if (state().state === "error") setState({ state: "idle" });
    },
  };
}

export type Exporter = ReturnType<typeof createExporter>;
