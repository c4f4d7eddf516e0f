/** A member as presence and welcome frames show it. */
export interface PeerInfo {
  id: string;
  name: string;
}

/** Joins and leaves of one room, gathered for one presence frame. */
export interface PresenceChanges {
  joined: PeerInfo[];
  left: PeerInfo[];
  /** Further joins and leaves, counted but not listed. */
  more?: number;
}

/** Adds a peer to a list of `changes`, or counts it in `more` once the list holds `maxListed`. */
export function listPeer(
  changes: PresenceChanges,
  list: "joined" | "left",
  peer: PeerInfo,
  maxListed: number,
): void {
  if (changes[list].length < maxListed) changes[list].push(peer);
  else changes.more = (changes.more ?? 0) + 1;
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
  /** The longest a window gets, however big the room (or however big another process says it is). @default 2000 */
  maxWindowMs: number;
  /** Peers listed in `joined` and in `left`; the rest are counted in `more`. @default 20 */
  maxListed: number;
}

export const defaultPresenceLimits: PresenceLimits = {
  windowMs: 50,
  windowMsPerMember: 0.1,
  maxWindowMs: 2000,
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

/** A room's batch: every change to show, and the ones made in this process (to announce). */
interface Batch {
  changes: PresenceChanges;
  local: PresenceChanges;
}

/**
 * Gathers joins and leaves per room and hands them out as one batch per room and window. A room
 * that has been quiet for a window gets its batch on the next turn of the event loop; a busy
 * one (thousands of peers joining at once) at most once per window, and a big room's window is
 * longer. Filling a room of n peers then costs a bounded number of frames per second instead
 * of O(n²) in all. Lists hold at most `maxListed` peers each; the rest are counted.
 *
 * Across processes, the changes other processes announce join the same batch (`relayed`), so
 * a member hears one presence frame per window however many processes its room spans, and
 * `local` says which changes this process has to announce.
 */
export class PresenceBatcher {
  #pending = new Map<string, Batch>();
  #lastSent = new Map<string, number>();

  /** @param sizeOf the room's size, which lengthens its window (across processes, if known) */
  constructor(
    private readonly deliver: (
      room: string,
      changes: PresenceChanges,
      local: PresenceChanges,
    ) => void,
    private readonly sizeOf: (room: string) => number,
    private readonly limits: PresenceLimits = defaultPresenceLimits,
    private readonly clock: PresenceClock = realClock,
  ) {}

  joined(room: string, peer: PeerInfo) {
    this.#add(room, "joined", peer);
  }

  left(room: string, peer: PeerInfo) {
    this.#add(room, "left", peer);
  }

  /** Changes another process announced: shown with this room's next batch, not announced again. */
  relayed(room: string, changes: PresenceChanges) {
    const batch = this.#batchOf(room);
    for (const list of ["joined", "left"] as const)
      for (const peer of changes[list]) listPeer(batch.changes, list, peer, this.limits.maxListed);
    if (changes.more) batch.changes.more = (batch.changes.more ?? 0) + changes.more;
  }

  #add(room: string, list: "joined" | "left", peer: PeerInfo) {
    const batch = this.#batchOf(room);
    listPeer(batch.changes, list, peer, this.limits.maxListed);
    listPeer(batch.local, list, peer, this.limits.maxListed);
  }

  /** The room's pending batch; the first change of a batch schedules its delivery. */
  #batchOf(room: string): Batch {
    let pending = this.#pending.get(room);
    if (!pending) {
      pending = { changes: { joined: [], left: [] }, local: { joined: [], left: [] } };
      this.#pending.set(room, pending);
      const last = this.#lastSent.get(room);
      const wait =
        last === undefined ? 0 : Math.max(0, last + this.#windowOf(room) - this.clock.now());
      this.clock.setTimeout(() => this.#flush(room), wait);
    }
    return pending;
  }

  #windowOf(room: string): number {
    const window = this.limits.windowMs + this.sizeOf(room) * this.limits.windowMsPerMember;
    return Math.min(window, this.limits.maxWindowMs);
  }

  #flush(room: string) {
    const pending = this.#pending.get(room);
    this.#pending.delete(room);
    if (!pending) return;
    this.#lastSent.set(room, this.clock.now());
    this.#forgetQuietRooms();
    this.deliver(room, pending.changes, pending.local);
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
  let more = changes.more ?? 0;
  for (const key of ["joined", "left"] as const) {
    const peers = changes[key];
    if (peers.length === 0) continue;
    frame[key] = peers.slice(0, maxListed);
    more += Math.max(0, peers.length - maxListed);
  }
  if (more > 0) frame.more = more;
  return frame;
}
