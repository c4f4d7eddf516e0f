import { parseJson } from "../../../echo-server/protocol/json-guard.ts";
import type { TapCommand, TapDirection, TapEvent } from "../../../echo-server/protocol/tap-wire.ts";
import { decodeBase64, encodeBase64 } from "../model/frames/codecs.ts";
import { Direction, FrameKind } from "../model/frames/frame.ts";
import type { FrameBatcher } from "../model/frames/frame-batch.ts";
import type { CaptureReport, TapInjectTarget } from "./protocol.ts";
import type { ReportFlusher } from "./report-flusher.ts";
import type { SocketLike } from "./transport.ts";

/** WebSocket.OPEN, spelled out: Node (where tests run this) has no global WebSocket. */
const OPEN = 1;

/**
 * Longest watch event read, in characters: a hello lists held frames, each up to the server's
 * payload limit, so the cap is only a backstop against a server gone wrong.
 */
const TAP_EVENT_MAX_CHARS = 256 * 1024 * 1024;

/** What the tap watches need from their host (the worker global in production). */
export interface TapWatchHost {
  /** Epoch milliseconds with sub-millisecond precision. */
  now(): number;
  openSocket(url: string, protocols: string[]): SocketLike;
  post(report: CaptureReport, transfer: Transferable[]): void;
}

/** One tap a tab watches. */
interface Watch {
  socket: SocketLike;
  url: string;
  /** Where the composer's frames go: a client, and toward the server or the app. */
  target: TapInjectTarget | undefined;
}

/**
 * The taps the inspector's tabs watch (`/tap-watch/<name>`, see tap-wire.ts), by connection id.
 * Mirrored frames go to the page as they come (it makes them the tab's log, with the tap's
 * timestamps, each on the stream of its client); client opens and closes and ping/pong frames
 * go into the log here. The tap's other
 * events go to the page as `tap` reports, and the page's commands go to the tap. A frame the
 * tab sends (the composer, a schedule, a replay) is injected into the tap toward the target
 * the page chose; the tap mirrors it back, marked injected, and that is what the log shows.
 */
