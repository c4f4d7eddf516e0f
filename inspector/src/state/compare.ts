import { createMemo, createSignal } from "solid-js";
import { type DiffSide, diffFrames, type FrameDiff } from "../model/diff/frame-diff.ts";
import { sameTypeKey } from "../model/diff/same-type.ts";
import { groupThousands } from "../model/frames/bytes.ts";
import { isDataKind } from "../model/frames/frame.ts";
import { directionName, type LogRow, logRow } from "../model/log/log-row.ts";
import type { Connection } from "./connection.ts";
import type { Decoders } from "./decoders.ts";
import type { LogState } from "./log.ts";

/**
 * Frames looked through, at most, for the previous one of the same type: each costs a JSON parse
 * (or a custom decoder's run) on the way.
 */
const MAX_LOOK_BACK = 10_000;

/** One side of a comparison: the frame's row and what is compared of it. */
export interface ComparedFrame {
  id: number;
  row: LogRow;
  side: DiffSide;
}

/** Two frames and their diff (left is the older). */
export interface Comparison {
  left: ComparedFrame;
  right: ComparedFrame;
  diff: FrameDiff;
}

/** Comparing two frames of a session. */
export interface Compare {
  /** Two frames are selected in the log. */
  readonly canCompare: () => boolean;
  /** Compares the two selected frames. */
  compareSelected(): void;
  /**
   * Compares the selected frame with the previous one of the same type; returns why it cannot
   * ("" when it did).
   */
  compareWithPrevious(): string;
  readonly comparison: () => Comparison | undefined;
  /** The frames compared are no longer retained. */
  readonly gone: () => boolean;
  close(): void;
}

/**
 * The Diff view's state: which two frames, and their diff, recomputed when a decoder changes
 * what they decode to (a schema loaded, a custom decoder's results arriving).
 */
export function createCompare(connection: Connection, log: LogState, decoders: Decoders): Compare {
  const { store } = connection;
  const [pair, setPair] = createSignal<[number, number]>();

  /** What a frame is compared as: its payload, and its decoded tree when a decoder read it. */
  function sideOf(id: number, index: number): DiffSide | undefined {
    const payload = store.payload(index);
    if (payload === null || !isDataKind(store.kind(index))) return undefined;
    const direction = directionName(store, index) === "sent" ? "sent" : "received";
    const protobuf = decoders.decodeProtobuf(id, direction, payload);
    if (protobuf?.ok)
      return {
        payload,
        decoded: { by: `Protobuf ${protobuf.type}`, value: protobuf.decoded.value },
      };
    const custom = decoders.custom.result(id);
    if (custom?.state === "done" && custom.ok)
      return { payload, decoded: { by: "Custom decoder", value: custom.value } };
    return { payload };
  }

  function frame(id: number): ComparedFrame | undefined {
    const index = store.indexOf(id);
    if (index < 0) return undefined;
    const side = sideOf(id, index);
    return side && { id, row: logRow(store, index), side };
  }

  const comparison = createMemo(() => {
    const ids = pair();
    connection.revision();
    decoders.custom.revision();
    if (!ids) return undefined;
    const [older, newer] = ids[0] < ids[1] ? ids : [ids[1], ids[0]];
    const left = frame(older);
    const right = frame(newer);
    if (!left || !right) return undefined;
    return { left, right, diff: diffFrames(left.side, right.side) };
  });

  /**
   * The key "the same type" compares, for the frame at `index`; "pending" while the custom
   * decoder's column for it is not known yet.
   */
  function typeKey(index: number): string | undefined {
    const id = store.id(index);
    const direction = directionName(store, index);
    const payload = store.payload(index);
    const kind = store.kind(index);
    if (!isDataKind(kind) || payload === null || direction === "event") return undefined;
    const column = decoders.custom.columnText(id);
    if (column === undefined && decoders.custom.enabled() && decoders.custom.column().trim())
      return "pending";
    const label =
      column ||
      (typeof payload !== "string" && decoders.schema() ? decoders.typeFor(id, direction) : "");
    return sameTypeKey(direction, String(kind), payload, label || undefined);
  }

  return {
    canCompare: () => log.selectedIds().length === 2,
    compareSelected() {
      const [first, second] = log.selectedIds();
      if (first !== undefined && second !== undefined) setPair([first, second]);
    },
    compareWithPrevious() {
      const id = log.selectedId();
      const index = id === undefined ? -1 : store.indexOf(id);
      if (id === undefined || index < 0) return "Select a frame first";
      const key = typeKey(index);
      if (key === undefined) return "Only data frames can be compared";
      const waiting = "The custom decoder is still reading these frames: try again in a moment";
      if (key === "pending") return waiting;
      const stop = Math.max(0, index - MAX_LOOK_BACK);
      let pending = false;
      for (let before = index - 1; before >= stop; before--) {
        const other = typeKey(before);
        pending ||= other === "pending";
        if (other === key) {
          setPair([store.id(before), id]);
          return "";
        }
      }
      if (pending) return waiting;
      return stop > 0
        ? `No frame of the same type among the ${groupThousands(MAX_LOOK_BACK)} before it`
        : "No earlier frame of the same type is retained";
    },
    comparison,
    gone: () => pair() !== undefined && comparison() === undefined,
    close: () => setPair(undefined),
  };
}
