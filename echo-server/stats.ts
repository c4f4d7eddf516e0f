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
  /** Upgrades refused because the connection cap (total or per address) was reached. */
  refusedConnections: number;
  /** Requests and upgrades refused for their Host or Origin (403). */
  refusedOrigins: number;
  /** HTTP API requests refused by the per-client rate limit (429). */
  apiRateLimited: number;
  /** Failures caught by the failure boundary, in all and per place (`/rooms/:room message`). */
  errors: number;
  errorsBy: Record<string, number>;
  /** `/echo?delay` peers closed with 1013 because their held messages went over budget. */
  echoOverflows: number;
  /** Room histories emptied to keep the total within the history budget. */
  historyEvictions: number;
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
    refusedOrigins: 0,
    apiRateLimited: 0,
    errors: 0,
    errorsBy: {},
    echoOverflows: 0,
    historyEvictions: 0,
  };
}

/** Byte length of a message as it goes on the wire (UTF-8 for text). */
export function messageBytes(data: string | Uint8Array): number {
  return typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
}
