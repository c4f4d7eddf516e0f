/** Bounds of a room's history. */
export interface HistoryLimits {
  /** @default 50 */
  maxMessages: number;
  /** Total UTF-8 bytes of the serialized messages kept. @default 64 KiB */
  maxBytes: number;
}

export const defaultHistoryLimits: HistoryLimits = { maxMessages: 50, maxBytes: 64 * 1024 };

/** The last messages of a room, bounded by count and bytes; oldest are dropped first. */
export class RoomHistory<T> {
  #entries: { value: T; bytes: number }[] = [];
  #bytes = 0;

  constructor(private readonly limits: HistoryLimits = defaultHistoryLimits) {}

  /** Adds a message whose serialized size is `bytes`; a single oversized message is not kept. */
  add(value: T, bytes: number): void {
    if (bytes > this.limits.maxBytes) return;
    this.#entries.push({ value, bytes });
    this.#bytes += bytes;
    while (this.#entries.length > this.limits.maxMessages || this.#bytes > this.limits.maxBytes) {
      const dropped = this.#entries.shift();
      if (dropped) this.#bytes -= dropped.bytes;
    }
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.length;
  }

  values(): T[] {
    return this.#entries.map((entry) => entry.value);
  }
}
