import { formatByteCount } from "./bytes.ts";
import { Direction, FrameKind } from "./frame.ts";
import type { FrameStore } from "./frame-store.ts";
import { previewEvent, previewPayload } from "./preview.ts";
import { formatClockTime, formatClockTimeMicros } from "./time.ts";

/** What one row of the log grid shows, formatted. Built only for rows on screen. */
export interface LogRow {
  id: number;
  direction: "sent" | "received" | "event";
  kind: "text" | "binary" | "open" | "close" | "error";
  preview: string;
  size: string;
  time: string;
  /** Full-precision time for the tooltip. */
  timeDetail: string;
}

const KIND_NAMES = {
  [FrameKind.Text]: "text",
  [FrameKind.Binary]: "binary",
  [FrameKind.Open]: "open",
  [FrameKind.Close]: "close",
  [FrameKind.Error]: "error",
} as const;

/** Formats the row at `index` of `store` for display. */
export function logRow(store: FrameStore, index: number): LogRow {
  const direction = store.direction(index);
  const payload = store.payload(index);
  const event = store.event(index);
  const time = store.time(index);
  return {
    id: store.id(index),
    direction:
      direction === Direction.Out ? "sent" : direction === Direction.In ? "received" : "event",
    kind: KIND_NAMES[store.kind(index)],
    preview: payload !== null ? previewPayload(payload) : event ? previewEvent(event) : "",
    size: payload !== null ? formatByteCount(store.size(index)) : "",
    time: formatClockTime(time),
    timeDetail: formatClockTimeMicros(time),
  };
}
