import type { PairingLimits } from "../../../echo-server/protocol/pairing/pairing.ts";
import {
  type FrameNote,
  makeProtocolTracker,
  type ProtocolTracker,
} from "../../../echo-server/protocol/sessions/tracker.ts";
import type {
  ProtocolAction,
  ProtocolConfig,
  WireData,
} from "../../../echo-server/protocol/sessions/types.ts";
import type { CaptureReport } from "./protocol.ts";

/** What protocol tracking needs from its host (the worker global in production). */
export interface TrackingHost {
  post(report: CaptureReport, transfer: Transferable[]): void;
  setTimer(callback: () => void, ms: number): unknown;
}

/** Knobs of protocol tracking. */
export interface TrackingOptions {
  /** Shortest time between two status reports of a connection. @default 250 */
  reportIntervalMs?: number;
  /** Bounds of each connection's pairing. */
  limits?: Partial<PairingLimits>;
}

/** A frame as the capture engine holds it. */
type Payload = string | ArrayBuffer;

/**
 * The protocol of each connection, by connection id: a tracker (see
 * echo-server/protocol/sessions/tracker.ts) that reads every frame both ways, answers what the
 * protocol wants answered (pongs, the namespace connect), and pairs requests with replies. A
 * connection keeps its tracker across reconnects, so its statistics add up; the status goes
 * to the UI a few times a second, not per frame.
 */
export function makeProtocolTracking(host: TrackingHost, options: TrackingOptions = {}) {
  const interval = options.reportIntervalMs ?? 250;
  const trackers = new Map<number, { tracker: ProtocolTracker; reported: number }>();
  let scheduled = false;

  function entry(connectionId: number) {
    let found = trackers.get(connectionId);
    if (!found) {
      found = { tracker: makeProtocolTracker({ protocol: "auto" }, options.limits), reported: -1 };
      trackers.set(connectionId, found);
    }
    return found;
  }

  function report() {
    scheduled = false;
    for (const [connectionId, item] of trackers) {
      if (item.tracker.revision === item.reported) continue;
      item.reported = item.tracker.revision;
      host.post({ type: "protocol", connectionId, status: item.tracker.status() }, []);
    }
  }

  function changed() {
    if (scheduled) return;
    scheduled = true;
    host.setTimer(report, interval);
  }

  /**
   * The bytes a tracker reads. A session that keeps binary frames (Socket.IO holds attachments
   * until their packet is whole) gets a copy: the frame's own buffer goes to the page with its
   * batch, and is detached there. A raw session reads no binary, so it gets a view.
   */
  function wire(tracker: ProtocolTracker, data: Payload): WireData {
    if (typeof data === "string") return data;
    return new Uint8Array(tracker.protocol === "raw" ? data : data.slice(0));
  }

  return {
    /** Before each attempt: the URL and subprotocols the protocol needs, and what changed. */
    target(connectionId: number, url: string, protocols: string[]) {
      changed();
      return entry(connectionId).tracker.target(url, protocols);
    },
    /** The socket opened: frames to send first, and notes for the log. */
    opened(connectionId: number, subprotocol: string, time: number) {
      changed();
      const { send, info } = entry(connectionId).tracker.open(subprotocol, time);
      return { send: send.map(toPayload), info };
    },
    /** Whether the connection's frames still mean anything to its protocol (see `reads`). */
    reads(connectionId: number): boolean {
      return entry(connectionId).tracker.reads;
    },
    /** A received frame: its note, and frames the session answers with. */
    received(
      connectionId: number,
      data: Payload,
      time: number,
    ): { note?: FrameNote; send: Payload[] } {
      const { tracker } = entry(connectionId);
      const { note, send } = tracker.receive(wire(tracker, data), time);
      if (note || send.length > 0) changed();
      return { ...(note ? { note } : {}), send: send.map(toPayload) };
    },
    /** A frame that left: its note. */
    sent(connectionId: number, data: Payload, time: number): FrameNote | undefined {
      const { tracker } = entry(connectionId);
      const note = tracker.sent(wire(tracker, data), time);
      if (note) changed();
      return note;
    },
    closed(connectionId: number) {
      trackers.get(connectionId)?.tracker.closed();
      changed();
    },
    configure(connectionId: number, config: ProtocolConfig) {
      entry(connectionId).tracker.configure(config);
      changed();
    },
    /** A user's action as frames to send, or why not. */
    act(
      connectionId: number,
      action: ProtocolAction,
    ): { ok: true; send: Payload[]; id?: string } | { ok: false; error: string } {
      changed();
      const result = entry(connectionId).tracker.act(action);
      return result.ok ? { ...result, send: result.send.map(toPayload) } : result;
    },
    reset(connectionId: number) {
      entry(connectionId).tracker.resetStats();
      changed();
    },
  };
}

export type ProtocolTracking = ReturnType<typeof makeProtocolTracking>;

/** A frame a session made, as the transports take it. */
function toPayload(data: WireData): Payload {
  if (typeof data === "string") return data;
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
    ? (data.buffer as ArrayBuffer)
    : (data.slice().buffer as ArrayBuffer);
}
