/** Server-wide counters behind `GET /api/stats`. */
export interface Stats {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Messages not delivered to a slow consumer. */
  drops: number;
  /** Messages refused by the per-peer rate limit. */
  rateLimited: number;
  /** Upgrades refused because the connection cap was reached. */
  refusedConnections: number;
}

/** Counters at zero. */
export function makeStats(): Stats {
  return {
    messagesIn: 0,
    messagesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    drops: 0,
    rateLimited: 0,
    refusedConnections: 0,
  };
}

/** Byte length of a message as it goes on the wire (UTF-8 for text). */
export function messageBytes(data: string | Uint8Array): number {
  return typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
}
