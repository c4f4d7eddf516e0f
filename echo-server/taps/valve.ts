/** What can stop and restart reading: a `ws` socket. */
export interface Pausable {
  pause(): void;
  resume(): void;
  readonly readyState: number;
}

const OPEN = 1;

/**
 * Reading from one socket, stopped while any reason holds: a queue behind a breakpoint, or the
 * other side being slow to take what it is sent. Each reason is set and cleared on its own, so
 * one cannot restart reading that another stopped.
 */
export class Valve {
  #reasons = new Set<string>();

  constructor(private readonly socket: Pausable) {}

  set(reason: string, closed: boolean): void {
    const before = this.#reasons.size;
    if (closed) this.#reasons.add(reason);
    else this.#reasons.delete(reason);
    if (this.socket.readyState !== OPEN) return;
    if (before === 0 && this.#reasons.size > 0) this.socket.pause();
    else if (before > 0 && this.#reasons.size === 0) this.socket.resume();
  }

  /**
   * Closes for `reason` while `isHigh()` holds, checking every 10 ms: the other side is backed
   * up, and nothing more is read until it has taken most of it.
   */
  closeWhile(reason: string, isHigh: () => boolean): void {
    if (this.#reasons.has(reason)) return;
    this.set(reason, true);
    const check = () => {
      if (this.socket.readyState !== OPEN) return;
      if (isHigh()) setTimeout(check, 10);
      else this.set(reason, false);
    };
    setTimeout(check, 10);
  }
}
