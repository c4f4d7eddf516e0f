/** A member as presence and welcome frames show it. */
export interface PeerInfo {
  id: string;
  name: string;
}

/** Joins and leaves of one room, gathered for one presence frame. */
export interface PresenceChanges {
  joined: PeerInfo[];
  left: PeerInfo[];
}

/** How presence frames are paced and how many peers one frame lists. */
export interface PresenceLimits {
  /** A room gets at most one presence frame per window; a quiet room gets its next one at once. @default 50 */
  windowMs: number;
  /**
   * Added to the window per member, so that a big room's presence traffic stays a small share of
   * the server's time (each frame costs one write per member). @default 0.1 (5,000 members: 500 ms)
   */
  windowMsPerMember: number;
  /** Peers listed in `joined` and in `left`; the rest are counted in `more`. @default 20 */
  maxListed: number;
}

export const defaultPresenceLimits: PresenceLimits = {
  windowMs: 50,
  windowMsPerMember: 0.1,
  maxListed: 20,
};

/** The timers the batcher uses (fakes in tests). */
export interface PresenceClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
}

const realClock: PresenceClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
};

/**
 * Gathers joins and leaves per room and hands them out as one batch per room and window. A room
 * that has been quiet for a window gets its batch on the next turn of the event loop; a busy
 * one (thousands of peers joining at once) at most once per window, and a big room's window is
 * longer. Filling a room of n peers then costs a bounded number of frames per second instead
 * of O(n²) in all.
 */
export class PresenceBatcher {
  #pending = new Map<string, PresenceChanges>();
  #lastSent = new Map<string, number>();

  constructor(
    private readonly deliver: (room: string, changes: PresenceChanges) => void,
    private readonly sizeOf: (room: string) => number,
    private readonly limits: PresenceLimits = defaultPresenceLimits,
    private readonly clock: PresenceClock = realClock,
  ) {}

  joined(room: string, peer: PeerInfo) {
    this.#changesOf(room).joined.push(peer);
  }

  left(room: string, peer: PeerInfo) {
    this.#changesOf(room).left.push(peer);
  }

  /** The room's pending batch; the first change of a batch schedules its delivery. */
  #changesOf(room: string): PresenceChanges {
    let pending = this.#pending.get(room);
    if (!pending) {
      pending = { joined: [], left: [] };
      this.#pending.set(room, pending);
      const last = this.#lastSent.get(room);
      const wait =
        last === undefined ? 0 : Math.max(0, last + this.#windowOf(room) - this.clock.now());
      this.clock.setTimeout(() => this.#flush(room), wait);
    }
    return pending;
  }

  #windowOf(room: string): number {
    return this.limits.windowMs + this.sizeOf(room) * this.limits.windowMsPerMember;
  }

  #flush(room: string) {
    const pending = this.#pending.get(room);
    this.#pending.delete(room);
    if (!pending) return;
    this.#lastSent.set(room, this.clock.now());
    this.#forgetQuietRooms();
    this.deliver(room, pending);
  }

  /** Keeps `#lastSent` bounded: rooms quiet for a whole window need no entry. */
  #forgetQuietRooms() {
    if (this.#lastSent.size < 1024) return;
    const now = this.clock.now();
    for (const [room, at] of this.#lastSent)
      if (at + this.#windowOf(room) < now) this.#lastSent.delete(room);
  }
}

/** The presence frame for a batch: room size now, and who joined and left (lists capped). */
export function presenceFrame(
  room: string,
  n: number,
  changes: PresenceChanges,
  maxListed = defaultPresenceLimits.maxListed,
) {
  const frame: {
    type: "presence";
    room: string;
    n: number;
    joined?: PeerInfo[];
    left?: PeerInfo[];
    more?: number;
  } = { type: "presence", room, n };
  let more = 0;
  for (const key of ["joined", "left"] as const) {
    const peers = changes[key];
    if (peers.length === 0) continue;
    frame[key] = peers.slice(0, maxListed);
    more += Math.max(0, peers.length - maxListed);
  }
  if (more > 0) frame.more = more;
  return frame;
}
