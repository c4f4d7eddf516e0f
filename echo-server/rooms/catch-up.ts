/** A frame a room sends a member: JSON text, or binary. */
export type RoomData = string | Uint8Array;

/** Frames held per member and room while its welcome waits on the backplane. */
export const MAX_HELD_FRAMES = 1024;
const MAX_HELD_BYTES = 4 * 1024 * 1024;

/** Whether a room frame is a message (only messages are kept in a room's history). */
const isMessageText = (data: RoomData): data is string =>
  typeof data === "string" && data.startsWith('{"type":"message"');

/** What to do with a frame for a joining member: send it now, skip it, hold it, or count it missed. */
export type CatchUpStep = "send" | "skip" | "hold" | "miss";

/**
 * A member's frames for a room it joins across processes, from its join until its welcome's
 * history can no longer arrive again.
 *
 * The welcome shows the room's shared history as Redis read it. Messages in that history, or
 * older than all of it, are the room's past for this member: sent after the welcome they would
 * come twice, or out of order. Which those are follows from where the read happened:
 * - a message published on this process is part of that past when its history write was queued
 *   on the same connection before the read (`readQueued`);
 * - a message from another process is part of it when it arrives before the read's mark, which
 *   Redis publishes on the room's channel in the same transaction as the read (`marked`): events
 *   on one channel arrive in the order Redis ran them. A message whose history write ran before
 *   the read and whose publish ran after arrives after the mark, and is in the history: so the
 *   welcome's texts are also matched and skipped.
 *
 * Frames after those points are held until the welcome is out, then sent in order; past 1,024
 * frames or 4 MiB they are counted as missed instead, and the member is told. Presence and
 * binary frames are not kept in history, so they always go.
 */
export class CatchUp {
  /** Held frames; undefined once the welcome is out. */
  #held: RoomData[] | undefined = [];
  #bytes = 0;
  #readQueued = false;
  #marked = false;
  /** The welcome's history texts not yet matched, with how often each appears. */
  #shown = new Map<string, number>();
  /** Frames that arrived past the cap while the welcome waited. */
  missed = 0;

  /** The history read is queued: messages published on this process from now on are not in it. */
  readQueued(): void {
    this.#readQueued = true;
  }

  /** The read's mark arrived: messages from other processes from now on are not in it. */
  marked(): void {
    this.#marked = true;
  }

  /** What to do with a frame for the room; `fromHere` when it was published on this process. */
  step(data: RoomData, fromHere: boolean): CatchUpStep {
    if (!this.#held) {
      if (!isMessageText(data)) return "send";
      if (takeOne(this.#shown, data)) return "skip";
      // Newer than the history: so is everything after it.
      this.#shown.clear();
      return "send";
    }
    if (isMessageText(data) && !(fromHere ? this.#readQueued : this.#marked)) return "skip";
    // A string of n UTF-16 units takes at least n bytes.
    const size = typeof data === "string" ? data.length : data.byteLength;
    if (this.#held.length >= MAX_HELD_FRAMES || this.#bytes + size > MAX_HELD_BYTES) {
      this.missed++;
      return "miss";
    }
    this.#held.push(data);
    this.#bytes += size;
    return "hold";
  }

  /**
   * The welcome is out, showing `history` as Redis read it, or this process's own history when
   * Redis did not answer (undefined). Returns the held frames to send after it, in order.
   *
   * This process's own history already holds every message it has sent or received (or has
   * dropped them as older), so with it no held message goes.
   */
  welcome(history: readonly string[] | undefined): RoomData[] {
    const held = this.#held ?? [];
    this.#held = undefined;
    if (history === undefined) return held.filter((data) => !isMessageText(data));
    for (const text of history) this.#shown.set(text, (this.#shown.get(text) ?? 0) + 1);
    return held.filter((data) => !isMessageText(data) || !takeOne(this.#shown, data));
  }

  /** Whether frames still need it: its welcome is not out, or a history text may arrive again. */
  get pending(): boolean {
    return this.#held !== undefined || this.#shown.size > 0;
  }
}

/** Takes one `text` out of the counts; whether there was one. */
function takeOne(counts: Map<string, number>, text: string): boolean {
  const n = counts.get(text);
  if (n === undefined) return false;
  if (n === 1) counts.delete(text);
  else counts.set(text, n - 1);
  return true;
}
