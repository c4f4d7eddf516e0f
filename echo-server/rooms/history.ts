/** Bounds of a room's history. */
export interface HistoryLimits {
  /** @default 50 */
  maxMessages: number;
  /** Total UTF-8 bytes of the serialized messages kept. @default 64 KiB */
  maxBytes: number;
}

export const defaultHistoryLimits: HistoryLimits = { maxMessages: 50, maxBytes: 64 * 1024 };

/**
 * The last messages of a room as the JSON text that was sent, bounded by count and bytes; the
 * oldest are dropped first. Text, not parsed values: a parsed value can take many times the
 * memory of its text, and the welcome frame needs the text anyway.
 */
export class RoomHistory {
  #entries: { text: string; bytes: number }[] = [];
  #bytes = 0;

  constructor(private readonly limits: HistoryLimits = defaultHistoryLimits) {}

  /**
   * Adds a message whose UTF-8 size is `bytes` (a single oversized message is not kept).
   * Returns how the history's size changed, in bytes (negative when older messages made room).
   */
  add(text: string, bytes: number): number {
    if (bytes > this.limits.maxBytes) return 0;
    const before = this.#bytes;
    this.#entries.push({ text, bytes });
    this.#bytes += bytes;
    while (this.#entries.length > this.limits.maxMessages || this.#bytes > this.limits.maxBytes) {
      const dropped = this.#entries.shift();
      if (dropped) this.#bytes -= dropped.bytes;
    }
    return this.#bytes - before;
  }

  /** Forgets every message; returns the bytes freed. */
  clear(): number {
    const freed = this.#bytes;
    this.#entries = [];
    this.#bytes = 0;
    return freed;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.length;
  }

  /** The messages' JSON texts, oldest first. */
  texts(): string[] {
    return this.#entries.map((entry) => entry.text);
  }
}
