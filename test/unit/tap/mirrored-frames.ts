import { encodeMirroredFrame, type MirroredFrame } from "../../../echo-server/protocol/tap-wire.ts";

/** A mirrored frame's header as the tests' golden strings were written for. */
export function mirroredHeader(
  overrides: Partial<Omit<MirroredFrame, "payload">> = {},
): Omit<MirroredFrame, "payload"> {
  return {
    binary: false,
    direction: "c2s",
    clientId: 7,
    time: 1_700_000_000_123.25,
    injected: false,
    changed: false,
    dropped: false,
    ...overrides,
  };
}

/** Byte arrays back to back, in a buffer of their own. */
export function joinBytes(...parts: Uint8Array[]): ArrayBuffer {
  const all = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.byteLength;
  }
  return all.buffer;
}

/** Frames back to back in one watch message, as a tap sends them. */
export function watchMessage(...frames: MirroredFrame[]): ArrayBuffer {
  return joinBytes(...frames.map(encodeMirroredFrame));
}
