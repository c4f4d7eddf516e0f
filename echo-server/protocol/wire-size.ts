/**
 * How a message crossed the wire between the bundled server and a target: the bytes its frames
 * took, as measured on the TCP stream (see echo-server/wire/). The relay and the taps carry it
 * to the inspector; scenarios can assert on it. A leaf: the capture worker reads it too.
 */

/** A message's size on the wire. */
export interface WireSize {
  /** Payload bytes on the wire, summed over the message's frames: compressed when `compressed`. */
  payload: number;
  /** Frame header bytes: 2 to 14 per frame (the mask key included). */
  overhead: number;
  /** The first frame had RSV1 set: permessage-deflate compressed the message. */
  compressed: boolean;
}

/** Bytes of a wire size on a binary channel: payload (u32), overhead (u32), flags (u8). */
export const WIRE_SIZE_BYTES = 9;

/** Writes `wire` at `offset` (little-endian). */
export function writeWireSize(view: DataView, offset: number, wire: WireSize): void {
  view.setUint32(offset, Math.min(wire.payload, 0xffffffff), true);
  view.setUint32(offset + 4, Math.min(wire.overhead, 0xffffffff), true);
  view.setUint8(offset + 8, wire.compressed ? 1 : 0);
}

/** Reads a wire size written by `writeWireSize`. */
export function readWireSize(view: DataView, offset: number): WireSize {
  return {
    payload: view.getUint32(offset, true),
    overhead: view.getUint32(offset + 4, true),
    compressed: (view.getUint8(offset + 8) & 1) === 1,
  };
}

/**
 * The compressed size as a share of the message's size (0.25 = a quarter of it), or undefined
 * for an empty message. `size` is the payload as the application sees it (decompressed).
 */
export function wireRatio(wire: WireSize, size: number): number | undefined {
  return size > 0 ? wire.payload / size : undefined;
}