export function makeTapWatches(host: TapWatchHost, flusher: ReportFlusher) {
  const watches = new Map<number, Watch>();

  function report(connectionId: number, event: TapEvent) {
    host.post({ type: "tap", connectionId, event }, []);
  }

  function command(connectionId: number, message: TapCommand): boolean {
    const watch = watches.get(connectionId);
    if (!watch || watch.socket.readyState !== OPEN) {
      flusher.pushEvent(connectionId, {
        type: "info",
        message: "Not watching the tap: press Watch first",
      });
      return false;
    }
    watch.socket.send(JSON.stringify(message));
    return true;
  }

  function onEvent(connectionId: number, batcher: FrameBatcher, url: string, event: TapEvent) {
    switch (event.type) {
      case "hello":
        // Clients already connected: their opens go in the log with the times they opened.
        for (const client of event.clients)
          flusher.pushEvent(connectionId, openOf(url, client), client.openedAt, client.id);
        break;
      case "client-open":
        flusher.pushEvent(connectionId, openOf(url, event.client), event.time, event.client.id);
        break;
      case "client-close":
        flusher.pushEvent(
          connectionId,
          {
            type: "close",
            code: event.code,
            reason: event.reason,
            wasClean: event.code !== 1006,
            // The tap's "client" is the app, not this tab.
            side: event.side === "client" ? "app" : event.side,
          },
          event.time,
          event.clientId,
        );
        break;
      case "control":
        batcher.pushControl(
          event.time,
          event.kind === "ping" ? FrameKind.Ping : FrameKind.Pong,
          directionOf(event.direction),
          (decodeBase64(event.data) ?? new Uint8Array()).slice().buffer,
          event.clientId,
        );
        flusher.requestFlush(batcher);
        break;
      case "missed":
        flusher.pushEvent(connectionId, {
          type: "info",
          message: `This tab read too slowly and missed ${event.frames} frame${event.frames === 1 ? "" : "s"} of the tap (the app's traffic went on unaffected)`,
        });
        break;
      case "error":
        // A refused command: noted in the log, while the watch itself stays open.
        flusher.pushEvent(connectionId, {
          type: "info",
          message: `The tap refused: ${event.message}${event.field ? ` (${event.field})` : ""}`,
        });
        break;
    }
    report(connectionId, event);
  }

  return {
    has: (connectionId: number) => watches.has(connectionId),

    /** Watches the tap at `url` (its `/tap-watch/<name>`), replacing an earlier watch. */
    watch(connectionId: number, url: string) {
      const previous = watches.get(connectionId);
      if (previous) {
        previous.socket.onopen = previous.socket.onmessage = null;
        previous.socket.onerror = previous.socket.onclose = null;
        previous.socket.close(1000);
      }
      const batcher = flusher.batcherFor(connectionId);
      let socket: SocketLike;
      try {
        socket = host.openSocket(url, []);
      } catch (error) {
        flusher.pushEvent(connectionId, {
          type: "error",
          message: `Could not watch the tap: ${error instanceof Error ? error.message : String(error)}`,
        });
        return;
      }
      const watch: Watch = { socket, url, target: previous?.target };
      watches.set(connectionId, watch);
      socket.binaryType = "arraybuffer";
      let opened = false;
      socket.onopen = () => {
        opened = true;
        flusher.pushEvent(connectionId, { type: "open", url, protocol: "", extensions: "" });
      };
      socket.onmessage = (message: MessageEvent) => {
        if (message.data instanceof ArrayBuffer) {
          // Mirrored frames go to the page as the tap's bytes (see mirroredBatch), after what
          // this connection's log already has waiting, so the log keeps the tap's order.
          if (batcher.count > 0) flusher.requestFlush(batcher, true);
          host.post({ type: "tap-frames", connectionId, message: message.data }, [message.data]);
          return;
        }
        const json = parseJson(String(message.data), { maxLength: TAP_EVENT_MAX_CHARS });
        if (!json.ok || !isTapEvent(json.value)) {
          flusher.pushEvent(connectionId, {
            type: "info",
            message: "The tap sent a message SocketScope cannot read",
          });
          return;
        }
        onEvent(connectionId, batcher, url, json.value);
      };
      socket.onerror = () => {
        flusher.pushEvent(connectionId, {
          type: "error",
          message: opened
            ? "The watch connection to the tap failed"
            : "Could not watch the tap: is it still there? (a tap made in the inspector is gone after the server restarts)",
        });
      };
      socket.onclose = (event: CloseEvent) => {
        if (watches.get(connectionId) === watch) watches.delete(connectionId);
        flusher.pushEvent(connectionId, {
          type: "close",
          code: event.code,
          reason: event.reason,
          wasClean: event.wasClean,
          ...(opened ? {} : { attemptStart: host.now() }),
        });
      };
    },

    /** Sends a command to the tap (rules, release, settings, inject). */
    command,

    /** Where the tab's frames are injected from now on. */
    setTarget(connectionId: number, target: TapInjectTarget | undefined) {
      const watch = watches.get(connectionId);
      if (watch) watch.target = target;
    },

    /**
     * Injects a frame toward the chosen target; false (and a note in the log) when there is no
     * target or the watch is not open. The log shows the frame when the tap mirrors it back.
     */
    send(
      connectionId: number,
      payload: string | ArrayBuffer,
      onSent?: (time: number) => void,
    ): boolean {
      const target = watches.get(connectionId)?.target;
      if (!target) {
        flusher.pushEvent(connectionId, {
          type: "info",
          message: "Cannot inject: choose a connected client of the tap first",
        });
        return false;
      }
      const binary = typeof payload !== "string";
      const sent = command(connectionId, {
        type: "inject",
        clientId: target.clientId,
        direction: target.direction,
        payload: binary ? encodeBase64(new Uint8Array(payload)) : payload,
        binary,
      });
      if (sent) onSent?.(host.now());
      return sent;
    },

    /** Stops watching (the tap goes on). */
    close(connectionId: number) {
      const watch = watches.get(connectionId);
      if (watch && watch.socket.readyState <= OPEN) watch.socket.close(1000, "Stopped watching");
    },
  };
}

export type TapWatches = ReturnType<typeof makeTapWatches>;

function directionOf(direction: TapDirection): Direction {
  return direction === "c2s" ? Direction.Out : Direction.In;
}

/** A client's open event: its tap's URL (`/tap/<name>`, not the watch's), subprotocol and address. */
function openOf(watchUrl: string, client: { protocol: string; remote: string }) {
  return {
    type: "open" as const,
    url: watchUrl.replace("/tap-watch/", "/tap/"),
    protocol: client.protocol,
    extensions: "",
    remote: client.remote,
  };
}

/** Whether a parsed watch message is an event object with a type. */
function isTapEvent(value: unknown): value is TapEvent {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string"
  );
}
