/**
 * One direction of one tap client: frames go through in the order they came, even when a rule
 * delays one or a breakpoint holds it; the frames behind wait their turn. While nothing waits,
 * a frame is handled at once, on the same turn, with no queue and no promise: the common case
 * costs one call.
 */
export class Lane<T> {
  #queue: { item: T; bytes: number }[] = [];
  #busy = false;
  #queuedBytes = 0;
  #backedUp = false;

  /**
   * @param handle handles one item; a promise means "the items behind wait until it settles".
   * @param highWaterBytes queued bytes at which `onBackpressure(true)` asks the source to stop.
   */
  constructor(
    private readonly handle: (item: T) => Promise<void> | undefined,
    private readonly highWaterBytes: number,
    private readonly onBackpressure: (high: boolean) => void,
  ) {}

  /** Bytes waiting behind a delayed or held item. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  push(item: T, bytes: number): void {
    if (!this.#busy) {
      const pending = this.handle(item);
      if (pending) this.#wait(pending);
      return;
    }
    this.#queue.push({ item, bytes });
    this.#queuedBytes += bytes;
    if (!this.#backedUp && this.#queuedBytes > this.highWaterBytes) {
      this.#backedUp = true;
      this.onBackpressure(true);
    }
  }

  /** Forgets everything waiting (the connection is gone). */
  clear(): void {
    this.#queue = [];
    this.#queuedBytes = 0;
  }

  #wait(pending: Promise<void>) {
    this.#busy = true;
    pending.then(
      () => this.#drain(),
      () => this.#drain(),
    );
  }

  #drain() {
    for (;;) {
      const next = this.#queue.shift();
      if (next === undefined) break;
      this.#queuedBytes -= next.bytes;
      const pending = this.handle(next.item);
      if (pending) {
        this.#relieve();
        return this.#wait(pending);
      }
    }
    this.#busy = false;
    this.#relieve();
  }

  #relieve() {
    if (this.#backedUp && this.#queuedBytes <= this.highWaterBytes / 4) {
      this.#backedUp = false;
      this.onBackpressure(false);
    }
  }
}
