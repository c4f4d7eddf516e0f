import {
  Direction,
  type FrameEvent,
  type FrameMark,
  KIND_NAMES,
  type KindName,
  type StreamId,
} from "../frames/frame.ts";
import type { FrameBatch } from "../frames/frame-batch.ts";
import type { Capture, CapturedFrame } from "./capture-file.ts";

/**
 * What the export writers read and how they are driven. A writer takes frames a run at a time,
 * as rows read by index, so it can write a million frames from the columns of packed chunks
 * (in the formats worker) as well as from a capture's frame list, without a frame object each.
 */

/** A run of frames as a writer reads them: `count` rows, each field read by index. */
export interface FrameRows {
  readonly count: number;
  /** Epoch ms with sub-millisecond precision. */
  time(index: number): number;
  direction(index: number): CapturedFrame["direction"];
  kind(index: number): KindName;
  /** Text frames: the text; binary, ping and pong frames: the bytes; events: undefined. */
  payload(index: number): string | ArrayBuffer | undefined;
  event(index: number): FrameEvent | undefined;
  /** The tap client the frame belongs to, or 0. */
  stream(index: number): StreamId;
  mark(index: number): FrameMark | undefined;
}

/** What a file says about the connection besides its frames. */
export interface CaptureMeta extends Omit<Capture, "frames" | "startedAt"> {
  /** Epoch ms the capture started. @default the first frame's time, or now when there is none */
  startedAt?: number;
}

/** Writes one capture file from runs of frames, in order. */
export interface CaptureWriter {
  add(rows: FrameRows): void;
  /** Frames added so far. */
  readonly frames: number;
  /** The whole file in parts, to join or to hand to a Blob as they are. */
  finish(): string[];
}

/** A capture's frame list as rows. */
export function rowsOfCapture(frames: readonly CapturedFrame[]): FrameRows {
  const at = (index: number) => frames[index] as CapturedFrame;
  return {
    count: frames.length,
    time: (index) => at(index).time,
    direction: (index) => at(index).direction,
    kind: (index) => at(index).kind,
    payload: (index) => at(index).payload,
    event: (index) => at(index).event,
    stream: (index) => at(index).stream ?? 0,
    mark: (index) => at(index).mark,
  };
}

const DIRECTION_NAMES: Record<number, CapturedFrame["direction"]> = {
  [Direction.None]: "event",
  [Direction.In]: "received",
  [Direction.Out]: "sent",
};

/** A batch's columns as rows (a packed chunk, once unpacked, is such a batch). */
export function rowsOfBatch(batch: FrameBatch): FrameRows {
  const events = new Map(batch.events);
  const marks = new Map(batch.marks);
  return {
    count: batch.count,
    time: (index) => batch.times[index] ?? Number.NaN,
    direction: (index) => DIRECTION_NAMES[batch.directions[index] ?? Direction.None] ?? "event",
    kind: (index) => KIND_NAMES[batch.kinds[index] as keyof typeof KIND_NAMES],
    payload: (index) => batch.payloads[index] ?? undefined,
    event: (index) => events.get(index),
    stream: (index) => batch.streams[index] ?? 0,
    mark: (index) => marks.get(index),
  };
}

/** One row as a captured frame, with only the fields it has. */
export function frameAt(rows: FrameRows, index: number): CapturedFrame {
  const payload = rows.payload(index);
  const event = rows.event(index);
  const stream = rows.stream(index);
  const mark = rows.mark(index);
  return {
    time: rows.time(index),
    direction: rows.direction(index),
    kind: rows.kind(index),
    ...(payload !== undefined ? { payload } : {}),
    ...(event !== undefined ? { event } : {}),
    ...(stream !== 0 ? { stream } : {}),
    ...(mark !== undefined ? { mark } : {}),
  };
}

/**
 * Tracks when a capture started: the meta's time when it has one, else the first frame's time,
 * else the time the file is finished.
 */
export function makeStartClock(meta: CaptureMeta): {
  saw(rows: FrameRows): void;
  readonly startedAt: number;
} {
  let first: number | undefined;
  return {
    saw(rows) {
      if (first === undefined && rows.count > 0) first = rows.time(0);
    },
    get startedAt() {
      return meta.startedAt ?? first ?? Date.now();
    },
  };
}
