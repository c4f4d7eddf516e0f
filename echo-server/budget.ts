/**
 * A byte budget that many holders draw on: what is taken is given back when it is released.
 * Every buffer the server keeps on a peer's behalf draws on one, so memory has a known ceiling.
 */
export class ByteBudget {
  #used = 0;

  constructor(readonly limit: number) {}

  /** Bytes taken and not yet given back. */
  get used(): number {
    return this.#used;
  }

  /** Takes `bytes` if they fit; false (and nothing taken) when they do not. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.limit) return false;
    this.#used += bytes;
    return true;
  }

  /** Gives back `bytes` taken earlier. */
  give(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}
