import type { FrameNote } from "../../../../echo-server/protocol/sessions/tracker.ts";

/** Replies remembered per request for highlighting; a subscription may send millions. */
const MAX_REPLIES_PER_REQUEST = 1000;

/**
 * Which frames belong together: a request and its replies, found through the request serials
 * in their protocol notes. Built as frames arrive (by frame id), it forgets what the log
 * dropped, so it stays as small as the log.
 */
export interface PairLinks {
  /** Records a frame's note. */
  add(frameId: number, note: FrameNote): void;
  /** The frames related to one with this note: its request's, or its replies'. */
  related(note: FrameNote | undefined): number[];
  /** Forgets frames before `firstId` (the log dropped them). */
  forgetBefore(firstId: number): void;
  clear(): void;
}

/** Empty links. */
export function makePairLinks(maxReplies = MAX_REPLIES_PER_REQUEST): PairLinks {
  // Maps keep insertion order, which follows frame ids, so dropped frames sit at the front.
  let requests = new Map<number, number>();
  let replies = new Map<number, number[]>();

  return {
    add(frameId, note) {
      for (const serial of note.asks ?? []) requests.set(serial, frameId);
      for (const serial of note.answers ?? []) {
        const list = replies.get(serial);
        if (!list) replies.set(serial, [frameId]);
        else if (list.length < maxReplies) list.push(frameId);
      }
    },
    related(note) {
      if (!note) return [];
      const ids: number[] = [];
      for (const serial of note.asks ?? []) ids.push(...(replies.get(serial) ?? []));
      for (const serial of note.answers ?? []) {
        const request = requests.get(serial);
        if (request !== undefined) ids.push(request);
      }
      return ids;
    },
    forgetBefore(firstId) {
      for (const [serial, frameId] of requests) {
        if (frameId >= firstId) break;
        requests.delete(serial);
      }
      for (const [serial, list] of replies) {
        if ((list.at(-1) ?? 0) >= firstId) break;
        replies.delete(serial);
      }
    },
    clear() {
      requests = new Map();
      replies = new Map();
    },
  };
}
