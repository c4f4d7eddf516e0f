import { formatByteCount } from "../frames/bytes.ts";
import { Direction, FrameKind, KIND_NAMES, type KindName } from "../frames/frame.ts";
import type { FrameStore } from "../frames/frame-store.ts";
import { previewControl, previewEvent, previewPayload } from "./preview.ts";
import { formatClockTime, formatClockTimeMicros, formatDuration } from "./time.ts";
import { describeWireSize, formatWireCell } from "./wire-size.ts";

/** What one row of the log grid shows, formatted. Built only for rows on screen. */
export interface LogRow {
  id: number;
  direction: "sent" | "received" | "event";
  kind: KindName;
  preview: string;
  size: string;
  time: string;
  /** Full-precision time for the tooltip. */
  timeDetail: string;
  /**
   * Time since the connection opened, or "" before any open; for the error and close of an
   * attempt that never opened, the time since that attempt began.
   */
  sinceConnect: string;
  /** Time since the previous retained frame, or "" for the first. */
  sincePrevious: string;
  /** Round-trip time when the frame answered a ping loop's ping, or "". */
  rtt: string;
  /** Payload bytes on the wire and their share of the size (`340 B · 28%`), or "" when not measured. */
  wire: string;
  /** The wire size in words, for the tooltip, or "". */
  wireDetail: string;
  /** For a reply its protocol paired with a request: the time since that request, or "". */
  latency: string;
  /** The direction in words: Sent, Received, Event; in a tap's capture, Client → server… */
  directionLabel: string;
  /** In a tap's capture: the client, and what the tap did to the frame ("#2", "#2 changed"). */
  tag: string;
}

const DIRECTION_LABELS = { sent: "Sent", received: "Received", event: "Event" } as const;
/** A tap's client sends (to the server) and receives (from it). */
const TAP_DIRECTION_LABELS = {
  sent: "Client → server",
  received: "Server → client",
  event: "Event",
} as const;

/** What the log's tag says of a tap's frame: its client, and its mark if it has one. */
export function tapTag(stream: number, mark: string | undefined): string {
  if (stream === 0) return mark ?? "";
  return mark === undefined ? `#${stream}` : `#${stream} ${mark}`;
}

/** The direction of the row at `index` as a word. */
export function directionName(store: FrameStore, index: number): LogRow["direction"] {
  const direction = store.direction(index);
  return direction === Direction.Out ? "sent" : direction === Direction.In ? "received" : "event";
}

/** Formats the row at `index` of `store` for display. */
export function logRow(store: FrameStore, index: number): LogRow {
  const payload = store.payload(index);
  const event = store.event(index);
  const time = store.time(index);
  const connected = attemptStartOf(event) ?? store.connectTime(index);
  const direction = directionName(store, index);
  const stream = store.stream(index);
  return {
    id: store.id(index),
    direction,
    kind: KIND_NAMES[store.kind(index)],
    preview: preview(store.kind(index), payload, event),
    size: payload !== null ? formatByteCount(store.size(index)) : "",
    time: formatClockTime(time),
    timeDetail: formatClockTimeMicros(time),
    sinceConnect: Number.isNaN(connected) ? "" : formatDuration(time - connected),
    sincePrevious: index > 0 ? formatDuration(time - store.time(index - 1)) : "",
    rtt: rttText(store.rtt(index)),
    directionLabel: (stream === 0 ? DIRECTION_LABELS : TAP_DIRECTION_LABELS)[direction],
    tag: tapTag(stream, store.mark(index)),
    latency: latencyText(store.note(index)?.latencyMs),
    ...wireTexts(store, index),
  };
}

function wireTexts(store: FrameStore, index: number): Pick<LogRow, "wire" | "wireDetail"> {
  const wire = store.measured > 0 ? store.wire(index) : undefined;
  if (!wire) return { wire: "", wireDetail: "" };
  const size = store.size(index);
  return { wire: formatWireCell(wire, size), wireDetail: describeWireSize(wire, size) };
}

/** When the attempt began, for an event of an attempt that never opened. */
function attemptStartOf(event: ReturnType<FrameStore["event"]>): number | undefined {
  return event?.type === "error" || event?.type === "close" ? event.attemptStart : undefined;
}

function latencyText(latency: number | undefined): string {
  return latency === undefined ? "" : formatDuration(latency);
}

function rttText(rtt: number | undefined): string {
  return rtt === undefined ? "" : `RTT ${formatDuration(rtt)}`;
}

function preview(
  kind: FrameKind,
  payload: ReturnType<FrameStore["payload"]>,
  event: ReturnType<FrameStore["event"]>,
) {
  if ((kind === FrameKind.Ping || kind === FrameKind.Pong) && payload instanceof ArrayBuffer) {
    return previewControl(kind, payload);
  }
  if (payload !== null) return previewPayload(payload);
  return event ? previewEvent(event) : "";
}
