import type { FrameBatch } from "./frame-batch.ts";

/** `ArrayBuffer.prototype.transfer` (ES2024; Chromium 114+, not Node 20). */
type Transferable = ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };

/**
 * Detaches `buffer` and gives its memory back now, rather than at the collector's next full
 * pass. Buffers that a worker hands the page live outside the JS heap, and the collector counts
 * them against a limit of its own: a flood's worth (the batches' columns, a tap's watch messages:
 * tens of MB a second) set off a full collection of the page's whole heap every second or two.
 * `transfer(0)` frees the memory at once; where it is missing (Node 20, under the unit tests), a
 * transferring `structuredClone` still detaches it. `buffer` must not be read again.
 */
export function releaseBuffer(buffer: ArrayBufferLike): void {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  const transferable = buffer as Transferable;
  if (typeof transferable.transfer === "function") transferable.transfer(0);
  else structuredClone(buffer, { transfer: [buffer] });
}

/**
 * Releases a batch's columns (times, kinds, directions, sizes, streams, wire sizes) once its
 * frames are in a store and nothing reads the batch again. Payloads are left alone: the store
 * keeps them.
 */
export function releaseBatchColumns(batch: FrameBatch): void {
  for (const column of [batch.times, batch.kinds, batch.directions, batch.sizes, batch.streams])
    releaseBuffer(column.buffer);
  if (batch.wires)
    for (const column of [batch.wires.payloads, batch.wires.overheads, batch.wires.flags])
      releaseBuffer(column.buffer);
}
