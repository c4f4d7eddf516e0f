/**
 * A 1006 at the end of a long drain: the server sent faster than the page took frames in, then
 * closed; its close frame queued behind the backlog, and a `ws` server (30 s `closeTimeout` by
 * default) dropped the connection before the browser read that far. From the page this looks
 * like frames arriving without a pause, for at least that long, right up to the 1006.
 */

import { groupThousands } from "../frames/bytes.ts";
import { Direction, isDataKind } from "../frames/frame.ts";
import type { FrameBatch } from "../frames/frame-batch.ts";

/** A pause longer than this between received frames ends a run. */
export const RUN_GAP_MS = 1000;
/**
 * Shortest run that fits the case: ws waits 30 s after its close() for the reply, and frames
 * arrive without a pause from before that close() until the 1006.
 */
export const MIN_BACKLOG_RUN_MS = 30_000;
/** Slowest average over the run that counts as a flood, frames per second. */
export const MIN_BACKLOG_RATE = 1000;

/** The unbroken run of received frames that ended at a 1006. */
export interface Backlog {
  frames: number;
  ms: number;
}

/** Follows the latest unbroken run of received data frames of one connection. */
export interface ArrivalRun {
  /** Notes the received data frames of a batch, from index `from` up to (not including) `to`. */
  add(batch: FrameBatch, from?: number, to?: number): void;
  /** Forgets the run (a new connection opened). */
  reset(): void;
  /** The run, when it looks like a backlog that a close at `time` cut off; else undefined. */
  backlogAt(time: number): Backlog | undefined;
}

/** A run follower, empty. */
export function makeArrivalRun(): ArrivalRun {
  let start = Number.NaN;
  let last = Number.NaN;
  let frames = 0;
  return {
    add(batch, from = 0, to = batch.count) {
      for (let i = from; i < to; i++) {
        if (batch.directions[i] !== Direction.In || !isDataKind(batch.kinds[i] ?? 0)) continue;
        const time = batch.times[i] ?? 0;
        if (!(time - last <= RUN_GAP_MS)) {
          start = time;
          frames = 0;
        }
        last = time;
        frames++;
      }
    },
    reset() {
      start = Number.NaN;
      last = Number.NaN;
      frames = 0;
    },
    backlogAt(time) {
      if (!(time - last <= RUN_GAP_MS)) return undefined;
      const ms = time - start;
      if (ms < MIN_BACKLOG_RUN_MS || (frames * 1000) / ms < MIN_BACKLOG_RATE) return undefined;
      return { frames, ms };
    },
  };
}

/** The "why" for a 1006 that cut off a backlog, in plain words. */
export function backlogCloseDiagnosis({ frames, ms }: Backlog): string {
  return (
    `The connection dropped without a close frame (1006) while frames were still pouring in: ` +
    `${groupThousands(frames)} in the last ${Math.round(ms / 1000)} s, without a pause. ` +
    "That is what a backlog looks like: the server sent frames faster than this browser took " +
    "them in, and they queued up. A server that closes then puts its close frame at the end of " +
    "that queue; servers built on the ws library wait 30 s for the browser's reply and then drop " +
    "the connection, with the frames still queued. So the server may have closed normally, and " +
    "its last frames never arrived. To take a whole stream like this, send it slower, or raise " +
    "the server's close timeout (ws: closeTimeout)."
  );
}
