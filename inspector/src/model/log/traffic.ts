import { Direction, isDataKind } from "../frames/frame.ts";
import { type FrameBatch, WireFlags } from "../frames/frame-batch.ts";

/** Running totals shown in the status bar. */
export interface TrafficTotals {
  framesIn: number;
  framesOut: number;
  events: number;
  bytesIn: number;
  bytesOut: number;
  /** Frames whose size on the wire was measured (through the relay). */
  measured: number;
  /** Their payload bytes as the application sees them (decompressed). */
  measuredBytes: number;
  /** Their payload bytes on the wire (compressed when compressed). */
  wireBytes: number;
  /** Their frame header bytes. */
  wireOverhead: number;
}

/** Totals of nothing. */
export function emptyTotals(): TrafficTotals {
  return {
    framesIn: 0,
    framesOut: 0,
    events: 0,
    bytesIn: 0,
    bytesOut: 0,
    measured: 0,
    measuredBytes: 0,
    wireBytes: 0,
    wireOverhead: 0,
  };
}

/** Totals after a batch: one pass over its columns, no per-frame objects. */
export function addBatch(totals: TrafficTotals, batch: FrameBatch): TrafficTotals {
  const next = { ...totals };
  for (let i = 0; i < batch.count; i++) {
    const size = batch.sizes[i] ?? 0;
    if (!isDataKind(batch.kinds[i] ?? 0)) next.events++;
    else if (batch.directions[i] === Direction.In) {
      next.framesIn++;
      next.bytesIn += size;
    } else {
      next.framesOut++;
      next.bytesOut += size;
    }
  }
  const wires = batch.wires;
  if (wires)
    for (let i = 0; i < batch.count; i++) {
      if (((wires.flags[i] ?? 0) & WireFlags.Measured) === 0) continue;
      next.measured++;
      next.measuredBytes += batch.sizes[i] ?? 0;
      next.wireBytes += wires.payloads[i] ?? 0;
      next.wireOverhead += wires.overheads[i] ?? 0;
    }
  return next;
}
