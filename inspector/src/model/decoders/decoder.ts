import type { Payload } from "../frames/frame.ts";

/** What a decoder made of a payload: a one-line summary and a JSON-like tree for the tree view. */
export interface DecodedPayload {
  /** One line, e.g. `Socket.IO EVENT "chat" (namespace /)` or `STOMP MESSAGE destination=/topic/a`. */
  summary: string;
  /**
   * Plain objects, arrays, strings, finite numbers, booleans and null only: bytes are
   * `{"$bytes": "<hex>"}`, integers beyond 2^53 are decimal strings.
   */
  value: unknown;
}

/** A payload format the detail pane can decode. */
export interface Decoder {
  /** Stable id, for settings and the manual switch. */
  id: string;
  /** Name shown to people. */
  name: string;
  /** The decoded payload, or null when the payload is not in this format. Never throws. */
  decode(payload: Payload): DecodedPayload | null;
  /** True when the negotiated subprotocol names this format. */
  matchesSubprotocol(protocol: string): boolean;
}
